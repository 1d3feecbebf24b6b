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
    bool isCancelled() const noexcept { return cancelled_.load(); }
    /// Throws Error(Cancelled) when cancel() was called.
    void checkCancelled() const;

private:
    Callback callback_;
    std::atomic<bool> cancelled_{false};
};

}  // namespace perceiver
