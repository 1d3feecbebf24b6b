#include "commands.h"
#include "options.h"
#include "progress_bar.h"
#include "warnings.h"

#include "checkpoint/catalog.h"
#include "checkpoint/hub_cache.h"
#include "checkpoint/hub_download.h"
#include "common/progress.h"
#include "common/atomic_file.h"
#include "pipelines/classify_text.h"
#include "pipelines/fill_mask.h"
#include "checkpoint/safetensors.h"
#include "checkpoint/state_dict.h"
#include "common/error.h"
#include "common/input_file.h"
#include "common/json.h"
#include "config/labels.h"
#include "model/finite_check.h"
#include "model/model_factory.h"
#include "pipelines/tensor_runner.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
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
    const Options o(args, verb("run"));
    if (!o.positional.empty()) usage("unexpected argument '" + o.positional.front() + "'");
    const std::string modelPath = o.need("model"), inputsPath = o.need("inputs"), outPath = o.need("out");

    nlohmann::json constructor;
    const bool hasConstructor = o.values.count("constructor") != 0;
    if (hasConstructor) {
        const std::string path = o.values.at("constructor");
        const std::string text = readInputFile(path, "constructor file", ErrorKind::Config, 16u << 20);  // no FIFO or folder
        nlohmann::json j;
        std::string why;
        if (!parseJson(text.begin(), text.end(), j, why)) throw Error(ErrorKind::Config, "constructor file '" + path + "' is " + why);
        constructor = j.is_object() && j.contains("constructor") ? j["constructor"] : j;
    }
    const Precision precision = parsePrecision(o.get("precision", "fp32"));
    checkPrecision(precision, parseDevice(o.get("device", "cpu")));
    printWarnings({precisionNotice(precision, parseDevice(o.get("device", "cpu")))});
    LoadedModel m = loadModelWarning(modelPath, hasConstructor ? &constructor : nullptr, o.get("device", "cpu"));

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
    const NamedTensors outputs = runNamedTensors(*m.model, named, fo, precision);
    std::vector<std::string> outputWarnings;
    for (const auto& [name, t] : outputs)
        if (std::string w = nonFiniteWarning(t, "'" + name + "'"); !w.empty()) outputWarnings.push_back(w);
    printWarnings(outputWarnings);
    writeSafetensors(outPath, outputs, {{"model", modelPath}, {"class", m.model->className()}});
    if (o.flags.count("json")) {
        nlohmann::json j = {{"class", m.model->className()}, {"out", outPath}, {"outputs", nlohmann::json::object()}};
        for (const auto& [name, t] : outputs) j["outputs"][name] = t.sizes().vec();
        if (!outputWarnings.empty() || !m.warnings.empty()) j["warnings"] = joined(m.warnings, outputWarnings);
        std::cout << jsonText(j) << "\n";
    } else {
        std::cout << m.model->className() << ": wrote " << outputs.size() << " outputs to " << outPath << "\n";
        for (const auto& [name, t] : outputs) std::cout << "  " << name << " " << t.sizes() << "\n";
    }
    return 0;
}

int convertCommand(const Args& args) {
    const Options o(args, verb("convert"));
    if (o.positional.size() != 2) usage("convert takes IN (folder, .bin, .safetensors, *.index.json or hub id) and OUT.safetensors");
    const std::string in = resolveModelPath(o.positional[0]), out = o.positional[1];
    if (out.size() < 12 || out.compare(out.size() - 12, 12, ".safetensors") != 0) usage("OUT must end in .safetensors");
    const StateDict sd = readStateDict(in);
    NamedTensors tensors(sd.begin(), sd.end());
    writeSafetensors(out, tensors, {{"format", "pt"}});
    int64_t bytes = 0;
    for (const auto& [name, t] : sd) bytes += t.numel() * t.element_size();
    if (o.flags.count("json"))
        std::cout << jsonText(nlohmann::json{{"in", in}, {"out", out}, {"tensors", sd.size()}, {"bytes", bytes}}) << "\n";
    else
        std::cout << "wrote " << sd.size() << " tensors (" << bytes << " bytes) to " << out << "\n";
    return 0;
}

