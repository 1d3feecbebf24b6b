#include "config/config.h"

#include "common/error.h"
#include "common/input_file.h"
#include "common/json.h"

#include <fstream>
#include <sstream>

namespace perceiver {

namespace {

using nlohmann::json;

[[noreturn]] void badKey(const std::string& key, const std::string& expected, const json& got) {
    fail(ErrorKind::Config, "config key '" + key + "': expected " + expected + ", got " + got.dump());
}

std::string range(int64_t minimum, int64_t maximum) {
    return "an integer in [" + std::to_string(minimum) + ", " + std::to_string(maximum) + "]";
}

// `maximum`: far above any published Perceiver (config_limits in config.h), low enough that
// no size is allocated from a value nobody could run.
void readInt(const json& j, const char* key, int64_t& out, int64_t maximum, int64_t minimum = 1) {
    auto it = j.find(key);
    if (it == j.end()) return;
    if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(maximum)))
        badKey(key, range(minimum, maximum), *it);
    const int64_t v = it->get<int64_t>();
    if (v < minimum || v > maximum) badKey(key, range(minimum, maximum), *it);
    out = v;
}

void readOptInt(const json& j, const char* key, std::optional<int64_t>& out, int64_t maximum) {
    auto it = j.find(key);
    if (it == j.end()) return;
    if (it->is_null()) { out.reset(); return; }
    if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(maximum)) ||
        it->get<int64_t>() < 1 || it->get<int64_t>() > maximum)
        badKey(key, range(1, maximum) + " or null", *it);
    out = it->get<int64_t>();
}

void readDouble(const json& j, const char* key, double& out) {
    auto it = j.find(key);
    if (it == j.end()) return;
    if (!it->is_number()) badKey(key, "a number", *it);
    out = it->get<double>();
}

void readBool(const json& j, const char* key, bool& out) {
    auto it = j.find(key);
    if (it == j.end()) return;
    if (!it->is_boolean()) badKey(key, "true or false", *it);
    out = it->get<bool>();
}

void readString(const json& j, const char* key, std::string& out) {
    auto it = j.find(key);
    if (it == j.end()) return;
    if (!it->is_string()) badKey(key, "a string", *it);
    out = it->get<std::string>();
}

void readIntList(const json& j, const char* key, std::vector<int64_t>& out, size_t length, int64_t maximum) {
    auto it = j.find(key);
    if (it == j.end()) return;
    const std::string expected = "a list of " + std::to_string(length) + " integers in [1, " + std::to_string(maximum) + "]";
    if (!it->is_array() || it->size() != length) badKey(key, expected, *it);
    std::vector<int64_t> v;
    for (const auto& e : *it) {
        if (!e.is_number_integer() || (e.is_number_unsigned() && e.get<uint64_t>() > uint64_t(maximum)) ||
            e.get<int64_t>() < 1 || e.get<int64_t>() > maximum)
            badKey(key, expected, *it);
        v.push_back(e.get<int64_t>());
    }
    out = v;
}

}  // namespace

