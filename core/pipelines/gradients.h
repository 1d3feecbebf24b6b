// The attribution engine under attribution.h, on tensors: for the pipelines and the tests.
#pragma once

#include "common/progress.h"
#include "pipelines/attribution.h"

#include <torch/nn/module.h>
#include <torch/types.h>

#include <functional>
#include <vector>

namespace perceiver {

struct GradientAttribution {
    std::vector<torch::Tensor> attributions;  ///< per input, its shape (batch 1), float on the CPU
    double value = 0, baseline_value = 0;     ///< f(x), f(baseline)
    int steps = 0;                            ///< the nodes used (AttributionOptions::refine)
};

/// Attributions of the scalar output `f` to the inputs `xs` (each (1, ...), floating) by
/// `options`: f maps a batch of every input, (B, ...) each, to (B,) outputs; gradients are
/// recorded inside (not under InferenceMode). `baselines` match `xs` (IG; grad x input ignores them
/// but reports f of them). `model`'s parameters stop requiring gradients during the call (only
/// the inputs' are wanted; LibTorch 1.13's autograd::grad fails on these graphs otherwise).
GradientAttribution attributeInputs(torch::nn::Module& model, const std::vector<torch::Tensor>& xs, const std::vector<torch::Tensor>& baselines,
                                    const std::function<torch::Tensor(const std::vector<torch::Tensor>&)>& f,
                                    const AttributionOptions& options, Progress* progress = nullptr);

/// AttributionOptions::batch 0 resolved for a model reading `positions` inputs into `latents`.
int attributionBatch(const AttributionOptions& options, int64_t positions, int64_t latents);

/// The baseline of one input (1, ...) for `kind`: a `spatial` input (images, frames, patches) is
/// blurred over its last two dimensions; Blur on another input throws Error(InvalidInput)
/// naming `what`.
torch::Tensor baselineOf(const torch::Tensor& x, AttributionBaseline kind, bool spatial, const std::string& what);

}  // namespace perceiver
