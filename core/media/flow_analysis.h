// Can this flow be trusted? The views a flow researcher checks a field with, on plain values:
// the warp check, forward-backward consistency, KITTI's error image, the non-occluded end-point
// error, the difference of two flows, the correlation of an uncertainty map with the error, and
// point tracks chained through the pair flows. Shared by `perceiver flow`, `flow-eval`, `track`
// and the studio's Optical flow page.
//
// Usage:
//   perceiver::FlowField f12 = ..., f21 = ...;                   // frame 1 -> 2 and 2 -> 1
//   perceiver::WarpCheck w = perceiver::warpCheck(frame1, frame2, f12);
//   std::printf("photometric error %.2f over %.1f %% of the pixels\n", w.mean_error, 100 * (1 - w.outside_fraction));
//   perceiver::Consistency c = perceiver::forwardBackwardConsistency(f12, f21);
//   perceiver::saveImage("occlusions.png", perceiver::consistencyOverlay(frame1, c));
//   perceiver::saveImage("kitti_error.png", perceiver::kittiErrorImage(f12, truth));
//
//   perceiver::PointTracker t(width, height, {{40.5, 12.0}});     // points on the first frame
//   t.advance(f12, &f21);                                        // once per pair, in order
//   perceiver::writeTracksCsv("tracks.csv", t.tracks());
//
// Conventions: pixel (x, y) is the centre of column x, row y; the flow at (x, y) points to
// (x + u, y + v) in the second frame. Unknown flow is NaN (or |u|, |v| > 1e9, as in .flo).
// No Qt, no torch. Thread-safety: free functions on values; a PointTracker is one thread's.
#pragma once

#include "media/flow.h"
#include "media/image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace perceiver {

/// One float per pixel, row-major; NaN where undefined.
struct ScalarField {
    int width = 0, height = 0;
    std::vector<float> values;  ///< height * width
    float at(int x, int y) const { return values[static_cast<size_t>(y) * width + x]; }
};

/// The flow at a sub-pixel position, bilinear between the four pixel centres around it.
/// False when (x, y) lies outside [0, W-1] x [0, H-1] or one of the four vectors is unknown.
bool sampleFlow(const FlowField& flow, double x, double y, float& u, float& v);

/// Frame 2 backward-warped by the flow: warped(x) = I2(x + F(x)), bilinear.
struct WarpCheck {
    ImageU8 warped;         ///< frame size; pixels whose target leaves frame 2 (or whose flow is unknown) magenta
    ScalarField error;      ///< |I1 - warp(I2)| averaged over R, G, B, in 0-255 grey levels; NaN outside
    double mean_error = 0;  ///< over the pixels inside (0 when none is)
    double outside_fraction = 0;  ///< pixels whose target leaves the frame or whose flow is unknown
};
/// Throws Error(InvalidInput) when the frames and the flow differ in size.
WarpCheck warpCheck(const ImageU8& first, const ImageU8& second, const FlowField& flow);

/// Forward-backward consistency (Sundaram et al. 2010, as UnFlow uses it): with b = F21(x + F12(x)),
/// x is inconsistent when |F12 + b|^2 > alpha (|F12|^2 + |b|^2) + beta.
struct Consistency {
    enum : uint8_t { Consistent = 0, Inconsistent = 1, Outside = 2 };
    int width = 0, height = 0;
    std::vector<uint8_t> mask;  ///< height * width: Consistent, Inconsistent, or Outside (target out of frame, flow unknown)
    int64_t inconsistent = 0, outside = 0;
    double inconsistent_fraction = 0;  ///< of the pixels that could be checked (not Outside)
    double outside_fraction = 0;       ///< of all pixels
};
/// Throws Error(InvalidInput) when the two flows differ in size or alpha, beta are negative.
Consistency forwardBackwardConsistency(const FlowField& forward, const FlowField& backward, double alpha = 0.01, double beta = 0.5);
/// `base` with inconsistent pixels tinted red and out-of-frame ones blue (same size as the mask).
ImageU8 consistencyOverlay(const ImageU8& base, const Consistency& consistency);

