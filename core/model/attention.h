// PerceiverSelfAttention, PerceiverSelfOutput, PerceiverAttention, PerceiverMLP, PerceiverLayer
// (modeling_perceiver.py, transformers 4.37.2). Parameter names are HF's.
//
// Numerics follow the reference: LayerNorm eps 1e-5, scores scaled by 1/sqrt(qk channels per
// head) (applied to q before the product, which differs from the reference's division of the
// scores by rounding only),
// additive mask, softmax, head mask on the probabilities, query residual with the
// un-normalised query, MLP residual always. SelfAttention::forward reads like the reference;
// how the scores meet the values is one of the execution plans of attention_kernels.h, chosen
// per call by chooseAttentionPlan(): all at once, in query chunks so that no (queries x keys)
// matrix larger than attentionChunkBytes() exists when maps are not requested (each row's
// arithmetic unchanged), one GEMM per head for large heads, or, for a cross-attention whose
// keys and values would exceed that budget (the multimodal and flow encoders: 50,000-180,000
// inputs), streamed over its inputs in row chunks with an online softmax (no normalised copy
// of the inputs and no whole key/value projection exist; the sums are rounded differently).
// Thread-safety: forward() is const in effect and may run concurrently on distinct inputs.
// The one exception is the first forward after a bare module->to(): it rebuilds the fused
// projections and re-points the parameters, under a lock that concurrent forwards wait on;
// nothing else may read the parameters meanwhile (moveModel rebuilds them up front).
#pragma once

#include "config/config.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <mutex>
#include <optional>

namespace perceiver {

enum class AttentionPlan : int;  // attention_kernels.h

/// Bytes of attention scores one query chunk may hold when maps are not returned
/// (default 64 MiB). Process-wide; changing it never changes results, only memory and speed.
int64_t attentionChunkBytes();
void setAttentionChunkBytes(int64_t bytes);

struct AttentionResult {
    torch::Tensor output;  ///< (B, M_q, C_out)
    torch::Tensor probs;   ///< (B, heads, M_q, M_kv) when requested
};

/// y = x W^T + b for x of any rank (..., in): one GEMM with the bias folded in (addmm), where
/// nn::Linear on a 3-D input runs a matmul and then a separate pass adding the bias. With the
/// CPU's bf16 products on (precision.h: AutocastScope) the operands are bf16 and y is rounded
/// to bf16, returned as float32. Counts its FLOPs (common/profile.h).
torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);
inline torch::Tensor linear(const torch::Tensor& x, const torch::nn::Linear& layer) { return linear(x, layer->weight, layer->bias); }

/// a (..., m, k) . b (..., k, n) as torch::matmul, in the CPU's bf16 products when they are on
/// (as linear); counts its FLOPs. The attention kernels' products.
torch::Tensor product(const torch::Tensor& a, const torch::Tensor& b);
/// bias + a (m, k) . b (k, n), as product.
torch::Tensor productAdd(const torch::Tensor& bias, const torch::Tensor& a, const torch::Tensor& b);

/// Reports the multiply-adds that made `y` to the FLOP count (common/profile.h): each element
/// of y a sum of `depth` products (a matrix product's inner size, a convolution's input
/// channels x kernel area). Returns y.
torch::Tensor counted(torch::Tensor y, int64_t depth);

/// Applies config.hidden_act ("gelu" = exact erf GELU, "gelu_new", "relu", "silu", ...).
torch::Tensor activation(const std::string& name, const torch::Tensor& x);
/// Throws Error(Config) when `name` is not an activation we implement.
void checkActivation(const std::string& name);

class SelfAttention : public torch::nn::Module {
public:
    SelfAttention(const PerceiverConfig& config, bool is_cross_attention, std::optional<int64_t> qk_channels,
                  std::optional<int64_t> v_channels, int64_t num_heads, int64_t q_dim, int64_t kv_dim);

    /// hidden: (B, M_q, q_dim); inputs: (B, M_kv, kv_dim) for cross-attention, undefined for self;
    /// mask: additive, broadcastable to (B, heads, M_q, M_kv), or undefined;
    /// head_mask: broadcastable to (B, heads, 1, 1), or undefined.
    /// Returns context (B, M_q, v_channels) and, if asked, probs (B, heads, M_q, M_kv).
    AttentionResult forward(const torch::Tensor& hidden, const torch::Tensor& inputs, const torch::Tensor& mask,
                            const torch::Tensor& head_mask, bool output_attentions);

