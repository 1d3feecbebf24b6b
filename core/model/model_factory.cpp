#include "model/model_factory.h"
#include "config/labels.h"

#include "checkpoint/hub_cache.h"
#include "checkpoint/state_dict.h"
#include "common/error.h"
#include "common/runtime.h"
#include "model/attention.h"
#include "model/finite_check.h"
#include "model/heads/image_classification.h"
#include "model/heads/masked_lm.h"
#include "model/heads/multimodal_autoencoding.h"
#include "model/heads/optical_flow.h"
#include "model/heads/sequence_classification.h"

#include <torch/torch.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <filesystem>
#include <functional>
#include <set>

namespace fs = std::filesystem;
using nlohmann::json;

namespace perceiver {

namespace {

// Reads keyword arguments, refusing any it does not know.
class Kwargs {
public:
    Kwargs(const json& j, std::string owner) : j_(j.is_null() ? json::object() : j), owner_(std::move(owner)) {
        if (!j_.is_object()) fail(ErrorKind::Config, owner_ + ": kwargs must be an object");
    }
    /// Call once every argument was read: refuses the ones nobody asked for.
    void done() const {
        for (auto it = j_.begin(); it != j_.end(); ++it)
            if (!used_.count(it.key())) fail(ErrorKind::Config, owner_ + ": unknown argument '" + it.key() + "'");
    }
    bool has(const char* k) { used_.insert(k); return j_.contains(k) && !j_[k].is_null(); }
    int64_t i(const char* k, int64_t def) { return has(k) ? get<int64_t>(k, "an integer") : def; }
    std::optional<int64_t> oi(const char* k) { return has(k) ? std::optional<int64_t>(get<int64_t>(k, "an integer")) : std::nullopt; }
    bool b(const char* k, bool def) { return has(k) ? get<bool>(k, "true/false") : def; }
    double d(const char* k, double def) { return has(k) ? get<double>(k, "a number") : def; }
    std::string s(const char* k, const std::string& def) { return has(k) ? get<std::string>(k, "a string") : def; }
    std::vector<int64_t> dims(const char* k) {  // int or list of ints
        if (!has(k)) return {};
        const json& v = j_[k];
        if (v.is_number_integer()) return {v.get<int64_t>()};
        try {
            return v.get<std::vector<int64_t>>();
        } catch (const json::exception&) {
            fail(ErrorKind::Config, owner_ + ": '" + k + "' must be an integer or a list of integers");
        }
    }
    template <typename T>
    T finish(T value) const {
        done();
        return value;
    }
    const json& raw(const char* k) { used_.insert(k); return j_.contains(k) ? j_[k] : null_; }

private:
    template <typename T>
    T get(const char* k, const char* what) {
        try {
            return j_[k].get<T>();
        } catch (const json::exception&) {
            fail(ErrorKind::Config, owner_ + ": '" + k + "' must be " + what + ", got " + j_[k].dump());
        }
    }
    json j_;
    std::string owner_;
    std::set<std::string> used_;
    json null_;
};

std::optional<TrainablePositionEncodingOptions> trainableKwargs(const json& j, const std::string& owner) {
    if (j.is_null()) return std::nullopt;
    Kwargs k(j, owner + " trainable_position_encoding_kwargs");
    TrainablePositionEncodingOptions o;
    o.index_dims = k.dims("index_dims");
    o.num_channels = k.i("num_channels", 128);
    k.done();
    if (o.index_dims.empty()) fail(ErrorKind::Config, owner + ": trainable_position_encoding_kwargs needs index_dims");
    return o;
}

std::optional<FourierPositionEncodingOptions> fourierKwargs(const json& j, const std::string& owner) {
    if (j.is_null()) return std::nullopt;
    Kwargs k(j, owner + " fourier_position_encoding_kwargs");
    FourierPositionEncodingOptions o;
    o.num_bands = k.i("num_bands", 64);
    if (k.has("max_resolution")) o.max_resolution = k.dims("max_resolution");
    o.concat_pos = k.b("concat_pos", true);
    o.sine_only = k.b("sine_only", false);
    k.done();
    return o;
}

BasicDecoderOptions basicKwargs(Kwargs& k, const std::string& owner) {
    BasicDecoderOptions o;
    o.output_num_channels = k.i("output_num_channels", 0);
    o.position_encoding_type = k.s("position_encoding_type", "trainable");
    o.output_index_dims = k.dims("output_index_dims");
    o.num_channels = k.i("num_channels", 128);
    o.subsampled_index_dims = k.dims("subsampled_index_dims");
    o.qk_channels = k.oi("qk_channels");
    o.v_channels = k.oi("v_channels");
    o.num_heads = k.i("num_heads", 1);
    o.widening_factor = k.i("widening_factor", 1);
    o.use_query_residual = k.b("use_query_residual", false);
    o.concat_preprocessed_input = k.b("concat_preprocessed_input", false);
    o.final_project = k.b("final_project", true);
    o.position_encoding_only = k.b("position_encoding_only", false);
    o.project_pos_dim = k.i("project_pos_dim", -1);
    o.pos_out_channels = k.i("out_channels", -1);
    o.trainable = trainableKwargs(k.raw("trainable_position_encoding_kwargs"), owner);
    o.fourier = fourierKwargs(k.raw("fourier_position_encoding_kwargs"), owner);
    return o;
}

std::pair<std::string, json> part(const json& spec, const char* what) {
    if (!spec.is_object() || !spec.contains("class") || !spec["class"].is_string())
        fail(ErrorKind::Config, std::string("constructor ") + what + ": expected {\"class\": name, \"kwargs\": {...}}");
    return {spec["class"].get<std::string>(), spec.value("kwargs", json::object())};
}

std::shared_ptr<Decoder> makeDecoder(const PerceiverConfig& c, const json& spec) {
    auto [cls, kw] = part(spec, "decoder");
    Kwargs k(kw, cls);
    if (cls == "PerceiverProjectionDecoder") return k.finish(std::make_shared<ProjectionDecoder>(c));
    if (cls == "PerceiverBasicDecoder") return k.finish(std::make_shared<BasicDecoder>(c, basicKwargs(k, cls)));
    if (cls == "PerceiverClassificationDecoder") return k.finish(std::make_shared<ClassificationDecoder>(c, basicKwargs(k, cls)));
    if (cls == "PerceiverOpticalFlowDecoder") {
        const auto shape = k.dims("output_image_shape");
        const double rescale = k.d("rescale_factor", 100.0);
        auto o = basicKwargs(k, cls);
        if (!k.has("output_num_channels")) o.output_num_channels = 2;
        if (shape.size() != 2) fail(ErrorKind::Config, cls + ": output_image_shape must be [height, width]");
        return k.finish(std::make_shared<OpticalFlowDecoder>(c, shape, rescale, o));
    }
    if (cls == "PerceiverBasicVideoAutoencodingDecoder") {
        const auto shape = k.dims("output_shape");
        return k.finish(std::make_shared<BasicVideoAutoencodingDecoder>(c, shape, basicKwargs(k, cls)));
    }
    fail(ErrorKind::Config, "constructor decoder: unsupported class '" + cls + "'");
}

std::shared_ptr<Preprocessor> makePreprocessor(const PerceiverConfig& c, const json& spec) {
    auto [cls, kw] = part(spec, "input_preprocessor");
    Kwargs k(kw, cls);
    if (cls == "PerceiverTextPreprocessor") return k.finish(std::make_shared<TextPreprocessor>(c));
    if (cls == "PerceiverOneHotPreprocessor") return k.finish(std::make_shared<OneHotPreprocessor>(c));
    if (cls == "PerceiverImagePreprocessor") {
        ImagePreprocessorOptions o;
        o.prep_type = k.s("prep_type", "conv");
        o.spatial_downsample = k.i("spatial_downsample", 4);
        o.temporal_downsample = k.i("temporal_downsample", 1);
        o.position_encoding_type = k.s("position_encoding_type", "fourier");
        o.in_channels = k.i("in_channels", 3);
        o.out_channels = k.i("out_channels", 64);
        o.conv_after_patching = k.b("conv_after_patching", false);
        o.conv_after_patching_in_channels = k.i("conv_after_patching_in_channels", 54);
        o.conv2d_use_batchnorm = k.b("conv2d_use_batchnorm", true);
        o.concat_or_add_pos = k.s("concat_or_add_pos", "concat");
        o.project_pos_dim = k.i("project_pos_dim", -1);
        o.trainable = trainableKwargs(k.raw("trainable_position_encoding_kwargs"), cls);
        o.fourier = fourierKwargs(k.raw("fourier_position_encoding_kwargs"), cls);
        return k.finish(std::make_shared<ImagePreprocessor>(c, o));
    }
    if (cls == "PerceiverAudioPreprocessor") {
        AudioPreprocessorOptions o;
        o.prep_type = k.s("prep_type", "patches");
        o.samples_per_patch = k.i("samples_per_patch", 96);
        o.position_encoding_type = k.s("position_encoding_type", "fourier");
        o.concat_or_add_pos = k.s("concat_or_add_pos", "concat");
        o.out_channels = k.i("out_channels", 64);
        o.project_pos_dim = k.i("project_pos_dim", -1);
        o.trainable = trainableKwargs(k.raw("trainable_position_encoding_kwargs"), cls);
        o.fourier = fourierKwargs(k.raw("fourier_position_encoding_kwargs"), cls);
        return k.finish(std::make_shared<AudioPreprocessor>(c, o));
    }
    fail(ErrorKind::Config, "constructor input_preprocessor: unsupported class '" + cls + "'");
}

std::shared_ptr<Postprocessor> makePostprocessor(const PerceiverConfig& c, const json& spec) {
    auto [cls, kw] = part(spec, "output_postprocessor");
    Kwargs k(kw, cls);
    if (cls == "PerceiverClassificationPostprocessor") return k.finish(std::make_shared<ClassificationPostprocessor>(c, k.i("in_channels", 0)));
    if (cls == "PerceiverAudioPostprocessor")
        return k.finish(std::make_shared<AudioPostprocessor>(c, k.i("in_channels", 0), k.s("postproc_type", "patches")));
    if (cls == "PerceiverProjectionPostprocessor")
        return k.finish(std::make_shared<ProjectionPostprocessor>(k.i("in_channels", 0), k.i("out_channels", 0)));
    fail(ErrorKind::Config, "constructor output_postprocessor: unsupported class '" + cls + "'");
}

using Builder = std::function<std::shared_ptr<TaskModel>(const PerceiverConfig&)>;

const std::map<std::string, Builder>& builders() {
    static const std::map<std::string, Builder> b = {
        {"PerceiverForMaskedLM", [](const PerceiverConfig& c) { return std::make_shared<PerceiverForMaskedLM>(c); }},
        {"PerceiverForSequenceClassification", [](const PerceiverConfig& c) { return std::make_shared<PerceiverForSequenceClassification>(c); }},
        {"PerceiverForImageClassificationLearned", [](const PerceiverConfig& c) { return std::make_shared<PerceiverForImageClassificationLearned>(c); }},
        {"PerceiverForImageClassificationFourier", [](const PerceiverConfig& c) { return std::make_shared<PerceiverForImageClassificationFourier>(c); }},
        {"PerceiverForImageClassificationConvProcessing", [](const PerceiverConfig& c) { return std::make_shared<PerceiverForImageClassificationConvProcessing>(c); }},
        {"PerceiverForOpticalFlow", [](const PerceiverConfig& c) { return std::make_shared<PerceiverForOpticalFlow>(c); }},
        {"PerceiverForMultimodalAutoencoding", [](const PerceiverConfig& c) { return std::make_shared<PerceiverForMultimodalAutoencoding>(c); }},
    };
    return b;
}

}  // namespace

std::vector<std::string> supportedArchitectures() {
    std::vector<std::string> names{"PerceiverModel"};
    for (const auto& [name, b] : builders()) names.push_back(name);
    return names;
}

namespace {

// The class to build: `architecture`, else the config's, else PerceiverModel for a
// constructor. Throws Error(Config) for none or an unknown one.
std::string resolveArchitecture(const PerceiverConfig& config, const json* constructor, const std::string& architecture) {
    std::string arch = architecture.empty() ? config.architecture() : architecture;
    if (arch.empty()) arch = constructor ? "PerceiverModel" : "";
    if (arch.empty())
        fail(ErrorKind::Config, "config.json names no architecture (\"architectures\": [...]); one of: PerceiverForMaskedLM, ...");
    if (arch != "PerceiverModel" && !builders().count(arch)) {
        std::string known;
        for (const auto& n : supportedArchitectures()) known += (known.empty() ? "" : ", ") + n;
        fail(ErrorKind::Config, "unknown architecture '" + arch + "' (supported: " + known + ")");
    }
    return arch;
}

std::shared_ptr<TaskModel> buildUntrimmed(const PerceiverConfig& config, const json* constructor, const std::string& architecture) {
    const std::string arch = resolveArchitecture(config, constructor, architecture);
    if (arch == "PerceiverModel") {
        std::shared_ptr<Decoder> dec;
        std::shared_ptr<Preprocessor> pre;
        std::shared_ptr<Postprocessor> post;
        if (constructor) {
            if (!constructor->is_object()) fail(ErrorKind::Config, "constructor must be a JSON object");
            for (auto it = constructor->begin(); it != constructor->end(); ++it)
                if (it.key() != "decoder" && it.key() != "input_preprocessor" && it.key() != "output_postprocessor")
                    fail(ErrorKind::Config, "constructor: unknown part '" + it.key() + "'");
            if (constructor->contains("decoder") && !(*constructor)["decoder"].is_null()) dec = makeDecoder(config, (*constructor)["decoder"]);
            if (constructor->contains("input_preprocessor") && !(*constructor)["input_preprocessor"].is_null())
                pre = makePreprocessor(config, (*constructor)["input_preprocessor"]);
            if (constructor->contains("output_postprocessor") && !(*constructor)["output_postprocessor"].is_null())
                post = makePostprocessor(config, (*constructor)["output_postprocessor"]);
        }
        return std::make_shared<PerceiverModel>(config, dec, pre, post);
    }
    auto it = builders().find(arch);
    if (constructor) fail(ErrorKind::Config, "a constructor applies to PerceiverModel only, not to " + arch);
    return it->second(config);
}

}  // namespace

std::shared_ptr<TaskModel> buildModel(const PerceiverConfig& config, const json* constructor, const std::string& architecture) {
    std::shared_ptr<TaskModel> model = buildUntrimmed(config, constructor, architecture);
#ifdef __GLIBC__
    // Construction allocates every weight, then moves the attention projections into shared
    // buffers (attention.h): give the freed first allocations back instead of keeping them.
    ::malloc_trim(0);
#endif
    return model;
}

namespace {

std::string shapeText(const torch::Tensor& t) {
    std::string s = "[";
    for (int64_t d = 0; d < t.dim(); ++d) s += (d ? ", " : "") + std::to_string(t.size(d));
    return s + "]";
}

// The tensor whose name is `suffix` or ends in "." + suffix (a task head's "perceiver." prefix
// or a bare PerceiverModel's none), or nullptr.
const torch::Tensor* findTensor(const StateDict& sd, const std::string& suffix) {
    for (const auto& [name, t] : sd)
        if (name == suffix || (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                               name[name.size() - suffix.size() - 1] == '.'))
            return &t;
    return nullptr;
}

}  // namespace

void checkConfigAgainstCheckpoint(const PerceiverConfig& c, const StateDict& sd, const std::string& source) {
    auto refuse = [&](const std::string& what) {
        fail(ErrorKind::Checkpoint, "config.json does not describe the checkpoint '" + source + "': " + what + " (a config from another model?)");
    };
    auto mismatch = [&](const std::string& keys, const std::string& tensor, const std::string& got) {
        refuse(keys + ", but " + tensor + " is " + got);
    };
    if (const torch::Tensor* latents = findTensor(sd, "embeddings.latents")) {
        if (latents->dim() != 2 || latents->size(0) != c.num_latents || latents->size(1) != c.d_latents)
            mismatch("num_latents is " + std::to_string(c.num_latents) + " and d_latents " + std::to_string(c.d_latents),
                     "embeddings.latents", shapeText(*latents));
    }
    // encoder.self_attends.<i>.: the layers of one block (num_blocks reuses them).
    int64_t layers = 0;
    const std::string marker = "encoder.self_attends.";
    for (const auto& [name, t] : sd) {
        const size_t at = name.find(marker);
        if (at == std::string::npos) continue;
        const size_t digits = at + marker.size();
        size_t end = digits;
        while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end]))) ++end;
        if (end == digits || end - digits > 6) continue;
        layers = std::max<int64_t>(layers, std::stoll(name.substr(digits, end - digits)) + 1);
    }
    if (layers > 0 && layers != c.num_self_attends_per_block)
        refuse("num_self_attends_per_block is " + std::to_string(c.num_self_attends_per_block) + ", but the checkpoint's encoder has " +
               std::to_string(layers) + " self-attention layer" + (layers == 1 ? "" : "s"));
    const std::string arch = c.architecture();
    const bool classifies = arch.rfind("PerceiverForImageClassification", 0) == 0 || arch == "PerceiverForSequenceClassification";
    const std::string labelTensor = classifies ? "decoder.decoder.final_layer.weight"
                                    : arch == "PerceiverForMultimodalAutoencoding" ? "output_postprocessor.modalities.label.classifier.weight"
                                                                                   : "";
    if (!labelTensor.empty())
        if (const torch::Tensor* w = findTensor(sd, labelTensor); w && w->dim() == 2 && w->size(0) != c.num_labels())
            mismatch("it has " + std::to_string(c.num_labels()) + " labels (id2label / num_labels)", labelTensor,
                     shapeText(*w) + " (" + std::to_string(w->size(0)) + " classes)");
    if (const torch::Tensor* e = findTensor(sd, "input_preprocessor.embeddings.weight"); e && e->dim() == 2 &&
        (e->size(0) != c.vocab_size || e->size(1) != c.d_model))
        mismatch("vocab_size is " + std::to_string(c.vocab_size) + " and d_model " + std::to_string(c.d_model),
                 "input_preprocessor.embeddings.weight", shapeText(*e));
    if (const torch::Tensor* e = findTensor(sd, "input_preprocessor.position_embeddings.weight"); e && e->dim() == 2 &&
        e->size(0) != c.max_position_embeddings)
        mismatch("max_position_embeddings is " + std::to_string(c.max_position_embeddings),
                 "input_preprocessor.position_embeddings.weight", shapeText(*e));
}

