// Every view and number of one estimated flow, computed once for both front ends: the CLI's
// `perceiver flow A B --out-dir DIR` writes each view as DIR/<key>.png, the studio's Optical
// flow page shows each under its title. The list, the keys and what each view draws live
// here only.
//
// Usage:
//   perceiver::FlowViewInput in;
//   in.first = a; in.second = b; in.flow = r.flow;        // the flow 1 -> 2
//   in.backward = flow21;                                  // optional: consistency
//   in.truth = perceiver::readFlowFile("gt.flo");          // optional: error views, EPE
//   perceiver::FlowAnalysis fa = perceiver::analyzeFlow(in);
//   perceiver::writeFlowViews("out", fa);                  // flow.png, warp_error.png, ...
//   std::cout << perceiver::flowAnalysisJson(fa).dump(2);
// No Qt, no torch. Thread-safety: free functions on values.
#pragma once

#include "media/flow.h"
#include "media/flow_analysis.h"
#include "media/image.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace perceiver {

struct FlowViewInput {
    ImageU8 first, second;             ///< the frames (same size as the flow)
    FlowField flow;                    ///< frame 1 -> 2, pixels
    std::optional<FlowField> backward; ///< frame 2 -> 1: forward-backward consistency
    std::optional<FlowField> truth;    ///< ground truth: EPE, error images
    std::vector<uint8_t> non_occluded; ///< height * width, nonzero = not occluded (Sintel's occlusions inverted, or KITTI's noc validity); empty: none
    std::optional<FlowField> other;    ///< another method's flow for the same pair: comparison
    ScalarField entropy;               ///< FlowResult::entropy, or empty
    int arrow_step = 16;               ///< pixels between arrows
    double alpha = 0.01, beta = 0.5;   ///< consistency thresholds
};

struct FlowView {
    std::string key;    ///< file stem and stable id: "flow", "arrows", "magnitude", "warped", "warp_error",
                        ///< "consistency", "epe", "kitti_error", "other", "difference", "entropy"
    std::string title;  ///< English caption (the studio translates by key)
    ImageU8 image;
};

struct FlowAnalysis {
    FlowStats stats;
    double mean_photometric_error = 0, warp_outside_fraction = 0;
    std::optional<Consistency> consistency;
    std::optional<EndPointError> epe, noc_epe;  ///< against the truth; noc with a mask
    std::optional<EndPointError> versus_other;  ///< this flow against the other as if it were truth
    std::optional<double> mean_entropy;
    std::optional<Correlation> entropy_vs_error;
    std::vector<FlowView> views;                ///< in the order above; only those the input allows
};

/// Throws Error(InvalidInput) naming the part whose size differs from the flow's.
FlowAnalysis analyzeFlow(const FlowViewInput& input);
/// The numbers: {"mean_magnitude", "max_magnitude", "warp": {...}, "consistency": {...},
/// "epe": endPointErrorJson, "noc_epe", "versus_other", "entropy": {"mean", "vs_error": {...}}}.
nlohmann::json flowAnalysisJson(const FlowAnalysis& analysis);
/// Each view as dir/<key>.png (dir must exist). Returns the paths written.
std::vector<std::string> writeFlowViews(const std::string& dir, const FlowAnalysis& analysis);
/// The mask of the pixels a KITTI flow_noc file knows: its non-occluded pixels.
std::vector<uint8_t> knownPixels(const FlowField& flow);

}  // namespace perceiver
