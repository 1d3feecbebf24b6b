#include "model/attention_kernels.h"

#include "common/error.h"
#include "common/progress.h"
#include "model/attention.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace perceiver {

namespace {

constexpr int64_t kFloatBytes = static_cast<int64_t>(sizeof(float));

/// The rows of an additive mask broadcastable to (B, heads, Mq, Mkv) that example b and head h
/// see: (1 or Mq, 1 or Mkv).
torch::Tensor maskFor(const torch::Tensor& mask, int64_t b, int64_t h) {
    torch::Tensor m = mask;
    while (m.dim() > 2) m = m.size(0) > 1 ? m[m.dim() == 4 ? b : h] : m[0];
    return m;
}

/// A softmax-weighted sum over keys that arrive in chunks (online softmax): the running
/// maximum, sum of exponentials and weighted sum, rescaled whenever a chunk raises the
/// maximum. Sums in float32 for float32 or narrower scores (in float64 for float64 ones).
/// rows: the leading sizes, e.g. (Mq) or (B, heads, Mq); channels: the width of the values.
struct OnlineSoftmax {
    torch::Tensor best, total, acc;
    OnlineSoftmax(std::vector<int64_t> rows, int64_t channels, const torch::TensorOptions& options) {
        const auto sums = options.dtype(c10::promoteTypes(c10::typeMetaToScalarType(options.dtype()), torch::kFloat));
        rows.push_back(1);
        best = torch::full(rows, -std::numeric_limits<float>::infinity(), sums);
        total = torch::zeros(rows, sums);
        rows.back() = channels;
        acc = torch::zeros(rows, sums);
    }
    /// scores (..., n) for n keys, overwritten; values (..., n, channels).
    void add(torch::Tensor& scores, const torch::Tensor& values) {
        const torch::Tensor newBest = torch::maximum(best, std::get<0>(scores.max(-1, true)));
        scores.sub_(newBest).exp_();
        const torch::Tensor rescale = (best - newBest).exp_();
        total.mul_(rescale).add_(scores.sum(-1, true));
        acc.mul_(rescale).add_(product(scores, values));
        best = newBest;
    }
    torch::Tensor result() { return acc.div_(total); }
};

/// Cross-attention in the inputs' space, for few queries and heads over many inputs: with x the
/// normalised inputs, q.k = (q W_k,h) . x + q.b_k, and sum_j p_j v_j = (sum_j p_j x_j) W_v,h^T + b_v
/// (the p_j sum to 1), so neither keys nor values are projected: each query is mapped into the
/// inputs' C channels once per head (q W_k,h), and the weighted sum of the inputs is projected
/// once at the end. q.b_k is the same for every input of a query, which the softmax ignores.
/// Shapes as attendStreamed; rows: inputs per chunk.
torch::Tensor inputsSpaceAttention(const torch::Tensor& q, const torch::Tensor& inputs, const torch::Tensor& mask,
                                   torch::nn::LayerNorm& layernorm, const torch::Tensor& kvWeight, const torch::Tensor& kvBias,
                                   int64_t vChannels, int64_t rows) {
    const int64_t B = q.size(0), heads = q.size(1), Mq = q.size(2), Mkv = inputs.size(1), C = inputs.size(2);
    const int64_t qkChannels = kvWeight.size(0) - vChannels;
    const int64_t dqk = qkChannels / heads, dv = vChannels / heads;
    const torch::Tensor wk = kvWeight.narrow(0, 0, qkChannels);          // (qk, C)
    const torch::Tensor wv = kvWeight.narrow(0, qkChannels, vChannels);  // (v, C)
    const torch::Tensor bv = kvBias.narrow(0, qkChannels, vChannels);
    std::vector<torch::Tensor> qx;
    std::vector<OnlineSoftmax> sums;
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < heads; ++h) {
            qx.push_back(product(q[b][h], wk.narrow(0, h * dqk, dqk)));  // (Mq, C)
            sums.emplace_back(std::vector<int64_t>{Mq}, C, q.options());
        }
    for (int64_t s = 0; s < Mkv; s += rows) {
        checkCancelledHere();
        const int64_t e = std::min(Mkv, s + rows);
        const torch::Tensor x = layernorm(inputs.slice(1, s, e));  // (B, n, C)
        for (int64_t b = 0; b < B; ++b)
            for (int64_t h = 0; h < heads; ++h) {
                const size_t i = static_cast<size_t>(b * heads + h);
                torch::Tensor scores = product(qx[i], x[b].t());  // (Mq, n)
                if (mask.defined()) {
                    const torch::Tensor m = maskFor(mask, b, h);
                    scores.add_(m.size(-1) == 1 ? m : m.slice(-1, s, e));
                }
                sums[i].add(scores, x[b]);
            }
    }
    torch::Tensor context = torch::empty({B, heads, Mq, dv}, q.options());
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < heads; ++h) {
            const size_t i = static_cast<size_t>(b * heads + h);
            context[b][h].copy_(productAdd(bv.narrow(0, h * dv, dv), sums[i].result(), wv.narrow(0, h * dv, dv).t()));
        }
    return context;
}

