// PerceiverForImageClassificationLearned (conv1x1 + learned positions), ...Fourier (raw pixels
// + 2-D Fourier features, max_resolution 224x224) and ...ConvProcessing (conv stem + Fourier
// features, max_resolution 56x56), all decoded by a ClassificationDecoder.
#pragma once

#include "model/heads/head.h"

namespace perceiver {

class PerceiverForImageClassificationLearned : public PerceiverHead {
public:
    explicit PerceiverForImageClassificationLearned(const PerceiverConfig& config);
    std::string className() const override { return "PerceiverForImageClassificationLearned"; }
    /// inputs: (B, 3, image_size, image_size) (any size with interpolate_pos_encoding); logits (B, num_labels).
    PerceiverOutput forward(const ModelInputs& inputs, const ForwardOptions& options) override { return classify(inputs, options); }
};

class PerceiverForImageClassificationFourier : public PerceiverHead {
public:
    explicit PerceiverForImageClassificationFourier(const PerceiverConfig& config);
    std::string className() const override { return "PerceiverForImageClassificationFourier"; }
    /// inputs: (B, 3, H, W) with 3 + Fourier channels = d_model; logits (B, num_labels).
    PerceiverOutput forward(const ModelInputs& inputs, const ForwardOptions& options) override { return classify(inputs, options); }
};

class PerceiverForImageClassificationConvProcessing : public PerceiverHead {
public:
    explicit PerceiverForImageClassificationConvProcessing(const PerceiverConfig& config);
    std::string className() const override { return "PerceiverForImageClassificationConvProcessing"; }
    /// inputs: (B, 3, H, W) -> conv stem tokens (H'/W' = floor((floor((H-1)/2)+1-3)/2)+1); logits (B, num_labels).
    PerceiverOutput forward(const ModelInputs& inputs, const ForwardOptions& options) override { return classify(inputs, options); }
};

}  // namespace perceiver
