#include "model/encoder.h"

#include "common/error.h"
#include "common/profile.h"
#include "common/progress.h"
#include "common/shape.h"

#include <torch/torch.h>

namespace perceiver {

Encoder::Encoder(const PerceiverConfig& c, int64_t kv_dim) : config(c) {
    if (c.d_latents % c.num_self_attention_heads != 0)
        fail(ErrorKind::Config, "d_latents (" + std::to_string(c.d_latents) + ") must be divisible by num_self_attention_heads (" +
                                    std::to_string(c.num_self_attention_heads) + ")");
    if (c.d_latents % c.num_cross_attention_heads != 0)
        fail(ErrorKind::Config, "d_latents (" + std::to_string(c.d_latents) + ") must be divisible by num_cross_attention_heads (" +
                                    std::to_string(c.num_cross_attention_heads) + ")");
    if (c.v_channels && *c.v_channels != c.d_latents)
        fail(ErrorKind::Config, "v_channels (" + std::to_string(*c.v_channels) + ") must equal d_latents (" +
                                    std::to_string(c.d_latents) + "): self-attention maps v back to the latents");
    cross_attention = register_module(
        "cross_attention", std::make_shared<Layer>(c, true, c.qk_channels, c.v_channels, c.num_cross_attention_heads,
                                                   c.d_latents, kv_dim, c.cross_attention_widening_factor,
                                                   c.use_query_residual));
    self_attends = register_module("self_attends", torch::nn::ModuleList());
    for (int64_t i = 0; i < c.num_self_attends_per_block; ++i)
        self_attends->push_back(std::make_shared<Layer>(c, false, c.qk_channels, c.v_channels, c.num_self_attention_heads,
                                                        c.d_latents, c.d_latents, c.self_attention_widening_factor, true));
}

void checkAblation(const PerceiverConfig& c, const std::vector<int64_t>& latents, int64_t afterLayer) {
    for (const int64_t n : latents)
        if (n < 0 || n >= c.num_latents)
            fail(ErrorKind::InvalidInput, "latent " + std::to_string(n) + " out of range: this model has " + std::to_string(c.num_latents) +
                                              " latents (0 ... " + std::to_string(c.num_latents - 1) + ")");
    const int64_t layers = c.num_blocks * c.num_self_attends_per_block;
    if (afterLayer < 0 || afterLayer > layers)
        fail(ErrorKind::InvalidInput, "latents can be ablated after layer 0 (the cross-attention) to " + std::to_string(layers) +
                                          ", not after layer " + std::to_string(afterLayer));
}

EncoderOutput Encoder::forward(const torch::Tensor& latents, const torch::Tensor& inputs, const torch::Tensor& inputs_mask,
                               const torch::Tensor& head_mask, const ForwardOptions& opt) {
    const bool output_attentions = opt.output_attentions, output_hidden_states = opt.output_hidden_states;
    const int64_t layers = config.num_blocks * static_cast<int64_t>(self_attends->size());
    torch::Tensor keep;  // (1, N, 1): 0 for the ablated latents
    if (!opt.ablate_latents.empty()) {
        checkAblation(config, opt.ablate_latents, opt.ablate_after_layer);
        keep = torch::ones({1, latents.size(1), 1}, latents.options());
        for (const int64_t i : opt.ablate_latents) keep[0][i][0] = 0;
    }
    auto ablate = [&](torch::Tensor& hidden, int64_t layer) {
        if (keep.defined() && layer == opt.ablate_after_layer) hidden = hidden * keep;
    };
    EncoderOutput out;
    AttentionResult r;
    const bool resume = opt.resume_hidden.defined();
    if (resume && (opt.resume_after_layer < 0 || opt.resume_after_layer > layers || opt.resume_hidden.dim() != 3 ||
                   opt.resume_hidden.size(1) != latents.size(1) || opt.resume_hidden.size(2) != latents.size(2)))
        fail(ErrorKind::InvalidInput, "resume: latents (B, " + std::to_string(latents.size(1)) + ", " + std::to_string(latents.size(2)) +
                                          ") after layer 0 ... " + std::to_string(layers) + " expected, got " + shapeOf(opt.resume_hidden) +
                                          " after layer " + std::to_string(opt.resume_after_layer));
    const int64_t start = resume ? opt.resume_after_layer : 0;  // layers 1 ... start are not run again
    torch::Tensor hidden;
    if (resume) {
        hidden = opt.resume_hidden;
    } else {
        profile::Scope stage("encoder cross-attention");
        r = cross_attention->forward(latents, inputs, inputs_mask, torch::Tensor(), output_attentions);
        hidden = r.output;
        if (output_attentions) out.cross_attention = r.probs;
    }
    profile::Scope stage("encoder self-attention");
    ablate(hidden, start);
    int64_t layer = 0;
    for (int64_t b = 0; b < config.num_blocks; ++b) {
        for (size_t i = 0; i < self_attends->size(); ++i) {
            if (layer < start) {
                ++layer;
                continue;
            }
            checkCancelledHere();
            if (output_hidden_states) out.hidden_states.push_back(hidden);
            const torch::Tensor hm = head_mask.defined() ? head_mask[static_cast<int64_t>(i)] : torch::Tensor();
            r = self_attends->ptr<Layer>(i)->forward(hidden, torch::Tensor(), torch::Tensor(), hm, output_attentions);
            hidden = r.output;
            ablate(hidden, ++layer);
            if (output_attentions) out.attentions.push_back(opt.self_attentions_mean_over_heads ? r.probs.mean(1, true) : r.probs);
        }
        if (output_hidden_states && layer > start) out.hidden_states.push_back(hidden);
    }
    out.last_hidden_state = hidden;
    return out;
}

}  // namespace perceiver