    int64_t num_heads, qk_channels, v_channels;
    torch::nn::LayerNorm layernorm1{nullptr}, layernorm2{nullptr};
    torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};

    /// As forward(), but run with `plan` instead of the chosen one (tests, benchmarks); throws
    /// Error(InvalidInput) when the plan cannot run this call (planSupports).
    AttentionResult forwardWithPlan(AttentionPlan plan, const torch::Tensor& hidden, const torch::Tensor& inputs,
                                    const torch::Tensor& mask, const torch::Tensor& head_mask, bool output_attentions);
    /// The plan forward() would run for these arguments in the current grad mode and budget.
    AttentionPlan planFor(const torch::Tensor& hidden, const torch::Tensor& inputs, const torch::Tensor& head_mask,
                          bool output_attentions) const;

    /// (Re)builds the shared projection buffer from the current parameters now. Never needed
    /// for correctness: forward() rebuilds it itself when the parameters are no longer views of
    /// it (after module->to(device or dtype), or a parameter's set_data). moveModel
    /// (model_factory.h) calls it so that the first forward after a move does not.
    void fuseProjections();

private:
    /// The projections that read the same input ([query; key; value] for self-attention,
    /// [key; value] for cross-attention) live in one buffer, and their parameters are views of
    /// it, so they run as one GEMM (larger GEMMs run up to ~1.6x faster) with no second copy
    /// of the weights; a write into a parameter (loading copies into the views, state_dict.cpp;
    /// an optimizer step) is a write into the buffer. A move to another device or dtype
    /// replaces the parameters' storage instead; forward() sees that (fusedIntact) and fuses
    /// the moved parameters again before it projects, so the buffer never holds stale values.
    torch::Tensor fusedWeight_, fusedBias_;
    bool cross_ = false;
    std::mutex fuseMutex_;
    bool fusedIntact() const;
    void fuseLocked();
    void ensureFused();
    AttentionResult run(const torch::Tensor& hidden, const torch::Tensor& inputs, const torch::Tensor& mask,
                        const torch::Tensor& head_mask, bool output_attentions, const AttentionPlan* forced);
};

class SelfOutput : public torch::nn::Module {
public:
    SelfOutput(int64_t input_channels, int64_t output_channels);
    torch::Tensor forward(const torch::Tensor& x) { return linear(x, dense); }  ///< (B, M, in) -> (B, M, out)
    torch::nn::Linear dense{nullptr};
};

class Attention : public torch::nn::Module {
public:
    Attention(const PerceiverConfig& config, bool is_cross_attention, std::optional<int64_t> qk_channels,
              std::optional<int64_t> v_channels, int64_t num_heads, int64_t q_dim, int64_t kv_dim,
              bool use_query_residual);
    /// Shapes as SelfAttention; output (B, M_q, q_dim for cross-attention, else v_channels).
    AttentionResult forward(const torch::Tensor& hidden, const torch::Tensor& inputs, const torch::Tensor& mask,
                            const torch::Tensor& head_mask, bool output_attentions);

    std::shared_ptr<SelfAttention> self;
    std::shared_ptr<SelfOutput> output;
    bool use_query_residual;
};

class MLP : public torch::nn::Module {
public:
    MLP(const PerceiverConfig& config, int64_t input_size, int64_t widening_factor);
    torch::Tensor forward(const torch::Tensor& x);  ///< (B, M, C) -> (B, M, C)
    torch::nn::Linear dense1{nullptr}, dense2{nullptr};
    std::string act;
};

class Layer : public torch::nn::Module {
public:
    Layer(const PerceiverConfig& config, bool is_cross_attention, std::optional<int64_t> qk_channels,
          std::optional<int64_t> v_channels, int64_t num_heads, int64_t q_dim, int64_t kv_dim,
          int64_t widening_factor, bool use_query_residual);
    /// hidden: (B, M_q, q_dim); inputs: (B, M_kv, kv_dim) or undefined. Returns (B, M_q, q_dim).
    AttentionResult forward(const torch::Tensor& hidden, const torch::Tensor& inputs, const torch::Tensor& mask,
                            const torch::Tensor& head_mask, bool output_attentions);

    std::shared_ptr<Attention> attention;
    torch::nn::LayerNorm layernorm{nullptr};
    std::shared_ptr<MLP> mlp;
    int64_t chunk_size_feed_forward;
};

}  // namespace perceiver
