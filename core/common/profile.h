// Wall time and arithmetic per model stage, for `perceiver bench` (GFLOP/s) and `--profile`.
//
// Usage:
//   perceiver::profile::setEnabled(true);           // process-wide, off by default
//   perceiver::profile::setCountingFlops(true);      // also off by default
//   model->forward(inputs, {});                      // stages open Scopes as they run
//   const double flops = perceiver::profile::takeFlops();   // the whole pass's
//   for (const auto& e : perceiver::profile::take()) // in the order first seen
//       std::printf("%*s%s %.3f s %.1f GFLOP (%lld calls)\n", 2 * e.depth, "", e.name.c_str(), e.seconds,
//                   e.flops / 1e9, (long long)e.calls);
//
// A Scope costs one relaxed atomic load when profiling is off, addFlops one when counting is
// off. Scopes nest: a stage's time and FLOPs include its sub-stages' ("encoder
// cross-attention" holds its "attention" and "mlp").
//
// What is counted: the code that runs a matrix product or a convolution reports it with
// addFlops, 2 per multiply-add (linear layers, the attention kernels' products, the
// convolutions of the image stems, the MLM's embedding decoder). The element-wise passes
// (layer norms, softmax, activations, position encodings) are not counted: they are memory
// traffic, a few percent of the multiply-adds. So "GFLOP/s" is the rate of the products the
// model really ran (the attention plans that do less work count less), to hold against the
// yardstick's matmul rate.
// Thread-safety: any thread may open Scopes; each thread keeps its own nesting, and the
// totals are shared under a mutex. On a GPU, setSynchronize() makes each Scope wait for the
// device at its ends so that the time is the stage's own.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace perceiver::profile {

void setEnabled(bool on);
bool enabled();
/// Called at both ends of every Scope while profiling (e.g. torch::cuda::synchronize); {} = none.
void setSynchronize(std::function<void()> synchronize);

struct Entry {
    std::string name;   ///< the stage ("self-attention layers")
    std::string path;   ///< with its enclosing stages ("encoder / self-attention layers")
    int depth = 0;      ///< number of enclosing stages
    double seconds = 0; ///< total over its calls, sub-stages included
    int64_t calls = 0;
    double flops = 0;   ///< counted in its calls while counting was on, sub-stages included
};

/// The stages timed since the last take(), in the order first seen; clears them.
std::vector<Entry> take();

void setCountingFlops(bool on);
bool countingFlops();
/// Reports `flops` of work (2 per multiply-add) done by the calling thread now; no-op unless
/// counting is on.
void addFlops(double flops);
/// FLOPs reported since the last takeFlops(), by every thread; resets the count.
double takeFlops();

class Scope {
public:
    explicit Scope(const char* name);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

private:
    bool active_ = false;
    std::chrono::steady_clock::time_point start_;
    double startFlops_ = 0;
};

}  // namespace perceiver::profile
