// The optical-flow verbs of `perceiver`: flow (a pair with every trust view, or a video / a
// folder of frames), flow-eval (a Sintel or KITTI dataset) and track (points through a clip).
// What each view is and how it is named lives in core (pipelines/flow_views.h); the rules of
// tiling too (defaultFlowOptions). Built only with PERCEIVER_WITH_MEDIA.
#include "commands.h"
#include "options.h"
#include "progress_bar.h"
#include "warnings.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "media/flow.h"
#include "media/flow_analysis.h"
#include "media/frame_sequence.h"
#include "media/image.h"
#include "media/video.h"
#include "model/model_factory.h"
#include "pipelines/flow_eval.h"
#include "pipelines/flow_views.h"
#include "pipelines/optical_flow.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

namespace perceiver::cli {

namespace {

/// --min-overlap and --tile-batch over the model's default tiling (the studio's too).
FlowOptions flowOptions(const Options& o, const TaskModel& model) {
    FlowOptions fo = defaultFlowOptions(model);
    fo.min_overlap = o.integer("min-overlap", fo.min_overlap);
    fo.tile_batch = o.integer("tile-batch", fo.tile_batch);
    return fo;
}

void checkTilingOptions(const Options& o) {  // before the model loads and anything is written
    if (o.integer("min-overlap", 0) < 0) throw Error(ErrorKind::InvalidInput, "--min-overlap must be at least 0 pixels");
    const int batch = o.integer("tile-batch", 1);
    if (batch < 1 || batch > 256) throw Error(ErrorKind::InvalidInput, "--tile-batch must be between 1 and 256, got " + std::to_string(batch));
}

void requireFrameSize(const FlowField& f, const ImageU8& frame, const std::string& option, const std::string& path) {
    requireSameSize(f.width, f.height, frame.width, frame.height, "--" + option + " '" + path + "'", "the frames");
}

const FlowView& viewOf(const FlowAnalysis& a, const std::string& key) {
    for (const FlowView& v : a.views)
        if (v.key == key) return v;
    throw Error(ErrorKind::Internal, "flow view '" + key + "' missing");
}

void printEpe(const char* what, const EndPointError& e) {
    std::printf("%s %.4f px (max %.4f) over %lld pixels; < 1 / 3 / 5 px: %.1f / %.1f / %.1f %%; Fl-all %.2f %%\n", what, e.mean, e.max,
                static_cast<long long>(e.valid), 100 * e.acc1, 100 * e.acc3, 100 * e.acc5, 100 * e.fl_all);
}

int videoFlow(const Options& o, TaskModel& model, const FlowOptions& fo, int arrowStep) {
    for (const char* pairOnly : {"gt", "gt-noc", "occlusions", "compare", "flo", "color"})
        if (o.values.count(pairOnly)) usage(std::string("--") + pairOnly + " is for a pair of frames, not --video");
    if (o.flag("backward") || o.flag("entropy")) usage("--backward and --entropy are for a pair of frames, not --video");
    if (!o.positional.empty()) usage("give either --video VIDEO|DIR or two frames, not both");
    const std::string dir = o.need("out-dir");
    createOutputFolder(dir);
    nlohmann::json pairs = nlohmann::json::array();
    const int64_t n = estimateVideoFlow(model, o.values.at("video"), fo, [&](int64_t i, const ImageU8& a, const ImageU8&, const FlowResult& r) {
        printWarnings(r.warnings);
        char stem[32];
        std::snprintf(stem, sizeof stem, "/flow_%05lld", static_cast<long long>(i));
        writeFlo(dir + stem + ".flo", r.flow);
        saveImage(dir + stem + ".png", withWheelLegend(flowToColor(r.flow)));
        if (o.values.count("arrows")) saveImage(dir + stem + "_arrows.png", drawFlowArrows(a, r.flow, arrowStep));
        if (o.values.count("magnitude")) saveImage(dir + stem + "_magnitude.png", flowMagnitude(r.flow));
        const auto [mean, mx] = flowStats(r.flow);
        pairs.push_back({{"pair", i}, {"mean_magnitude", mean}, {"max_magnitude", mx}});
        if (!o.flag("json")) std::printf("pair %lld: mean |flow| %.3f px, max %.3f px\n", static_cast<long long>(i), mean, mx);
    });
    if (o.flag("json")) std::cout << jsonText(nlohmann::json{{"pairs", n}, {"out_dir", dir}, {"flows", pairs}}) << "\n";
    return 0;
}

}  // namespace

int flowCommand(const Args& args) {
    const Options o(args, verb("flow"));
    // Every option is checked before any work and any output (a bad --arrow-step used to fail
    // after --flo and --color were written).
    const int arrowStep = o.integer("arrow-step", 16);
    if (arrowStep < 1) throw Error(ErrorKind::InvalidInput, "--arrow-step must be at least 1 pixel, got " + std::to_string(arrowStep));
    checkTilingOptions(o);
    if (o.values.count("video")) {
        LoadedModel m = loadTaskModel(o, "demo-flow");
        return videoFlow(o, *m.model, flowOptions(o, *m.model), arrowStep);
    }
    if (o.positional.size() != 2) usage("flow takes FRAME1 FRAME2 (or --video VIDEO|FRAMES_DIR --out-dir DIR)");
    if (o.values.count("occlusions") && o.values.count("gt-noc")) usage("give --occlusions or --gt-noc, not both");
    if ((o.values.count("occlusions") || o.values.count("gt-noc")) && !o.values.count("gt")) usage("--occlusions and --gt-noc need --gt");
    // Inputs are read before any work: a bad path fails fast and writes nothing.
    FlowViewInput in;
    in.first = loadImage(o.positional[0]);
    in.second = loadImage(o.positional[1]);
    in.arrow_step = arrowStep;
    if (in.second.width != in.first.width || in.second.height != in.first.height)
        throw Error(ErrorKind::InvalidInput, "the frames differ in size: '" + o.positional[0] + "' is " + std::to_string(in.first.width) + "x" +
                                                 std::to_string(in.first.height) + ", '" + o.positional[1] + "' " +
                                                 std::to_string(in.second.width) + "x" + std::to_string(in.second.height));
    if (o.values.count("gt")) {
        in.truth = readFlowFile(o.values.at("gt"));  // .flo, or KITTI's 16-bit PNG
        requireFrameSize(*in.truth, in.first, "gt", o.values.at("gt"));
    }
    if (o.values.count("gt-noc")) {
        const FlowField noc = readFlowFile(o.values.at("gt-noc"));
        requireFrameSize(noc, in.first, "gt-noc", o.values.at("gt-noc"));
        in.non_occluded = knownPixels(noc);
    }
    if (o.values.count("occlusions")) {
        const ImageU8 mask = loadImage(o.values.at("occlusions"));
        if (mask.width != in.first.width || mask.height != in.first.height)
            throw Error(ErrorKind::InvalidInput, "--occlusions '" + o.values.at("occlusions") + "' is " + std::to_string(mask.width) + "x" +
                                                     std::to_string(mask.height) + ", the frames " + std::to_string(in.first.width) + "x" +
                                                     std::to_string(in.first.height));
        in.non_occluded = maskFromImage(mask, /*invert=*/true);  // Sintel: white = occluded
    }
    if (o.values.count("compare")) {
        in.other = readFlowFile(o.values.at("compare"));
        requireFrameSize(*in.other, in.first, "compare", o.values.at("compare"));
    }
    const std::string dir = o.get("out-dir", "");
    if (!dir.empty()) createOutputFolder(dir);  // an unusable folder fails before the model runs
    LoadedModel m = loadTaskModel(o, "demo-flow");
    FlowOptions fo = flowOptions(o, *m.model);
    fo.entropy = o.flag("entropy");
    fo.backward = o.flag("backward");
    const FlowResult r = estimateFlow(*m.model, in.first, in.second, fo);
    printWarnings(r.warnings);
    in.flow = r.flow;
    in.entropy = r.entropy;
    if (fo.backward) in.backward = r.backward;
    const std::vector<std::string>& warnings = r.warnings;
    const FlowAnalysis fa = analyzeFlow(in);

    nlohmann::json j = {{"width", r.flow.width}, {"height", r.flow.height}, {"windows", r.tile_ys.size() * r.tile_xs.size()}};
    j.update(flowAnalysisJson(fa));
    nlohmann::json files = nlohmann::json::array();
    auto wrote = [&](const std::string& path) { files.push_back(path); };
    if (o.values.count("flo")) writeFlo(o.values.at("flo"), r.flow), wrote(o.values.at("flo"));
    for (const auto& [option, key] : {std::pair<const char*, const char*>{"color", "flow"}, {"arrows", "arrows"}, {"magnitude", "magnitude"}})
        if (o.values.count(option)) saveImage(o.values.at(option), viewOf(fa, key).image), wrote(o.values.at(option));
    if (!dir.empty()) {
        writeFlo(dir + "/flow.flo", r.flow), wrote(dir + "/flow.flo");
        if (in.backward) writeFlo(dir + "/backward.flo", *in.backward), wrote(dir + "/backward.flo");
        for (const std::string& f : writeFlowViews(dir, fa)) wrote(f);
    }
    if (!files.empty()) j["files"] = files;
    if (!warnings.empty() || !m.warnings.empty()) j["warnings"] = joined(m.warnings, warnings);
    if (o.flag("json")) {
        std::cout << jsonText(j) << "\n";
        return 0;
    }
    std::printf("%dx%d flow from %zu window(s): mean |flow| %.3f px, max %.3f px\n", r.flow.width, r.flow.height,
                r.tile_ys.size() * r.tile_xs.size(), fa.stats.mean, fa.stats.max);
    std::printf("warp check: mean |I1 - warp(I2)| %.2f grey levels, %.1f %% of the pixels map outside frame 2\n", fa.mean_photometric_error,
                100 * fa.warp_outside_fraction);
    if (fa.consistency)
        std::printf("forward-backward: %.2f %% inconsistent (%lld pixels), %.1f %% leave the frame\n", 100 * fa.consistency->inconsistent_fraction,
                    static_cast<long long>(fa.consistency->inconsistent), 100 * fa.consistency->outside_fraction);
    if (fa.epe) printEpe("EPE", *fa.epe);
    if (fa.noc_epe) printEpe("non-occluded EPE", *fa.noc_epe);
    if (fa.versus_other) printEpe("against the other flow: EPE", *fa.versus_other);
    if (fa.mean_entropy) {
        std::printf("decoder attention entropy: mean %.3f of the maximum", *fa.mean_entropy);
        if (fa.entropy_vs_error)
            std::printf("; with the error: Pearson %.3f, Spearman %.3f over %lld pixels", fa.entropy_vs_error->pearson,
                        fa.entropy_vs_error->spearman, static_cast<long long>(fa.entropy_vs_error->pixels));
        std::printf("\n");
    }
    if (!files.empty()) std::printf("wrote %zu files%s\n", files.size(), dir.empty() ? "" : (" to " + dir).c_str());
    return 0;
}

int flowEvalCommand(const Args& args) {
    const Options o(args, verb("flow-eval"));
    if (o.positional.size() != 1) usage("flow-eval takes one DATASET folder (Sintel or KITTI layout)");
    checkTilingOptions(o);
    const std::string root = o.positional[0];
    const FlowDataset format = o.values.count("format") ? parseFlowDataset(o.values.at("format")) : detectFlowDataset(root);
    const std::string split = o.get("split", "clean");
    const std::string out = o.get("out", "");
    if (!out.empty()) {  // the name is checked before any work
        const std::string ext = std::filesystem::path(out).extension().string();
        if (ext != ".json" && ext != ".csv") throw Error(ErrorKind::InvalidInput, "--out '" + out + "': expected a .json or .csv file name");
    }
    const std::vector<FlowEvalPair> pairs = findFlowPairs(root, format, split);
    const std::string modelId = o.model("demo-flow");
    LoadedModel m = loadModelWarning(modelId, nullptr, o.get("device", "cpu"));
    printWarnings(m.warnings);
    FlowEvalOptions eo;
    eo.flow = flowOptions(o, *m.model);
    eo.model_id = modelId;
    eo.dataset = std::filesystem::absolute(root).lexically_normal().string();
    eo.split = format == FlowDataset::Sintel ? split : "";
    eo.format = format;
    eo.journal = out.empty() ? "" : out + ".partial";  // resumable: the pairs done so far
    const bool json = o.flag("json");
    ProgressBar bar(!json);
    const FlowEvalReport r = evaluateFlowDataset(*m.model, pairs, eo, [&](const FlowPairMetrics& p) {
        if (json) return;
        bar.finish();
        std::printf("%s/%s: EPE %.4f px, Fl-all %.2f %%%s\n", p.scene.c_str(), p.name.c_str(), p.all.mean, 100 * p.all.fl_all,
                    p.resumed ? " (from the journal)" : "");
        std::fflush(stdout);
    }, &bar.progress());
    bar.finish();
    if (!out.empty()) {
        writeFlowEvalReport(out, r);
        std::error_code ec;
        std::filesystem::remove(eo.journal, ec);  // the report holds it all now
    }
    if (json) {
        nlohmann::json j = flowEvalReportJson(r);
        if (!out.empty()) j["out"] = out;
        std::cout << jsonText(j) << "\n";
        return 0;
    }
    std::printf("\n%-24s %5s %9s %9s %7s %7s %7s %8s %8s %8s %8s\n", "scene", "pairs", "EPE", "noc EPE", "<1px", "<3px", "<5px", "Fl-all",
                "s0-10", "s10-40", "s40+");
    auto row = [](const std::string& name, const FlowSummary& s) {
        auto band = [](double v) {
            char b[16];
            if (v < 0) return std::string("-");
            std::snprintf(b, sizeof b, "%.3f", v);
            return std::string(b);
        };
        const std::string noc = s.noc.valid ? band(s.noc.mean) : "-";
        std::printf("%-24s %5lld %9.4f %9s %6.1f%% %6.1f%% %6.1f%% %7.2f%% %8s %8s %8s\n", name.c_str(), static_cast<long long>(s.pairs),
                    s.all.mean, noc.c_str(), 100 * s.all.acc1, 100 * s.all.acc3, 100 * s.all.acc5, 100 * s.all.fl_all,
                    band(s.all.s0_10).c_str(), band(s.all.s10_40).c_str(), band(s.all.s40_plus).c_str());
    };
    for (const auto& s : r.scenes) row(s.scene, s);
    row("all", r.summary);
    if (r.resumed) std::printf("%lld of %zu pairs were taken from the journal of an earlier run\n", static_cast<long long>(r.resumed), r.pairs.size());
    if (!out.empty()) std::printf("wrote %s\n", out.c_str());
    return 0;
}

int trackCommand(const Args& args) {
    const Options o(args, verb("track"));
    if (!o.positional.empty()) usage("track takes --video VIDEO|DIR --points X,Y;... --out-dir DIR");
    checkTilingOptions(o);
    const std::string source = o.need("video");
    const std::vector<std::pair<double, double>> points = parsePoints(o.need("points"));
    const std::string dir = o.need("out-dir");
    const int64_t maxPairs = o.integer("max-pairs", 0);
    if (maxPairs < 0) throw Error(ErrorKind::InvalidInput, "--max-pairs must be at least 0 (0: every pair)");
    const bool check = !o.flag("no-check");
    const TrackSource checked = checkTrackSource(source, points);  // before the model loads
    LoadedModel m = loadModelWarning(o.model("demo-flow"), nullptr, o.get("device", "cpu"));
    printWarnings(m.warnings);
    FlowOptions fo = flowOptions(o, *m.model);
    fo.max_pairs = maxPairs;
    fo.backward = check;
    createOutputFolder(dir);
    std::optional<VideoWriter> video;
    ImageU8 last;
    std::vector<std::string> warnings;
    int64_t n = 0;
    ProgressBar bar(!o.flag("json"));
    const std::vector<Track> tracks = trackPoints(*m.model, checked, points, fo,
        [&](int64_t i, const ImageU8& a, const ImageU8& b, const FlowResult& r, const PointTracker& tracker) {
            warnings.insert(warnings.end(), r.warnings.begin(), r.warnings.end());
            if (!video) video.emplace(dir + "/tracks.mp4", a.width, a.height, checked.fps);
            video->addFrame(drawTracks(a, tracker.tracks(), static_cast<int>(i)));  // frame i with the tracks up to it
            last = b;
            n = i + 1;
        }, &bar.progress());
    bar.finish();
    printWarnings(warnings);
    const ImageU8 final = drawTracks(last, tracks, static_cast<int>(n));
    video->addFrame(final);
    video->finish();
    saveImage(dir + "/tracks.png", final);
    writeTracksCsv(dir + "/tracks.csv", tracks);
    nlohmann::json trackJson = nlohmann::json::array();
    int64_t lost = 0;
    for (const Track& t : tracks) {
        nlohmann::json tj = {{"start", {t.xs.front(), t.ys.front()}}, {"end", {t.xs.back(), t.ys.back()}}, {"frames", t.xs.size()}, {"lost", t.lost}};
        if (t.lost) tj["reason"] = t.reason, ++lost;
        trackJson.push_back(tj);
    }
    const nlohmann::json files = {dir + "/tracks.csv", dir + "/tracks.png", dir + "/tracks.mp4"};
    if (o.flag("json")) {
        nlohmann::json j = {{"pairs", n}, {"check", check}, {"tracks", trackJson}, {"files", files}};
        if (!warnings.empty() || !m.warnings.empty()) j["warnings"] = joined(m.warnings, warnings);
        std::cout << jsonText(j) << "\n";
        return 0;
    }
    for (size_t i = 0; i < tracks.size(); ++i) {
        const Track& t = tracks[i];
        std::printf("track %zu: (%.2f, %.2f) -> (%.2f, %.2f) over %zu frames%s%s\n", i, t.xs.front(), t.ys.front(), t.xs.back(), t.ys.back(),
                    t.xs.size(), t.lost ? ", lost: " : "", t.reason.c_str());
    }
    std::printf("%zu points through %lld pairs, %lld lost; wrote %s/tracks.csv, tracks.png, tracks.mp4\n", tracks.size(),
                static_cast<long long>(n), static_cast<long long>(lost), dir.c_str());
    return 0;
}

}  // namespace perceiver::cli
