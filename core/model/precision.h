// Arithmetic precision of a forward pass on a GPU.
//
// Usage:
//   const perceiver::Precision p = perceiver::parsePrecision("bf16");   // "fp32", "bf16", "fp16"
//   perceiver::checkPrecision(p, device);                               // CUDA only, else throws
//   { perceiver::AutocastScope autocast(device, p); out = model->forward(in, {}); }
//
// fp32 is the reference arithmetic (the parity fixtures' tolerances hold on CPU and, with TF32
// off, on CUDA). bf16 / fp16 run LibTorch's CUDA autocast: matrix products and convolutions in
// half precision, softmax, layer norms and reductions in float32; outputs are then float32 or
// half, so callers convert what they read. Thread-safety: autocast state is per thread; the
// scope affects only the thread that opened it.
#pragma once

#include <torch/types.h>

#include <string>

namespace perceiver {

enum class Precision { Float32, BFloat16, Float16 };

/// "fp32" | "float32", "bf16" | "bfloat16", "fp16" | "float16"; Error(InvalidInput) otherwise.
Precision parsePrecision(const std::string& name);
std::string precisionName(Precision p);  ///< "fp32", "bf16", "fp16"
/// Error(InvalidInput) when `p` is a half precision and `device` is not a CUDA device.
void checkPrecision(Precision p, const torch::Device& device);

/// Turns CUDA autocast on for this thread (to bf16 / fp16) while alive; no-op for fp32.
class AutocastScope {
public:
    AutocastScope(const torch::Device& device, Precision p);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool active_ = false, wasEnabled_ = false;
    torch::ScalarType previousType_ = torch::kHalf;
};

}  // namespace perceiver
