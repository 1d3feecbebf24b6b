#include "common/progress.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>

namespace perceiver {

void Progress::checkCancelled() const {
    if (isCancelled()) fail(ErrorKind::Cancelled, "cancelled by the user");
}

namespace {
thread_local const Progress* tCancelScope = nullptr;
}  // namespace

CancelScope::CancelScope(const Progress* progress) : previous_(tCancelScope) { tCancelScope = progress; }

CancelScope::~CancelScope() { tCancelScope = previous_; }

void checkCancelledHere() {
    if (tCancelScope) tCancelScope->checkCancelled();
}

double TimeLeft::update(double fraction, double now) {
    if (fraction <= 0 || fraction >= 1) return fraction >= 1 ? 0 : -1;
    if (start_time_ < 0 || fraction < start_fraction_) {  // the first step, or a job that started over
        start_time_ = now;
        start_fraction_ = fraction;
        return -1;
    }
    const double elapsed = now - start_time_, done = fraction - start_fraction_;
    if (elapsed < min_seconds_ || done < min_fraction_) return -1;
    return elapsed * (1 - fraction) / done;
}

double TimeLeft::update(double fraction) {
    using namespace std::chrono;
    return update(fraction, duration<double>(steady_clock::now().time_since_epoch()).count());
}

RoughDuration roughDuration(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    RoughDuration d;
    if (s < 60) {
        d.seconds = std::max(5L, (s + 4) / 5 * 5);
        return d;
    }
    const long minutes = (s + 30) / 60;
    d.hours = minutes / 60;
    d.minutes = minutes % 60;
    return d;
}

std::string durationText(double seconds) {
    const RoughDuration d = roughDuration(seconds);
    if (d.seconds > 0) return "about " + std::to_string(d.seconds) + " s";
    if (d.hours == 0) return "about " + std::to_string(d.minutes) + " min";
    return "about " + std::to_string(d.hours) + " h " + (d.minutes < 10 ? "0" : "") + std::to_string(d.minutes) + " min";
}

}  // namespace perceiver
