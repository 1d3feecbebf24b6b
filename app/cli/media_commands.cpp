// The verbs of `perceiver` that read or write images, video and audio (classify, attention,
// autoencode; the flow verbs are in flow_commands.cpp). Built only with PERCEIVER_WITH_MEDIA (OpenCV + FFmpeg).
#include "commands.h"
#include "options.h"
#include "progress_bar.h"
#include "warnings.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/progress.h"
#include "config/labels.h"
#include "media/audio.h"
#include "media/flow.h"
#include "media/image.h"
#include "media/video.h"
#include "model/model_factory.h"
#include "pipelines/attention.h"
#include "pipelines/autoencode.h"
#include "pipelines/classify.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

namespace perceiver::cli {

int classifyCommand(const Args& args) {
    const Options o(args, verb("classify"));
    if (o.positional.size() != 1) usage("classify takes one IMAGE file");
    const int topK = o.integer("top-k", 5);
    const ImageU8 image = loadImage(o.positional[0]);
    LoadedModel m = loadTaskModel(o, "demo-shapes");
    if (o.values.count("labels")) setLabels(m.model->config, readLabelFile(o.values.at("labels")));
    const ClassifyResult r = classifyImage(*m.model, image, topK);
    printWarnings(r.warnings);
    if (o.values.count("save-view")) saveImage(o.values.at("save-view"), r.model_view);
    if (o.flags.count("json")) {
        nlohmann::json j = {{"image", o.positional[0]}, {"class", r.architecture}, {"top", nlohmann::json::array()}};
        for (const auto& c : r.top) j["top"].push_back({{"index", c.index}, {"label", c.label}, {"probability", c.probability}});
        if (!r.warnings.empty() || !m.warnings.empty()) j["warnings"] = joined(m.warnings, r.warnings);
        std::cout << jsonText(j) << "\n";
        return 0;
    }
    for (const auto& c : r.top) std::printf("%7.3f  %s (%lld)\n", c.probability, c.label.c_str(), static_cast<long long>(c.index));
    return 0;
}

int attentionCommand(const Args& args) {
    const Options o(args, verb("attention"));
    const std::string dir = o.need("out-dir");
    const int head = o.integer("head", -1);
    const int latent = o.integer("latent", -1);
    const double opacity = o.number("opacity", 0.6);
    if (!(opacity >= 0.0 && opacity <= 1.0))  // checked before any file is written (NaN fails both)
        throw Error(ErrorKind::InvalidInput, "--opacity must be between 0 and 1, got " + o.get("opacity", ""));
    LoadedModel m = loadTaskModel(o, o.values.count("text") ? "demo-language" : o.values.count("image") ? "demo-shapes" : o.values.count("video") ? "demo-clips" : "demo-flow");
    AttentionMaps r;
    if (o.values.count("text")) r = attendText(*m.model, o.values.at("text"));
    else if (o.values.count("image")) r = attendImage(*m.model, loadImage(o.values.at("image")));
    else if (o.positional.size() == 2) r = attendFlow(*m.model, loadImage(o.positional[0]), loadImage(o.positional[1]));
    else if (o.values.count("video")) r = attendVideo(*m.model, o.values.at("video"));  // its first window
    else usage("attention takes --text TEXT, --image IMAGE, --video VIDEO, or two flow frames");
    createOutputFolder(dir);
    const std::vector<float> w = inputWeights(r, head, latent, o.flags.count("rollout") != 0);
    nlohmann::json j = {{"class", r.architecture}, {"grid", r.grid}, {"cross_shape", r.cross.shape}, {"self_layers", r.self.size()},
                        {"head", head}, {"latent", latent}, {"rollout", o.flags.count("rollout") != 0}, {"files", nlohmann::json::array()}};
    if (!r.decoder.shape.empty()) j["decoder_shape"] = r.decoder.shape;
    auto saved = [&](const std::string& name) { j["files"].push_back(dir + "/" + name); return dir + "/" + name; };
    for (const std::string& f : writeInputWeights(dir, "", r, w, opacity)) j["files"].push_back(f);
    if (!r.token_ids.empty()) {
        nlohmann::json tokens = nlohmann::json::array();
        for (size_t i = 0; i < r.token_ids.size(); ++i) tokens.push_back({{"id", r.token_ids[i]}, {"weight", w[i]}});
        j["tokens"] = tokens;
    }
    for (size_t l = 0; l < r.self.size(); ++l) {  // latent self-attention matrices (mean over heads or one head)
        const FloatArray a = selfAttentionMatrix(r, static_cast<int>(l), head);
        const int64_t n = a.size(0);
        char name[40];
        std::snprintf(name, sizeof name, "self_layer_%02zu.png", l);
        const int side = static_cast<int>(std::max<int64_t>(n, 128));
        saveImage(saved(name), heatmapImage(a.data, {n, n}, side, side));
    }
    if (o.flags.count("json")) std::cout << jsonText(j) << "\n";
    else std::cout << r.architecture << ": cross-attention " << r.cross.size(0) << " heads x " << r.cross.size(1) << " latents x "
                   << r.cross.size(2) << " inputs, " << r.self.size() << " self-attention layers; wrote " << j["files"].size()
                   << " files to " << dir << "\n";
    return 0;
}

int autoencodeCommand(const Args& args) {
    const Options o(args, verb("autoencode"));
    if (o.positional.size() != 1) usage("autoencode takes one VIDEO file");
    AutoencodeOptions ao;
    ao.chunks = o.integer("chunks", ao.chunks);
    ao.top_k = o.integer("top-k", ao.top_k);
    checkAutoencodeOptions(ao);  // before the model, the video and any output
    LoadedModel m = loadTaskModel(o, "demo-clips");
    if (o.values.count("labels")) setLabels(m.model->config, readLabelFile(o.values.at("labels")));
    const AutoencodeGeometry g = autoencodeGeometry(*m.model);
    AutoencodeOutputPaths paths;  // the studio writes through the same AutoencodeWriter
    (o.flags.count("side-by-side") ? paths.side_by_side : paths.reconstruction) = o.get("out", "");
    paths.wav = o.get("wav", "");
    AutoencodeWriter writer(g, paths);
    nlohmann::json windows = nlohmann::json::array();
    ProgressBar bar(!o.flags.count("json"));
    const AutoencodeResult r = autoencodeVideo(*m.model, o.positional[0], ao, [&](const AutoencodeWindow& w) {
        writer.add(w);
        nlohmann::json window{{"window", w.index}, {"frames", w.valid_frames}, {"psnr", w.psnr}};
        if (!w.top.empty()) window["label"] = {{"index", w.top.front().index}, {"label", w.top.front().label}, {"probability", w.top.front().probability}};
        windows.push_back(window);
    }, &bar.progress());
    bar.finish();
    writer.finish();
    printWarnings(r.warnings);
    if (o.flags.count("json")) {
        nlohmann::json top = nlohmann::json::array();
        for (const auto& c : r.top) top.push_back({{"index", c.index}, {"label", c.label}, {"probability", c.probability}});
        nlohmann::json j{{"windows", windows}, {"frames", r.frames}, {"mean_psnr", r.mean_psnr}, {"top", top}};
        if (!r.warnings.empty() || !m.warnings.empty()) j["warnings"] = joined(m.warnings, r.warnings);
        std::cout << jsonText(j) << "\n";
        return 0;
    }
    std::printf("%d frames in %d windows, mean PSNR %.2f dB\n", r.frames, r.windows, r.mean_psnr);
    for (const auto& w : windows) {
        std::printf("  window %d (%d frames): PSNR %.2f dB", w["window"].get<int>() + 1, w["frames"].get<int>(), w["psnr"].get<double>());
        if (w.contains("label")) std::printf(", %s %.3f", w["label"]["label"].get<std::string>().c_str(), w["label"]["probability"].get<double>());
        std::printf("\n");
    }
    std::printf("mean label probabilities over the windows:\n");
    for (const auto& c : r.top) std::printf("%7.3f  %s (%lld)\n", c.probability, c.label.c_str(), static_cast<long long>(c.index));
    return 0;
}

}  // namespace perceiver::cli
