#include "model/precision_cost.h"

#include "common/error.h"
#include "common/shape.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace perceiver {

namespace {

torch::Tensor cpuDouble(const torch::Tensor& t) { return t.detach().to(torch::kCPU, torch::kDouble); }

void accumulate(PrecisionCost& c, const torch::Tensor& ref, const torch::Tensor& low, const std::string& what) {
    if (!ref.defined() || !low.defined() || ref.sizes() != low.sizes())
        fail(ErrorKind::InvalidInput, "precision cost: " + what + " differ in shape (" + (ref.defined() ? shapeOf(ref) : "none") + " and " +
                                          (low.defined() ? shapeOf(low) : "none") + ")");
    if (ref.numel() == 0) return;
    c.max_abs = std::max(c.max_abs, (low - ref).abs().max().item<double>());
    c.max_reference = std::max(c.max_reference, ref.abs().max().item<double>());
}

/// Rows of logits (..., classes): arg-max agreement and top-5 overlap.
void classify(PrecisionCost& c, const torch::Tensor& ref, const torch::Tensor& low) {
    const int64_t classes = ref.size(-1);
    const torch::Tensor r = ref.reshape({-1, classes}), l = low.reshape({-1, classes});
    c.rows = r.size(0);
    c.top1 = (r.argmax(-1) == l.argmax(-1)).to(torch::kDouble).mean().item<double>();
    const int64_t k = std::min<int64_t>(5, classes);
    const torch::Tensor rt = std::get<1>(r.topk(k, -1)), lt = std::get<1>(l.topk(k, -1));  // (rows, k)
    const torch::Tensor hits = (rt.unsqueeze(2) == lt.unsqueeze(1)).any(2).to(torch::kDouble);  // reference's top k found
    c.top5 = hits.mean().item<double>();
}

}  // namespace

PrecisionCost precisionCost(const std::string& className, const PerceiverOutput& reference, const PerceiverOutput& low) {
    PrecisionCost c;
    if (className == "PerceiverForMultimodalAutoencoding") {
        for (const auto& [name, t] : reference.logits_by_modality) {
            const auto it = low.logits_by_modality.find(name);
            if (it == low.logits_by_modality.end()) fail(ErrorKind::InvalidInput, "precision cost: the low precision output has no '" + name + "'");
            accumulate(c, cpuDouble(t), cpuDouble(it->second), "the " + name + " outputs");
        }
        if (reference.logits_by_modality.count("image")) {
            const torch::Tensor r = cpuDouble(reference.logits_by_modality.at("image")), l = cpuDouble(low.logits_by_modality.at("image"));
            const double peak = (r.max() - r.min()).item<double>(), mse = (l - r).pow(2).mean().item<double>();
            c.psnr = mse > 0 && peak > 0 ? 10 * std::log10(peak * peak / mse) : std::numeric_limits<double>::infinity();
        }
        if (reference.logits_by_modality.count("label"))
            classify(c, cpuDouble(reference.logits_by_modality.at("label")), cpuDouble(low.logits_by_modality.at("label")));
        return c;
    }
    const torch::Tensor r = cpuDouble(reference.logits), l = low.logits.defined() ? cpuDouble(low.logits) : torch::Tensor();
    accumulate(c, r, l, "the logits");
    if (className == "PerceiverForOpticalFlow") {
        c.epe = ((l - r) * 20.0).pow(2).sum(-1).sqrt().mean().item<double>();  // the demo's flow scale
    } else if (className != "PerceiverModel") {
        classify(c, r, l);
    }
    return c;
}

}  // namespace perceiver
