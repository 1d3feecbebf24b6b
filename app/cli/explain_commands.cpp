// The explanation verbs of `perceiver`: trace (one output back through the latents to the
// input), attribute (gradient attributions of one output to the input elements) and
// rank-latents (each latent ablated in turn, pipelines/intervention.h). The hops and their rules live in core (pipelines/trace.h), the files they are written
// as too (writeInputWeights, attention.h). Built only with PERCEIVER_WITH_MEDIA.
#include "commands.h"
#include "options.h"
#include "progress_bar.h"
#include "warnings.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "media/image.h"
#include "model/model_factory.h"
#include "pipelines/attribution.h"
#include "pipelines/intervention.h"
#include "pipelines/trace.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>

namespace perceiver::cli {

namespace {

/// "X,Y" or "F,X,Y": `count` integers, a usage error naming the option otherwise.
std::vector<int64_t> integers(const std::string& option, const std::string& text, size_t count) {
    const std::vector<int64_t> out = integerList(option, text);
    if (out.size() != count) usage("--" + option + " takes " + (count == 2 ? std::string("X,Y") : std::string("F,X,Y")) + ", got '" + text + "'");
    return out;
}

/// The `k` largest entries of `w` as [[index, weight], ...].
nlohmann::json topEntries(const std::vector<float>& w, size_t k) {
    std::vector<size_t> order(w.size());
    std::iota(order.begin(), order.end(), size_t{0});
    k = std::min(k, w.size());
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](size_t a, size_t b) { return w[a] > w[b]; });
    nlohmann::json out = nlohmann::json::array();
    for (size_t i = 0; i < k; ++i) out.push_back({order[i], w[order[i]]});
    return out;
}

nlohmann::json hopJson(const std::vector<float>& w, double sum) {
    return {{"weights", w}, {"sum", sum}, {"top", topEntries(w, 10)}};
}

/// The input forms `trace` and `attribute` share, read and checked before the model loads.
struct ExplainInput {
    bool text = false, image = false, video = false, pair = false;
    int64_t position = -1, label = -1;
    std::vector<int64_t> pixel;
    VideoTarget target;
    ImageU8 first, second;

    ExplainInput(const Options& o, const std::string& verbName) {
        text = o.values.count("text"), image = o.values.count("image"), video = o.values.count("video"), pair = o.positional.size() == 2;
        if (text + image + video + pair != 1 || (!pair && !o.positional.empty()))
            usage(verbName + " takes one input: --text TEXT, --image IMAGE, FRAME1 FRAME2 --pixel X,Y, or --video VIDEO (--pixel F,X,Y | --audio-sample N | --label)");
        position = o.integer("position", -1), label = o.integer("class", -1);
        if (pair) pixel = integers("pixel", o.need("pixel"), 2);
        if (video) {
            const int given = o.values.count("pixel") + o.values.count("audio-sample") + o.flag("label");
            if (given != 1) usage(verbName + " --video takes one of --pixel F,X,Y, --audio-sample N or --label");
            if (o.values.count("pixel")) {
                pixel = integers("pixel", o.values.at("pixel"), 3);
                target.frame = static_cast<int>(pixel[0]), target.x = static_cast<int>(pixel[1]), target.y = static_cast<int>(pixel[2]);
            } else if (o.values.count("audio-sample")) {
                target.output = VideoTarget::Output::AudioSample;
                target.sample = o.integer("audio-sample", 0);
            } else {
                target.output = VideoTarget::Output::Label;
            }
        }
        if (image) first = loadImage(o.values.at("image"));
        if (pair) first = loadImage(o.positional[0]), second = loadImage(o.positional[1]);
    }
    std::string demo() const { return text ? "demo-language" : image ? "demo-shapes" : video ? "demo-clips" : "demo-flow"; }
};

double opacityOption(const Options& o) {
    const double opacity = o.number("opacity", 0.6);
    if (!(opacity >= 0.0 && opacity <= 1.0))
        throw Error(ErrorKind::InvalidInput, "--opacity must be between 0 and 1, got " + o.get("opacity", ""));
    return opacity;
}

void writeJsonFile(const std::string& path, const std::string& body) {
    AtomicFile f(path);
    f.write(body.data(), body.size());
    f.commit();
}

}  // namespace

