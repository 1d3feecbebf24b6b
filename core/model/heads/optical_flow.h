// PerceiverForOpticalFlow: two frames of 3x3 patches (B, 2, 27, H, W) with (H, W) = train_size
// -> flow (B, H, W, 2) (model units; the demo multiplies by 20 for pixels).
#pragma once

#include "model/heads/head.h"

namespace perceiver {

class PerceiverForOpticalFlow : public PerceiverHead {
public:
    explicit PerceiverForOpticalFlow(const PerceiverConfig& config);
    std::string className() const override { return "PerceiverForOpticalFlow"; }
    PerceiverOutput forward(const ModelInputs& inputs, const ForwardOptions& options) override;
};

}  // namespace perceiver
