// PerceiverForMultimodalAutoencoding: video (B, T, 3, H, W), audio (B, samples, 1) and a label
// (B, num_labels) -> latents -> decoded image points (B, n, 3), audio samples (B, n * spp) and
// label logits (B, num_labels). Decoding covers subsampled_output_points per modality, or
// every output point when none are given.
#pragma once

#include "model/heads/head.h"

namespace perceiver {

class PerceiverForMultimodalAutoencoding : public PerceiverHead {
public:
    explicit PerceiverForMultimodalAutoencoding(const PerceiverConfig& config);
    std::string className() const override { return "PerceiverForMultimodalAutoencoding"; }
    PerceiverOutput forward(const ModelInputs& inputs, const ForwardOptions& options) override;
};

}  // namespace perceiver