int traceCommand(const Args& args) {
    const Options o(args, verb("trace"));
    const std::string dir = o.need("out-dir");
    const double opacity = opacityOption(o);
    const ExplainInput in(o, "trace");
    const bool pair = in.pair;
    LoadedModel m = loadTaskModel(o, in.demo());
    Trace t;
    if (in.text) t = traceText(*m.model, o.values.at("text"), in.position, in.label);
    else if (in.image) t = traceImage(*m.model, in.first, in.label);
    else if (pair) t = traceFlow(*m.model, in.first, in.second, static_cast<int>(in.pixel[0]), static_cast<int>(in.pixel[1]));
    else t = traceVideo(*m.model, o.values.at("video"), in.target);

    createOutputFolder(dir);
    const TraceSums sums = traceSums(t.hops);
    nlohmann::json prediction = nlohmann::json::array();
    for (const auto& [name, value] : t.prediction) prediction.push_back({{"name", name}, {"value", value}});
    nlohmann::json heads = nlohmann::json::array();
    const int64_t latents = t.hops.decoder.shape.at(1);
    for (int64_t h = 0; h < t.hops.decoder.shape.at(0); ++h)
        heads.push_back(std::vector<float>(t.hops.decoder.data.begin() + h * latents, t.hops.decoder.data.begin() + (h + 1) * latents));
    nlohmann::json j = {{"class", t.maps.architecture}, {"output", t.output}, {"query", t.query}, {"prediction", prediction},
                        {"grid", t.maps.grid}, {"latents", latents}, {"inputs", t.hops.inputs.size()}, {"self_layers", t.maps.self.size()},
                        {"hops", {{"decoder", {{"heads", heads}, {"sums", sums.decoder_heads}}},
                                  {"decoder_mean", hopJson(t.hops.decoder_mean, sums.decoder_mean)},
                                  {"latents", hopJson(t.hops.latents, sums.latents)},
                                  {"latents_plain", hopJson(t.hops.latents_plain, sums.latents_plain)},
                                  {"inputs", hopJson(t.hops.inputs, sums.inputs)},
                                  {"inputs_plain", hopJson(t.hops.inputs_plain, sums.inputs_plain)}}}};
    if (!t.note.empty()) j["note"] = t.note;
    if (pair) j["window"] = {{"x", t.window_x}, {"y", t.window_y}};
    if (!t.modality_shares.data.empty()) {
        nlohmann::json shares = nlohmann::json::array();
        for (int64_t n = 0; n < t.modality_shares.size(0); ++n)
            shares.push_back({t.modality_shares.data[3 * n], t.modality_shares.data[3 * n + 1], t.modality_shares.data[3 * n + 2]});
        j["modality_shares"] = {{"columns", {"audio", "video", "label"}}, {"latents", shares}};
    }
    nlohmann::json files = writeInputWeights(dir, "", t.maps, t.hops.inputs, opacity);
    for (const std::string& f : writeInputWeights(dir, "plain_", t.maps, t.hops.inputs_plain, opacity)) files.push_back(f);
    files.push_back(dir + "/trace.json");
    j["files"] = files;
    const std::string body = jsonText(j) + "\n";
    writeJsonFile(dir + "/trace.json", body);

    if (o.flag("json")) {
        std::cout << body;
        return 0;
    }
    std::printf("%s: traced %s (decoder query %lld)\n", t.maps.architecture.c_str(), t.output.c_str(), static_cast<long long>(t.query));
    std::printf("prediction:");
    for (const auto& [name, value] : t.prediction) std::printf(" %s %.4g", name.c_str(), value);
    std::printf("\n");
    if (!t.note.empty()) std::printf("note: %s\n", t.note.c_str());
    auto printTop = [](const char* what, const std::vector<float>& w, double sum) {
        std::printf("%-30s sum %.6f; top:", what, sum);
        for (const auto& e : topEntries(w, 5)) std::printf(" %lld (%.4f)", e[0].get<long long>(), e[1].get<double>());
        std::printf("\n");
    };
    printTop("decoder attention (mean)", t.hops.decoder_mean, sums.decoder_mean);
    printTop("latents (rollout, residual)", t.hops.latents, sums.latents);
    printTop("latents (plain product)", t.hops.latents_plain, sums.latents_plain);
    printTop("inputs (rollout, residual)", t.hops.inputs, sums.inputs);
    printTop("inputs (plain product)", t.hops.inputs_plain, sums.inputs_plain);
    std::printf("wrote %zu files to %s\n", files.size(), dir.c_str());
    return 0;
}

