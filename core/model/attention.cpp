#include "model/attention.h"
#include "model/attention_kernels.h"

#include "common/error.h"
#include "common/profile.h"
#include "model/precision.h"

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <cmath>

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

/// The CPU's bf16 products for float32 CPU operands in inference (precision.h), or Float32.
CpuProducts productsFor(const torch::Tensor& a) {
    const CpuProducts mode = cpuProducts();
    if (mode == CpuProducts::Float32 || !a.device().is_cpu() || a.scalar_type() != torch::kFloat || torch::GradMode::is_enabled())
        return CpuProducts::Float32;
    return mode;
}
/// An operand in bf16 (emulated: rounded to bf16, kept float32).
torch::Tensor operand(const torch::Tensor& t, CpuProducts mode) {
    torch::Tensor b = t.to(torch::kBFloat16);
    return mode == CpuProducts::EmulatedBFloat16 ? b.to(torch::kFloat) : b;
}
/// A result rounded to bf16 (oneDNN's bf16 GEMM writes bf16), as float32.
torch::Tensor rounded(const torch::Tensor& y) { return y.to(torch::kBFloat16).to(torch::kFloat); }

}  // namespace

torch::Tensor product(const torch::Tensor& a, const torch::Tensor& b) {
    const CpuProducts mode = productsFor(a);
    torch::Tensor y = mode == CpuProducts::Float32 ? torch::matmul(a, b) : rounded(torch::matmul(operand(a, mode), operand(b, mode)));
    return counted(y, a.size(-1));
}

torch::Tensor productAdd(const torch::Tensor& bias, const torch::Tensor& a, const torch::Tensor& b) {
    const CpuProducts mode = productsFor(a);
    torch::Tensor y = mode == CpuProducts::Float32 ? torch::addmm(bias, a, b)
                                                   : rounded(torch::addmm(operand(bias, mode), operand(a, mode), operand(b, mode)));
    return counted(y, a.size(-1));
}

torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
    std::vector<int64_t> shape = x.sizes().vec();
    const torch::Tensor flat = x.dim() == 2 ? x : x.reshape({-1, shape.back()});
    shape.back() = weight.size(0);
    if (productsFor(flat) != CpuProducts::Float32)  // the CPU's bf16 products (counted there)
        return (bias.defined() ? productAdd(bias, flat, weight.t()) : product(flat, weight.t())).view(shape);
    profile::addFlops(2.0 * static_cast<double>(flat.size(0)) * static_cast<double>(flat.size(1)) * static_cast<double>(weight.size(0)));
    torch::Tensor y;
    if (useOneDnn(flat, weight))
        y = torch::mkldnn_linear(flat.contiguous().to_mkldnn(), weight, bias).to_dense();
    else
        y = bias.defined() ? torch::addmm(bias, flat, weight.t()) : torch::mm(flat, weight.t());
    return y.view(shape);
}

torch::Tensor counted(torch::Tensor y, int64_t depth) {
    profile::addFlops(2.0 * static_cast<double>(y.numel()) * static_cast<double>(depth));
    return y;
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
    std::lock_guard<std::mutex> lock(fuseMutex_);
    fuseLocked();
}

void SelfAttention::fuseLocked() {
    // One buffer for the projections that read the same input; the parameters become views.
    // Outside inference mode even when called from a forward under one: the parameters must
    // stay usable in a forward that records gradients.
    c10::InferenceMode notInference(false);
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
    // Each parameter still the view at its place in the buffers: the same storage, dtype and
    // device, the same offset and strides. The buffers are held here, so their memory cannot
    // be reused by a moved parameter (no false match).
    auto viewAt = [](const torch::Tensor& p, const torch::Tensor& buffer, int64_t row) {
        return p.defined() && p.is_alias_of(buffer) && p.scalar_type() == buffer.scalar_type() && p.device() == buffer.device() &&
               p.storage_offset() == buffer.storage_offset() + row * buffer.stride(0) && p.strides() == buffer.strides() &&
               row + p.size(0) <= buffer.size(0);
    };
    int64_t row = 0;
    for (const auto* l : parts) {
        if (!viewAt((*l)->weight, fusedWeight_, row) || !viewAt((*l)->bias, fusedBias_, row)) return false;
        row += (*l)->weight.size(0);
    }
    return true;
}

void SelfAttention::ensureFused() {
    std::lock_guard<std::mutex> lock(fuseMutex_);  // a concurrent forward waits until the views are back
    if (!fusedIntact()) fuseLocked();
}

