#include "model/decoder_fold.h"

#include "common/error.h"
#include "model/attention.h"
#include "model/precision.h"

#include <torch/torch.h>

#include <atomic>
#include <cstdlib>
#include <vector>

namespace perceiver {

namespace {

// PERCEIVER_NO_DECODER_FOLD=1 starts with folding off (as PERCEIVER_NO_ONEDNN for oneDNN):
// to compare a whole application run with the reference form.
std::atomic<bool> gFolding{!std::getenv("PERCEIVER_NO_DECODER_FOLD")}, gScoreFolding{true};

/// What a folded weight was made from: the tensor, its storage and its in-place writes.
struct Source {
    const void* impl = nullptr;
    const void* data = nullptr;
    int64_t version = 0;
    bool operator==(const Source& o) const { return impl == o.impl && data == o.data && version == o.version; }
};
Source sourceOf(const torch::Tensor& t) { return {t.unsafeGetTensorImpl(), t.data_ptr(), t._version()}; }

}  // namespace

bool decoderFolding() { return gFolding.load(); }
void setDecoderFolding(bool on) { gFolding.store(on); }
bool decoderScoreFolding() { return gScoreFolding.load(); }
void setDecoderScoreFolding(bool on) { gScoreFolding.store(on); }

const char* foldFormName(FoldForm form) {
    switch (form) {
        case FoldForm::Latent: return "latent";
        case FoldForm::Output: return "output";
        case FoldForm::None: break;
    }
    return "none";
}

FoldCosts foldCosts(int64_t v, int64_t q, int64_t h, int64_t o) {
    FoldCosts c;
    // Reference: output projection, the MLP's two layers, the final layer.
    c.reference = v * q + q * h + h * q + q * o;
    // Latent: the layer norm's statistics (R^T is min(q, v + 1) wide), the MLP's first layer,
    // the context and the activations into the final layer.
    c.latent = v * std::min(q, v + 1) + v * h + v * o + h * o;
    // Output: as the reference, with the MLP's second layer multiplied into the final one.
    c.output = v * q + q * h + h * o + q * o;
    const int64_t best = std::min(c.latent, c.output);
    if (5 * best <= 4 * c.reference) c.best = best == c.latent ? FoldForm::Latent : FoldForm::Output;
    return c;
}

/// The folded weights, all (out, in) as Linear's, in the weights' dtype and device. With a
/// projection P after the final layer, "the final layer" below is P Wf (and its bias P bf + bp).
struct DecoderFold::Folded {
    std::vector<Source> sources;
    // Latent: [R; Wh] read the context at once: the first r rows give t, |t|^2 = q var(x);
    // the next h rows give u, h = u / sigma + hBias.
    torch::Tensor statsAndHidden, statsAndHiddenBias, hiddenBias;
    int64_t r = 0;
    // The final layer's inputs: Latent: contextOut (o, v) reads the context; Output: finalOut
    // (o, q) reads x. hiddenOut (o, h) reads the activations; outBias (o).
    torch::Tensor contextOut, finalOut, hiddenOut, outBias;
};

DecoderFold::DecoderFold(Layer& layer, torch::nn::LinearImpl& finalLayer) : layer_(layer), final_(finalLayer) {
    if (layer.attention->use_query_residual) fail(ErrorKind::Internal, "a decoder fold needs a layer without query residual");
    const auto& dense1 = layer.mlp->dense1->weight;
    const int64_t v = layer.attention->self->v_channels, q = dense1.size(1), h = dense1.size(0);
    const int64_t o = final_.weight.size(0);
    form_ = foldCosts(v, q, h, o).best;
}

bool DecoderFold::applies(const torch::Tensor& like) const {
    return form_ != FoldForm::None && decoderFolding() && !torch::GradMode::is_enabled() && like.scalar_type() == torch::kFloat &&
           !reducedProductsOn(like.device()) &&
           layer_.mlp->dense1->weight.scalar_type() == torch::kFloat;
}

std::shared_ptr<const DecoderFold::Folded> DecoderFold::current(const torch::nn::LinearImpl* projection) {
    auto& att = *layer_.attention;
    auto& mlp = *layer_.mlp;
    const torch::Tensor Wo = att.output->dense->weight, bo = att.output->dense->bias;  // (q, v), (q)
    const torch::Tensor gamma = layer_.layernorm->weight, beta = layer_.layernorm->bias;  // (q)
    const torch::Tensor W1 = mlp.dense1->weight, b1 = mlp.dense1->bias;  // (h, q), (h)
    const torch::Tensor W2 = mlp.dense2->weight, b2 = mlp.dense2->bias;  // (q, h), (q)
    const torch::Tensor Wf = final_.weight, bf = final_.bias;  // (o, q), (o)
    std::vector<torch::Tensor> all = {Wo, bo, gamma, beta, W1, b1, W2, b2, Wf, bf};
    if (projection) all.insert(all.end(), {projection->weight, projection->bias});
    std::vector<Source> sources;
    for (const auto& t : all) sources.push_back(sourceOf(t));

    std::lock_guard<std::mutex> lock(mutex_);
    std::shared_ptr<const Folded>& cached = folded_[projection];
    if (cached && cached->sources == sources) return cached;

    // Built in float64 from the weights as they are now, stored in their dtype.
    torch::NoGradGuard noGrad;
    auto d = [](const torch::Tensor& t) { return t.detach().to(torch::kDouble); };
    auto back = [&](const torch::Tensor& t) { return t.to(Wo.scalar_type()).contiguous(); };
    auto f = std::make_shared<Folded>();
    f->sources = sources;
    const torch::Tensor wo = d(Wo), bo64 = d(bo), g = d(gamma), be = d(beta), w1 = d(W1), bb1 = d(b1), w2 = d(W2), bb2 = d(b2);
    // The final layer, followed by the projection when there is one.
    const torch::Tensor wf = projection ? torch::matmul(d(projection->weight), d(Wf)) : d(Wf);
    const torch::Tensor bbf = projection ? torch::matmul(d(projection->weight), d(bf)) + d(projection->bias) : d(bf);
    if (form_ == FoldForm::Latent) {
        // x - mean(x) = [c, 1] G, G = [Wo^T centred over x's channels; bo centred]  ((v + 1, q)).
        const torch::Tensor G = torch::cat({wo.t() - wo.mean(0).unsqueeze(1), (bo64 - bo64.mean()).unsqueeze(0)}, 0);
        // G^T = Q R, so |[c, 1] G|^2 = |[c, 1] R^T|^2: R^T's rows over [c, 1] give t.
        const torch::Tensor R = std::get<1>(torch::linalg_qr(G.t(), "reduced"));  // (r, v + 1)
        f->r = R.size(0);
        const int64_t v = G.size(0) - 1;
        // u = [c, 1] G diag(gamma) W1^T  ((v + 1, h)); h = u / sigma + W1 beta + b1.
        const torch::Tensor U = torch::matmul(G * g.unsqueeze(0), w1.t());
        const torch::Tensor rows = torch::cat({R.narrow(1, 0, v), U.narrow(0, 0, v).t()}, 0);       // (r + h, v)
        const torch::Tensor bias = torch::cat({R.select(1, v), U.select(0, v)}, 0);                // (r + h)
        f->statsAndHidden = back(rows);
        f->statsAndHiddenBias = back(bias);
        f->hiddenBias = back(torch::matmul(w1, be) + bb1);
        // out = x Wf^T + act(h) (Wf W2)^T + (b2 Wf^T + bf), x = c Wo^T + bo.
        f->contextOut = back(torch::matmul(wf, wo));
        f->outBias = back(torch::matmul(wf, bo64 + bb2) + bbf);
    } else {
        f->finalOut = back(wf);
        f->outBias = back(torch::matmul(wf, bb2) + bbf);
    }
    f->hiddenOut = back(torch::matmul(wf, w2));
    cached = f;
    return cached;
}

torch::Tensor DecoderFold::forward(const torch::Tensor& context, const torch::nn::LinearImpl* projection) {
    const std::shared_ptr<const Folded> f = current(projection);
    auto& mlp = *layer_.mlp;
    const int64_t B = context.size(0), Q = context.size(1);
    const torch::Tensor c = context.reshape({B * Q, context.size(2)});
    torch::Tensor out, act;
    if (form_ == FoldForm::Latent) {
        const int64_t q = mlp.dense1->weight.size(1);
        const torch::Tensor th = linear(c, f->statsAndHidden, f->statsAndHiddenBias);  // (N, r + h)
        const torch::Tensor t = th.narrow(1, 0, f->r);
        // 1 / sigma of x, as LayerNorm: biased variance plus eps, per query.
        const torch::Tensor inv = torch::rsqrt(t.square().sum(1, true).div_(static_cast<double>(q)).add_(layer_.layernorm->options.eps()));
        const torch::Tensor hidden = th.narrow(1, f->r, th.size(1) - f->r).mul(inv).add_(f->hiddenBias);
        act = activation(mlp.act, hidden);
        out = linear(c, f->contextOut, f->outBias);
    } else {
        auto& att = *layer_.attention;
        const torch::Tensor x = linear(c, att.output->dense);
        act = activation(mlp.act, linear(layer_.layernorm(x), mlp.dense1));
        out = linear(x, f->finalOut, f->outBias);
    }
    counted(out.addmm_(act, f->hiddenOut.t()), act.size(1));
    return out.view({B, Q, out.size(1)});
}

}  // namespace perceiver
