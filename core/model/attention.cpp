#include "model/attention.h"

#include "common/error.h"
#include "common/profile.h"

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

namespace perceiver {

namespace {

std::atomic<int64_t> gAttentionChunkBytes{64ll << 20};

torch::nn::LayerNorm layerNorm(int64_t dim) {
    // PyTorch's default eps (1e-5): the reference never passes config.layer_norm_eps.
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-5));
}

}  // namespace

namespace {

/// oneDNN's (MKL-DNN) GEMM measured 2-4x faster than OpenBLAS on the projections' shapes
/// (256-2048 rows; AVX-512 kernels) and equal on the tall ones, so inference uses it there.
/// Gradients, other devices and dtypes keep addmm.
bool useOneDnn(const torch::Tensor& flat, const torch::Tensor& weight) {
    static const bool available = at::hasMKLDNN() && !std::getenv("PERCEIVER_NO_ONEDNN");
    return available && !torch::GradMode::is_enabled() && flat.device().is_cpu() && flat.scalar_type() == torch::kFloat &&
           weight.scalar_type() == torch::kFloat && weight.is_contiguous() && flat.size(0) <= 8192;
}

}  // namespace

torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
    std::vector<int64_t> shape = x.sizes().vec();
    const torch::Tensor flat = x.dim() == 2 ? x : x.reshape({-1, shape.back()});
    shape.back() = weight.size(0);
    torch::Tensor y;
    if (useOneDnn(flat, weight))
        y = torch::mkldnn_linear(flat.contiguous().to_mkldnn(), weight, bias).to_dense();
    else
        y = bias.defined() ? torch::addmm(bias, flat, weight.t()) : torch::mm(flat, weight.t());
    return y.view(shape);
}

int64_t attentionChunkBytes() { return gAttentionChunkBytes.load(); }
void setAttentionChunkBytes(int64_t bytes) { gAttentionChunkBytes.store(std::max<int64_t>(1, bytes)); }

void checkActivation(const std::string& name) {
    static const char* known[] = {"gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "quick_gelu",
                                  "relu", "silu", "swish", "tanh", "sigmoid"};
    for (const char* k : known)
        if (name == k) return;
    fail(ErrorKind::Config, "hidden_act '" + name + "' is not supported (gelu, gelu_new, relu, silu, tanh, ...)");
}

torch::Tensor activation(const std::string& name, const torch::Tensor& x) {
    if (name == "gelu") return torch::gelu(x);
    if (name == "gelu_new" || name == "gelu_fast") {
        return 0.5 * x * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0))));
    }
    if (name == "gelu_pytorch_tanh") return torch::gelu(x, "tanh");
    if (name == "quick_gelu") return x * torch::sigmoid(1.702 * x);
    if (name == "relu") return torch::relu(x);
    if (name == "silu" || name == "swish") return torch::silu(x);
    if (name == "tanh") return torch::tanh(x);
    if (name == "sigmoid") return torch::sigmoid(x);
    checkActivation(name);
    return x;
}

SelfAttention::SelfAttention(const PerceiverConfig& config, bool is_cross_attention, std::optional<int64_t> qk,
                             std::optional<int64_t> v, int64_t heads, int64_t q_dim, int64_t kv_dim)
    : num_heads(heads) {
    (void)config;  // dropout only: inference runs in eval mode
    qk_channels = qk.value_or(q_dim);
    v_channels = v.value_or(qk_channels);
    if (qk_channels % num_heads != 0)
        fail(ErrorKind::Config, "qk_channels (" + std::to_string(qk_channels) + ") must be divisible by num_heads (" +
                                    std::to_string(num_heads) + ")");
    if (v_channels % num_heads != 0)
        fail(ErrorKind::Config, "v_channels (" + std::to_string(v_channels) + ") must be divisible by num_heads (" +
                                    std::to_string(num_heads) + ")");
    layernorm1 = register_module("layernorm1", layerNorm(q_dim));
    if (is_cross_attention) layernorm2 = register_module("layernorm2", layerNorm(kv_dim));
    query = register_module("query", torch::nn::Linear(q_dim, qk_channels));
    key = register_module("key", torch::nn::Linear(kv_dim, qk_channels));
    value = register_module("value", torch::nn::Linear(kv_dim, v_channels));
    cross_ = is_cross_attention;
    fuseProjections();
}

