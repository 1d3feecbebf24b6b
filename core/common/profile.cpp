#include "common/profile.h"

#include <atomic>
#include <map>
#include <mutex>

namespace perceiver::profile {

namespace {

std::atomic<bool> g_enabled{false};
std::atomic<bool> g_counting{false};
std::atomic<int64_t> g_flops{0};
thread_local double t_flops = 0;  // this thread's count, never reset (Scopes take differences)
std::mutex g_mutex;
std::function<void()> g_synchronize;
std::vector<Entry> g_entries;            // first-seen order
std::map<std::string, size_t> g_index;   // path -> g_entries index
thread_local std::vector<std::string> t_stack;

void synchronize() {
    std::function<void()> sync;
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        sync = g_synchronize;
    }
    if (sync) sync();
}

}  // namespace

void setEnabled(bool on) { g_enabled.store(on, std::memory_order_relaxed); }
bool enabled() { return g_enabled.load(std::memory_order_relaxed); }

void setCountingFlops(bool on) { g_counting.store(on, std::memory_order_relaxed); }
bool countingFlops() { return g_counting.load(std::memory_order_relaxed); }

void addFlops(double flops) {
    if (!countingFlops()) return;
    t_flops += flops;
    g_flops.fetch_add(static_cast<int64_t>(flops), std::memory_order_relaxed);
}

double takeFlops() { return static_cast<double>(g_flops.exchange(0)); }

void setSynchronize(std::function<void()> s) {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_synchronize = std::move(s);
}

std::vector<Entry> take() {
    std::lock_guard<std::mutex> lock(g_mutex);
    std::vector<Entry> out = std::move(g_entries);
    g_entries.clear();
    g_index.clear();
    return out;
}

Scope::Scope(const char* name) {
    if (!enabled()) return;
    active_ = true;
    t_stack.push_back(t_stack.empty() ? std::string(name) : t_stack.back() + " / " + name);
    {
        std::lock_guard<std::mutex> lock(g_mutex);  // register now, so that the order is the calls' order
        if (!g_index.count(t_stack.back())) {
            g_index[t_stack.back()] = g_entries.size();
            g_entries.push_back({name, t_stack.back(), static_cast<int>(t_stack.size()) - 1, 0.0, 0, 0.0});
        }
    }
    startFlops_ = t_flops;
    synchronize();
    start_ = std::chrono::steady_clock::now();
}

Scope::~Scope() {
    if (!active_) return;
    synchronize();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::lock_guard<std::mutex> lock(g_mutex);
    const auto it = g_index.find(t_stack.back());
    if (it != g_index.end()) {  // take() may have run meanwhile
        g_entries[it->second].seconds += s;
        g_entries[it->second].calls += 1;
        g_entries[it->second].flops += t_flops - startFlops_;
    }
    t_stack.pop_back();
}

}  // namespace perceiver::profile
