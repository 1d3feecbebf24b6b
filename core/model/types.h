// Shared value types of the model classes: inputs, forward options, outputs.
// Shapes use B = batch, N = latents, M = inputs / queries, C = channels.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace perceiver {

using TensorMap = std::map<std::string, torch::Tensor>;
using ModalitySizes = std::map<std::string, int64_t>;

/// The `inputs` argument of HF's forward: one tensor, or a dict of tensors per modality
/// (PerceiverForMultimodalAutoencoding: "audio", "image", "label").
struct Inputs {
    torch::Tensor tensor;
    TensorMap modalities;
    bool isDict() const { return !modalities.empty(); }
};

struct ForwardOptions {
    bool output_attentions = false;
    bool output_hidden_states = false;
    bool interpolate_pos_encoding = false;  ///< HF 4.41+: PerceiverForImageClassificationLearned
};

/// Every forward argument of the HF task heads.
struct ModelInputs {
    Inputs inputs;
    torch::Tensor attention_mask;           ///< (B, M) 1 = attend, 0 = padding; optional
    torch::Tensor head_mask;                ///< (heads,) or (layers, heads); optional
    torch::Tensor labels;                   ///< optional
    TensorMap subsampled_output_points;     ///< modality -> (n,) int64 flat output indices; optional
};

/// PerceiverModelOutput / PerceiverMaskedLMOutput / PerceiverClassifierOutput in one struct.
struct PerceiverOutput {
    torch::Tensor loss;                     ///< 0-d, when labels were given
    torch::Tensor logits;                   ///< task logits (undefined when dict-valued)
    TensorMap logits_by_modality;           ///< multimodal: audio (B, n), image (B, n, 3), label (B, L)
    torch::Tensor last_hidden_state;        ///< (B, N, d_latents)
    std::vector<torch::Tensor> hidden_states;    ///< num_blocks * (per_block + 1) x (B, N, d_latents)
    std::vector<torch::Tensor> attentions;       ///< num_blocks * per_block x (B, heads, N, N)
    std::vector<torch::Tensor> cross_attentions; ///< encoder (B, h, N, M), then decoder (B, h, Q, N)
};

}  // namespace perceiver