/// Cross-attention over many inputs without their normalised copy or their whole key/value
/// projections: the inputs are read in row chunks (layernorm, one GEMM for keys and values),
/// and the softmax runs online, so memory is a chunk's. Mathematically the reference's softmax;
/// the float rounding of the sums differs. Shapes as attendStreamed; rows: inputs per chunk.
torch::Tensor streamedAttention(const torch::Tensor& q, const torch::Tensor& inputs, const torch::Tensor& mask,
                                torch::nn::LayerNorm& layernorm, const torch::Tensor& kvWeight, const torch::Tensor& kvBias,
                                int64_t vChannels, int64_t rows) {
    const int64_t B = q.size(0), heads = q.size(1), Mq = q.size(2), Mkv = inputs.size(1);
    const int64_t qkChannels = kvWeight.size(0) - vChannels;
    const int64_t dqk = qkChannels / heads, dv = vChannels / heads;
    OnlineSoftmax sums({B, heads, Mq}, dv, q.options());
    for (int64_t s = 0; s < Mkv; s += rows) {
        checkCancelledHere();
        const int64_t e = std::min(Mkv, s + rows), n = e - s;
        const torch::Tensor kv = linear(layernorm(inputs.slice(1, s, e)), kvWeight, kvBias);  // (B, n, qk + v)
        const torch::Tensor kT = kv.narrow(-1, 0, qkChannels).view({B, n, heads, dqk}).permute({0, 2, 3, 1});
        const torch::Tensor v = kv.narrow(-1, qkChannels, vChannels).view({B, n, heads, dv}).permute({0, 2, 1, 3});
        torch::Tensor scores = product(q, kT);  // (B, heads, Mq, n)
        if (mask.defined()) scores.add_(mask.size(-1) == 1 ? mask : mask.slice(-1, s, e));
        sums.add(scores, v);
    }
    return sums.result();
}

}  // namespace

const char* attentionPlanName(AttentionPlan plan) {
    switch (plan) {
        case AttentionPlan::Plain: return "plain";
        case AttentionPlan::QueryChunked: return "query-chunked";
        case AttentionPlan::PerHeadGemm: return "per-head GEMM";
        case AttentionPlan::Streamed: return "streamed";
        case AttentionPlan::InputsSpace: return "inputs' space";
    }
    return "?";
}

