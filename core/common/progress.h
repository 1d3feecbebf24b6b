// Progress reporting and cooperative cancellation for long core jobs.
//
// A pipeline receives a Progress& and calls report(fraction, stage) between steps and
// checkCancelled() between tiles, chunks, windows and layers. Cancelling (from any thread)
// makes the next checkCancelled() throw Error(ErrorKind::Cancelled).
// Thread-safety: cancel() and isCancelled() may be called from any thread; report() is called
// from the worker thread only and forwards to the callback on that thread.
#pragma once

#include <atomic>
#include <functional>
#include <string>

namespace perceiver {

class Progress {
public:
    using Callback = std::function<void(double fraction, const std::string& stage)>;

    Progress() = default;
    explicit Progress(Callback callback) : callback_(std::move(callback)) {}

    void report(double fraction, const std::string& stage) const {
        if (callback_) callback_(fraction, stage);
    }
    void cancel() noexcept { cancelled_.store(true); }
    /// True when this handle, or the one it was made from by sub(), was cancelled.
    bool isCancelled() const noexcept { return cancelled_.load() || (parent_ && parent_->isCancelled()); }
    /// A handle for one step of a longer job: its fractions map onto [begin, end] of this
    /// one, its stages are prefixed by `prefix`, and cancelling this one cancels it. Must not
    /// outlive this handle.
    Progress sub(double begin, double end, std::string prefix = {}) const {
        return Progress([this, begin, end, prefix = std::move(prefix)](double f, const std::string& stage) {
            report(begin + f * (end - begin), prefix + stage);
        }, this);
    }
    /// Throws Error(Cancelled) when cancel() was called.
    void checkCancelled() const;

private:
    Progress(Callback callback, const Progress* parent) : callback_(std::move(callback)), parent_(parent) {}

    Callback callback_;
    const Progress* parent_ = nullptr;
    std::atomic<bool> cancelled_{false};
};

}  // namespace perceiver