int attributeCommand(const Args& args) {
    const Options o(args, verb("attribute"));
    const std::string dir = o.need("out-dir");
    const double opacity = opacityOption(o);
    AttributionOptions ao;
    ao.method = parseAttributionMethod(o.get("method", "ig"));
    ao.baseline = parseAttributionBaseline(o.get("baseline", "zeros"));
    ao.steps = o.integer("steps", ao.steps);
    ao.refine = !o.values.count("steps");  // the nodes asked for, exactly
    ao.batch = o.integer("batch", ao.batch);
    checkAttributionOptions(ao);
    const std::string componentName = o.get("component", "magnitude");
    if (componentName != "u" && componentName != "v" && componentName != "magnitude")
        usage("--component takes u, v or magnitude, got '" + componentName + "'");
    const FlowComponent component = componentName == "u" ? FlowComponent::U : componentName == "v" ? FlowComponent::V : FlowComponent::Magnitude;
    const ExplainInput in(o, "attribute");
    LoadedModel m = loadTaskModel(o, in.demo());
    ProgressBar bar(!o.flag("json"));
    Attribution a;
    if (in.text) a = attributeText(*m.model, o.values.at("text"), in.position, in.label, ao, &bar.progress());
    else if (in.image) a = attributeImage(*m.model, in.first, in.label, ao, &bar.progress());
    else if (in.pair) a = attributeFlow(*m.model, in.first, in.second, static_cast<int>(in.pixel[0]), static_cast<int>(in.pixel[1]), component, ao, &bar.progress());
    else a = attributeVideo(*m.model, o.values.at("video"), in.target, ao, &bar.progress());
    bar.finish();

    createOutputFolder(dir);
    // The images show |attribution| (the heatmaps' colours are unsigned); the JSON has the signs.
    std::vector<float> magnitude(a.weights.size());
    for (size_t i = 0; i < a.weights.size(); ++i) magnitude[i] = std::fabs(a.weights[i]);
    nlohmann::json files = writeInputWeights(dir, "", a.input, magnitude, opacity);
    files.push_back(dir + "/attribution.json");
    nlohmann::json j = {{"class", m.model->className()}, {"output", a.output}, {"method", a.method}, {"steps", a.steps},
                        {"value", a.value}, {"baseline_value", a.baseline_value}, {"sum", a.total},
                        {"completeness_error", a.completeness_error}, {"grid", a.input.grid}, {"weights", a.weights},
                        {"top", topEntries(magnitude, 10)}, {"files", files}};
    if (!a.input.video_grid.empty()) j["layout"] = {{"audio_samples", a.input.audio_positions}, {"frames", a.input.video_grid}};
    const std::string body = jsonText(j) + "\n";
    writeJsonFile(dir + "/attribution.json", body);
    if (o.flag("json")) {
        std::cout << body;
        return 0;
    }
    std::printf("%s: %s by %s\n", m.model->className().c_str(), a.output.c_str(), a.method.c_str());
    std::printf("f(x) %.6g, f(baseline) %.6g, sum of attributions %.6g: completeness error %.3g %%\n", a.value, a.baseline_value, a.total,
                100 * a.completeness_error);
    std::printf("largest |attribution|:");
    for (const auto& e : topEntries(magnitude, 5)) std::printf(" %lld (%.4g)", e[0].get<long long>(), a.weights[e[0].get<size_t>()]);
    std::printf("\nwrote %zu files to %s\n", files.size(), dir.c_str());
    return 0;
}

int rankLatentsCommand(const Args& args) {
    const Options o(args, verb("rank-latents"));
    RankOptions ro;
    ro.after_layer = o.integer("after-layer", 0);
    ro.batch = static_cast<int>(o.integer("batch", 0));
    const int64_t top = o.integer("top", 10);
    if (top < 1) usage("--top must be at least 1, got " + std::to_string(top));
    try {
        if (o.values.count("latents")) ro.latents = parseIndexRanges(o.values.at("latents"), "--latents");
    } catch (const Error& e) {
        usage(e.what());
    }
    const ExplainInput in(o, "rank-latents");
    LoadedModel m = loadTaskModel(o, in.demo());
    ProgressBar bar(!o.flag("json"));
    LatentRanking r;
    if (in.text) r = rankLatentsText(*m.model, o.values.at("text"), in.position, in.label, ro, &bar.progress());
    else if (in.image) r = rankLatentsImage(*m.model, in.first, in.label, ro, &bar.progress());
    else if (in.pair) r = rankLatentsFlow(*m.model, in.first, in.second, static_cast<int>(in.pixel[0]), static_cast<int>(in.pixel[1]), ro, &bar.progress());
    else r = rankLatentsVideo(*m.model, o.values.at("video"), in.target, ro, &bar.progress());
    bar.finish();
    if (o.flag("json")) {
        nlohmann::json effects = nlohmann::json::array();
        for (const LatentEffect& e : r.effects) effects.push_back({{"latent", e.latent}, {"value", e.value}, {"delta", e.delta}});
        std::cout << jsonText({{"class", m.model->className()}, {"output", r.output}, {"value", r.value}, {"after_layer", r.after_layer},
                               {"effects", effects}})
                  << "\n";
        return 0;
    }
    std::printf("%s: %s = %.6g; each latent zeroed after layer %lld:\n", m.model->className().c_str(), r.output.c_str(), r.value,
                static_cast<long long>(r.after_layer));
    for (size_t i = 0; i < std::min(r.effects.size(), static_cast<size_t>(top)); ++i)
        std::printf("  latent %4lld: %.6g (%+.4g)\n", static_cast<long long>(r.effects[i].latent), r.effects[i].value, r.effects[i].delta);
    return 0;
}

}  // namespace perceiver::cli
