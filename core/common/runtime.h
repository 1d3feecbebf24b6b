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
/// The BLAS library LibTorch's CPU GEMMs go through, as mapped into this process (e.g.
/// "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"), or "" when none is mapped.
std::string blasLibrary();
/// True when that is Debian's reference BLAS (libblas3 without libopenblas0-pthread): every
/// model then runs about 10x slower. The apps warn about it.
bool referenceBlas();

}  // namespace perceiver
