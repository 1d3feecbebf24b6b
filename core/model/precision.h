// Arithmetic precision of a forward pass: fp32 (the reference), bf16 on a CUDA device or on
// a CPU with bf16 units, fp16 on a CUDA device.
//
// Usage:
//   const perceiver::Precision p = perceiver::parsePrecision("bf16");   // "fp32", "bf16", "fp16"
//   perceiver::checkPrecision(p, device);             // fp16 needs CUDA, else throws
//   const std::string notice = perceiver::precisionNotice(p, device);  // "" or why fp32 runs
//   { perceiver::AutocastScope autocast(device, p); out = model->forward(in, {}); }
//
// fp32 is the reference arithmetic (the parity fixtures' tolerances hold on CPU and, with TF32
// off, on CUDA). On CUDA, bf16 / fp16 run LibTorch's CUDA autocast: matrix products and
// convolutions in half precision, softmax, layer norms and reductions in float32; outputs are
// then float32 or half, so callers convert what they read.
//
// On the CPU, bf16 runs the model's matrix products — every linear layer and the attention
// products (model/attention.h: linear, product) — with bf16 operands through LibTorch's
// oneDNN GEMMs, which accumulate in float32 and round the result to bf16; everything between
// them (layer norms, softmax, activations, residuals, the image stems' convolutions) stays
// float32, and so do the outputs. That pays only where the CPU has bf16 units (AVX-512 BF16 or
// AMX: cpuHasBf16()); elsewhere AutocastScope runs fp32 and precisionNotice() says so. The
// same rounding can be emulated in float32 on any CPU (setCpuBf16Emulation, or the
// environment's PERCEIVER_EMULATE_BF16=1): operands and results rounded to bf16, products
// in float32 — as slow as fp32, for measuring bf16's accuracy cost (tests, bench) where
// the CPU has no bf16.
//
// Thread-safety: the scope's state is per thread; it affects only the thread that opened it
// (LibTorch's intra-op threads run inside the products it issues).
#pragma once

#include <torch/types.h>

#include <optional>
#include <string>

namespace perceiver {

enum class Precision { Float32, BFloat16, Float16 };

/// "fp32" | "float32", "bf16" | "bfloat16", "fp16" | "float16"; Error(InvalidInput) otherwise.
Precision parsePrecision(const std::string& name);
std::string precisionName(Precision p);  ///< "fp32", "bf16", "fp16"
/// Error(InvalidInput) when `p` is fp16 and `device` is not a CUDA device.
void checkPrecision(Precision p, const torch::Device& device);
/// True when this CPU has bf16 units (AVX-512 BF16 or AMX-BF16).
bool cpuHasBf16();
/// Emulate the CPU's bf16 rounding in float32 where the CPU has no bf16 (process-wide; off by
/// default unless PERCEIVER_EMULATE_BF16=1).
void setCpuBf16Emulation(bool on);
bool cpuBf16Emulation();
/// True when `p` is not fp32 and a reduced precision really runs on `device` (CUDA, the CPU's
/// bf16 units, or their emulation): what AutocastScope turns on.
bool reducedPrecisionRuns(Precision p, const torch::Device& device);
/// "" when `p` runs as asked on `device`; else one line saying what runs instead (bf16 on a
/// CPU without bf16 units: fp32).
std::string precisionNotice(Precision p, const torch::Device& device);

/// How this thread's matrix products run on the CPU (set by AutocastScope).
enum class CpuProducts { Float32, BFloat16, EmulatedBFloat16 };
CpuProducts cpuProducts();
/// True while this thread's products on `device` are not plain fp32: the CPU's bf16 products
/// (or their emulation) on the CPU, autocast on CUDA.
bool reducedProductsOn(const torch::Device& device);

/// Sets this thread's CPU products while alive, whatever the CPU has (AutocastScope's CPU half
/// decides by the CPU; tests force BFloat16 to run LibTorch's bf16 GEMMs on any CPU).
class CpuProductsScope {
public:
    explicit CpuProductsScope(CpuProducts mode);
    ~CpuProductsScope();
    CpuProductsScope(const CpuProductsScope&) = delete;
    CpuProductsScope& operator=(const CpuProductsScope&) = delete;

private:
    CpuProducts previous_;
};

/// Turns CUDA autocast on for this thread (to bf16 / fp16), or the CPU's bf16 products, while
/// alive; no-op for fp32 and for bf16 on a CPU without bf16 units (unless emulated).
class AutocastScope {
public:
    AutocastScope(const torch::Device& device, Precision p);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool active_ = false, wasEnabled_ = false;
    torch::ScalarType previousType_ = torch::kHalf;
    std::optional<CpuProductsScope> cpu_;
};

}  // namespace perceiver
