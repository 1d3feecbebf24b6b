#include "model/precision.h"

#include "common/error.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace perceiver {

namespace {

// LibTorch 2.4 made the autocast API per device type; 1.13 (Debian) has the CUDA-only one.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
bool cudaAutocastEnabled() { return at::autocast::is_autocast_enabled(at::kCUDA); }
void setCudaAutocast(bool on) { at::autocast::set_autocast_enabled(at::kCUDA, on); }
torch::ScalarType cudaAutocastType() { return at::autocast::get_autocast_dtype(at::kCUDA); }
void setCudaAutocastType(torch::ScalarType t) { at::autocast::set_autocast_dtype(at::kCUDA, t); }
#else
bool cudaAutocastEnabled() { return at::autocast::is_enabled(); }
void setCudaAutocast(bool on) { at::autocast::set_enabled(on); }
torch::ScalarType cudaAutocastType() { return at::autocast::get_autocast_gpu_dtype(); }
void setCudaAutocastType(torch::ScalarType t) { at::autocast::set_autocast_gpu_dtype(t); }
#endif

}  // namespace

Precision parsePrecision(const std::string& name) {
    if (name == "fp32" || name == "float32") return Precision::Float32;
    if (name == "bf16" || name == "bfloat16") return Precision::BFloat16;
    if (name == "fp16" || name == "float16") return Precision::Float16;
    fail(ErrorKind::InvalidInput, "unknown precision '" + name + "' (fp32, bf16, fp16)");
}

std::string precisionName(Precision p) {
    switch (p) {
        case Precision::BFloat16: return "bf16";
        case Precision::Float16: return "fp16";
        case Precision::Float32: break;
    }
    return "fp32";
}

void checkPrecision(Precision p, const torch::Device& device) {
    if (p != Precision::Float32 && !device.is_cuda())
        fail(ErrorKind::InvalidInput, "precision " + precisionName(p) + " needs a CUDA device (--device cuda); the CPU runs fp32");
}

AutocastScope::AutocastScope(const torch::Device& device, Precision p) {
    if (p == Precision::Float32 || !device.is_cuda()) return;
    active_ = true;
    wasEnabled_ = cudaAutocastEnabled();
    previousType_ = cudaAutocastType();
    setCudaAutocastType(p == Precision::BFloat16 ? torch::kBFloat16 : torch::kHalf);
    setCudaAutocast(true);
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
    if (!active_) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();  // the cast weights
    setCudaAutocast(wasEnabled_);
    setCudaAutocastType(previousType_);
}

}  // namespace perceiver
