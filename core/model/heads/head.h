// Common base of the seven task heads: a TaskModel that owns a PerceiverModel named
// "perceiver" (HF's attribute, so state-dict keys start with "perceiver.").
#pragma once

#include "model/perceiver_model.h"

namespace perceiver {

class PerceiverHead : public TaskModel {
public:
    explicit PerceiverHead(const PerceiverConfig& config) : TaskModel(config) {}
    std::shared_ptr<PerceiverModel> perceiver;

protected:
    void setModel(std::shared_ptr<PerceiverModel> m) { perceiver = register_module("perceiver", std::move(m)); }
    /// The trunk's forward plus the classification loss (problem_type rules) when labels are given.
    PerceiverOutput classify(const ModelInputs& in, const ForwardOptions& opt);
    /// Rejects labels for heads whose reference raises NotImplementedError.
    void rejectLabels(const ModelInputs& in) const;
};

/// trainable_position_encoding_kwargs {"num_channels": C, "index_dims": N}.
BasicDecoderOptions classificationDecoderOptions(const PerceiverConfig& config);

}  // namespace perceiver
