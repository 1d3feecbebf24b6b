#include "pipelines/flow_views.h"

#include "common/error.h"
#include "pipelines/flow_eval.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace perceiver {

namespace {

void requireFlowSize(const FlowField& f, const FlowField& flow, const std::string& what) {
    requireSameSize(f.width, f.height, flow.width, flow.height, what, "the flow");
}

template <class... T>
std::string format(const char* f, T... values) {
    char text[128];
    std::snprintf(text, sizeof text, f, values...);
    return text;
}

ScalarField magnitudeField(const FlowField& f) {
    ScalarField s;
    s.width = f.width;
    s.height = f.height;
    s.values.resize(f.uv.size() / 2);
    for (size_t i = 0; i < s.values.size(); ++i) {
        const float u = f.uv[2 * i], v = f.uv[2 * i + 1];
        s.values[i] = isKnownFlow(u, v) ? static_cast<float>(std::hypot(double(u), double(v))) : std::nanf("");
    }
    return s;
}

double finiteMax(const ScalarField& s) {
    double m = 0;
    for (float v : s.values)
        if (std::isfinite(v)) m = std::max(m, double(v));
    return m;
}

}  // namespace

std::vector<uint8_t> knownPixels(const FlowField& f) {
    std::vector<uint8_t> m(f.uv.size() / 2);
    for (size_t i = 0; i < m.size(); ++i) m[i] = isKnownFlow(f.uv[2 * i], f.uv[2 * i + 1]);
    return m;
}

FlowAnalysis analyzeFlow(const FlowViewInput& in) {
    const FlowField& flow = in.flow;
    if (in.first.width != flow.width || in.first.height != flow.height)
        fail(ErrorKind::InvalidInput, "the first frame is " + std::to_string(in.first.width) + "x" + std::to_string(in.first.height) +
                                          ", the flow " + std::to_string(flow.width) + "x" + std::to_string(flow.height));
    if (in.backward) requireFlowSize(*in.backward, flow, "the backward flow");
    if (in.truth) requireFlowSize(*in.truth, flow, "the ground truth");
    if (in.other) requireFlowSize(*in.other, flow, "the flow to compare with");
    if (!in.entropy.values.empty() && (in.entropy.width != flow.width || in.entropy.height != flow.height))
        fail(ErrorKind::InvalidInput, "the entropy map differs in size from the flow");

    FlowAnalysis a;
    a.stats = flowStats(flow);
    // One colour scale for this flow and the other one, so equal motions look equal.
    double radius = a.stats.max;
    if (in.other) radius = std::max(radius, flowStats(*in.other).max);
    a.views.push_back({"flow", "Flow (Middlebury colours, wheel legend)", withWheelLegend(flowToColor(flow, radius))});
    a.views.push_back({"arrows", "Arrows over frame 1", drawFlowArrows(in.first, flow, in.arrow_step)});
    a.views.push_back({"magnitude", format("Magnitude |flow| (black 0 - white %.2f px)", a.stats.max), flowMagnitude(flow)});

    const WarpCheck w = warpCheck(in.first, in.second, flow);
    a.mean_photometric_error = w.mean_error;
    a.warp_outside_fraction = w.outside_fraction;
    a.views.push_back({"warped", "Frame 2 warped back by the flow (magenta: outside frame 2)", w.warped});
    const double maxError = std::max(1.0, finiteMax(w.error));
    a.views.push_back({"warp_error", format("Photometric error |I1 - warp(I2)| (viridis 0 - %.0f grey levels)", maxError),
                       scalarFieldImage(w.error, 0, maxError)});

    if (in.backward) {
        a.consistency = forwardBackwardConsistency(flow, *in.backward, in.alpha, in.beta);
        a.views.push_back({"consistency", "Forward-backward check (red: inconsistent / occluded, blue: leaves the frame)",
                           consistencyOverlay(in.first, *a.consistency)});
    }
    if (in.truth) {
        a.epe = endPointError(flow, *in.truth);
        if (!in.non_occluded.empty()) a.noc_epe = endPointError(flow, *in.truth, in.non_occluded);
        a.views.push_back({"epe", format("End-point error (black 0 - white %.2f px)", a.epe->max), endPointErrorImage(flow, *in.truth)});
        a.views.push_back({"kitti_error", "KITTI error image (blue: correct ... red: Fl outlier; darker: occluded)",
                           kittiErrorImage(flow, *in.truth, in.non_occluded)});
    }
    if (in.other) {
        a.versus_other = endPointError(flow, *in.other);
        a.views.push_back({"other", "The other flow (same colour scale)", withWheelLegend(flowToColor(*in.other, radius))});
        const ScalarField diff = magnitudeField(flowDifference(flow, *in.other));
        const double maxDiff = std::max(1e-6, finiteMax(diff));
        a.views.push_back({"difference", format("|this flow - the other| (viridis 0 - %.2f px)", maxDiff), scalarFieldImage(diff, 0, maxDiff)});
    }
    if (!in.entropy.values.empty()) {
        double sum = 0;
        int64_t n = 0;
        for (float v : in.entropy.values)
            if (std::isfinite(v)) {
                sum += v;
                ++n;
            }
        a.mean_entropy = n ? sum / static_cast<double>(n) : 0.0;
        if (in.truth) a.entropy_vs_error = correlateWithError(in.entropy, flow, *in.truth);
        a.views.push_back({"entropy", "Decoder attention entropy over the latents (viridis 0 = one latent - 1 = uniform)",
                           scalarFieldImage(in.entropy, 0, 1)});
    }
    return a;
}

nlohmann::json flowAnalysisJson(const FlowAnalysis& a) {
    nlohmann::json j = {{"mean_magnitude", a.stats.mean}, {"max_magnitude", a.stats.max},
                        {"warp", {{"mean_photometric_error", a.mean_photometric_error}, {"outside_fraction", a.warp_outside_fraction}}}};
    if (a.consistency)
        j["consistency"] = {{"inconsistent_fraction", a.consistency->inconsistent_fraction}, {"inconsistent_pixels", a.consistency->inconsistent},
                            {"outside_fraction", a.consistency->outside_fraction}};
    if (a.epe) j["epe"] = endPointErrorJson(*a.epe);
    if (a.noc_epe) j["noc_epe"] = endPointErrorJson(*a.noc_epe);
    if (a.versus_other) j["versus_other"] = endPointErrorJson(*a.versus_other);
    if (a.mean_entropy) {
        j["entropy"] = {{"mean", *a.mean_entropy}};
        if (a.entropy_vs_error)
            j["entropy"]["vs_error"] = {{"pearson", a.entropy_vs_error->pearson}, {"spearman", a.entropy_vs_error->spearman},
                                        {"pixels", a.entropy_vs_error->pixels}};
    }
    return j;
}

std::vector<std::string> writeFlowViews(const std::string& dir, const FlowAnalysis& a) {
    std::vector<std::string> written;
    for (const FlowView& v : a.views) {
        written.push_back(dir + "/" + v.key + ".png");
        saveImage(written.back(), v.image);
    }
    return written;
}

}  // namespace perceiver
