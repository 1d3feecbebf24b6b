// perceiver-studio --bench-responsiveness: does the window stay responsive while the models
// work? Each page's job runs through the real window and service on a full-size model with
// random weights (the configs of the DeepMind checkpoints, written to a temporary folder) and
// an input of the real size, and a 10 ms timer on the GUI thread measures the longest gap
// between its ticks (what a user feels as a stall). A second run of the same job is cancelled
// with the page's Cancel button after a while, and the time from the click to the page being
// free again is measured.
//
//   studio::MainWindow window;                    // with its settings in a temporary folder
//   studio::ResponsivenessOptions options;
//   return studio::runResponsivenessBench(window, options);   // prints a table (or JSON)
//
// No torch here. GUI thread only.
#pragma once

#include <QStringList>

namespace studio {

class MainWindow;

struct ResponsivenessOptions {
    /// fill-mask, classify-text, classify, flow, autoencode, attention; empty: all of them.
    QStringList pages;
    bool json = false;          ///< print JSON instead of a table
    double cancelAfter = 2.0;   ///< seconds into the second run at which Cancel is clicked
};

/// The page names runResponsivenessBench knows, in the order it runs them.
QStringList responsivenessPages();

/// Runs the bench; returns the process exit code (0, or 1 when a job failed).
int runResponsivenessBench(MainWindow& window, const ResponsivenessOptions& options);

}  // namespace studio
