// The CLI's progress bar on stderr: "[#####     ]  50% stage", redrawn in place, only when
// stderr is a terminal (never in --json output or a log). One per long verb (download,
// autoencode, flow-eval, track).
//
//   ProgressBar bar(!o.flag("json"));
//   runLongJob(..., &bar.progress());
//   bar.finish();                       // ends the line
// Thread-safety: the worker's thread only, like Progress::report.
#pragma once

#include "common/progress.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace perceiver::cli {

class ProgressBar {
public:
    explicit ProgressBar(bool wanted)
        : shown_(wanted && ::isatty(2)), progress_([this](double f, const std::string& stage) { draw(f, stage); }) {}
    ~ProgressBar() { finish(); }
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    Progress& progress() { return progress_; }
    /// Ends the bar's line (once); later reports draw a new one.
    void finish() {
        if (!last_.empty()) std::fputc('\n', stderr);
        last_.clear();
    }

private:
    void draw(double f, const std::string& stage) {
        if (!shown_) return;
        const int width = 30, filled = static_cast<int>(f * width + 0.5);
        const double left = timeLeft_.update(f);
        std::string line = "\r[" + std::string(filled, '#') + std::string(width - filled, ' ') + "] " +
                           std::to_string(static_cast<int>(f * 100)) + "% " + stage.substr(0, 60) +
                           (left > 0 ? ", " + durationText(left) + " left" : std::string());
        if (line.size() < last_.size()) line += std::string(last_.size() - line.size(), ' ');
        if (line == last_) return;
        std::fputs(line.c_str(), stderr);
        std::fflush(stderr);
        last_ = line;
    }

    bool shown_;
    std::string last_;
    TimeLeft timeLeft_;
    Progress progress_;
};

}  // namespace perceiver::cli
