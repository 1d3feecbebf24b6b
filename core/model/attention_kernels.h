// The execution plans of the Perceiver attention: how SelfAttention::forward (attention.h)
// turns its scaled queries and its keys and values into a context. Every plan computes the
// reference's softmax(q k^T / sqrt(Dqk) + mask) (x head mask) v; they differ in memory, speed
// and float rounding only. Included by attention.cpp and the tests, nowhere else.
//
// Usage, as SelfAttention::forward does it:
//
//   AttentionShape shape;                        // sizes and circumstances of the call
//   shape.batch = B; shape.heads = H; shape.queries = Nq; shape.keys = Nk; ...
//   const AttentionPlan plan = chooseAttentionPlan(shape);
//   torch::Tensor context;                       // (B, H, Nq, Dv)
//   if (isStreamedPlan(plan))                    // the raw inputs, normalised and projected per chunk
//       context = attendStreamed(plan, q, inputs, mask, layernorm2, kvWeight, kvBias, vChannels, shape.budgetBytes);
//   else                                         // projected keys and values, split into heads
//       context = attend(plan, q, k, v, mask, headMask, shape.budgetBytes, needProbs ? &probs : nullptr);
//
// Thread-safety: the functions keep no state; they read their arguments (and the modules and
// weights they are given, never written) and write only tensors they create, so any number
// may run at once.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace perceiver {

/// How one attention call runs. The order of the checks in chooseAttentionPlan() is the
/// order of preference; planSupports() says which plans can run a call at all.
enum class AttentionPlan : int {
    Plain,         ///< all heads and queries at once: (B, H, Nq, Nk) scores, batched GEMMs
    QueryChunked,  ///< Plain over query chunks of at most budgetBytes of scores each
    PerHeadGemm,   ///< one 2-D GEMM per example, head and query chunk
    Streamed,      ///< cross-attention reading its inputs in row chunks, online softmax
    InputsSpace,   ///< Streamed, with queries mapped into the inputs' channels (no key/value projection)
};

/// "plain", "query-chunked", "per-head GEMM", "streamed", "inputs' space".
const char* attentionPlanName(AttentionPlan plan);

/// True for Streamed and InputsSpace: they take the raw inputs (attendStreamed), not keys and values.
inline bool isStreamedPlan(AttentionPlan plan) { return plan == AttentionPlan::Streamed || plan == AttentionPlan::InputsSpace; }

/// What the plan choice looks at: the sizes of one call and its circumstances.
struct AttentionShape {
    int64_t batch = 1;          ///< B
    int64_t heads = 1;          ///< H
    int64_t queries = 0;        ///< Nq
    int64_t keys = 0;           ///< Nk: the latents (self-attention) or the inputs (cross-attention)
    int64_t qkChannels = 0;     ///< H * Dqk
    int64_t vChannels = 0;      ///< H * Dv
    int64_t inputChannels = 0;  ///< C, the width of the raw inputs (cross-attention)
    bool cross = false;         ///< cross-attention: keys and values read separate inputs
    bool cpu = true;            ///< the tensors are on the CPU
    bool gradMode = false;      ///< autograd records (training): the fused buffers carry no gradient
    bool needProbs = false;     ///< output_attentions: the whole (B, H, Nq, Nk) probabilities are returned
    bool headMask = false;      ///< a head mask multiplies the probabilities
    int64_t budgetBytes = 64ll << 20;  ///< attentionChunkBytes() (attention.h), read once per call
};