PerceiverConfig PerceiverConfig::fromJson(const json& j) {
    if (!j.is_object()) fail(ErrorKind::Config, "config: expected a JSON object, got " + std::string(j.type_name()));
    PerceiverConfig c;
    c.raw_ = j;
    readInt(j, "num_latents", c.num_latents, config_limits::kMaxLatents);
    readInt(j, "d_latents", c.d_latents, config_limits::kMaxChannels);
    readInt(j, "d_model", c.d_model, config_limits::kMaxChannels);
    readInt(j, "num_blocks", c.num_blocks, config_limits::kMaxLayers);
    readInt(j, "num_self_attends_per_block", c.num_self_attends_per_block, config_limits::kMaxLayers);
    readInt(j, "num_self_attention_heads", c.num_self_attention_heads, config_limits::kMaxHeads);
    readInt(j, "num_cross_attention_heads", c.num_cross_attention_heads, config_limits::kMaxHeads);
    readOptInt(j, "qk_channels", c.qk_channels, config_limits::kMaxChannels);
    readOptInt(j, "v_channels", c.v_channels, config_limits::kMaxChannels);
    readString(j, "cross_attention_shape_for_attention", c.cross_attention_shape_for_attention);
    if (c.cross_attention_shape_for_attention != "kv" && c.cross_attention_shape_for_attention != "q")
        badKey("cross_attention_shape_for_attention", "\"kv\" or \"q\"", j["cross_attention_shape_for_attention"]);
    readInt(j, "self_attention_widening_factor", c.self_attention_widening_factor, config_limits::kMaxWidening);
    readInt(j, "cross_attention_widening_factor", c.cross_attention_widening_factor, config_limits::kMaxWidening);
    readString(j, "hidden_act", c.hidden_act);
    readDouble(j, "attention_probs_dropout_prob", c.attention_probs_dropout_prob);
    readDouble(j, "initializer_range", c.initializer_range);
    readDouble(j, "layer_norm_eps", c.layer_norm_eps);
    readBool(j, "use_query_residual", c.use_query_residual);
    readInt(j, "vocab_size", c.vocab_size, config_limits::kMaxVocabulary);
    readInt(j, "max_position_embeddings", c.max_position_embeddings, config_limits::kMaxPositions);
    readInt(j, "image_size", c.image_size, config_limits::kMaxImageSide);
    readIntList(j, "train_size", c.train_size, 2, config_limits::kMaxImageSide);
    readInt(j, "num_frames", c.num_frames, config_limits::kMaxFrames);
    readInt(j, "audio_samples_per_frame", c.audio_samples_per_frame, config_limits::kMaxAudioSamplesPerFrame);
    readInt(j, "samples_per_patch", c.samples_per_patch, config_limits::kMaxAudioSamplesPerFrame);
    readIntList(j, "output_shape", c.output_shape, 4, config_limits::kMaxImageSide);
    readInt(j, "output_num_channels", c.output_num_channels, config_limits::kMaxChannels);
    readInt(j, "_label_trainable_num_channels", c.label_trainable_num_channels, config_limits::kMaxChannels);
    readInt(j, "chunk_size_feed_forward", c.chunk_size_feed_forward, config_limits::kMaxPositions, 0);

    if (auto it = j.find("problem_type"); it != j.end() && !it->is_null()) {
        if (!it->is_string()) badKey("problem_type", "a string or null", *it);
        const auto p = it->get<std::string>();
        if (p != "regression" && p != "single_label_classification" && p != "multi_label_classification")
            badKey("problem_type", "regression, single_label_classification or multi_label_classification", *it);
        c.problem_type = p;
    }
    if (auto it = j.find("architectures"); it != j.end() && !it->is_null()) {
        if (!it->is_array()) badKey("architectures", "a list of class names", *it);
        for (const auto& a : *it) {
            if (!a.is_string()) badKey("architectures", "a list of class names", *it);
            c.architectures.push_back(a.get<std::string>());
        }
    }

    // Labels: id2label wins (its keys are strings in JSON), then num_labels, then 2.
    auto idl = j.find("id2label");
    if (idl != j.end() && !idl->is_null()) {
        if (!idl->is_object()) badKey("id2label", "an object {\"0\": \"name\", ...}", *idl);
        for (auto e = idl->begin(); e != idl->end(); ++e) {
            int64_t id = 0;
            try {
                size_t used = 0;
                id = std::stoll(e.key(), &used);
                if (used != e.key().size() || id < 0 || id >= config_limits::kMaxLabels) throw std::invalid_argument("id");
            } catch (const std::exception&) {
                fail(ErrorKind::Config, "config key 'id2label': key '" + e.key() + "' is not a class index in [0, " +
                                            std::to_string(config_limits::kMaxLabels - 1) + "]");
            }
            if (!e.value().is_string()) badKey("id2label." + e.key(), "a label name", e.value());
            c.id2label[id] = e.value().get<std::string>();
        }
        for (int64_t i = 0; i < static_cast<int64_t>(c.id2label.size()); ++i)
            if (!c.id2label.count(i))
                fail(ErrorKind::Config, "config key 'id2label': class indices must be 0.." +
                                            std::to_string(c.id2label.size() - 1) + ", index " +
                                            std::to_string(i) + " is missing");
    } else {
        int64_t n = 2;
        readInt(j, "num_labels", n, config_limits::kMaxLabels);
        c.setNumLabels(n);
    }
    return c;
}