uint64_t checkpointParameterBytes(const StateDict& sd) {
    uint64_t bytes = 0;
    for (const auto& [name, t] : sd) bytes += static_cast<uint64_t>(t.numel()) * sizeof(float);
    return bytes;
}

void requireMemoryForModel(uint64_t needed, const std::string& source) {
    const uint64_t available = availableMemoryBytes();
    if (available > 0 && needed > available)
        fail(ErrorKind::InvalidInput, "the model '" + source + "' needs " + formatBytes(needed) +
                                          " of memory for its float32 weights; this machine has " + formatBytes(available) +
                                          " available");
}

LoadedModel loadModel(const std::string& spec, const json* constructor, const std::string& device) {
    const torch::Device dev = parseDevice(device);
    std::error_code ec;
    const std::string path = resolveModelPath(spec);  // a folder, a weights file or a cached hub id
    const fs::path p(path);
    const fs::path dir = fs::is_directory(p, ec) ? p : p.parent_path();
    const fs::path configPath = dir / "config.json";
    if (!fs::exists(configPath, ec)) fail(ErrorKind::Config, "no config.json in '" + dir.string() + "'");
    LoadedModel m;
    m.path = path;
    m.config = PerceiverConfig::fromFile(configPath.string());
    applyKnownLabels(m.config);
    // Every size is checked before the first weight is allocated: the config against the
    // checkpoint's shapes (a 3e7-latent config must not build 11 GB of latents to learn that
    // the checkpoint holds 256), then what the weights need against what the machine has.
    resolveArchitecture(m.config, constructor, {});  // an unknown class is a config error, whatever the weights
    const StateDict sd = readStateDict(path);
    checkConfigAgainstCheckpoint(m.config, sd, path);
    requireMemoryForModel(checkpointParameterBytes(sd), path);
    m.model = buildModel(m.config, constructor);
    loadStateDict(*m.model, sd, path);
    m.model->eval();
    if (std::string w = nonFiniteWeightsWarning(*m.model); !w.empty()) m.warnings.push_back(w);
    if (!dev.is_cpu()) moveModel(*m.model, dev);
    return m;
}

void moveModel(TaskModel& model, const torch::Device& device) {
    if (device.is_cuda()) {
        // fp32 means fp32: cuDNN convolutions default to TF32 (a 10-bit mantissa), which the
        // parity tolerances do not allow. bf16 / fp16 are asked for explicitly (precision.h).
        at::globalContext().setAllowTF32CuDNN(false);
        at::globalContext().setAllowTF32CuBLAS(false);
    }
    model.to(device);
    for (const auto& m : model.modules(/*include_self=*/false))
        if (auto* attention = dynamic_cast<SelfAttention*>(m.get())) attention->fuseProjections();
}

}  // namespace perceiver
