// PerceiverConfig as Hugging Face transformers 4.37.2 defines it, read from config.json.
//
// Usage:
//   auto cfg = perceiver::PerceiverConfig::fromFile("model/config.json");
//   cfg.d_latents; cfg.num_labels(); cfg.architecture();
//   cfg.toJson().dump(2);   // lossless: every key of the file, known or not, is written back
//
// Both forms HF writes are accepted: the full form (to_json_string(use_diff=False)) and the
// diff form save_pretrained writes; absent keys fall back to PerceiverConfig's defaults.
// Labels follow PretrainedConfig: id2label wins, else num_labels (LABEL_i names), else 2.
// No Qt, no torch. Thread-safety: a plain value; copies are independent.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace perceiver {

/// Upper bounds on config sizes, checked when a config is read (Error(Config) naming the key).
/// Each is far above every published Perceiver (in brackets: the largest of DeepMind's six) so
/// that a real model never meets one, and low enough that no value from a broken or hostile
/// file allocates before anything can be checked. What a model of legal sizes needs in memory
/// is checked separately (model_factory.h, estimateParameterBytes).
namespace config_limits {
constexpr int64_t kMaxLatents = 1 << 16;              ///< num_latents [2048]
constexpr int64_t kMaxChannels = 1 << 16;             ///< d_latents, d_model, qk/v channels, ... [1280]
constexpr int64_t kMaxLayers = 1024;                  ///< num_blocks [8], num_self_attends_per_block [26]
constexpr int64_t kMaxHeads = 1024;                   ///< attention heads [16]
constexpr int64_t kMaxWidening = 64;                  ///< widening factors [4 in the paper]
constexpr int64_t kMaxVocabulary = 1 << 22;           ///< vocab_size [262]
constexpr int64_t kMaxPositions = 1 << 22;            ///< max_position_embeddings [2048], chunk_size_feed_forward
constexpr int64_t kMaxImageSide = 1 << 14;            ///< image_size, train_size, output_shape [368 x 496]
constexpr int64_t kMaxFrames = 1 << 16;               ///< num_frames [16]
constexpr int64_t kMaxAudioSamplesPerFrame = 1 << 20; ///< audio_samples_per_frame [1920], samples_per_patch [16]
/// num_labels / id2label [1000; ImageNet-21k: 21843]. Labels are named one by one (LABEL_i):
/// 2^20 of them took 22 s and 1.2 GB under ASan (found by fuzz_config), 2^17 is enough.
constexpr int64_t kMaxLabels = 1 << 17;
}  // namespace config_limits

struct PerceiverConfig {
    // Perceiver-specific attributes (names and defaults of configuration_perceiver.py).
    int64_t num_latents = 256;
    int64_t d_latents = 1280;
    int64_t d_model = 768;
    int64_t num_blocks = 1;
    int64_t num_self_attends_per_block = 26;
    int64_t num_self_attention_heads = 8;
    int64_t num_cross_attention_heads = 8;
    std::optional<int64_t> qk_channels;
    std::optional<int64_t> v_channels;
    std::string cross_attention_shape_for_attention = "kv";
    int64_t self_attention_widening_factor = 1;
    int64_t cross_attention_widening_factor = 1;
    std::string hidden_act = "gelu";
    double attention_probs_dropout_prob = 0.1;
    double initializer_range = 0.02;
    double layer_norm_eps = 1e-12;  ///< kept for round-trips; the modelling code uses 1e-5
    bool use_query_residual = true;
    int64_t vocab_size = 262;
    int64_t max_position_embeddings = 2048;
    int64_t image_size = 56;
    std::vector<int64_t> train_size{368, 496};
    int64_t num_frames = 16;
    int64_t audio_samples_per_frame = 1920;
    int64_t samples_per_patch = 16;
    std::vector<int64_t> output_shape{1, 16, 224, 224};
    int64_t output_num_channels = 512;
    int64_t label_trainable_num_channels = 1024;  ///< "_label_trainable_num_channels"

    // Generic PretrainedConfig attributes the models use.
    int64_t chunk_size_feed_forward = 0;
    std::optional<std::string> problem_type;  ///< regression / single_label_ / multi_label_classification
    std::map<int64_t, std::string> id2label;  ///< always num_labels() entries
    std::vector<std::string> architectures;

    /// Parses a config object; throws Error(Config) naming the key on a wrong type or value.
    static PerceiverConfig fromJson(const nlohmann::json& j);
    /// Reads and parses a config.json file; throws Error(Config) naming the file.
    static PerceiverConfig fromFile(const std::string& path);

    /// The config as JSON: every key read from the file (unknown ones too) with the known
    /// attributes set to their current values, id2label / label2id in HF's form.
    nlohmann::json toJson() const;

    int64_t num_labels() const { return static_cast<int64_t>(id2label.size()); }
    /// Sets num_labels LABEL_i names (PretrainedConfig.num_labels setter semantics).
    void setNumLabels(int64_t n);
    /// First entry of `architectures`, or "" when absent.
    std::string architecture() const { return architectures.empty() ? std::string() : architectures.front(); }
    /// Label name of class `id` ("LABEL_<id>" if unknown).
    std::string label(int64_t id) const;

private:
    nlohmann::json raw_ = nlohmann::json::object();  ///< the object as read, for lossless writing
};

}  // namespace perceiver
