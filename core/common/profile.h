// Wall time per model stage, for `perceiver bench --profile`.
//
// Usage:
//   perceiver::profile::setEnabled(true);           // process-wide, off by default
//   model->forward(inputs, {});                      // stages open Scopes as they run
//   for (const auto& e : perceiver::profile::take()) // in the order first seen
//       std::printf("%*s%s %.3f s (%lld calls)\n", 2 * e.depth, "", e.name.c_str(), e.seconds, (long long)e.calls);
//
// A Scope costs one relaxed atomic load when profiling is off. Scopes nest: a stage's time
// includes its sub-stages' ("encoder cross-attention" holds its "attention" and "mlp").
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
};

/// The stages timed since the last take(), in the order first seen; clears them.
std::vector<Entry> take();

class Scope {
public:
    explicit Scope(const char* name);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

private:
    bool active_ = false;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace perceiver::profile