void SelfAttention::fuseProjections() {
    // One buffer for the projections that read the same input; the parameters become views.
    torch::NoGradGuard noGrad;
    std::vector<torch::nn::Linear*> parts = cross_ ? std::vector<torch::nn::Linear*>{&key, &value}
                                                   : std::vector<torch::nn::Linear*>{&query, &key, &value};
    std::vector<torch::Tensor> weights, biases;
    for (auto* l : parts) {
        weights.push_back((*l)->weight);
        biases.push_back((*l)->bias);
    }
    fusedWeight_ = torch::cat(weights, 0);
    fusedBias_ = torch::cat(biases, 0);
    int64_t row = 0;
    for (auto* l : parts) {
        const int64_t n = (*l)->weight.size(0);
        (*l)->weight.set_data(fusedWeight_.narrow(0, row, n));
        (*l)->bias.set_data(fusedBias_.narrow(0, row, n));
        row += n;
    }
}

bool SelfAttention::fusedIntact() const {
    if (!fusedWeight_.defined()) return false;
    const std::vector<const torch::nn::Linear*> parts = cross_ ? std::vector<const torch::nn::Linear*>{&key, &value}
                                                              : std::vector<const torch::nn::Linear*>{&query, &key, &value};
    int64_t row = 0;
    for (const auto* l : parts) {  // each parameter still a view at its place in the buffers
        const torch::Tensor& w = (*l)->weight;
        const torch::Tensor& b = (*l)->bias;
        if (w.device() != fusedWeight_.device() || w.data_ptr() != fusedWeight_[row].data_ptr() || b.data_ptr() != fusedBias_[row].data_ptr())
            return false;
        row += w.size(0);
    }
    return true;
}

namespace {

/// The rows of an additive mask broadcastable to (B, heads, Mq, Mkv) that example b and head h
/// see: (1 or Mq, 1 or Mkv).
torch::Tensor maskFor(const torch::Tensor& mask, int64_t b, int64_t h) {
    torch::Tensor m = mask;
    while (m.dim() > 2) m = m.size(0) > 1 ? m[m.dim() == 4 ? b : h] : m[0];
    return m;
}

/// A softmax-weighted sum over keys that arrive in chunks (online softmax): the running
/// maximum, sum of exponentials and weighted sum, rescaled whenever a chunk raises the
/// maximum. Sums in float32 whatever the scores are. rows: the leading sizes, e.g. (Mq) or
/// (B, heads, Mq); channels: the width of the values.
struct OnlineSoftmax {
    torch::Tensor best, total, acc;
    OnlineSoftmax(std::vector<int64_t> rows, int64_t channels, const torch::TensorOptions& options) {
        const auto sums = options.dtype(torch::kFloat);
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
        acc.mul_(rescale).add_(torch::matmul(scores, values));
        best = newBest;
    }
    torch::Tensor result() { return acc.div_(total); }
};

}  // namespace

