// Process-wide LibTorch settings: intra-op threads and the version strings shown by the apps.
// Call setThreads() once at start-up, before any model runs (LibTorch defaults to 1 thread
// on Debian's build). Not thread-safe against concurrent inference: call it while idle.
#pragma once

#include <cstdint>
#include <string>

namespace perceiver {

/// Sets LibTorch's intra-op thread count; threads <= 0 means "all cores". Returns the count set.
int setThreads(int threads);
int threads();
/// "LibTorch 1.13.1, OpenMP, 2 threads, CUDA no" — for --version and the About dialog.
std::string runtimeSummary();
bool cudaAvailable();
/// The BLAS library LibTorch's CPU GEMMs go through, as mapped into this process (e.g.
/// "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"), or "" when none is mapped.
std::string blasLibrary();
/// True when that is Debian's reference BLAS (libblas3 without libopenblas0-pthread): every
/// model then runs about 10x slower. The apps warn about it.
bool referenceBlas();

/// Memory this process may still allocate, in bytes: the smaller of /proc/meminfo's
/// MemAvailable and the cgroup v2 limit minus its usage; $PERCEIVER_MEMORY_LIMIT (bytes)
/// overrides both (tests, or a user keeping room for other work). 0 when unknown.
uint64_t availableMemoryBytes();
/// "1.2 GB", "340 MB", "12 KB": a size for messages (decimal units).
std::string formatBytes(uint64_t bytes);

/// A data folder of the installation (demo models, samples): $`environment` when set, else
/// <executable's folder>/../share/perceiver-studio/<name> (the installed layout), else
/// `sourceTree` (a build run from the source tree); "" when none of them is a folder. The CLI
/// and the studio both look their data up here.
std::string findDataDirectory(const char* environment, const std::string& name, const std::string& sourceTree);

}  // namespace perceiver