AttentionPlan chooseAttentionPlan(const AttentionShape& s) {
    const bool fastPaths = s.cpu && !s.needProbs && !s.headMask && !s.gradMode;
    // 1. Keys and values over the budget: stream the inputs.
    if (s.cross && fastPaths && s.keys * s.batch * (s.qkChannels + s.vChannels) * kFloatBytes > s.budgetBytes) {
        // Multiply-adds per input row: projecting keys and values, then scores and the weighted
        // sum (C (qk + v) + Nq (qk + v)), or working in the inputs' space (2 H Nq C).
        const int64_t C = s.inputChannels;
        return 2 * s.heads * s.queries * C < (C + s.queries) * (s.qkChannels + s.vChannels) ? AttentionPlan::InputsSpace
                                                                                             : AttentionPlan::Streamed;
    }
    // 2. Large products per head.
    if (fastPaths && s.queries >= 512 && s.keys >= 512 && s.queries * s.keys >= (int64_t{1} << 19)) return AttentionPlan::PerHeadGemm;
    // 3./4. All at once, or in query chunks within the budget.
    const int64_t rowBytes = s.batch * s.heads * s.keys * kFloatBytes;
    const int64_t chunk = std::max<int64_t>(1, s.budgetBytes / std::max<int64_t>(1, rowBytes));
    if (s.needProbs || chunk >= s.queries) return AttentionPlan::Plain;
    return AttentionPlan::QueryChunked;
}

bool planSupports(AttentionPlan plan, const AttentionShape& s) {
    switch (plan) {
        case AttentionPlan::Plain: return true;
        case AttentionPlan::QueryChunked: return !s.needProbs;
        case AttentionPlan::PerHeadGemm: return !s.needProbs && !s.headMask;
        case AttentionPlan::Streamed:
        case AttentionPlan::InputsSpace: return s.cross && !s.needProbs && !s.headMask && !s.gradMode;
    }
    return false;
}

torch::Tensor attendPlain(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& mask,
                          const torch::Tensor& headMask, torch::Tensor* probs) {
    torch::Tensor scores = product(q, k.transpose(-1, -2));  // (B, H, Nq, Nk)
    if (mask.defined()) scores.add_(mask);
    if (!probs && !headMask.defined() && q.device().is_cpu()) {
        // Normalised after the product: (exp(s - max) v) / sum instead of softmax(s) v, one
        // pass fewer over the (queries x keys) scores (the division runs on the context);
        // rounding differs only.
        scores.sub_(std::get<0>(scores.max(-1, true))).exp_();
        const torch::Tensor total = scores.sum(-1, true);
        return product(scores, v).div_(total);
    }
    torch::Tensor p = torch::softmax(scores, -1);  // (an in-place softmax_out measured slower and larger)
    scores.reset();
    if (headMask.defined()) p.mul_(headMask);
    torch::Tensor context = product(p, v);
    if (probs) *probs = p;
    return context;
}

torch::Tensor attendQueryChunked(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& mask,
                                 const torch::Tensor& headMask, int64_t budgetBytes) {
    const int64_t B = q.size(0), heads = q.size(1), Mq = q.size(2), Mkv = k.size(2), dv = v.size(3);
    const int64_t rowBytes = B * heads * Mkv * kFloatBytes;
    const int64_t chunk = std::max<int64_t>(1, budgetBytes / std::max<int64_t>(1, rowBytes));
    torch::Tensor context = torch::empty({B, heads, Mq, dv}, q.options());
    // A mask that varies over queries (dim -2 > 1) is sliced with them.
    const bool maskPerQuery = mask.defined() && mask.dim() >= 2 && mask.size(-2) > 1;
    for (int64_t s = 0; s < Mq; s += chunk) {
        checkCancelledHere();
        const int64_t e = std::min(Mq, s + chunk);
        const torch::Tensor mc = maskPerQuery ? mask.slice(-2, s, e) : mask;
        context.slice(2, s, e).copy_(attendPlain(q.slice(2, s, e), k, v, mc, headMask, nullptr));
    }
    return context;
}

