// Shared value types of the model classes: inputs, forward options, outputs.
// Shapes use B = batch, N = latents, M = inputs / queries, C = channels.
#pragma once

#include "model/intervention.h"

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
    /// Text only (not in HF): (B, S, d_model) token embeddings used instead of embedding the ids
    /// of `tensor` (still given, for their shape), so attributions can interpolate them.
    torch::Tensor token_embeddings;
    bool isDict() const { return !modalities.empty(); }
};

struct ForwardOptions {
    bool output_attentions = false;
    /// With output_attentions: each latent self-attention map is averaged over its heads as it
    /// is computed, (B, 1, N, N) instead of (B, heads, N, N), so a deep model's maps fit in
    /// memory (the flow model's 24 layers x 16 heads x 2048^2 would be 6.4 GB). Not in HF.
    bool self_attentions_mean_over_heads = false;
    /// Intervention (not in HF): these latents are set to zero after the encoder
    /// cross-attention (ablate_after_layer 0) or after self-attention layer k (1 ...
    /// num_blocks * num_self_attends_per_block, counted over the blocks); later layers read
    /// the zeros. Indices must lie in [0, num_latents).
    std::vector<int64_t> ablate_latents;
    int64_t ablate_after_layer = 0;
    /// Resume (not in HF; rankLatents): the latents after self-attention layer
    /// `resume_after_layer` (0: after the cross-attention), (B, N, d_latents), computed before.
    /// The encoder preprocesses the inputs as usual (the decoder's queries need them) but skips
    /// the cross-attention and layers 1 ... resume_after_layer; ablate_latents at that layer
    /// still applies. Only the layers run give attentions and hidden states.
    torch::Tensor resume_hidden;
    int64_t resume_after_layer = 0;
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