/// Cross-attention in the inputs' space, for few queries and heads over many inputs: with x the
/// normalised inputs, q.k = (q W_k,h) . x + q.b_k, and sum_j p_j v_j = (sum_j p_j x_j) W_v,h^T + b_v
/// (the p_j sum to 1), so neither keys nor values are projected: each query is mapped into the
/// inputs' C channels once per head (q W_k,h), and the weighted sum of the inputs is projected
/// once at the end. q.b_k is the same for every input of a query, which the softmax ignores.
/// The multimodal encoder (784 queries, 1 head, C = 704, 50,000 inputs) does half the work.
/// Shapes and streaming as streamedCrossAttention.
torch::Tensor SelfAttention::inputSpaceCrossAttention(const torch::Tensor& q, const torch::Tensor& inputs, const torch::Tensor& mask,
                                                      int64_t rows) {
    const int64_t B = q.size(0), Mq = q.size(2), Mkv = inputs.size(1), C = inputs.size(2);
    const int64_t dqk = qk_channels / num_heads, dv = v_channels / num_heads;
    const torch::Tensor& wk = key->weight;    // (qk, C)
    const torch::Tensor& wv = value->weight;  // (v, C)
    std::vector<torch::Tensor> qx;
    std::vector<OnlineSoftmax> sums;
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < num_heads; ++h) {
            qx.push_back(torch::mm(q[b][h], wk.narrow(0, h * dqk, dqk)));  // (Mq, C)
            sums.emplace_back(std::vector<int64_t>{Mq}, C, q.options());
        }
    for (int64_t s = 0; s < Mkv; s += rows) {
        const int64_t e = std::min(Mkv, s + rows);
        const torch::Tensor x = layernorm2(inputs.slice(1, s, e));  // (B, n, C)
        for (int64_t b = 0; b < B; ++b)
            for (int64_t h = 0; h < num_heads; ++h) {
                const size_t i = static_cast<size_t>(b * num_heads + h);
                torch::Tensor scores = torch::mm(qx[i], x[b].t());  // (Mq, n)
                if (mask.defined()) {
                    const torch::Tensor m = maskFor(mask, b, h);
                    scores.add_(m.size(-1) == 1 ? m : m.slice(-1, s, e));
                }
                sums[i].add(scores, x[b]);
            }
    }
    torch::Tensor context = torch::empty({B, num_heads, Mq, dv}, q.options());
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < num_heads; ++h) {
            const size_t i = static_cast<size_t>(b * num_heads + h);
            context[b][h].copy_(torch::addmm(value->bias.narrow(0, h * dv, dv), sums[i].result(), wv.narrow(0, h * dv, dv).t()));
        }
    return context;
}

/// Cross-attention over many inputs without their normalised copy or their whole key/value
/// projections: the inputs are read in row chunks (layernorm2, one GEMM for keys and values),
/// and the softmax runs online (running maximum, sum and weighted values, rescaled as a chunk
/// raises the maximum), so memory is a chunk's. Mathematically the reference's softmax; the
/// float rounding of the sums differs. q: (B, heads, Mq, dqk), pre-scaled; inputs (B, Mkv, C);
/// mask broadcastable to (B, heads, Mq, Mkv) or undefined. Returns the context (B, heads, Mq, dv).
torch::Tensor SelfAttention::streamedCrossAttention(const torch::Tensor& q, const torch::Tensor& inputs, const torch::Tensor& mask,
                                                    int64_t rows) {
    const int64_t B = q.size(0), Mq = q.size(2), Mkv = inputs.size(1), C = inputs.size(2);
    const int64_t dqk = qk_channels / num_heads, dv = v_channels / num_heads;
    // Multiply-adds per input row: projecting keys and values, then scores and the weighted sum
    // (C (qk + v) + Mq (qk + v)), or working in the inputs' space (2 heads Mq C, below).
    if (2 * num_heads * Mq * C < (C + Mq) * (qk_channels + v_channels)) return inputSpaceCrossAttention(q, inputs, mask, rows);
    OnlineSoftmax sums({B, num_heads, Mq}, dv, q.options());
    for (int64_t s = 0; s < Mkv; s += rows) {
        const int64_t e = std::min(Mkv, s + rows), n = e - s;
        const torch::Tensor kv = linear(layernorm2(inputs.slice(1, s, e)), fusedWeight_, fusedBias_);  // (B, n, qk + v)
        const torch::Tensor kT = kv.narrow(-1, 0, qk_channels).view({B, n, num_heads, dqk}).permute({0, 2, 3, 1});
        const torch::Tensor v = kv.narrow(-1, qk_channels, v_channels).view({B, n, num_heads, dv}).permute({0, 2, 1, 3});
        torch::Tensor scores = torch::matmul(q, kT);  // (B, heads, Mq, n)
        if (mask.defined()) scores.add_(mask.size(-1) == 1 ? mask : mask.slice(-1, s, e));
        sums.add(scores, v);
    }
    return sums.result();
}

