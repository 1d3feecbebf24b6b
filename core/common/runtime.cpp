#include "common/runtime.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace perceiver {

namespace {

/// Flush-to-zero / denormals-are-zero on this thread: softmax of random (and real) scores
/// produces subnormal floats, each of which costs ~100 cycles without it. Values below 1.2e-38
/// become 0, far under every tolerance of the parity suite.
void flushDenormals() {
    at::globalContext().setFlushDenormal(true);
}

}  // namespace

int setThreads(int n) {
    if (n <= 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(n);
    // The MXCSR is per thread: set it here and on every intra-op worker (one index each).
    flushDenormals();
    at::parallel_for(0, n, 1, [](int64_t, int64_t) { flushDenormals(); });
    return torch::get_num_threads();
}

int threads() { return torch::get_num_threads(); }

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string blasLibrary() {
    (void)torch::mm(torch::ones({2, 2}), torch::ones({2, 2}));  // makes sure the BLAS is loaded
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        const size_t slash = line.find('/');
        if (slash == std::string::npos) continue;
        const std::string path = line.substr(slash);
        const std::string name = path.substr(path.rfind('/') + 1);
        if (name.rfind("libblas", 0) == 0 || name.rfind("libopenblas", 0) == 0 || name.rfind("libmkl_rt", 0) == 0 ||
            name.rfind("libblis", 0) == 0)
            return path;
    }
    return {};
}

namespace {
bool isReferenceBlas(const std::string& lib) {
    return lib.find("/blas/libblas.so") != std::string::npos;  // Debian's netlib reference build
}
}  // namespace

bool referenceBlas() { return isReferenceBlas(blasLibrary()); }

std::string runtimeSummary() {
    std::string s = "LibTorch " + std::to_string(TORCH_VERSION_MAJOR) + "." +
                    std::to_string(TORCH_VERSION_MINOR) + "." + std::to_string(TORCH_VERSION_PATCH);
    s += ", " + std::to_string(torch::get_num_threads()) + " threads";
    s += cudaAvailable() ? ", CUDA available" : ", CPU only";
    const std::string blas = blasLibrary();
    if (!blas.empty()) s += ", BLAS " + blas + (isReferenceBlas(blas) ? " (reference: slow, install libopenblas0-pthread)" : "");
    return s;
}

std::string findDataDirectory(const char* environment, const std::string& name, const std::string& sourceTree) {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv(environment); env && *env) candidates.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back(exe.parent_path() / ".." / "share" / "perceiver-studio" / name);
    if (!sourceTree.empty()) candidates.emplace_back(sourceTree);
    for (const auto& c : candidates)
        if (fs::is_directory(c, ec)) return fs::weakly_canonical(c, ec).string();
    return {};
}

}  // namespace perceiver