/// The plan SelfAttention::forward runs. Byte counts assume 4-byte floats; the rules, in order:
///
/// 1. Streamed or InputsSpace: a cross-attention on the CPU, without maps, head mask or
///    gradients, whose keys and values would exceed the budget (Nk * B * (qk + v) * 4 >
///    budgetBytes: the multimodal and flow encoders, 50,000-180,000 inputs). Streaming holds
///    neither the normalised inputs nor their whole projections. Of the two, InputsSpace where
///    it does fewer multiply-adds per input row, 2 H Nq C < (C + Nq) (qk + v) (few queries and
///    heads: the multimodal encoder does half the work), else Streamed. The GPU keeps the
///    path verified there (packaging/cuda-check.sh) and has the memory.
/// 2. PerHeadGemm: on the CPU, without maps, head mask or gradients, when each head's product
///    is large: Nq >= 512, Nk >= 512 and Nq * Nk >= 2^19. LibTorch 1.13's batched GEMM ran the
///    flow encoder's (2,048 x 2,048 per head, 32 channels) 6x slower than separate calls did;
///    on smaller ones (vision's 512 x 512, the language model's 256 x 2,048) batched was as fast.
/// 3. Plain when maps are needed (they are returned whole) or when all scores fit the budget
///    (B * H * Nk * 4 bytes per query row, times Nq, <= budgetBytes, at least one row).
/// 4. QueryChunked otherwise: the scores of one query chunk stay within the budget.
AttentionPlan chooseAttentionPlan(const AttentionShape& shape);

/// Whether `plan` can compute a call of this shape at all (any sizes): Plain always;
/// QueryChunked without maps; PerHeadGemm without maps or head mask; Streamed and InputsSpace
/// for a cross-attention without maps, head mask or gradients.
bool planSupports(AttentionPlan plan, const AttentionShape& shape);

/// The context for Plain, QueryChunked and PerHeadGemm.
/// q: (B, H, Nq, Dqk), already scaled by 1/sqrt(Dqk)
/// k: (B, H, Nk, Dqk)
/// v: (B, H, Nk, Dv)
/// mask: additive, broadcastable to (B, H, Nq, Nk), or undefined
/// headMask: broadcastable to (B, H, 1, 1), or undefined (not PerHeadGemm)
/// budgetBytes: bytes of scores one query chunk may hold (QueryChunked, PerHeadGemm)
/// probs: receives the probabilities (B, H, Nq, Nk) (Plain only), or nullptr
/// Returns the context (B, H, Nq, Dv); PerHeadGemm's is a view of a (B, Nq, H, Dv) tensor, so
/// merging the heads afterwards copies nothing.
torch::Tensor attend(AttentionPlan plan, const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& mask, const torch::Tensor& headMask, int64_t budgetBytes, torch::Tensor* probs);

/// The plans one by one; shapes as attend(). Without probs or head mask on the CPU, Plain
/// normalises after the value product ((exp(s - max) v) / sum): one pass fewer over the scores;
/// PerHeadGemm runs the softmax in place, one fused pass per row (measured faster there, the
/// same for Plain: README, Performance).
torch::Tensor attendPlain(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& mask,
                          const torch::Tensor& headMask, torch::Tensor* probs);
torch::Tensor attendQueryChunked(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& mask,
                                 const torch::Tensor& headMask, int64_t budgetBytes);
torch::Tensor attendPerHeadGemm(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& mask,
                                int64_t budgetBytes);

/// The context for Streamed and InputsSpace: a cross-attention that normalises and projects
/// its inputs chunk by chunk (chunks of min(4,096, budget / row bytes) rows), with an online
/// softmax summing in at least float32.
/// q: (B, H, Nq, Dqk), already scaled by 1/sqrt(Dqk)
/// inputs: (B, Nk, C), the raw inputs (before layernorm)
/// mask: additive, broadcastable to (B, H, Nq, Nk), or undefined
/// layernorm: the inputs' layer norm (layernorm2), applied per chunk
/// kvWeight: (H * Dqk + H * Dv, C), the key then the value projection's weights
/// kvBias: (H * Dqk + H * Dv), their biases
/// vChannels: H * Dv
/// Returns the context (B, H, Nq, Dv).
torch::Tensor attendStreamed(AttentionPlan plan, const torch::Tensor& q, const torch::Tensor& inputs, const torch::Tensor& mask,
                             torch::nn::LayerNorm layernorm, const torch::Tensor& kvWeight, const torch::Tensor& kvBias,
                             int64_t vChannels, int64_t budgetBytes);

}  // namespace perceiver