AttentionResult SelfAttention::forward(const torch::Tensor& hidden_in, const torch::Tensor& inputs_in,
                                       const torch::Tensor& mask, const torch::Tensor& head_mask,
                                       bool output_attentions) {
    const torch::Tensor hidden = layernorm1(hidden_in);
    const bool cross = inputs_in.defined();
    // Many inputs (their keys and values over attentionChunkBytes()): stream them. CPU only: the
    // GPU keeps the path verified there (packaging/cuda-check.sh) and has the memory.
    if (cross && !output_attentions && !head_mask.defined() && !torch::GradMode::is_enabled() && hidden.device().is_cpu() &&
        fusedIntact()) {
        const int64_t B = hidden.size(0), Mq = hidden.size(1), Mkv = inputs_in.size(1);
        const int64_t rowBytes = B * (qk_channels + v_channels) * static_cast<int64_t>(sizeof(float));
        if (Mkv * rowBytes > attentionChunkBytes()) {
            // Rows per chunk: its keys/values and its scores within the budget, at most 4,096
            // (oneDNN's fast range for the projection GEMM).
            const int64_t scoreRowBytes = B * num_heads * Mq * static_cast<int64_t>(sizeof(float));
            const int64_t rows = std::clamp<int64_t>(attentionChunkBytes() / std::max(rowBytes, scoreRowBytes), 1, 4096);
            const int64_t dqk = qk_channels / num_heads;
            torch::Tensor qp = linear(hidden, query).mul_(1.0 / std::sqrt(static_cast<double>(dqk)));
            const torch::Tensor q = qp.view({B, Mq, num_heads, dqk}).permute({0, 2, 1, 3});
            const torch::Tensor context = streamedCrossAttention(q, inputs_in, mask, rows);
            AttentionResult result;
            result.output = context.permute({0, 2, 1, 3}).contiguous().view({B, Mq, v_channels});
            return result;
        }
    }
    const torch::Tensor kv = cross ? layernorm2(inputs_in) : hidden;

    const int64_t B = hidden.size(0), Mq = hidden.size(1), Mkv = kv.size(1);
    const int64_t dqk = qk_channels / num_heads, dv = v_channels / num_heads;
    torch::Tensor qp, kp, vp;  // projections (B, M, C)
    if (!torch::GradMode::is_enabled() && fusedIntact()) {  // (the buffer has no gradient)
        const torch::Tensor all = linear(kv, fusedWeight_, fusedBias_);  // one GEMM for what reads `kv`
        if (cross) {
            qp = linear(hidden, query);
            kp = all.narrow(-1, 0, qk_channels);
            vp = all.narrow(-1, qk_channels, v_channels);
        } else {
            qp = all.narrow(-1, 0, qk_channels);
            kp = all.narrow(-1, qk_channels, qk_channels);
            vp = all.narrow(-1, 2 * qk_channels, v_channels);
        }
    } else {
        qp = linear(hidden, query);
        kp = linear(kv, key);
        vp = linear(kv, value);
    }
    // (B, M, C) -> (B, heads, M, C/heads) as strided views: batched GEMMs read them in place.
    // q is pre-scaled by 1/sqrt(d), cheaper than scaling the (queries x keys) scores.
    const double scale = std::sqrt(static_cast<double>(dqk));
    auto split = [&](const torch::Tensor& x, int64_t d) { return x.view({B, x.size(1), num_heads, d}).permute({0, 2, 1, 3}); };
    // In place when no gradient is recorded: the flow decoder's q alone is 182,528 x 512 floats.
    if (torch::GradMode::is_enabled()) qp = qp.mul(1.0 / scale);
    else qp.mul_(1.0 / scale);
    const torch::Tensor q = split(qp, dqk);
    const torch::Tensor kT = split(kp, dqk).transpose(-1, -2);
    const torch::Tensor vv = split(vp, dv);

    auto attend = [&](const torch::Tensor& qc, const torch::Tensor& maskc, torch::Tensor* probsOut) {
        torch::Tensor scores = torch::matmul(qc, kT);
        if (maskc.defined()) scores.add_(maskc);
        if (!probsOut && !head_mask.defined() && qc.device().is_cpu()) {
            // Normalised after the product: (exp(s - max) v) / sum instead of softmax(s) v, one
            // pass fewer over the (queries x keys) scores (the division runs on the context);
            // rounding differs only.
            scores.sub_(std::get<0>(scores.max(-1, true))).exp_();
            const torch::Tensor total = scores.sum(-1, true);
            return torch::matmul(scores, vv).div_(total);
        }
        torch::Tensor probs = torch::softmax(scores, -1);  // (an in-place softmax_out measured slower and larger)
        scores.reset();
        if (head_mask.defined()) probs.mul_(head_mask);
        torch::Tensor ctx = torch::matmul(probs, vv);
        if (probsOut) *probsOut = probs;
        return ctx;
    };

    AttentionResult result;
    if (!output_attentions && !head_mask.defined() && !torch::GradMode::is_enabled() && q.device().is_cpu() && Mq >= 512 && Mkv >= 512 &&
        Mq * Mkv >= (1 << 19)) {
        // On the CPU, one 2-D GEMM per head and query chunk where the heads' products are large:
        // LibTorch 1.13's batched GEMM ran the flow encoder's (2,048 x 2,048 per head, 32
        // channels) 6x slower than separate calls did; on smaller ones (vision's 512 x 512, the
        // language model's 256 x 2,048 and 2,048 x 256) the batched call was as fast or faster.
        // The context is written in the output's (B, Mq, heads, dv) layout directly.
        torch::Tensor out = torch::empty({B, Mq, num_heads, dv}, q.options());
        const int64_t rows = std::clamp<int64_t>(attentionChunkBytes() / std::max<int64_t>(1, Mkv * static_cast<int64_t>(sizeof(float))), 1, Mq);
        for (int64_t b = 0; b < B; ++b)
            for (int64_t h = 0; h < num_heads; ++h) {
                const torch::Tensor qh = q[b][h], kh = kT[b][h], vh = vv[b][h];  // (Mq, dqk), (dqk, Mkv), (Mkv, dv)
                const torch::Tensor mh = mask.defined() ? maskFor(mask, b, h) : torch::Tensor();
                for (int64_t s = 0; s < Mq; s += rows) {
                    const int64_t e = std::min(Mq, s + rows);
                    torch::Tensor scores = torch::mm(qh.slice(0, s, e), kh);
                    if (mh.defined()) scores.add_(mh.size(0) > 1 ? mh.slice(0, s, e) : mh);
                    scores.sub_(std::get<0>(scores.max(-1, true))).exp_();
                    const torch::Tensor total = scores.sum(-1, true);
                    out[b].slice(0, s, e).select(1, h).copy_(torch::mm(scores, vh).div_(total));
                }
            }
        result.output = out.view({B, Mq, num_heads * dv});
        return result;
    }
    torch::Tensor context;  // (B, heads, Mq, dv)
    const int64_t rowBytes = B * num_heads * Mkv * static_cast<int64_t>(sizeof(float));
    const int64_t chunk = std::max<int64_t>(1, attentionChunkBytes() / std::max<int64_t>(1, rowBytes));
    if (output_attentions || chunk >= Mq) {
        context = attend(q, mask, output_attentions ? &result.probs : nullptr);
    } else {
        context = torch::empty({B, num_heads, Mq, dv}, q.options());
        // A mask that varies over queries (dim -2 > 1) is sliced with them.
        const bool maskPerQuery = mask.defined() && mask.dim() >= 2 && mask.size(-2) > 1;
        for (int64_t s = 0; s < Mq; s += chunk) {
            const int64_t e = std::min(Mq, s + chunk);
            const torch::Tensor mc = maskPerQuery ? mask.slice(-2, s, e) : mask;
            context.slice(2, s, e).copy_(attend(q.slice(2, s, e), mc, nullptr));
        }
    }
    result.output = context.permute({0, 2, 1, 3}).contiguous().view({B, Mq, num_heads * dv});
    return result;
}

