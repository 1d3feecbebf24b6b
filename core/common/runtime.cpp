#include "common/runtime.h"

#include <torch/torch.h>

#include <algorithm>
#include <thread>

namespace perceiver {

int setThreads(int n) {
    if (n <= 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(n);
    return torch::get_num_threads();
}

int threads() { return torch::get_num_threads(); }

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string runtimeSummary() {
    std::string s = "LibTorch " + std::to_string(TORCH_VERSION_MAJOR) + "." +
                    std::to_string(TORCH_VERSION_MINOR) + "." + std::to_string(TORCH_VERSION_PATCH);
    s += ", " + std::to_string(torch::get_num_threads()) + " threads";
    s += cudaAvailable() ? ", CUDA available" : ", CPU only";
    return s;
}

}  // namespace perceiver