namespace {

AttentionShape shapeOf(const SelfAttention& a, const torch::Tensor& hidden, const torch::Tensor& inputs,
                       const torch::Tensor& head_mask, bool output_attentions) {
    AttentionShape s;
    s.cross = inputs.defined();
    s.batch = hidden.size(0);
    s.heads = a.num_heads;
    s.queries = hidden.size(1);
    s.keys = s.cross ? inputs.size(1) : hidden.size(1);
    s.qkChannels = a.qk_channels;
    s.vChannels = a.v_channels;
    s.inputChannels = s.cross ? inputs.size(2) : hidden.size(2);
    s.cpu = hidden.device().is_cpu();
    s.gradMode = torch::GradMode::is_enabled();
    s.needProbs = output_attentions;
    s.headMask = head_mask.defined();
    s.budgetBytes = attentionChunkBytes();
    return s;
}

}  // namespace

AttentionPlan SelfAttention::planFor(const torch::Tensor& hidden, const torch::Tensor& inputs, const torch::Tensor& head_mask,
                                     bool output_attentions) const {
    return chooseAttentionPlan(shapeOf(*this, hidden, inputs, head_mask, output_attentions));
}

AttentionResult SelfAttention::forward(const torch::Tensor& hidden, const torch::Tensor& inputs, const torch::Tensor& mask,
                                       const torch::Tensor& head_mask, bool output_attentions) {
    return run(hidden, inputs, mask, head_mask, output_attentions, nullptr);
}

AttentionResult SelfAttention::forwardWithPlan(AttentionPlan plan, const torch::Tensor& hidden, const torch::Tensor& inputs,
                                               const torch::Tensor& mask, const torch::Tensor& head_mask, bool output_attentions) {
    return run(hidden, inputs, mask, head_mask, output_attentions, &plan);
}

AttentionResult SelfAttention::run(const torch::Tensor& hidden_states, const torch::Tensor& inputs_in, const torch::Tensor& mask,
                                   const torch::Tensor& head_mask, bool output_attentions, const AttentionPlan* forced) {
    ensureFused();
    const AttentionShape shape = shapeOf(*this, hidden_states, inputs_in, head_mask, output_attentions);
    const AttentionPlan plan = forced ? *forced : chooseAttentionPlan(shape);
    if (!planSupports(plan, shape))
        fail(ErrorKind::InvalidInput, std::string("the ") + attentionPlanName(plan) + " attention plan cannot run this call");
    // The streamed plans normalise and project the inputs chunk by chunk (attention_kernels.h).
    const bool streamed = isStreamedPlan(plan);
    const bool cross = inputs_in.defined();

    // Layer norms: the queries' always, the inputs' for cross-attention.
    const torch::Tensor hidden = layernorm1(hidden_states);
    const torch::Tensor inputs = !cross ? hidden : streamed ? torch::Tensor() : layernorm2(inputs_in);

    // Queries, keys and values (B, M, C). Without gradients, one GEMM for the projections that
    // read `inputs` (the fused buffer carries no gradient).
    torch::Tensor queries, keys, values;
    const bool fused = !torch::GradMode::is_enabled();
    if (streamed) {
        queries = linear(hidden, query);
    } else if (fused) {
        const torch::Tensor all = linear(inputs, fusedWeight_, fusedBias_);
        if (cross) {
            queries = linear(hidden, query);
            keys = all.narrow(-1, 0, qk_channels);
            values = all.narrow(-1, qk_channels, v_channels);
        } else {
            queries = all.narrow(-1, 0, qk_channels);
            keys = all.narrow(-1, qk_channels, qk_channels);
            values = all.narrow(-1, 2 * qk_channels, v_channels);
        }
    } else {
        queries = linear(hidden, query);
        keys = linear(inputs, key);
        values = linear(inputs, value);
    }

    // Split heads, (B, M, C) -> (B, heads, M, C / heads), as strided views: batched GEMMs read
    // them in place. q is pre-scaled by 1/sqrt(d), cheaper than scaling the (queries x keys)
    // scores; in place when no gradient is recorded (the flow decoder's q alone is 182,528 x 512).
    const int64_t B = hidden.size(0), Mq = hidden.size(1);
    const int64_t dqk = qk_channels / num_heads, dv = v_channels / num_heads;
    auto split = [&](const torch::Tensor& x, int64_t d) { return x.view({B, x.size(1), num_heads, d}).permute({0, 2, 1, 3}); };
    const double scale = 1.0 / std::sqrt(static_cast<double>(dqk));
    queries = torch::GradMode::is_enabled() ? queries.mul(scale) : queries.mul_(scale);
    const torch::Tensor q = split(queries, dqk);

    // Attention: scores, mask, softmax, head mask, weighted values -> context (B, heads, Mq, dv).
    AttentionResult result;
    torch::Tensor context;
    if (streamed)
        context = attendStreamed(plan, q, inputs_in, mask, layernorm2, fusedWeight_, fusedBias_, v_channels, shape.budgetBytes);
    else
        context = attend(plan, q, split(keys, dqk), split(values, dv), mask, head_mask, shape.budgetBytes,
                         output_attentions ? &result.probs : nullptr);

    // Merge heads: (B, heads, Mq, dv) -> (B, Mq, v_channels).
    result.output = context.permute({0, 2, 1, 3}).contiguous().view({B, Mq, v_channels});
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