SelfOutput::SelfOutput(int64_t input_channels, int64_t output_channels) {
    dense = register_module("dense", torch::nn::Linear(input_channels, output_channels));
}

Attention::Attention(const PerceiverConfig& config, bool is_cross_attention, std::optional<int64_t> qk,
                     std::optional<int64_t> v, int64_t heads, int64_t q_dim, int64_t kv_dim, bool residual)
    : use_query_residual(residual) {
    if (is_cross_attention && !qk) {
        qk = config.cross_attention_shape_for_attention == "q" ? q_dim : kv_dim;
    } else {
        if (!qk) qk = q_dim;
        if (!v) v = qk;
    }
    self = register_module("self", std::make_shared<SelfAttention>(config, is_cross_attention, qk, v, heads, q_dim, kv_dim));
    // Cross-attention projects back to the query width; self-attention maps v -> v.
    const int64_t out = is_cross_attention ? q_dim : *v;
    output = register_module("output", std::make_shared<SelfOutput>(self->v_channels, out));
}

AttentionResult Attention::forward(const torch::Tensor& hidden, const torch::Tensor& inputs, const torch::Tensor& mask,
                                   const torch::Tensor& head_mask, bool output_attentions) {
    AttentionResult r = self->forward(hidden, inputs, mask, head_mask, output_attentions);
    r.output = output->forward(r.output);
    if (use_query_residual) {
        if (r.output.sizes() != hidden.sizes())
            fail(ErrorKind::Config, "query residual needs the attention output width (" + std::to_string(r.output.size(-1)) +
                                        ") to equal the query width (" + std::to_string(hidden.size(-1)) + ")");
        r.output.add_(hidden);
    }
    return r;
}