/// The KITTI devkit's error image (devkit_flow io_flow.h, log colours): n = min(EPE / 3,
/// 20 EPE / |truth|), ten bins from blue (n < 1/16: correct) to red (n >= 16); n >= 1 marks the
/// Fl-all outliers (EPE > 3 px and > 5 % of |truth|). Where `nonOccluded` (height * width, nonzero = not occluded) is given and
/// zero, the colour is halved; unknown truth is black.
ImageU8 kittiErrorImage(const FlowField& flow, const FlowField& truth, const std::vector<uint8_t>& nonOccluded = {});

/// endPointError (flow.h) over the pixels whose truth is known and whose `include` is nonzero
/// (height * width): the non-occluded EPE with an occlusion mask inverted, or KITTI's noc set.
EndPointError endPointError(const FlowField& flow, const FlowField& truth, const std::vector<uint8_t>& include);

/// a - b per pixel (unknown where either is): two methods' flows compared; its magnitude is
/// their end-point difference, endPointError(a, b) its statistics.
FlowField flowDifference(const FlowField& a, const FlowField& b);

/// Grey levels of a Sintel occlusion PNG (or any mask image) as a mask: nonzero where the
/// pixel's grey level is >= 128. `invert` gives the non-occluded pixels of an occlusion map.
std::vector<uint8_t> maskFromImage(const ImageU8& image, bool invert = false);

/// A scalar field in the viridis colour map over [lo, hi] (lo >= hi: its finite min and max);
/// NaN pixels black.
ImageU8 scalarFieldImage(const ScalarField& field, double lo = 0, double hi = 0);
/// The colour bar of scalarFieldImage: `width` x `height`, low on the left.
ImageU8 viridisBar(int width, int height);

/// How an uncertainty map follows the error: Pearson's and Spearman's correlation of
/// `field` with |flow - truth| over the pixels where both are finite (0 with fewer than 2).
struct Correlation {
    double pearson = 0, spearman = 0;
    int64_t pixels = 0;
};
Correlation correlateWithError(const ScalarField& field, const FlowField& flow, const FlowField& truth);

/// One tracked point: its position on every frame from the first until it is lost.
struct Track {
    std::vector<double> xs, ys;   ///< frame 0, 1, ... (xs.size() frames tracked)
    bool lost = false;
    std::string reason;           ///< why it was lost: "left the frame", "occluded (forward-backward check)", "unknown flow"
};

/// Points chained through consecutive pair flows: each step moves a point by the flow sampled
/// bilinearly at its position; with the backward flow given, a point whose forward-backward
/// check fails (as forwardBackwardConsistency, at the sub-pixel position) stops there.
class PointTracker {
public:
    /// Throws Error(InvalidInput) naming a point that lies outside the width x height frame.
    PointTracker(int width, int height, const std::vector<std::pair<double, double>>& points, double alpha = 0.01,
                 double beta = 0.5);
    /// One pair: frame t -> t + 1 (`backward`: t + 1 -> t, or nullptr for no check).
    void advance(const FlowField& forward, const FlowField* backward = nullptr);
    const std::vector<Track>& tracks() const { return tracks_; }
    int frames() const { return frames_; }

private:
    int width_, height_, frames_ = 1;
    double alpha_, beta_;
    std::vector<Track> tracks_;
};

/// "x,y;x,y;..." (or spaces) -> points. Throws Error(InvalidInput) quoting the bad item.
std::vector<std::pair<double, double>> parsePoints(const std::string& text);
/// CSV: "track,frame,x,y,status", one row per tracked position ("tracked"), then for a lost
/// point a row track,frame,,,"lost: <reason>" at the frame it was lost on.
std::string tracksCsv(const std::vector<Track>& tracks);
/// tracksCsv() into a file, atomically.
void writeTracksCsv(const std::string& path, const std::vector<Track>& tracks);
/// `base` (frame `frame` of the video) with every track drawn up to that frame: its path as a
/// line, its current position as a dot, lost tracks ending in a cross. One colour per track.
ImageU8 drawTracks(const ImageU8& base, const std::vector<Track>& tracks, int frame);

}  // namespace perceiver