int downloadCommand(const Args& args) {
    const Options o(args, verb("download"));
    if (o.positional.size() != 1) usage("download takes one hub id, e.g. deepmind/optical-flow-perceiver");
    DownloadOptions d;
    d.revision = o.get("revision", d.revision);
    d.endpoint = o.get("endpoint", "");
    d.cache_dir = o.get("cache-dir", "");
    ProgressBar bar(!o.flags.count("quiet") && !o.flags.count("json"));
    const DownloadResult r = downloadModel(o.positional[0], d, bar.progress());
    bar.finish();
    if (o.flags.count("json")) {
        std::cout << jsonText({{"repo", o.positional[0]}, {"commit", r.commit}, {"snapshot", r.snapshot},
                               {"files", r.files}, {"bytes_downloaded", r.bytes_downloaded}}) << "\n";
    } else {
        std::cout << o.positional[0] << " @ " << r.commit.substr(0, 12) << ": " << r.files.size() << " files in " << r.snapshot
                  << " (" << (r.bytes_downloaded >> 20) << " MiB downloaded)\n";
    }
    return 0;
}

int modelsCommand(const Args& args) {
    const Options o(args, verb("models"));
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
        std::cout << jsonText(j) << "\n";
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
    const Options o(args, verb("fill-mask"));
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
    LoadedModel m = loadTaskModel(o, "demo-language");
    const FillMaskResult r = fillMask(*m.model, text, topK);
    printWarnings(r.warnings);
    if (o.flags.count("json")) {
        nlohmann::json j = {{"text", r.text}, {"filled_text", r.filled_text}, {"masks", nlohmann::json::array()}};
        for (const auto& mk : r.masks) {
            nlohmann::json c = nlohmann::json::array();
            for (const auto& cand : mk.candidates) c.push_back({{"id", cand.id}, {"text", cand.text}, {"probability", cand.probability}});
            j["masks"].push_back({{"byte_index", mk.byte_index}, {"candidates", c}});
        }
        if (!r.warnings.empty() || !m.warnings.empty()) j["warnings"] = joined(m.warnings, r.warnings);
        std::cout << jsonText(j) << "\n";
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

int classifyTextCommand(const Args& args) {
    const Options o(args, verb("classify-text"));
    const bool fromFile = o.values.count("file") != 0;
    if (fromFile ? !o.positional.empty() : o.positional.size() != 1) usage("classify-text takes one TEXT, or --file F");
    if (!o.values.count("model"))
        usage("classify-text needs --model: a PerceiverForSequenceClassification (there is no built-in demo text classifier)");
    TextClassifyOptions co;
    co.top_k = o.integer("top-k", 5);
    co.threshold = o.number("threshold", 0.5);
    if (!(co.threshold >= 0.0 && co.threshold <= 1.0))  // before the model loads (NaN fails both)
        throw Error(ErrorKind::InvalidInput, "--threshold must be between 0 and 1, got " + o.get("threshold", ""));
    const std::string text = fromFile ? readInputFile(o.values.at("file"), "text file", ErrorKind::InvalidInput, 64 << 20) : o.positional[0];
    LoadedModel m = loadTaskModel(o, "");
    if (o.values.count("labels")) setLabels(m.model->config, readLabelFile(o.values.at("labels")));
    const TextClassifyResult r = classifyText(*m.model, text, co);
    printWarnings(r.warnings);
    for (const auto& n : r.notices) std::cerr << "perceiver: note: " << n << "\n";
    const bool regression = r.kind == TextClassKind::Regression;
    if (o.flags.count("json")) {
        nlohmann::json j = {{"class", r.architecture}, {"problem", textClassKindName(r.kind)}, {"bytes", r.text_bytes},
                            {"read_bytes", r.text_bytes - r.dropped_bytes}, {"truncated", r.dropped_bytes > 0}, {"top", nlohmann::json::array()}};
        if (fromFile) j["file"] = o.values.at("file");
        for (const auto& c : r.top)
            j["top"].push_back({{"index", c.index}, {"label", c.label}, {regression ? "value" : "probability", c.probability}});
        if (!regression) j["predicted"] = r.predicted;
        if (r.kind == TextClassKind::MultiLabel) j["threshold"] = r.threshold;
        if (!r.notices.empty()) j["notices"] = r.notices;
        if (!r.warnings.empty() || !m.warnings.empty()) j["warnings"] = joined(m.warnings, r.warnings);
        std::cout << jsonText(j) << "\n";
        return 0;
    }
    for (const auto& c : r.top) {
        const bool predicted = std::find(r.predicted.begin(), r.predicted.end(), c.label) != r.predicted.end();
        std::printf("%s%9.4f  %s (%lld)\n", predicted ? "* " : "  ", c.probability, c.label.c_str(), static_cast<long long>(c.index));
    }
    if (r.kind == TextClassKind::MultiLabel)
        std::printf("  (* predicted: a probability of at least %g)\n", r.threshold);
    return 0;
}

int tokenizeCommand(const Args& args) {
    const Options o(args, verb("tokenize"));
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
