#include "commands.h"
#include "options.h"

#include "checkpoint/catalog.h"
#include "checkpoint/hub_cache.h"
#include "checkpoint/hub_download.h"
#include "common/progress.h"
#include "media/image.h"
#include "pipelines/attention.h"
#include "pipelines/autoencode.h"
#include "media/audio.h"
#include "media/video.h"
#include "pipelines/classify.h"
#include "common/atomic_file.h"
#include "pipelines/fill_mask.h"
#include "pipelines/optical_flow.h"
#include "media/flow.h"
#include "checkpoint/safetensors.h"
#include "checkpoint/state_dict.h"
#include "common/error.h"
#include "config/labels.h"
#include "model/model_factory.h"
#include "pipelines/tensor_runner.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <optional>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <iostream>
#include <unistd.h>

namespace perceiver::cli {

namespace {

}  // namespace

int exitCodeFor(int kind) {
    switch (static_cast<ErrorKind>(kind)) {
        case ErrorKind::InvalidInput: return 3;
        case ErrorKind::Config: return 4;
        case ErrorKind::Checkpoint: return 5;
        case ErrorKind::Media: return 6;
        case ErrorKind::Network: return 8;
        case ErrorKind::Cancelled: return 7;
        case ErrorKind::Internal: return 70;
    }
    return 70;
}

int runCommand(const Args& args) {
    const Options o(args, {"model", "inputs", "out", "constructor", "device"}, {"output-attentions", "output-hidden-states", "json"});
    if (!o.positional.empty()) usage("unexpected argument '" + o.positional.front() + "'");
    const std::string modelPath = o.need("model"), inputsPath = o.need("inputs"), outPath = o.need("out");

    nlohmann::json constructor;
    const bool hasConstructor = o.values.count("constructor") != 0;
    if (hasConstructor) {
        const std::string path = o.values.at("constructor");
        std::ifstream in(path);
        if (!in) throw Error(ErrorKind::Config, "cannot open constructor file '" + path + "'");
        try {
            const auto j = nlohmann::json::parse(in);
            constructor = j.contains("constructor") ? j["constructor"] : j;
        } catch (const nlohmann::json::exception& e) {
            throw Error(ErrorKind::Config, "constructor file '" + path + "' is not valid JSON: " + e.what());
        }
    }
    LoadedModel m = loadModel(modelPath, hasConstructor ? &constructor : nullptr, o.get("device", "cpu"));

    TensorMap named;
    try {
        auto io = SafetensorsFile::open(inputsPath);
        for (const auto& e : io->tensors()) named[e.name] = io->tensor(e.name);
    } catch (const Error& e) {
        throw Error(ErrorKind::InvalidInput, std::string("inputs: ") + e.what());
    }
    ForwardOptions fo;
    fo.output_attentions = o.flags.count("output-attentions") != 0;
    fo.output_hidden_states = o.flags.count("output-hidden-states") != 0;
    const NamedTensors outputs = runNamedTensors(*m.model, named, fo);
    writeSafetensors(outPath, outputs, {{"model", modelPath}, {"class", m.model->className()}});
    if (o.flags.count("json")) {
        nlohmann::json j = {{"class", m.model->className()}, {"out", outPath}, {"outputs", nlohmann::json::object()}};
        for (const auto& [name, t] : outputs) j["outputs"][name] = t.sizes().vec();
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << m.model->className() << ": wrote " << outputs.size() << " outputs to " << outPath << "\n";
        for (const auto& [name, t] : outputs) std::cout << "  " << name << " " << t.sizes() << "\n";
    }
    return 0;
}

int convertCommand(const Args& args) {
    const Options o(args, {}, {"json"});
    if (o.positional.size() != 2) usage("convert takes IN (folder, .bin, .safetensors, *.index.json or hub id) and OUT.safetensors");
    const std::string in = resolveModelPath(o.positional[0]), out = o.positional[1];
    if (out.size() < 12 || out.compare(out.size() - 12, 12, ".safetensors") != 0) usage("OUT must end in .safetensors");
    const StateDict sd = readStateDict(in);
    NamedTensors tensors(sd.begin(), sd.end());
    writeSafetensors(out, tensors, {{"format", "pt"}});
    int64_t bytes = 0;
    for (const auto& [name, t] : sd) bytes += t.numel() * t.element_size();
    if (o.flags.count("json"))
        std::cout << nlohmann::json{{"in", in}, {"out", out}, {"tensors", sd.size()}, {"bytes", bytes}}.dump(2) << "\n";
    else
        std::cout << "wrote " << sd.size() << " tensors (" << bytes << " bytes) to " << out << "\n";
    return 0;
}

int downloadCommand(const Args& args) {
    const Options o(args, {"revision", "endpoint", "cache-dir"}, {"json", "quiet"});
    if (o.positional.size() != 1) usage("download takes one hub id, e.g. deepmind/optical-flow-perceiver");
    DownloadOptions d;
    d.revision = o.get("revision", d.revision);
    d.endpoint = o.get("endpoint", "");
    d.cache_dir = o.get("cache-dir", "");
    const bool bar = !o.flags.count("quiet") && !o.flags.count("json") && ::isatty(2);
    std::string lastLine;
    Progress progress([&](double f, const std::string& stage) {
        if (!bar) return;
        const int width = 30, filled = static_cast<int>(f * width + 0.5);
        std::string line = "\r[" + std::string(filled, '#') + std::string(width - filled, ' ') + "] " +
                           std::to_string(static_cast<int>(f * 100)) + "% " + stage;
        if (line.size() < lastLine.size()) line += std::string(lastLine.size() - line.size(), ' ');
        if (line != lastLine) std::cerr << line << std::flush;
        lastLine = line;
    });
    const DownloadResult r = downloadModel(o.positional[0], d, progress);
    if (bar) std::cerr << "\n";
    if (o.flags.count("json")) {
        std::cout << nlohmann::json{{"repo", o.positional[0]}, {"commit", r.commit}, {"snapshot", r.snapshot},
                                    {"files", r.files}, {"bytes_downloaded", r.bytes_downloaded}}.dump(2) << "\n";
    } else {
        std::cout << o.positional[0] << " @ " << r.commit.substr(0, 12) << ": " << r.files.size() << " files in " << r.snapshot
                  << " (" << (r.bytes_downloaded >> 20) << " MiB downloaded)\n";
    }
    return 0;
}

int modelsCommand(const Args& args) {
    const Options o(args, {}, {"json"});
    if (!o.positional.empty()) usage("models takes no arguments");
    const auto cached = listCachedModels();
    auto snapshotOf = [&](const std::string& repo) {
        for (const auto& c : cached)
            if (c.repo_id == repo && c.revision == "main") return c.snapshot;
        for (const auto& c : cached)
            if (c.repo_id == repo) return c.snapshot;
        return std::string();
    };
    nlohmann::json j = {{"cache", hubCacheDir()}, {"public", nlohmann::json::array()}, {"local", nlohmann::json::array()}};
    std::set<std::string> listed;
    for (const auto& e : publicCheckpoints()) {
        listed.insert(e.repo_id);
        j["public"].push_back({{"repo_id", e.repo_id}, {"class", e.architecture}, {"task", e.task}, {"input", e.input},
                               {"parameters", e.parameters}, {"float32_bytes", e.float32Bytes()}, {"snapshot", snapshotOf(e.repo_id)}});
    }
    for (const auto& c : cached) {
        if (listed.count(c.repo_id)) continue;
        std::string arch;
        try {
            arch = PerceiverConfig::fromFile(c.snapshot + "/config.json").architecture();
        } catch (const Error&) {
            continue;  // not a Perceiver model (or no config): not ours to list
        }
        if (arch.rfind("Perceiver", 0) != 0) continue;
        j["local"].push_back({{"repo_id", c.repo_id}, {"revision", c.revision}, {"class", arch}, {"snapshot", c.snapshot}});
    }
    if (o.flags.count("json")) {
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::cout << "Public checkpoints (cache: " << hubCacheDir() << "):\n";
    for (const auto& e : j["public"]) {
        const std::string snap = e["snapshot"];
        std::printf("  %-36s %6.1fM params  %5lld MB  %s\n      %s\n      %s\n", e["repo_id"].get<std::string>().c_str(),
                    e["parameters"].get<int64_t>() / 1e6, static_cast<long long>(e["float32_bytes"].get<int64_t>() >> 20),
                    e["class"].get<std::string>().c_str(), e["task"].get<std::string>().c_str(),
                    snap.empty() ? ("not downloaded: perceiver download " + e["repo_id"].get<std::string>()).c_str()
                                 : ("cached: " + snap).c_str());
    }
    if (!j["local"].empty()) {
        std::cout << "Other Perceiver models in the cache:\n";
        for (const auto& e : j["local"])
            std::cout << "  " << e["repo_id"].get<std::string>() << "@" << e["revision"].get<std::string>() << "  "
                      << e["class"].get<std::string>() << "\n      " << e["snapshot"].get<std::string>() << "\n";
    }
    return 0;
}

int fillMaskCommand(const Args& args) {
    const Options o(args, {"model", "top-k", "mask-range", "device"}, {"json"});
    if (o.positional.size() != 1) usage("fill-mask takes one TEXT (write [MASK] for each byte to predict)");
    std::string text = o.positional[0];
    if (o.values.count("mask-range")) {  // "a:b,c:d" byte ranges
        std::vector<std::pair<size_t, size_t>> ranges;
        std::stringstream ss(o.values.at("mask-range"));
        for (std::string item; std::getline(ss, item, ',');) {
            const auto colon = item.find(':');
            try {
                if (colon == std::string::npos) throw std::invalid_argument(item);
                ranges.emplace_back(std::stoul(item.substr(0, colon)), std::stoul(item.substr(colon + 1)));
            } catch (const std::exception&) {
                usage("--mask-range takes START:END byte ranges, e.g. 10:18,30:32");
            }
        }
        text = maskByteRanges(text, ranges);
    }
    const int topK = o.integer("top-k", 5);
    LoadedModel m = loadModel(o.need("model"), nullptr, o.get("device", "cpu"));
    const FillMaskResult r = fillMask(*m.model, text, topK);
    if (o.flags.count("json")) {
        nlohmann::json j = {{"text", r.text}, {"filled_text", r.filled_text}, {"masks", nlohmann::json::array()}};
        for (const auto& mk : r.masks) {
            nlohmann::json c = nlohmann::json::array();
            for (const auto& cand : mk.candidates) c.push_back({{"id", cand.id}, {"text", cand.text}, {"probability", cand.probability}});
            j["masks"].push_back({{"byte_index", mk.byte_index}, {"candidates", c}});
        }
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::cout << r.filled_text << "\n";
    for (const auto& mk : r.masks) {
        std::cout << "  byte " << mk.byte_index << ":";
        for (const auto& c : mk.candidates) std::printf("  '%s' %.3f", c.text.c_str(), c.probability);
        std::cout << "\n";
    }
    return 0;
}

int classifyCommand(const Args& args) {
    const Options o(args, {"model", "top-k", "save-view", "labels", "device"}, {"json"});
    if (o.positional.size() != 1) usage("classify takes one IMAGE file");
    const int topK = o.integer("top-k", 5);
    const ImageU8 image = loadImage(o.positional[0]);
    LoadedModel m = loadModel(o.need("model"), nullptr, o.get("device", "cpu"));
    if (o.values.count("labels")) setLabels(m.model->config, readLabelFile(o.values.at("labels")));
    const ClassifyResult r = classifyImage(*m.model, image, topK);
    if (o.values.count("save-view")) saveImage(o.values.at("save-view"), r.model_view);
    if (o.flags.count("json")) {
        nlohmann::json j = {{"image", o.positional[0]}, {"class", r.architecture}, {"top", nlohmann::json::array()}};
        for (const auto& c : r.top) j["top"].push_back({{"index", c.index}, {"label", c.label}, {"probability", c.probability}});
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    for (const auto& c : r.top) std::printf("%7.3f  %s (%lld)\n", c.probability, c.label.c_str(), static_cast<long long>(c.index));
    return 0;
}

int flowCommand(const Args& args) {
    const Options o(args, {"model", "min-overlap", "tile-batch", "flo", "color", "arrows", "arrow-step", "magnitude", "gt",
                           "video", "out-dir", "device"},
                    {"json"});
    FlowOptions fo;
    fo.min_overlap = o.integer("min-overlap", fo.min_overlap);
    fo.tile_batch = o.integer("tile-batch", fo.tile_batch);
    const int arrowStep = o.integer("arrow-step", 16);
    auto writeOutputs = [&](const FlowField& flow, const ImageU8& first, const std::string& flo, const std::string& color,
                            const std::string& arrows, const std::string& magnitude) {
        if (!flo.empty()) writeFlo(flo, flow);
        if (!color.empty()) saveImage(color, withWheelLegend(flowToColor(flow)));
        if (!arrows.empty()) saveImage(arrows, drawFlowArrows(first, flow, arrowStep));
        if (!magnitude.empty()) saveImage(magnitude, flowMagnitude(flow));
    };
    LoadedModel m = loadModel(o.need("model"), nullptr, o.get("device", "cpu"));
    if (o.values.count("video")) {
        if (!o.positional.empty()) usage("give either --video VIDEO or two frames, not both");
        const std::string dir = o.need("out-dir");
        std::filesystem::create_directories(dir);
        nlohmann::json pairs = nlohmann::json::array();
        const int64_t n = estimateVideoFlow(*m.model, o.values.at("video"), fo, [&](int64_t i, const ImageU8& a, const ImageU8&, const FlowResult& r) {
            char stem[32];
            std::snprintf(stem, sizeof stem, "/flow_%05lld", static_cast<long long>(i));
            writeOutputs(r.flow, a, dir + stem + ".flo", dir + stem + ".png", o.values.count("arrows") ? dir + stem + "_arrows.png" : "",
                         o.values.count("magnitude") ? dir + stem + "_magnitude.png" : "");
            const auto [mean, mx] = flowStats(r.flow);
            pairs.push_back({{"pair", i}, {"mean_magnitude", mean}, {"max_magnitude", mx}});
            if (!o.flags.count("json")) std::printf("pair %lld: mean |flow| %.3f px, max %.3f px\n", static_cast<long long>(i), mean, mx);
        });
        if (o.flags.count("json")) std::cout << nlohmann::json{{"pairs", n}, {"out_dir", dir}, {"flows", pairs}}.dump(2) << "\n";
        return 0;
    }
    if (o.positional.size() != 2) usage("flow takes FRAME1 FRAME2 (or --video VIDEO --out-dir DIR)");
    const ImageU8 a = loadImage(o.positional[0]), b = loadImage(o.positional[1]);
    std::optional<FlowField> truth;  // read before any work: a bad path fails fast and writes nothing
    if (o.values.count("gt")) truth = readFlo(o.values.at("gt"));
    const FlowResult r = estimateFlow(*m.model, a, b, fo);
    writeOutputs(r.flow, a, o.get("flo", ""), o.get("color", ""), o.get("arrows", ""), o.get("magnitude", ""));
    const auto [mean, mx] = flowStats(r.flow);
    nlohmann::json j = {{"width", r.flow.width}, {"height", r.flow.height}, {"windows", r.tile_ys.size() * r.tile_xs.size()},
                        {"mean_magnitude", mean}, {"max_magnitude", mx}};
    if (truth) {
        const EndPointError e = endPointError(r.flow, *truth);
        j["epe"] = {{"mean", e.mean}, {"max", e.max}, {"valid_pixels", e.valid}};
    }
    if (o.flags.count("json")) {
        std::cout << j.dump(2) << "\n";
    } else {
        std::printf("%dx%d flow from %zu window(s): mean |flow| %.3f px, max %.3f px\n", r.flow.width, r.flow.height,
                    r.tile_ys.size() * r.tile_xs.size(), mean, mx);
        if (j.contains("epe")) std::printf("EPE %.4f px (max %.4f) over %lld pixels\n", j["epe"]["mean"].get<double>(),
                                           j["epe"]["max"].get<double>(), static_cast<long long>(j["epe"]["valid_pixels"].get<int64_t>()));
    }
    return 0;
}

int attentionCommand(const Args& args) {
    const Options o(args, {"model", "text", "image", "video", "head", "latent", "opacity", "out-dir", "device"}, {"rollout", "json"});
    const std::string dir = o.need("out-dir");
    const int head = o.integer("head", -1);
    const int latent = o.integer("latent", -1);
    const double opacity = o.number("opacity", 0.6);
    LoadedModel m = loadModel(o.need("model"), nullptr, o.get("device", "cpu"));
    AttentionMaps r;
    if (o.values.count("text")) r = attendText(*m.model, o.values.at("text"));
    else if (o.values.count("image")) r = attendImage(*m.model, loadImage(o.values.at("image")));
    else if (o.positional.size() == 2) r = attendFlow(*m.model, loadImage(o.positional[0]), loadImage(o.positional[1]));
    else if (o.values.count("video")) r = attendVideo(*m.model, o.values.at("video"));  // its first window
    else usage("attention takes --text TEXT, --image IMAGE, --video VIDEO, or two flow frames");
    std::filesystem::create_directories(dir);
    const std::vector<float> w = inputWeights(r, head, latent, o.flags.count("rollout") != 0);
    nlohmann::json j = {{"class", r.architecture}, {"grid", r.grid}, {"cross_shape", r.cross.shape}, {"self_layers", r.self.size()},
                        {"head", head}, {"latent", latent}, {"rollout", o.flags.count("rollout") != 0}, {"files", nlohmann::json::array()}};
    if (!r.decoder.shape.empty()) j["decoder_shape"] = r.decoder.shape;
    auto saved = [&](const std::string& name) { j["files"].push_back(dir + "/" + name); return dir + "/" + name; };
    if (!r.token_ids.empty()) {
        // Per-byte highlighting: an HTML page and the weights in JSON.
        const float mx = *std::max_element(w.begin(), w.end());
        std::string html = "<!doctype html><meta charset=utf-8><title>Perceiver attention</title><body style='font:18px monospace'>";
        nlohmann::json tokens = nlohmann::json::array();
        const std::vector<std::string> texts = tokenTexts(r);
        for (size_t i = 0; i < r.token_ids.size(); ++i) {
            const int64_t id = r.token_ids[i];
            const std::string& t = texts[i];
            tokens.push_back({{"id", id}, {"weight", w[i]}});
            std::string esc;
            for (char c : t) esc += c == '<' ? "&lt;" : c == '&' ? "&amp;" : std::string(1, c);
            char style[96];
            std::snprintf(style, sizeof style, "background:rgba(255,80,0,%.3f)", mx > 0 ? w[i] / mx : 0.0f);
            html += std::string("<span title='") + std::to_string(w[i]) + "' style='" + style + "'>" + esc + "</span>";
        }
        html += "</body>";
        const std::string path = saved("text.html");
        AtomicFile f(path);
        f.write(html.data(), html.size());
        f.commit();
        j["tokens"] = tokens;
    } else if (!r.video_grid.empty()) {  // per-frame overlays and the audio track
        for (int t = 0; t < static_cast<int>(r.frames.size()); ++t) {
            const ImageU8& f = r.frames[t];
            char name[40];
            std::snprintf(name, sizeof name, "frame_%02d_overlay.png", t);
            saveImage(saved(name), overlayHeatmap(f, heatmapImage(frameWeights(r, w, t), r.grid, f.width, f.height), opacity));
        }
        saveImage(saved("audio.png"), waveformImage(r.audio, audioWeights(r, w), 1024, 128));
    } else {
        const ImageU8 heat = heatmapImage(w, r.grid, r.view.width, r.view.height);
        saveImage(saved("heatmap.png"), heat);
        saveImage(saved("overlay.png"), overlayHeatmap(r.view, heat, opacity));
        saveImage(saved("input.png"), r.view);
    }
    for (size_t l = 0; l < r.self.size(); ++l) {  // latent self-attention matrices (mean over heads or one head)
        const FloatArray a = selfAttentionMatrix(r, static_cast<int>(l), head);
        const int64_t n = a.size(0);
        char name[40];
        std::snprintf(name, sizeof name, "self_layer_%02zu.png", l);
        const int side = static_cast<int>(std::max<int64_t>(n, 128));
        saveImage(saved(name), heatmapImage(a.data, {n, n}, side, side));
    }
    if (o.flags.count("json")) std::cout << j.dump(2) << "\n";
    else std::cout << r.architecture << ": cross-attention " << r.cross.size(0) << " heads x " << r.cross.size(1) << " latents x "
                   << r.cross.size(2) << " inputs, " << r.self.size() << " self-attention layers; wrote " << j["files"].size()
                   << " files to " << dir << "\n";
    return 0;
}

int autoencodeCommand(const Args& args) {
    const Options o(args, {"model", "out", "wav", "chunks", "top-k", "labels", "device"}, {"json", "side-by-side"});
    if (o.positional.size() != 1) usage("autoencode takes one VIDEO file");
    AutoencodeOptions ao;
    ao.chunks = o.integer("chunks", ao.chunks);
    ao.top_k = o.integer("top-k", ao.top_k);
    LoadedModel m = loadModel(o.need("model"), nullptr, o.get("device", "cpu"));
    if (o.values.count("labels")) setLabels(m.model->config, readLabelFile(o.values.at("labels")));
    const AutoencodeGeometry g = autoencodeGeometry(*m.model);
    const bool sideBySide = o.flags.count("side-by-side") != 0;
    std::unique_ptr<VideoWriter> writer;
    if (o.values.count("out"))
        writer = std::make_unique<VideoWriter>(o.values.at("out"), g.output_width * (sideBySide ? 2 : 1), g.output_height, 25.0, g.sample_rate);
    AudioBuffer wav;
    wav.sample_rate = g.sample_rate;
    nlohmann::json windows = nlohmann::json::array();
    const bool tty = ::isatty(2) && !o.flags.count("json");
    Progress progress([&](double f, const std::string& stage) {
        if (tty) std::fprintf(stderr, "\r%3d%% %-50s", static_cast<int>(100 * f), stage.c_str());
    });
    const AutoencodeResult r = autoencodeVideo(*m.model, o.positional[0], ao, [&](const AutoencodeWindow& w) {
        for (size_t t = 0; t < w.reconstruction.size(); ++t) {
            if (!writer) break;
            if (!sideBySide) {
                writer->addFrame(w.reconstruction[t]);
                continue;
            }
            writer->addFrame(perceiver::sideBySide(w.input[t], w.reconstruction[t]));
        }
        if (writer) writer->addAudio(w.audio_out);
        wav.samples.insert(wav.samples.end(), w.audio_out.begin(), w.audio_out.end());
        windows.push_back({{"window", w.index}, {"frames", w.valid_frames}, {"psnr", w.psnr}});
    }, &progress);
    if (tty) std::fprintf(stderr, "\n");
    if (writer) writer->finish();
    if (o.values.count("wav")) writeWav(o.values.at("wav"), wav);
    if (o.flags.count("json")) {
        nlohmann::json top = nlohmann::json::array();
        for (const auto& c : r.top) top.push_back({{"index", c.index}, {"label", c.label}, {"probability", c.probability}});
        std::cout << nlohmann::json{{"windows", windows}, {"frames", r.frames}, {"mean_psnr", r.mean_psnr}, {"top", top}}.dump(2) << "\n";
        return 0;
    }
    std::printf("%d frames in %d windows, mean PSNR %.2f dB\n", r.frames, r.windows, r.mean_psnr);
    for (const auto& c : r.top) std::printf("%7.3f  %s (%lld)\n", c.probability, c.label.c_str(), static_cast<long long>(c.index));
    return 0;
}

int tokenizeCommand(const Args& args) {
    const Options o(args, {}, {"decode", "no-special", "json"});
    if (o.positional.size() != 1) usage("tokenize takes one TEXT (or, with --decode, one comma-separated id list)");
    PerceiverTokenizer tok;
    if (o.flags.count("decode")) {
        std::vector<int64_t> ids;
        std::stringstream ss(o.positional[0]);
        std::string item;
        while (std::getline(ss, item, ',')) {
            try {
                size_t used = 0;
                ids.push_back(std::stoll(item, &used));
                if (used != item.size()) throw std::invalid_argument(item);
            } catch (const std::exception&) {
                usage("'" + item + "' is not a token id");
            }
        }
        std::cout << tok.decode(ids, o.flags.count("no-special") != 0) << "\n";
        return 0;
    }
    const auto ids = tok.encode(o.positional[0], o.flags.count("no-special") == 0);
    if (o.flags.count("json")) {
        std::cout << nlohmann::json(ids).dump() << "\n";
    } else {
        for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? "," : "") << ids[i];
        std::cout << "\n";
    }
    return 0;
}

}  // namespace perceiver::cli
