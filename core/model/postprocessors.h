// Output postprocessors of modeling_perceiver.py: PerceiverClassificationPostprocessor,
// PerceiverAudioPostprocessor, PerceiverProjectionPostprocessor and
// PerceiverMultimodalPostprocessor, plus PerceiverEmbeddingDecoder (masked LM logits).
#pragma once

#include "config/config.h"
#include "model/preprocessors.h"
#include "model/types.h"

#include <torch/nn/modules/embedding.h>

namespace perceiver {

struct PostprocessorOutput {
    torch::Tensor tensor;
    TensorMap modalities;  ///< multimodal
};

class Postprocessor : public torch::nn::Module {
public:
    /// inputs: decoder logits (B, Q, C); modality_sizes: queries per modality (multimodal).
    virtual PostprocessorOutput forward(const torch::Tensor& inputs, const ModalitySizes& modality_sizes) = 0;
    /// The Linear this postprocessor starts with when forward(x) = afterLinear(that Linear(x))
    /// (so a decoder can fold it in: decoder_fold.h), else nullptr.
    virtual torch::nn::LinearImpl* leadingLinear() { return nullptr; }
    /// The rest of forward() after leadingLinear(): projected (B, Q, out).
    virtual PostprocessorOutput afterLinear(const torch::Tensor& projected) { return {projected, {}}; }
};

class ClassificationPostprocessor : public Postprocessor {
public:
    ClassificationPostprocessor(const PerceiverConfig& config, int64_t in_channels);
    /// (B, Q, C) -> (B, num_labels) from the first query.
    PostprocessorOutput forward(const torch::Tensor& inputs, const ModalitySizes&) override;
    torch::nn::LinearImpl* leadingLinear() override { return classifier.get(); }
    PostprocessorOutput afterLinear(const torch::Tensor& projected) override;
    torch::nn::Linear classifier{nullptr};
};

class AudioPostprocessor : public Postprocessor {
public:
    AudioPostprocessor(const PerceiverConfig& config, int64_t in_channels, const std::string& postproc_type = "patches");
    /// (B, Q, C) -> (B, Q * samples_per_patch) waveform samples.
    PostprocessorOutput forward(const torch::Tensor& inputs, const ModalitySizes&) override;
    torch::nn::LinearImpl* leadingLinear() override { return classifier.get(); }
    PostprocessorOutput afterLinear(const torch::Tensor& projected) override;
    torch::nn::Linear classifier{nullptr};
};

class ProjectionPostprocessor : public Postprocessor {
public:
    ProjectionPostprocessor(int64_t in_channels, int64_t out_channels);
    /// (B, Q, in) -> (B, Q, out).
    PostprocessorOutput forward(const torch::Tensor& inputs, const ModalitySizes&) override;
    torch::nn::LinearImpl* leadingLinear() override { return classifier.get(); }
    torch::nn::Linear classifier{nullptr};
};

class MultimodalPostprocessor : public Postprocessor {
public:
    explicit MultimodalPostprocessor(std::map<std::string, std::shared_ptr<Postprocessor>> modalities);
    /// Splits (B, Q, C) by modality_sizes (name order) and applies each modality's postprocessor.
    PostprocessorOutput forward(const torch::Tensor& inputs, const ModalitySizes& modality_sizes) override;
    std::map<std::string, std::shared_ptr<Postprocessor>> modality_postprocessors;
    std::shared_ptr<ModuleDict> modalities;
};

/// PerceiverEmbeddingDecoder: logits = hidden @ E^T + bias with E the input byte embedding.
class EmbeddingDecoder : public torch::nn::Module {
public:
    explicit EmbeddingDecoder(const PerceiverConfig& config);
    /// hidden: (B, S, d_model); embedding: (vocab_size, d_model) -> (B, S, vocab_size).
    torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& embedding);
    int64_t vocab_size;
    torch::Tensor bias;  ///< (vocab_size,)
};

}  // namespace perceiver
