// PerceiverForSequenceClassification: byte text -> latents -> ClassificationDecoder.
#pragma once

#include "model/heads/head.h"

namespace perceiver {

class PerceiverForSequenceClassification : public PerceiverHead {
public:
    explicit PerceiverForSequenceClassification(const PerceiverConfig& config);
    std::string className() const override { return "PerceiverForSequenceClassification"; }
    /// inputs: (B, S) token ids; logits (B, num_labels); loss by problem_type.
    PerceiverOutput forward(const ModelInputs& inputs, const ForwardOptions& options) override { return classify(inputs, options); }
};

}  // namespace perceiver
