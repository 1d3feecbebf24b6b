// PerceiverEncoder: one cross-attention from the latents to the inputs, then num_blocks
// passes through the same num_self_attends_per_block self-attention layers (weight sharing).
#pragma once

#include "model/attention.h"
#include "model/types.h"

#include <torch/nn/modules/container/modulelist.h>

namespace perceiver {

struct EncoderOutput {
    torch::Tensor last_hidden_state;                 ///< (B, N, d_latents)
    std::vector<torch::Tensor> hidden_states;        ///< see PerceiverOutput
    std::vector<torch::Tensor> attentions;           ///< (B, heads, N, N) each
    torch::Tensor cross_attention;                   ///< (B, cross_heads, N, M) when requested
};

/// Throws Error(InvalidInput) unless every latent lies in [0, num_latents) and `afterLayer` in
/// [0, num_blocks * num_self_attends_per_block] (ForwardOptions::ablate_latents / ablate_after_layer).
void checkAblation(const PerceiverConfig& config, const std::vector<int64_t>& latents, int64_t afterLayer);

class Encoder : public torch::nn::Module {
public:
    Encoder(const PerceiverConfig& config, int64_t kv_dim);

    /// latents: (B, N, d_latents); inputs: (B, M, kv_dim); inputs_mask: additive (B, 1, 1, M) or
    /// undefined; head_mask: (layers, 1, heads, 1, 1) or undefined — row i is used for layer i of
    /// every block, as in the reference. `options` says which maps and hidden states to keep
    /// (output_attentions, output_hidden_states, self_attentions_mean_over_heads) and which
    /// latents to ablate where (ablate_latents, ablate_after_layer; checked here).
    EncoderOutput forward(const torch::Tensor& latents, const torch::Tensor& inputs, const torch::Tensor& inputs_mask,
                          const torch::Tensor& head_mask, const ForwardOptions& options);

    PerceiverConfig config;
    std::shared_ptr<Layer> cross_attention;
    torch::nn::ModuleList self_attends;
};

}  // namespace perceiver
