// The tensor runner: named tensors in (fixtures' in.* names), named tensors out (out.* names).
// This is how anyone checks parity against the reference: `perceiver run` and the parity
// tests both call runNamedTensors().
//
//   in.inputs | in.input_ids | in.pixel_values   -> inputs (aliases accepted as HF accepts them)
//   in.inputs.<modality>                         -> inputs dict (multimodal)
//   in.attention_mask, in.head_mask, in.labels
//   in.subsampled_output_points.<modality>
//   out.loss, out.logits | out.logits.<modality>, out.last_hidden_state (PerceiverModel only),
//   out.hidden_states.<i>, out.attentions.<i>, out.cross_attentions.<i>
#pragma once

#include "model/perceiver_model.h"
#include "model/precision.h"

#include <utility>
#include <vector>

namespace perceiver {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

/// Maps in.* tensors to forward arguments; throws Error(InvalidInput) for an unknown or
/// conflicting name (e.g. both in.inputs and in.input_ids).
ModelInputs modelInputsFromNamed(const TensorMap& named);
/// Names every defined output as the fixtures do. `baseModel`: also out.last_hidden_state.
NamedTensors namedOutputs(const PerceiverOutput& out, bool baseModel);
/// Copies every tensor of `in` to `device`.
ModelInputs inputsOn(const ModelInputs& in, const torch::Device& device);
/// Runs `model` in inference mode on named inputs (moved to the model's device) and returns
/// named outputs as float32 CPU tensors (integer outputs keep their type). `precision` other
/// than fp32 runs under CUDA autocast (precision.h).
NamedTensors runNamedTensors(TaskModel& model, const TensorMap& named, const ForwardOptions& options,
                             Precision precision = Precision::Float32);

}  // namespace perceiver
