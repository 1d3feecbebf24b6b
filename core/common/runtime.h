// Process-wide LibTorch settings: intra-op threads and the version strings shown by the apps.
// Call setThreads() once at start-up, before any model runs (LibTorch defaults to 1 thread
// on Debian's build). Not thread-safe against concurrent inference: call it while idle.
#pragma once

#include <string>

namespace perceiver {

/// Sets LibTorch's intra-op thread count; threads <= 0 means "all cores". Returns the count set.
int setThreads(int threads);
int threads();
/// "LibTorch 1.13.1, OpenMP, 2 threads, CUDA no" — for --version and the About dialog.
std::string runtimeSummary();
bool cudaAvailable();

}  // namespace perceiver
