#include "pipelines/tensor_runner.h"

#include "common/error.h"

#include <torch/torch.h>

namespace perceiver {

namespace {

bool startsWith(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

}  // namespace

ModelInputs modelInputsFromNamed(const TensorMap& named) {
    ModelInputs in;
    std::string inputName;
    for (const auto& [name, t] : named) {
        if (!startsWith(name, "in.")) continue;  // out.* and others are ignored
        if (name == "in.inputs" || name == "in.input_ids" || name == "in.pixel_values") {
            if (!inputName.empty() || in.inputs.isDict())
                fail(ErrorKind::InvalidInput, "both '" + (inputName.empty() ? std::string("in.inputs.<modality>") : inputName) +
                                                  "' and '" + name + "' given: pass the inputs once");
            inputName = name;
            in.inputs.tensor = t;
        } else if (startsWith(name, "in.inputs.")) {
            if (!inputName.empty()) fail(ErrorKind::InvalidInput, "both '" + inputName + "' and '" + name + "' given");
            in.inputs.modalities[name.substr(10)] = t;
        } else if (name == "in.attention_mask") {
            in.attention_mask = t;
        } else if (name == "in.head_mask") {
            in.head_mask = t;
        } else if (name == "in.labels") {
            in.labels = t;
        } else if (startsWith(name, "in.subsampled_output_points.")) {
            in.subsampled_output_points[name.substr(28)] = t;
        } else {
            fail(ErrorKind::InvalidInput, "unknown input tensor '" + name +
                                              "' (expected in.inputs, in.input_ids, in.pixel_values, in.inputs.<modality>, "
                                              "in.attention_mask, in.head_mask, in.labels, in.subsampled_output_points.<modality>)");
        }
    }
    if (!in.inputs.tensor.defined() && !in.inputs.isDict())
        fail(ErrorKind::InvalidInput, "no input tensor: expected in.inputs (or in.input_ids / in.pixel_values / in.inputs.<modality>)");
    return in;
}

NamedTensors namedOutputs(const PerceiverOutput& out, bool baseModel) {
    NamedTensors n;
    if (out.loss.defined()) n.emplace_back("out.loss", out.loss);
    if (out.logits.defined()) n.emplace_back("out.logits", out.logits);
    for (const auto& [m, t] : out.logits_by_modality) n.emplace_back("out.logits." + m, t);
    if (baseModel && out.last_hidden_state.defined()) n.emplace_back("out.last_hidden_state", out.last_hidden_state);
    for (size_t i = 0; i < out.hidden_states.size(); ++i) n.emplace_back("out.hidden_states." + std::to_string(i), out.hidden_states[i]);
    for (size_t i = 0; i < out.attentions.size(); ++i) n.emplace_back("out.attentions." + std::to_string(i), out.attentions[i]);
    for (size_t i = 0; i < out.cross_attentions.size(); ++i)
        n.emplace_back("out.cross_attentions." + std::to_string(i), out.cross_attentions[i]);
    return n;
}

ModelInputs inputsOn(const ModelInputs& in, const torch::Device& device) {
    auto to = [&](const torch::Tensor& t) { return t.defined() ? t.to(device) : t; };
    ModelInputs r;
    r.inputs.tensor = to(in.inputs.tensor);
    for (const auto& [m, t] : in.inputs.modalities) r.inputs.modalities[m] = to(t);
    r.attention_mask = to(in.attention_mask);
    r.head_mask = to(in.head_mask);
    r.labels = to(in.labels);
    for (const auto& [m, t] : in.subsampled_output_points) r.subsampled_output_points[m] = to(t);
    return r;
}

NamedTensors runNamedTensors(TaskModel& model, const TensorMap& named, const ForwardOptions& options, Precision precision) {
    const torch::Device device = modelDevice(model);
    checkPrecision(precision, device);
    const ModelInputs in = inputsOn(modelInputsFromNamed(named), device);
    c10::InferenceMode guard;
    PerceiverOutput out;
    {
        AutocastScope autocast(device, precision);
        out = model.forward(in, options);
    }
    NamedTensors result = namedOutputs(out, model.className() == "PerceiverModel");
    for (auto& [name, t] : result)
        t = t.is_floating_point() ? t.to(torch::kCPU, torch::kFloat) : t.to(torch::kCPU);
    return result;
}

}  // namespace perceiver