torch::Tensor attendPerHeadGemm(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& mask,
                                int64_t budgetBytes) {
    // One 2-D GEMM per head and query chunk (see chooseAttentionPlan for when this pays), the
    // softmax in place between them, the context written in the merged (B, Mq, heads, dv)
    // layout directly.
    const int64_t B = q.size(0), heads = q.size(1), Mq = q.size(2), Mkv = k.size(2), dv = v.size(3);
    const torch::Tensor kT = k.transpose(-1, -2);
    torch::Tensor out = torch::empty({B, Mq, heads, dv}, q.options());
    const int64_t rows = std::clamp<int64_t>(budgetBytes / std::max<int64_t>(1, Mkv * kFloatBytes), 1, std::max<int64_t>(1, Mq));
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < heads; ++h) {
            const torch::Tensor qh = q[b][h], kh = kT[b][h], vh = v[b][h];  // (Mq, dqk), (dqk, Mkv), (Mkv, dv)
            const torch::Tensor mh = mask.defined() ? maskFor(mask, b, h) : torch::Tensor();
            for (int64_t s = 0; s < Mq; s += rows) {
                checkCancelledHere();
                const int64_t e = std::min(Mq, s + rows);
                torch::Tensor scores = product(qh.slice(0, s, e), kh);
                if (mh.defined()) scores.add_(mh.size(0) > 1 ? mh.slice(0, s, e) : mh);
                // The softmax in place, one fused pass per row (its max, exponentials and sum
                // within a row in cache): the separate max, subtract-exp and sum passes over
                // the (rows x keys) scores measured 23 % slower in the flow model's
                // self-attention (README, Performance).
                at::_softmax_out(scores, scores, -1, false);
                out[b].slice(0, s, e).select(1, h).copy_(product(scores, vh));
            }
        }
    return out.permute({0, 2, 1, 3});
}

torch::Tensor attend(AttentionPlan plan, const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& mask, const torch::Tensor& headMask, int64_t budgetBytes, torch::Tensor* probs) {
    switch (plan) {
        case AttentionPlan::Plain: return attendPlain(q, k, v, mask, headMask, probs);
        case AttentionPlan::QueryChunked: return attendQueryChunked(q, k, v, mask, headMask, budgetBytes);
        case AttentionPlan::PerHeadGemm: return attendPerHeadGemm(q, k, v, mask, budgetBytes);
        case AttentionPlan::Streamed:
        case AttentionPlan::InputsSpace: break;
    }
    fail(ErrorKind::InvalidInput, std::string("attend(): the ") + attentionPlanName(plan) + " plan reads the raw inputs (attendStreamed)");
}

torch::Tensor attendStreamed(AttentionPlan plan, const torch::Tensor& q, const torch::Tensor& inputs, const torch::Tensor& mask,
                             torch::nn::LayerNorm layernorm, const torch::Tensor& kvWeight, const torch::Tensor& kvBias,
                             int64_t vChannels, int64_t budgetBytes) {
    if (!isStreamedPlan(plan))
        fail(ErrorKind::InvalidInput, std::string("attendStreamed(): the ") + attentionPlanName(plan) + " plan reads keys and values (attend)");
    const int64_t B = q.size(0), heads = q.size(1), Mq = q.size(2);
    // Rows per chunk: its keys/values and its scores within the budget, at most 4,096 (oneDNN's
    // fast range for the projection GEMM).
    const int64_t rowBytes = B * kvWeight.size(0) * kFloatBytes;
    const int64_t scoreRowBytes = B * heads * Mq * kFloatBytes;
    const int64_t rows = std::clamp<int64_t>(budgetBytes / std::max<int64_t>(1, std::max(rowBytes, scoreRowBytes)), 1, 4096);
    if (plan == AttentionPlan::InputsSpace) return inputsSpaceAttention(q, inputs, mask, layernorm, kvWeight, kvBias, vChannels, rows);
    return streamedAttention(q, inputs, mask, layernorm, kvWeight, kvBias, vChannels, rows);
}

}  // namespace perceiver
