// What the four demo tasks share: their model configuration's common keys, unit-scale
// initialisation and parameter look-up by Hugging Face name. Internal to perceiver_training
// (the tasks' .cpp files).
//
// Usage:
//   PerceiverConfig c = demoConfig({{"architectures", {"PerceiverForMaskedLM"}}, {"d_model", 128}}, {});
//   lecunInitialize(model, {"perceiver.encoder."});
//   torch::Tensor latents = namedParameter(model, "perceiver.embeddings.latents");  // (num_latents, d_latents)
//
// Thread-safety: free functions; the model ones change (or hand out) one model's parameters,
// so one thread per model.
#pragma once

#include "config/config.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <string>
#include <vector>

namespace perceiver {

class TaskModel;

/// The config every demo model starts from: HF's PerceiverConfig keys (GELU, no dropout,
/// initializer_range 0.02, one block, ...), then the task's keys of `task` over them, and
/// id2label / label2id from `labels` when there are any.
PerceiverConfig demoConfig(const nlohmann::json& task, const std::vector<std::string>& labels);

/// The 2-D weights (not layer norms) of the parameters whose names start with one of
/// `prefixes` ~ N(0, 1 / fan_in), drawn from torch's generator in parameter order.
void lecunInitialize(TaskModel& model, const std::vector<std::string>& prefixes);

/// The parameter called `name` (HF naming) of `model`: a tensor of the parameter's shape
/// sharing its storage. Throws Error(Internal) when there is none.
torch::Tensor namedParameter(TaskModel& model, const std::string& name);

}  // namespace perceiver