/// A config.json is kilobytes (id2label of ImageNet-21k: about 1 MB); more is not a config.
constexpr uint64_t kMaxConfigBytes = 16u << 20;

PerceiverConfig PerceiverConfig::fromFile(const std::string& path) {
    const std::string text = readInputFile(path, "config file", ErrorKind::Config, kMaxConfigBytes);  // no FIFO, folder or giant
    json j;
    std::string why;
    if (!parseJson(text.begin(), text.end(), j, why)) fail(ErrorKind::Config, "config file '" + path + "' is " + why);
    try {
        return fromJson(j);
    } catch (const Error& e) {
        fail(ErrorKind::Config, "'" + path + "': " + e.what());
    }
}

void PerceiverConfig::setNumLabels(int64_t n) {
    if (n < 1 || n > config_limits::kMaxLabels)
        fail(ErrorKind::Config, "num_labels must be in [1, " + std::to_string(config_limits::kMaxLabels) + "], got " + std::to_string(n));
    id2label.clear();
    for (int64_t i = 0; i < n; ++i) id2label[i] = "LABEL_" + std::to_string(i);
}

std::string PerceiverConfig::label(int64_t id) const {
    auto it = id2label.find(id);
    return it != id2label.end() ? it->second : "LABEL_" + std::to_string(id);
}

json PerceiverConfig::toJson() const {
    json j = raw_;
    j["num_latents"] = num_latents;
    j["d_latents"] = d_latents;
    j["d_model"] = d_model;
    j["num_blocks"] = num_blocks;
    j["num_self_attends_per_block"] = num_self_attends_per_block;
    j["num_self_attention_heads"] = num_self_attention_heads;
    j["num_cross_attention_heads"] = num_cross_attention_heads;
    j["qk_channels"] = qk_channels ? json(*qk_channels) : json(nullptr);
    j["v_channels"] = v_channels ? json(*v_channels) : json(nullptr);
    j["cross_attention_shape_for_attention"] = cross_attention_shape_for_attention;
    j["self_attention_widening_factor"] = self_attention_widening_factor;
    j["cross_attention_widening_factor"] = cross_attention_widening_factor;
    j["hidden_act"] = hidden_act;
    j["attention_probs_dropout_prob"] = attention_probs_dropout_prob;
    j["initializer_range"] = initializer_range;
    j["layer_norm_eps"] = layer_norm_eps;
    j["use_query_residual"] = use_query_residual;
    j["vocab_size"] = vocab_size;
    j["max_position_embeddings"] = max_position_embeddings;
    j["image_size"] = image_size;
    j["train_size"] = train_size;
    j["num_frames"] = num_frames;
    j["audio_samples_per_frame"] = audio_samples_per_frame;
    j["samples_per_patch"] = samples_per_patch;
    j["output_shape"] = output_shape;
    j["output_num_channels"] = output_num_channels;
    j["_label_trainable_num_channels"] = label_trainable_num_channels;
    if (raw_.contains("chunk_size_feed_forward") || chunk_size_feed_forward != 0)
        j["chunk_size_feed_forward"] = chunk_size_feed_forward;
    if (raw_.contains("problem_type") || problem_type)
        j["problem_type"] = problem_type ? json(*problem_type) : json(nullptr);
    if (raw_.contains("architectures") || !architectures.empty()) j["architectures"] = architectures;
    json idl = json::object(), lid = json::object();
    for (const auto& [id, name] : id2label) {
        idl[std::to_string(id)] = name;
        lid[name] = id;
    }
    j["id2label"] = idl;
    j["label2id"] = lid;
    j.erase("num_labels");  // HF never writes it; id2label carries the count
    return j;
}

}  // namespace perceiver
