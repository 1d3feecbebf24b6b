#include "training/tasks/task_common.h"

#include "common/error.h"
#include "model/perceiver_model.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace perceiver {

using json = nlohmann::json;

/// The config every demo model starts from: HF's PerceiverConfig keys, then the task's.
PerceiverConfig demoConfig(const json& task, const std::vector<std::string>& labels) {
    json j = {{"model_type", "perceiver"}, {"hidden_act", "gelu"}, {"attention_probs_dropout_prob", 0.0},
              {"initializer_range", 0.02}, {"layer_norm_eps", 1e-12}, {"use_query_residual", true},
              {"cross_attention_shape_for_attention", "kv"}, {"self_attention_widening_factor", 1},
              {"cross_attention_widening_factor", 1}, {"num_blocks", 1}, {"torch_dtype", "float32"},
              {"transformers_version", "4.37.2"}, {"perceiver_studio_demo", true}};
    for (auto it = task.begin(); it != task.end(); ++it) j[it.key()] = it.value();
    json id2label = json::object(), label2id = json::object();
    for (size_t i = 0; i < labels.size(); ++i) {
        id2label[std::to_string(i)] = labels[i];
        label2id[labels[i]] = i;
    }
    if (!labels.empty()) {
        j["id2label"] = id2label;
        j["label2id"] = label2id;
    }
    return PerceiverConfig::fromJson(j);
}

/// Unit-scale residual streams: the 2-D weights of the layers under `prefixes` (not layer
/// norms) ~ N(0, 1 / fan_in) (LeCun) instead of HF's N(0, 0.02^2). With 0.02 at these widths
/// (128-400 channels) every layer's output is ~0.05 of its input, the latents stay ~0.05 in
/// size, and Adam's steps (about the learning rate per weight, whatever its size) let biases
/// and constant directions outgrow the inputs' contribution within a few hundred steps; the
/// masked LM then stopped reading its input (logits identical for any text).
void lecunInitialize(TaskModel& model, const std::vector<std::string>& prefixes) {
    torch::NoGradGuard noGrad;
    for (const auto& item : model.named_parameters()) {
        const std::string& name = item.key();
        torch::Tensor p = item.value();
        const bool under = std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& x) { return name.rfind(x, 0) == 0; });
        if (under && p.dim() == 2 && name.find("layernorm") == std::string::npos)
            p.normal_(0.0, 1.0 / std::sqrt(static_cast<double>(p.size(1))));
    }
}

/// The parameter called `name` (HF naming) of `model`.
torch::Tensor namedParameter(TaskModel& model, const std::string& name) {
    for (const auto& item : model.named_parameters())
        if (item.key() == name) return item.value();
    fail(ErrorKind::Internal, "the " + model.config.architecture() + " model has no parameter '" + name + "'");
}

}  // namespace perceiver
