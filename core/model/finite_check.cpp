#include "model/finite_check.h"

#include <torch/torch.h>

namespace perceiver {

std::string nonFiniteWarning(const torch::Tensor& t, const std::string& what) {
    if (!t.defined() || t.numel() == 0 || !t.is_floating_point()) return {};
    const int64_t bad = t.numel() - torch::isfinite(t).sum().item<int64_t>();
    if (bad == 0) return {};
    return std::to_string(bad) + " of " + std::to_string(t.numel()) + " values of " + what +
           " are NaN or infinite: the result is meaningless";
}

std::string nonFiniteWeightsWarning(const torch::nn::Module& module) {
    c10::InferenceMode guard;
    int64_t badTensors = 0, total = 0;
    std::string first;
    auto check = [&](const std::string& name, const torch::Tensor& t) {
        ++total;
        if (!t.defined() || !t.is_floating_point() || t.numel() == 0) return;
        if (torch::isfinite(t).all().item<bool>()) return;
        if (badTensors++ == 0) first = name;
    };
    for (const auto& p : module.named_parameters(/*recurse=*/true)) check(p.key(), p.value());
    for (const auto& b : module.named_buffers(/*recurse=*/true)) check(b.key(), b.value());
    if (badTensors == 0) return {};
    return std::to_string(badTensors) + " of " + std::to_string(total) + " weight tensors hold NaN or infinite values (first: " +
           first + "): every output of this model is suspect";
}

}  // namespace perceiver
