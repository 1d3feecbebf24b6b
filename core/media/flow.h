// Optical-flow fields: Middlebury .flo files, the Middlebury colour coding (Baker et al.) with
// its wheel legend, arrow overlays, magnitude images and end-point error.
//
// Usage:
//   perceiver::FlowField f = perceiver::readFlo("frame_0001.flo");
//   perceiver::saveImage("flow.png", perceiver::flowToColor(f));
//   double epe = perceiver::endPointError(f, groundTruth).mean;
// No Qt, no torch. Thread-safety: free functions on values.
#pragma once

#include "media/image.h"

#include <string>
#include <vector>

namespace perceiver {

struct FlowField {
    int width = 0, height = 0;
    std::vector<float> uv;  ///< height * width * 2: (u, v) in pixels per pixel, row-major
    float u(int x, int y) const { return uv[(static_cast<size_t>(y) * width + x) * 2]; }
    float v(int x, int y) const { return uv[(static_cast<size_t>(y) * width + x) * 2 + 1]; }
};

/// Whether (u, v) is a known vector: finite and |u|, |v| < 1e9 (larger is .flo's "unknown").
bool isKnownFlow(float u, float v);

/// The one size check of flows, frames and maps: throws Error(InvalidInput)
/// "WHAT is WxH, EXPECTED WxH" (e.g. "the ground truth is 10x8, the flow 12x8") unless equal.
void requireSameSize(int width, int height, int expectedWidth, int expectedHeight, const std::string& what,
                     const std::string& expected);

/// Middlebury .flo: "PIEH" (202021.25f), int32 width, int32 height, float32 u,v interleaved.
/// Throws Error(Media) naming the file on a bad tag, size or truncation.
FlowField readFlo(const std::string& path);
void writeFlo(const std::string& path, const FlowField& flow);  ///< atomic

/// KITTI flow PNG (devkit's format): 16-bit RGB, u = (R - 2^15) / 64, v = (G - 2^15) / 64,
/// valid = B > 0. Invalid pixels read as NaN (unknown, as in .flo), so the end-point error and
/// the colour coding skip them. Throws Error(Media) naming the file on anything else (8-bit,
/// grey, broken; the image limits of image.h apply).
FlowField readKittiFlow(const std::string& path);
/// The inverse; non-finite vectors are written invalid, |u|, |v| >= 512 px are refused. Atomic.
void writeKittiFlow(const std::string& path, const FlowField& flow);

/// Colour image of the flow; `maxRadius` <= 0 normalises by the largest finite magnitude.
/// Unknown flow (|u| or |v| > 1e9, NaN) is black.
ImageU8 flowToColor(const FlowField& flow, double maxRadius = 0);
/// The colour wheel legend: a disc of `size` pixels coding direction (hue) and magnitude.
ImageU8 flowColorWheel(int size);
/// `color` with the wheel legend inset in its bottom-right corner.
ImageU8 withWheelLegend(const ImageU8& color);
/// Grey image of |flow| normalised by its maximum (or `maxMagnitude` when > 0).
ImageU8 flowMagnitude(const FlowField& flow, double maxMagnitude = 0);
/// Mean and largest |(u, v)| over the field, pixels.
struct FlowStats {
    double mean = 0, max = 0;
};
FlowStats flowStats(const FlowField& flow);
/// Per-pixel end-point error |flow - truth| as a grey image (0 where the truth is unknown).
ImageU8 endPointErrorImage(const FlowField& flow, const FlowField& truth);
/// One arrow of a flow overlay: from pixel (x, y), the flow (u, v) there, pixels.
struct FlowArrow {
    double x = 0, y = 0, u = 0, v = 0;
};
/// The arrows of an overlay, the one rule for the CLI's raster arrows and the studio's vector
/// ones: at (step / 2 + i * step, step / 2 + j * step), where the flow is known. Throws
/// Error(InvalidInput) for step < 1.
std::vector<FlowArrow> flowArrows(const FlowField& flow, int step = 16);
/// Arrows every `step` pixels over `base` (same size as the flow), scaled by `scale`.
ImageU8 drawFlowArrows(const ImageU8& base, const FlowField& flow, int step = 16, double scale = 1.0);

/// The standard numbers of a flow against ground truth, over the pixels whose truth is known.
struct EndPointError {
    double mean = 0, max = 0;
    int64_t valid = 0;                  ///< pixels with known ground truth
    double acc1 = 0, acc3 = 0, acc5 = 0;  ///< fraction of them with EPE < 1, 3, 5 px
    double fl_all = 0;                  ///< KITTI's Fl-all: fraction with EPE > 3 px and > 5 % of |truth|
    /// Mean EPE by the truth's speed, as Sintel reports it: |truth| in [0, 10), [10, 40), >= 40 px
    /// (-1 where no pixel has that speed), and how many pixels each holds.
    double s0_10 = -1, s10_40 = -1, s40_plus = -1;
    int64_t n0_10 = 0, n10_40 = 0, n40_plus = 0;
};
/// End-point error of `flow` against `truth` (same size; unknown truth pixels are skipped).
EndPointError endPointError(const FlowField& flow, const FlowField& truth);

/// A flow file by its extension: KITTI's 16-bit PNG for .png, else Middlebury .flo.
FlowField readFlowFile(const std::string& path);

}  // namespace perceiver
