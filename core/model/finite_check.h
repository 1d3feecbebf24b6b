// Non-finite values in weights and outputs: NaN / Inf give "nan" probabilities and rc 0, which
// a person takes for a result. The pipelines and loadModel attach these warnings to what they
// return; the CLI prints them on stderr, the studio shows them on the page.
//
//   if (auto w = nonFiniteWarning(logits, "the logits"); !w.empty()) result.warnings.push_back(w);
// Thread-safety: pure functions.
#pragma once

#include <torch/types.h>

#include <string>

namespace torch::nn { class Module; }

namespace perceiver {

/// "" when every value of `t` is finite, else "3 of 10 values of <what> are NaN or infinite".
std::string nonFiniteWarning(const torch::Tensor& t, const std::string& what);
/// "" when every parameter and buffer of `module` is finite, else how many tensors hold NaN /
/// Inf values, naming the first.
std::string nonFiniteWeightsWarning(const torch::nn::Module& module);

}  // namespace perceiver
