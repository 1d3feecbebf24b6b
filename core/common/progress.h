// Progress reporting and cooperative cancellation for long core jobs.
//
// A pipeline receives a Progress& and calls report(fraction, stage) between steps and
// checkCancelled() between tiles, chunks, windows and layers. Cancelling (from any thread)
// makes the next checkCancelled() throw Error(ErrorKind::Cancelled).
// Thread-safety: cancel() and isCancelled() may be called from any thread; report() is called
// from the worker thread only and forwards to the callback on that thread.
#pragma once

#include <atomic>
#include <chrono>
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

/// Cancellation inside a model's forward pass, which takes no Progress: while a CancelScope is
/// alive on a thread, checkCancelledHere() on that thread (called by the model between layers
/// and between the chunks and heads of its attention) throws Error(Cancelled) once `progress`
/// is cancelled, so a cancel ends even one long forward within a layer's time. Without a scope
/// it costs one thread-local load. Scopes nest (the inner one counts); `progress` must outlive
/// the scope. The studio's Service opens one around every job.
class CancelScope {
public:
    explicit CancelScope(const Progress* progress);
    ~CancelScope();
    CancelScope(const CancelScope&) = delete;
    CancelScope& operator=(const CancelScope&) = delete;

private:
    const Progress* previous_;
};
/// Throws Error(Cancelled) when this thread's CancelScope's progress was cancelled.
void checkCancelledHere();

/// How long a job has left, from its progress: the rate since its first report past 0 (so a
/// model's loading does not count), extrapolated to 1. Says nothing (-1) until the job has
/// run `min_seconds` and advanced `min_fraction` past that first report. The CLI's progress
/// bar and the studio's progress line both use it. Thread-safety: one thread (the worker's).
class TimeLeft {
public:
    explicit TimeLeft(double min_seconds = 3.0, double min_fraction = 0.02) : min_seconds_(min_seconds), min_fraction_(min_fraction) {}
    /// Seconds left at `fraction` done, `now` seconds on any steady clock; -1 while too early.
    double update(double fraction, double now);
    /// The same on the steady clock.
    double update(double fraction);

private:
    double min_seconds_, min_fraction_;
    double start_time_ = -1, start_fraction_ = 0;
};

/// A time left as people say it: under a minute in 5 s steps (seconds set), under an hour in
/// minutes (minutes set), else hours and minutes.
struct RoughDuration {
    long hours = 0, minutes = 0, seconds = 0;
};
RoughDuration roughDuration(double seconds);
/// roughDuration() in English: "about 40 s", "about 7 min", "about 1 h 05 min" (the CLI's;
/// the studio words the same numbers in its language).
std::string durationText(double seconds);

}  // namespace perceiver
