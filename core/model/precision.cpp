#include "model/precision.h"

#include "common/error.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

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

thread_local CpuProducts t_cpuProducts = CpuProducts::Float32;

std::atomic<bool>& emulationFlag() {
    static std::atomic<bool> on{[] {
        const char* e = std::getenv("PERCEIVER_EMULATE_BF16");
        return e && std::strcmp(e, "1") == 0;
    }()};
    return on;
}

}  // namespace

bool cpuHasBf16() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512bf16") || __builtin_cpu_supports("amx-bf16");
    }();
    return has;
#else
    return false;
#endif
}

void setCpuBf16Emulation(bool on) { emulationFlag().store(on); }
bool cpuBf16Emulation() { return emulationFlag().load(); }

std::string precisionNotice(Precision p, const torch::Device& device) {
    if (p != Precision::BFloat16 || device.is_cuda() || cpuHasBf16()) return "";
    if (cpuBf16Emulation()) return "this CPU has no bf16 units: bf16 is emulated in fp32 (PERCEIVER_EMULATE_BF16), as slow as fp32";
    return "this CPU has no bf16 units (AVX-512 BF16 or AMX): running fp32";
}

bool reducedPrecisionRuns(Precision p, const torch::Device& device) {
    if (p == Precision::Float32) return false;
    return device.is_cuda() || cpuHasBf16() || cpuBf16Emulation();
}

CpuProducts cpuProducts() { return t_cpuProducts; }

CpuProductsScope::CpuProductsScope(CpuProducts mode) : previous_(t_cpuProducts) { t_cpuProducts = mode; }
CpuProductsScope::~CpuProductsScope() { t_cpuProducts = previous_; }

Precision parsePrecision(const std::string& name) {
    if (name == "fp32" || name == "float32") return Precision::Float32;
    if (name == "bf16" || name == "bfloat16") return Precision::BFloat16;
    if (name == "fp16" || name == "float16") return Precision::Float16;
    fail(ErrorKind::InvalidInput, "unknown precision '" + name + "' (fp32, bf16, fp16)");
}

bool reducedProductsOn(const torch::Device& device) {
    return device.is_cpu() ? cpuProducts() != CpuProducts::Float32 : device.is_cuda() && cudaAutocastEnabled();
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
    if (p == Precision::Float16 && !device.is_cuda())
        fail(ErrorKind::InvalidInput, "precision fp16 needs a CUDA device (--device cuda); the CPU runs fp32 or bf16");
}

AutocastScope::AutocastScope(const torch::Device& device, Precision p) {
    if (p == Precision::BFloat16 && device.is_cpu()) {
        if (reducedPrecisionRuns(p, device)) cpu_.emplace(cpuHasBf16() ? CpuProducts::BFloat16 : CpuProducts::EmulatedBFloat16);
        return;
    }
    if (p == Precision::Float32 || !device.is_cuda()) return;
    active_ = true;
    wasEnabled_ = cudaAutocastEnabled();
    previousType_ = cudaAutocastType();
    setCudaAutocastType(p == Precision::BFloat16 ? torch::kBFloat16 : torch::kHalf);
    setCudaAutocast(true);
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
    if (!active_) return;  // (cpu_ restores the CPU's products itself)
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();  // the cast weights
    setCudaAutocast(wasEnabled_);
    setCudaAutocastType(previousType_);
}

}  // namespace perceiver