MLP::MLP(const PerceiverConfig& config, int64_t input_size, int64_t widening_factor) : act(config.hidden_act) {
    checkActivation(act);
    dense1 = register_module("dense1", torch::nn::Linear(input_size, widening_factor * input_size));
    dense2 = register_module("dense2", torch::nn::Linear(widening_factor * input_size, input_size));
}

torch::Tensor MLP::forward(const torch::Tensor& x) { return linear(activation(act, linear(x, dense1)), dense2); }

Layer::Layer(const PerceiverConfig& config, bool is_cross_attention, std::optional<int64_t> qk,
             std::optional<int64_t> v, int64_t heads, int64_t q_dim, int64_t kv_dim, int64_t widening_factor,
             bool use_query_residual)
    : chunk_size_feed_forward(config.chunk_size_feed_forward) {
    attention = register_module("attention", std::make_shared<Attention>(config, is_cross_attention, qk, v, heads, q_dim,
                                                                         kv_dim, use_query_residual));
    layernorm = register_module("layernorm", layerNorm(q_dim));
    mlp = register_module("mlp", std::make_shared<MLP>(config, q_dim, widening_factor));
}

AttentionResult Layer::forward(const torch::Tensor& hidden, const torch::Tensor& inputs, const torch::Tensor& mask,
                               const torch::Tensor& head_mask, bool output_attentions) {
    AttentionResult r;
    {
        profile::Scope stage("attention");
        r = attention->forward(hidden, inputs, mask, head_mask, output_attentions);
    }
    profile::Scope stage("mlp");
    const torch::Tensor& a = r.output;
    torch::Tensor ff;
    if (chunk_size_feed_forward > 0 && a.size(1) > chunk_size_feed_forward) {
        // apply_chunking_to_forward: the same rows in slices along the sequence axis.
        std::vector<torch::Tensor> parts;
        for (const auto& c : a.split(chunk_size_feed_forward, 1)) parts.push_back(mlp->forward(layernorm(c)));
        ff = torch::cat(parts, 1);
    } else {
        ff = mlp->forward(layernorm(a));
    }
    r.output = ff.add_(a);
    return r;
}

}  // namespace perceiver
