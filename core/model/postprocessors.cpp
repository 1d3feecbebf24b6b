#include "model/postprocessors.h"

#include "common/error.h"
#include "model/attention.h"

#include <torch/torch.h>

namespace perceiver {

ClassificationPostprocessor::ClassificationPostprocessor(const PerceiverConfig& c, int64_t in_channels) {
    classifier = register_module("classifier", torch::nn::Linear(in_channels, c.num_labels()));
}

PostprocessorOutput ClassificationPostprocessor::forward(const torch::Tensor& inputs, const ModalitySizes&) {
    return afterLinear(linear(inputs, classifier));
}

PostprocessorOutput ClassificationPostprocessor::afterLinear(const torch::Tensor& projected) { return {projected.select(1, 0), {}}; }

AudioPostprocessor::AudioPostprocessor(const PerceiverConfig& c, int64_t in_channels, const std::string& type) {
    if (type != "patches") fail(ErrorKind::Config, "Invalid postproc_type '" + type + "' (only patches)");
    classifier = register_module("classifier", torch::nn::Linear(in_channels, c.samples_per_patch));
}

PostprocessorOutput AudioPostprocessor::forward(const torch::Tensor& inputs, const ModalitySizes&) {
    return afterLinear(linear(inputs, classifier));
}

PostprocessorOutput AudioPostprocessor::afterLinear(const torch::Tensor& projected) {
    // (B, Q * samples_per_patch): explicit so that an empty chunk (Q = 0) reshapes too.
    return {projected.reshape({projected.size(0), projected.size(1) * projected.size(-1)}), {}};
}

ProjectionPostprocessor::ProjectionPostprocessor(int64_t in_channels, int64_t out_channels) {
    classifier = register_module("classifier", torch::nn::Linear(in_channels, out_channels));
}

PostprocessorOutput ProjectionPostprocessor::forward(const torch::Tensor& inputs, const ModalitySizes&) {
    return afterLinear(linear(inputs, classifier));
}

MultimodalPostprocessor::MultimodalPostprocessor(std::map<std::string, std::shared_ptr<Postprocessor>> mods)
    : modality_postprocessors(std::move(mods)) {
    modalities = register_module("modalities", std::make_shared<ModuleDict>());
    for (auto& [name, p] : modality_postprocessors) modalities->register_module(name, p);
}

PostprocessorOutput MultimodalPostprocessor::forward(const torch::Tensor& inputs, const ModalitySizes& sizes) {
    if (sizes.empty()) fail(ErrorKind::InvalidInput, "Modality sizes should be specified if input is not a dictionary.");
    PostprocessorOutput out;
    int64_t index = 0;
    TensorMap parts;
    for (const auto& [name, size] : sizes) {
        parts[name] = inputs.slice(1, index, index + size);
        index += size;
    }
    for (auto& [name, p] : modality_postprocessors) {
        auto it = parts.find(name);
        if (it == parts.end()) fail(ErrorKind::InvalidInput, "multimodal postprocessor: no outputs for modality '" + name + "'");
        out.modalities[name] = p->forward(it->second, {}).tensor;
    }
    return out;
}

EmbeddingDecoder::EmbeddingDecoder(const PerceiverConfig& c) : vocab_size(c.vocab_size) {
    bias = register_parameter("bias", torch::zeros({c.vocab_size}));
}

torch::Tensor EmbeddingDecoder::forward(const torch::Tensor& hidden, const torch::Tensor& embedding) {
    const int64_t B = hidden.size(0), S = hidden.size(1), D = hidden.size(2);
    torch::Tensor out = product(hidden.reshape({-1, D}), embedding.transpose(0, 1));
    out = out + bias;
    return out.reshape({B, S, vocab_size});
}

}  // namespace perceiver
