// FloatArray (attention.h) to and from torch tensors, for the pipelines' own use.
#pragma once

#include "pipelines/attention.h"

#include <torch/types.h>

namespace perceiver {

/// A copy of batch item 0 of `t` (the batch dimension dropped), as float on the CPU.
FloatArray batchItemArray(const torch::Tensor& t);
/// A copy of `t` (any device or floating type) as a FloatArray of its shape.
FloatArray tensorArray(const torch::Tensor& t);
/// The elements of `t` (any device or floating type), row-major, as float.
std::vector<float> tensorValues(const torch::Tensor& t);
/// A view on `a`'s data: `a` must outlive it.
torch::Tensor arrayView(const FloatArray& a);

}  // namespace perceiver
