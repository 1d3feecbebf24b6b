#include "common/runtime.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
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

namespace {

// The first number of a file ("max" or unreadable: 0).
uint64_t readNumber(const char* path) {
    std::ifstream in(path);
    uint64_t v = 0;
    return (in >> v) ? v : 0;
}

}  // namespace

uint64_t availableMemoryBytes() {
    if (const char* limit = std::getenv("PERCEIVER_MEMORY_LIMIT"); limit && *limit) {
        char* end = nullptr;
        const unsigned long long v = std::strtoull(limit, &end, 10);
        if (end && *end == '\0') return v;
    }
    uint64_t available = 0;
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    uint64_t kb = 0;
    std::string unit;
    while (meminfo >> key >> kb) {
        std::getline(meminfo, unit);
        if (key == "MemAvailable:") {
            available = kb * 1024;
            break;
        }
    }
    const uint64_t cgroupMax = readNumber("/sys/fs/cgroup/memory.max");
    if (cgroupMax > 0) {
        const uint64_t used = readNumber("/sys/fs/cgroup/memory.current");
        const uint64_t left = cgroupMax > used ? cgroupMax - used : 0;
        available = available == 0 ? left : std::min(available, left);
    }
    return available;
}

std::string formatBytes(uint64_t bytes) {
    const char* units[] = {"bytes", "KB", "MB", "GB", "TB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        ++u;
    }
    char text[32];
    if (u == 0) std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    else std::snprintf(text, sizeof text, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    return text;
}

}  // namespace perceiver
