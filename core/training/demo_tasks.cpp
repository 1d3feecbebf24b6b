#include "training/demo_tasks.h"

#include "common/error.h"
#include "model/heads/head.h"
#include "model/perceiver_model.h"
#include "pipelines/autoencode.h"
#include "pipelines/classify.h"
#include "pipelines/model_inputs.h"
#include "pipelines/optical_flow.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace perceiver {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// Uniform floats from mt19937_64's bits (the standard fixes the engine, not the
/// distributions), so every generated set is the same on every machine.
struct Rand {
    std::mt19937_64 engine;
    explicit Rand(uint64_t seed) : engine(seed) {}
    double u() { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }
    double u(double a, double b) { return a + (b - a) * u(); }
    int index(int n) { return static_cast<int>(engine() % static_cast<uint64_t>(n)); }
    double normal() { return std::sqrt(-2.0 * std::log(1.0 - u())) * std::cos(2.0 * M_PI * u()); }
};

/// A well-mixed seed for example `i` of a set seeded with `seed` (splitmix64).
uint64_t exampleSeed(uint64_t seed, uint64_t i) {
    uint64_t z = seed * 0x9E3779B97F4A7C15ull + i + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint8_t clampByte(double v) { return static_cast<uint8_t>(std::lround(std::clamp(v, 0.0, 255.0))); }

/// The config every demo model starts from: HF's PerceiverConfig keys, then the task's.
PerceiverConfig demoConfig(const json& task, const std::vector<std::string>& labels) {
    json j = {{"model_type", "perceiver"}, {"hidden_act", "gelu"}, {"attention_probs_dropout_prob", 0.0},
              {"initializer_range", 0.02}, {"layer_norm_eps", 1e-12}, {"use_query_residual", true},
              {"cross_attention_shape_for_attention", "kv"}, {"self_attention_widening_factor", 1},
              {"cross_attention_widening_factor", 1}, {"num_blocks", 1}, {"torch_dtype", "float32"},
              {"transformers_version", "4.37.2"}, {"perceiver_studio_demo", true}};
    for (auto it = task.begin(); it != task.end(); ++it) j[it.key()] = it.value();
    json id2label = json::object(), label2id = json::object();
    for (size_t i = 0; i < labels.size(); ++i) {
        id2label[std::to_string(i)] = labels[i];
        label2id[labels[i]] = i;
    }
    if (!labels.empty()) {
        j["id2label"] = id2label;
        j["label2id"] = label2id;
    }
    return PerceiverConfig::fromJson(j);
}

/// Unit-scale residual streams: the 2-D weights of the layers under `prefixes` (not layer
/// norms) ~ N(0, 1 / fan_in) (LeCun) instead of HF's N(0, 0.02^2). With 0.02 at these widths
/// (128-400 channels) every layer's output is ~0.05 of its input, the latents stay ~0.05 in
/// size, and Adam's steps (about the learning rate per weight, whatever its size) let biases
/// and constant directions outgrow the inputs' contribution within a few hundred steps; the
/// masked LM then stopped reading its input (logits identical for any text).
void lecunInitialize(TaskModel& model, const std::vector<std::string>& prefixes) {
    torch::NoGradGuard noGrad;
    for (const auto& item : model.named_parameters()) {
        const std::string& name = item.key();
        torch::Tensor p = item.value();
        const bool under = std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& x) { return name.rfind(x, 0) == 0; });
        if (under && p.dim() == 2 && name.find("layernorm") == std::string::npos)
            p.normal_(0.0, 1.0 / std::sqrt(static_cast<double>(p.size(1))));
    }
}

/// The parameter called `name` (HF naming) of `model`.
torch::Tensor namedParameter(TaskModel& model, const std::string& name) {
    for (const auto& item : model.named_parameters())
        if (item.key() == name) return item.value();
    fail(ErrorKind::Internal, "the " + model.config.architecture() + " model has no parameter '" + name + "'");
}

// ---- shapes ----------------------------------------------------------------------------

const char* const kShapes[] = {"circle", "square", "triangle", "cross"};
const char* const kColours[] = {"red", "green", "blue", "yellow"};
const double kColourRgb[4][3] = {{215, 45, 40}, {45, 180, 70}, {45, 85, 225}, {235, 205, 40}};

/// Whether offset (dx, dy) from the centre lies in `shape` of radius r turned by theta.
bool insideShape(int shape, double dx, double dy, double r, double theta) {
    const double c = std::cos(theta), s = std::sin(theta);
    const double u = dx * c + dy * s, v = -dx * s + dy * c;
    switch (shape) {
        case 0: return u * u + v * v <= r * r;
        case 1: return std::abs(u) <= 0.75 * r && std::abs(v) <= 0.75 * r;
        case 2:
            for (int k = 0; k < 3; ++k) {
                const double a = 2.0 * M_PI * k / 3.0;
                if (u * std::cos(a) + v * std::sin(a) > 0.5 * r) return false;
            }
            return true;
        default:
            return (std::abs(u) <= r && std::abs(v) <= 0.3 * r) || (std::abs(v) <= r && std::abs(u) <= 0.3 * r);
    }
}

/// Draws `shape` anti-aliased (4 samples per pixel) over `img`.
void drawShape(ImageU8& img, int shape, const double rgb[3], double cx, double cy, double r, double theta) {
    const int x0 = std::max(0, static_cast<int>(cx - r - 2)), x1 = std::min(img.width - 1, static_cast<int>(cx + r + 2));
    const int y0 = std::max(0, static_cast<int>(cy - r - 2)), y1 = std::min(img.height - 1, static_cast<int>(cy + r + 2));
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            int hits = 0;
            for (int k = 0; k < 4; ++k) hits += insideShape(shape, x + 0.25 + 0.5 * (k % 2) - cx, y + 0.25 + 0.5 * (k / 2) - cy, r, theta);
            if (!hits) continue;
            const double a = hits / 4.0;
            uint8_t* p = img.at(x, y);
            for (int ch = 0; ch < 3; ++ch) p[ch] = clampByte((1 - a) * p[ch] + a * rgb[ch]);
        }
}

// ---- flow textures -----------------------------------------------------------------------

/// A smooth random colour texture defined everywhere, so a warped frame is exact.
struct Texture {
    struct Wave { double kx, ky, phase, amp[3]; };
    struct Blob { double x, y, inv2s2, amp[3]; };
    std::vector<Wave> waves;
    std::vector<Blob> blobs;
    double base[3];

    Texture(Rand& r, int width, int height) {
        for (double& b : base) b = r.u(90, 165);
        for (int i = 0; i < 10; ++i) {
            const double lambda = r.u(10, 30), dir = r.u(0, 2 * M_PI);
            Wave w{2 * M_PI / lambda * std::cos(dir), 2 * M_PI / lambda * std::sin(dir), r.u(0, 2 * M_PI), {}};
            for (double& a : w.amp) a = r.u(-28, 28);
            waves.push_back(w);
        }
        for (int i = 0; i < 8; ++i) {
            const double sigma = r.u(2.5, 7);
            Blob b{r.u(-8, width + 8), r.u(-8, height + 8), 1.0 / (2 * sigma * sigma), {}};
            for (double& a : b.amp) a = r.u(-70, 70);
            blobs.push_back(b);
        }
    }
    void at(double x, double y, double out[3]) const {
        for (int c = 0; c < 3; ++c) out[c] = base[c];
        for (const auto& w : waves) {
            const double s = std::sin(w.kx * x + w.ky * y + w.phase);
            for (int c = 0; c < 3; ++c) out[c] += w.amp[c] * s;
        }
        for (const auto& b : blobs) {
            const double e = std::exp(-((x - b.x) * (x - b.x) + (y - b.y) * (y - b.y)) * b.inv2s2);
            for (int c = 0; c < 3; ++c) out[c] += b.amp[c] * e;
        }
    }
};

// ---- masked LM -----------------------------------------------------------------------------

/// Byte ranges [begin, end) of the words (runs of letters and digits) of `text`.
std::vector<std::pair<size_t, size_t>> words(const std::string& text) {
    std::vector<std::pair<size_t, size_t>> w;
    for (size_t i = 0; i < text.size();) {
        if (!std::isalnum(static_cast<unsigned char>(text[i]))) { ++i; continue; }
        size_t e = i;
        while (e < text.size() && std::isalnum(static_cast<unsigned char>(text[e]))) ++e;
        w.emplace_back(i, e);
        i = e;
    }
    return w;
}

/// [CLS] + window + [SEP] as token ids, before and after masking 15 % of its words (at least
/// one) or, with `singleBytes`, 15 % of its bytes; `spans` are the masked token positions.
struct MaskedWindow {
    std::vector<int64_t> original, input;
    std::vector<std::pair<size_t, size_t>> spans;
};

MaskedWindow maskWindow(const std::string& window, Rand& r, bool singleBytes = false) {
    MaskedWindow m;
    m.original = PerceiverTokenizer().encode(window);
    m.input = m.original;
    if (singleBytes) {
        for (size_t i = 0; i < window.size(); ++i)
            if (r.u() < 0.15) m.spans.emplace_back(i, i + 1);
        if (m.spans.empty() && !window.empty()) {
            const size_t i = static_cast<size_t>(r.index(static_cast<int>(window.size())));
            m.spans.emplace_back(i, i + 1);
        }
    } else {
        const auto w = words(window);
        for (const auto& span : w)
            if (r.u() < 0.15) m.spans.push_back(span);
        if (m.spans.empty() && !w.empty()) m.spans.push_back(w[r.index(static_cast<int>(w.size()))]);
    }
    for (auto& [b, e] : m.spans) {
        b += 1;  // after [CLS]
        e += 1;
        std::fill(m.input.begin() + static_cast<std::ptrdiff_t>(b), m.input.begin() + static_cast<std::ptrdiff_t>(e), PerceiverTokenizer::kMask);
    }
    return m;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) fail(ErrorKind::Media, "cannot read the corpus file '" + p.string() + "'");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

class MaskedLMTask : public TrainingTask {
public:
    explicit MaskedLMTask(const DemoTaskOptions& o) {
        std::error_code ec;
        if (!fs::is_directory(o.corpus_dir, ec))
            fail(ErrorKind::Media, "the corpus folder '" + o.corpus_dir + "' does not exist (Debian's base-files provides /usr/share/common-licenses)");
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(o.corpus_dir, ec))
            if (e.is_regular_file() && !e.is_symlink()) files.push_back(e.path());  // GPL -> GPL-3 etc. once
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            const bool held = std::find(o.held_out.begin(), o.held_out.end(), f.filename().string()) != o.held_out.end();
            (held ? heldOut_ : corpus_) += readFile(f) + "\n\n";
        }
        if (corpus_.size() < 4096 || heldOut_.empty())
            fail(ErrorKind::Media, "the corpus in '" + o.corpus_dir + "' is too small or has no held-out file");
    }
    std::string name() const override { return "mlm"; }
    PerceiverConfig config() const override {
        return demoConfig({{"architectures", {"PerceiverForMaskedLM"}}, {"vocab_size", 262}, {"max_position_embeddings", 128},
                           {"d_model", 128}, {"num_latents", 64}, {"d_latents", 192}, {"qk_channels", 128}, {"v_channels", 192},
                           {"num_cross_attention_heads", 4}, {"num_self_attention_heads", 4}, {"num_self_attends_per_block", 4}},
                          {});
    }
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override {
        Rand r(rng());
        const int64_t maxLen = model.config.max_position_embeddings;
        const int64_t len = r.u() < 0.5 ? maxLen : 16 + r.index(static_cast<int>(maxLen - 15));  // tokens incl. [CLS]/[SEP]
        torch::Tensor ids = torch::empty({batch, len}, torch::kLong), labels = torch::full({batch, maxLen}, -100, torch::kLong);
        auto label = labels.accessor<int64_t, 2>();
        for (int64_t b = 0; b < batch; ++b) {
            const size_t start = static_cast<size_t>(r.index(static_cast<int>(corpus_.size() - len)));
            const std::string window = corpus_.substr(start, static_cast<size_t>(len - 2));
            // Half the windows mask single bytes (local statistics are learnt first), half whole words.
            const bool singleBytes = r.u() < 0.5;
            const MaskedWindow m = maskWindow(window, r, singleBytes);
            std::copy(m.input.begin(), m.input.end(), ids[b].data_ptr<int64_t>());
            for (const auto& [s, e] : m.spans)
                for (size_t i = s; i < e; ++i) label[b][static_cast<int64_t>(i)] = m.original[i];
        }
        ModelInputs in;
        in.inputs.tensor = ids;
        in.labels = labels;
        return model.forward(in, {}).loss;
    }
    Metrics evaluate(TaskModel& model) override {
        const MaskedLMScore s = scoreMaskedLM(model, heldOut_.substr(0, 8192), 1);
        return {{"byte_accuracy", s.byte_accuracy}, {"word_accuracy", s.word_accuracy}};
    }
    std::string primaryMetric() const override { return "byte_accuracy"; }
    bool higherIsBetter() const override { return true; }

    /// A locality prior instead of N(0, 0.02) noise everywhere. With noise, every latent
    /// attends to every byte alike (each holds the window's bag of bytes), the decoder cannot
    /// tell positions apart, and training sat at the unigram plateau (loss 3.1, byte accuracy
    /// 0.095) for 2,000 steps: the latents first had to discover where bytes are. Here:
    ///  - a 1-D sinusoid code of the position (32 frequencies, periods 2 to 256 bytes) fills
    ///    the upper half of the d_model channels of the input positions and of the decoder's
    ///    output queries, and the same code of latent j's centre (j + 1/2) * N / L - 1/2 fills
    ///    those channels of latent j; the byte embeddings keep the lower half;
    ///  - the query and key projections of the encoder's cross-attention and of the decoder
    ///    read only those channels, each head its own set of frequencies, so that at the start
    ///    latent j attends to the bytes around its centre and output position p to the
    ///    latents around p; the encoder's layers start by writing the latents' other channels;
    ///  - unit-scale layers (lecunInitialize) and the corpus's log byte frequencies as the
    ///    output bias (see below).
    /// Everything stays trainable; only the starting point changes. Measured: held-out byte
    /// accuracy 0.16 after 1,000 steps where the plain start stayed at 0.095 for 2,000.
    void initialize(TaskModel& model) override {
        torch::NoGradGuard noGrad;
        const int64_t positions = model.config.max_position_embeddings, dModel = model.config.d_model;
        const int64_t half = dModel / 2, bands = half / 2;
        // code(x)[2k] = sin(w_k x), code(x)[2k + 1] = cos(w_k x), w_k from pi to pi / positions.
        const auto code = [&](const torch::Tensor& x) {  // x: (n) positions -> (n, half)
            const torch::Tensor w = M_PI * torch::pow(torch::tensor(1.0 / static_cast<double>(positions)),
                                                      torch::arange(bands, torch::kDouble) / std::max<int64_t>(1, bands - 1));
            const torch::Tensor a = x.to(torch::kDouble).unsqueeze(1) * w.unsqueeze(0);
            return torch::stack({a.sin(), a.cos()}, 2).view({x.size(0), half}).to(torch::kFloat);
        };
        const torch::Tensor posCode = code(torch::arange(positions));
        lecunInitialize(model, {"perceiver.encoder.", "perceiver.decoder."});
        const auto parameter = [&](const std::string& name) { return namedParameter(model, name); };
        // Inputs: bytes in the lower half, positions in the upper half, of like size.
        parameter("perceiver.input_preprocessor.embeddings.weight").narrow(1, half, dModel - half).zero_();
        torch::Tensor inPos = parameter("perceiver.input_preprocessor.position_embeddings.weight");
        inPos.zero_();
        inPos.narrow(1, half, half).copy_(posCode * (model.config.initializer_range * std::sqrt(2.0)));
        torch::Tensor outPos = parameter("perceiver.decoder.output_position_encodings.position_embeddings");
        outPos.zero_();
        outPos.narrow(1, half, half).copy_(posCode);
        torch::Tensor latents = parameter("perceiver.embeddings.latents");
        const int64_t numLatents = latents.size(0);
        const torch::Tensor centres = (torch::arange(numLatents, torch::kDouble) + 0.5) * static_cast<double>(positions) / static_cast<double>(numLatents) - 0.5;
        latents.narrow(1, half, half).copy_(code(centres) * kLatentPositionScale);
        // The latents' position channels are kept clean: the layers that add to the latents
        // (attention outputs and MLPs of the encoder) start by writing the other channels only.
        for (const auto& item : model.named_parameters()) {
            const std::string& name = item.key();
            const bool writer = name.rfind("perceiver.encoder.", 0) == 0 &&
                                (name.find("attention.output.dense.") != std::string::npos || name.find("mlp.dense2.") != std::string::npos);
            if (writer) item.value().narrow(0, half, half).zero_();
        }
        // Query/key projections, per head: sharp heads (even h) read every other frequency over
        // the whole range, broad heads (odd h) the lowest ones.
        const auto positional = [&](const std::string& layer, int64_t heads, double sharpness) {
            torch::Tensor q = parameter(layer + ".attention.self.query.weight");  // (qk, query channels)
            torch::Tensor k = parameter(layer + ".attention.self.key.weight");    // (qk, key channels)
            const int64_t perHead = q.size(0) / heads;
            for (int64_t h = 0; h < heads; ++h) {
                std::vector<int64_t> picked;
                for (int64_t b = 0; b < bands && static_cast<int64_t>(picked.size()) * 2 < perHead; ++b) {
                    const int64_t band = h % 2 == 0 ? (2 * b + h / 2) % bands : bands - 1 - b;
                    if (std::find(picked.begin(), picked.end(), band) == picked.end()) picked.push_back(band);
                }
                for (size_t i = 0; i < picked.size(); ++i)
                    for (int64_t s = 0; s < 2; ++s) {
                        const int64_t row = h * perHead + 2 * static_cast<int64_t>(i) + s, channel = half + 2 * picked[i] + s;
                        q[row].zero_();
                        k[row].zero_();
                        q[row][channel] = sharpness;
                        k[row][channel] = sharpness;
                    }
            }
        };
        // The output bias starts at the corpus's log byte frequencies. From zero, the network
        // reached the unigram distribution faster by growing a large input-independent direction
        // in the latents (rms 45 where the inputs contributed 0.1), which the layer norms then
        // divided the bytes' information away with: the model stopped reading its input.
        std::vector<double> counts(256, 1.0);
        for (const unsigned char c : corpus_) counts[c] += 1.0;
        const double total = static_cast<double>(corpus_.size()) + 256.0;
        torch::Tensor bias = parameter("embedding_decoder.bias");
        bias.fill_(std::log(1.0 / total));
        for (int b = 0; b < 256; ++b) bias[PerceiverTokenizer::kByteOffset + b] = std::log(counts[static_cast<size_t>(b)] / total);
        positional("perceiver.encoder.cross_attention", model.config.num_cross_attention_heads, kLocalitySharpness);
        positional("perceiver.decoder.decoding_cross_attention", 8, 2 * kLocalitySharpness);
    }

private:
    static constexpr double kLocalitySharpness = 1.0;
    static constexpr double kLatentPositionScale = 1.0;
    std::string corpus_, heldOut_;
};

class ShapesTask : public TrainingTask {
public:
    std::string name() const override { return "shapes"; }
    PerceiverConfig config() const override {
        // d_model: the Learned preprocessor's 256 conv channels + 256 position channels.
        return demoConfig({{"architectures", {"PerceiverForImageClassificationLearned"}}, {"image_size", 24}, {"d_model", 512},
                           {"num_latents", 32}, {"d_latents", 128}, {"num_cross_attention_heads", 4},
                           {"num_self_attention_heads", 4}, {"num_self_attends_per_block", 3}, {"qk_channels", 64},
                           {"v_channels", 128}},
                          shapeClassNames());
    }
    /// The learned position embeddings start as 2-D sinusoids (64 frequencies x sin/cos x
    /// row/column) instead of N(0, 0.02) noise: with noise the model learnt the colours
    /// within 400 steps but not the shapes, as it first had to discover where pixels are.
    void initialize(TaskModel& model) override {
        for (auto& item : model.named_parameters()) {
            const std::string& name = item.key();
            torch::Tensor& p = item.value();
            if (name.find("input_preprocessor.position_embeddings") == std::string::npos || p.dim() != 2) continue;
            const int64_t side = model.config.image_size, bands = p.size(1) / 4;
            if (p.size(0) != side * side || bands < 1) continue;
            const torch::Tensor coord = torch::linspace(-1, 1, side);
            const torch::Tensor freq = torch::linspace(1, side / 2.0, bands);
            const torch::Tensor ys = coord.view({side, 1, 1}).expand({side, side, 1}) * freq * M_PI;  // (side, side, bands)
            const torch::Tensor xs = coord.view({1, side, 1}).expand({side, side, 1}) * freq * M_PI;
            const torch::Tensor features = torch::cat({ys.sin(), ys.cos(), xs.sin(), xs.cos()}, -1).view({side * side, 4 * bands});
            torch::NoGradGuard noGrad;
            p.zero_();
            p.narrow(1, 0, 4 * bands).copy_(features);
        }
    }
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override {
        std::vector<torch::Tensor> pixels;
        torch::Tensor labels = torch::empty({batch}, torch::kLong);
        for (int64_t b = 0; b < batch; ++b) {
            const uint64_t seed = rng() | 1ull << 63;  // training seeds: the top bit set, held-out ones have it clear
            const int cls = static_cast<int>(seed % 16);
            const int size = 48 + 16 * static_cast<int>((seed >> 8) % 6);
            pixels.push_back(prepareClassifierInput(model, renderShapeImage(cls, seed, size)).pixel_values);
            labels[b] = cls;
        }
        ModelInputs in;
        in.inputs.tensor = torch::cat(pixels, 0);
        in.labels = labels;
        return model.forward(in, {}).loss;
    }
    Metrics evaluate(TaskModel& model) override { return {{"top1", scoreShapes(model, 160, 7)}}; }
    std::string primaryMetric() const override { return "top1"; }
    bool higherIsBetter() const override { return true; }
};

/// The flow model's starting point: block matching written into the Perceiver's own layers.
///
/// At this size the network never found motion by itself (EPE 1.11 against 1.12 for "no
/// motion" after 3,000 steps): the pixels reach the latents through one linear map and
/// attention weights, and the decoder's queries only steer attention. But attention can
/// match: for a residual r_k(p) = I1(p - a_k/2) - I2(p + a_k/2) (grey, bilinear inside the
/// 3x3 patches) of a candidate displacement a_k, a latent attending with scores beta * r_k
/// and values r_k reads E_softmax[r_k] - mean(r_k) ~ beta * Var(r_k): how badly a_k matches.
/// The layout (flow_prior's channels; FlowTask::initialize):
///  - conv_after_patches: channels 0-24 are the residuals of 5x5 candidates 0.75 px apart
///    (+-1.5 px), channel 25 is zero (a reference that cancels the layer norms' mean);
///  - encoder cross-attention, 26 of its 32 heads: latent k < 25 scores the pixels by r_k in
///    head k, every head masks the window's outer ring (zero padding there) with a
///    least-squares fit of the ring on the Fourier channels, and head 25 averages sum_k r_k,
///    so that the output projection writes latent k's matching cost, offsets cancelled, into
///    its Cost channel (times kCostGain, so that what training adds there matters little);
///  - first self-attention layer, head 0: every latent takes the soft-argmin over the 25
///    candidate latents (scores -gamma * cost, values the candidates' displacements) into
///    its Answer channels;
///  - decoder: uniform attention over the latents, values their answers, a final layer
///    scaled to pixels.
/// The latent codes have zero mean and one norm so that the layer norms scale them alike.
/// Every other output projection and MLP starts at zero (the residual streams carry the
/// circuit unchanged) and every input projection at unit scale, so training can grow the
/// rest. The constants (beta 3, gamma 1000 in grey units) came from simulating the estimator
/// on generated pairs: EPE 0.17 px, where the best single translation per pair gives 0.12.
/// The model starts at 0.148 px on the held-out pairs (no motion: 1.122); training refines it.
namespace flow_prior {
constexpr int kSide = 5, kCandidates = kSide * kSide;
constexpr double kStep = 0.75;
// Latent channels (d_latents 128).
enum : int64_t { DxP = kCandidates, DxN, DyP, DyN, PadP, PadN, Flag, FlagN, One, OneN, Cost, AnswerX, AnswerY, Zero, MeanFix, NormP, NormN, Free };
// Input channels: residuals 0-24, then the zero reference.
constexpr int64_t kInputZero = kCandidates;
// 32 cross-attention heads of 4 channels (d_latents must be a multiple of the heads, as in
// HF): 25 candidates, 1 average, 6 free.
constexpr int64_t kCrossHeads = 32, kCrossQk = 4, kPriorHeads = kCandidates + 1, kSelfHeads = 4;
constexpr double kRole = 4, kFlag = 2, kOne = 2, kMaxDisplacement2 = 8;  // code values
constexpr double kBeta = 3, kGamma = 1000, kBorder = 30, kCandidateBias = 30, kCostGain = 30, kAnswerGain = 0.5;
}  // namespace flow_prior

class FlowTask : public TrainingTask {
public:
    std::string name() const override { return "flow"; }
    PerceiverConfig config() const override {
        // d_model: the 64 channels of the conv over both frames' 3x3 patches + 258 Fourier
        // channels. 32 cross-attention heads for the matching prior (initialize()).
        using namespace flow_prior;
        return demoConfig({{"architectures", {"PerceiverForOpticalFlow"}}, {"train_size", {24, 32}}, {"d_model", 322},
                           {"num_latents", 64}, {"d_latents", 128}, {"num_cross_attention_heads", kCrossHeads},
                           {"num_self_attention_heads", kSelfHeads}, {"num_self_attends_per_block", 3},
                           {"qk_channels", kCrossHeads * kCrossQk}, {"v_channels", kCrossHeads * kCrossQk}},
                          {});
    }
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override {
        const int h = static_cast<int>(model.config.train_size[0]), w = static_cast<int>(model.config.train_size[1]);
        std::vector<torch::Tensor> inputs, targets;
        for (int64_t b = 0; b < batch; ++b) {
            const FlowSample s = makeFlowSample(rng() | 1ull << 63, w, h);
            inputs.push_back(flowWindowPatches(model, flowFrames(model, s.first, s.second), 0, 0));
            targets.push_back(torch::from_blob(const_cast<float*>(s.flow.uv.data()), {h, w, 2}, torch::kFloat).clone());
        }
        ModelInputs in;
        in.inputs.tensor = torch::stack(inputs, 0);
        const torch::Tensor pred = model.forward(in, {}).logits * FlowOptions().flow_scale;  // (B, h, w, 2) pixels
        // Squared error (scored by EPE): its gradient grows with the error, where the EPE's
        // unit-length gradients average to nothing around "no motion" and training stalled there.
        return (pred - torch::stack(targets, 0)).pow(2).sum(-1).mean();
    }
    Metrics evaluate(TaskModel& model) override {
        // The EPE of predicting no motion, for scale: the mean length of the true flow.
        const int h = static_cast<int>(model.config.train_size[0]), w = static_cast<int>(model.config.train_size[1]);
        double still = 0;
        for (int i = 0; i < 48; ++i) {
            const FlowField f = makeFlowSample(exampleSeed(7, i) & ~(1ull << 63), w, h).flow;
            for (size_t k = 0; k < f.uv.size(); k += 2) still += std::hypot(f.uv[k], f.uv[k + 1]) / (f.uv.size() / 2) / 48;
        }
        return {{"epe", scoreFlow(model, 48, 7)}, {"zero_flow_epe", still}};
    }
    std::string primaryMetric() const override { return "epe"; }
    bool higherIsBetter() const override { return false; }

    /// The matching prior (flow_prior above) on unit-scale layers.
    void initialize(TaskModel& model) override;
};

void FlowTask::initialize(TaskModel& model) {
    using namespace flow_prior;
    lecunInitialize(model, {"perceiver.input_preprocessor.", "perceiver.encoder.", "perceiver.decoder."});
    torch::NoGradGuard noGrad;
    const auto parameter = [&](const std::string& name) { return namedParameter(model, name); };
    const int64_t dLatents = model.config.d_latents, numLatents = model.config.num_latents;
    if (dLatents <= Free + 8 || numLatents <= kCandidates || model.config.num_cross_attention_heads != kCrossHeads ||
        model.config.qk_channels.value_or(0) != kCrossHeads * kCrossQk || model.config.v_channels.value_or(0) != kCrossHeads * kCrossQk)
        fail(ErrorKind::Internal, "the flow prior needs the flow task's configuration");
    // Row `row` of a projection that reads layer-normed channels: sum_c w_c (LN_c - LN_zero),
    // i.e. sum_c w_c x_c / sigma whatever the layer norm's mean.
    const auto readRow = [](torch::Tensor w, int64_t row, const std::vector<std::pair<int64_t, double>>& terms, int64_t zero) {
        w[row].zero_();
        for (const auto& [c, v] : terms) {
            w[row][c] += v;
            w[row][zero] -= v;
        }
    };
    std::vector<std::pair<double, double>> candidates;  // (ax, ay) in pixels
    for (int i = 0; i < kSide; ++i)
        for (int j = 0; j < kSide; ++j) candidates.emplace_back((j - (kSide - 1) / 2.0) * kStep, (i - (kSide - 1) / 2.0) * kStep);

    // Inputs: channel = frame * 27 + ky * 9 + kx * 3 + colour (flowWindowPatches, space_to_depth).
    torch::Tensor conv = parameter("perceiver.input_preprocessor.conv_after_patches.weight");  // (64, 54)
    parameter("perceiver.input_preprocessor.conv_after_patches.bias").zero_();
    const auto sample = [&](int64_t row, int frame, double dx, double dy, double sign) {  // bilinear, |d| < 1
        const int x0 = static_cast<int>(std::floor(dx)), y0 = static_cast<int>(std::floor(dy));
        const double fx = dx - x0, fy = dy - y0;
        const double weights[4] = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
        for (int k = 0; k < 4; ++k) {
            const int kx = 1 + x0 + k % 2, ky = 1 + y0 + k / 2;
            if (weights[k] == 0) continue;
            for (int c = 0; c < 3; ++c) conv[row][frame * 27 + ky * 9 + kx * 3 + c] += sign * weights[k] / 3;
        }
    };
    for (int k = 0; k < kCandidates; ++k) {
        conv[k].zero_();
        sample(k, 0, -candidates[k].first / 2, -candidates[k].second / 2, 1.0);
        sample(k, 1, candidates[k].first / 2, candidates[k].second / 2, -1.0);
    }
    conv[kInputZero].zero_();

    // The Fourier channels of the window's pixels, and the layer norm's scale over them.
    auto& flow = dynamic_cast<PerceiverHead&>(model);
    const int64_t h = model.config.train_size[0], w = model.config.train_size[1];
    const torch::Tensor blank = torch::zeros({1, 2, 27, h, w});
    const torch::Tensor x = flow.perceiver->input_preprocessor->forward(Inputs{blank, {}}, false).inputs[0];  // (h*w, 322)
    const int64_t convChannels = conv.size(0);
    const torch::Tensor fourier = x.narrow(1, convChannels, x.size(1) - convChannels).to(torch::kDouble);
    const double sigma = x.to(torch::kDouble).var(1, false).sqrt().mean().item<double>();
    // Outer ring (1 on the ring's rows + 1 on its columns) ~ fourier . ring.
    const torch::Tensor ys = torch::arange(h).unsqueeze(1).expand({h, w}).reshape(-1), xs = torch::arange(w).unsqueeze(0).expand({h, w}).reshape(-1);
    const torch::Tensor ring = ((ys == 0) | (ys == h - 1)).to(torch::kDouble) + ((xs == 0) | (xs == w - 1)).to(torch::kDouble);
    const torch::Tensor ringWeights = torch::matmul(torch::pinverse(fourier), ring);  // (258)

    // Latent codes: zero mean, sum of squares dLatents (layer-norm scale 1).
    torch::Tensor latents = parameter("perceiver.embeddings.latents");  // (64, 128)
    latents.zero_();
    for (int64_t j = 0; j < numLatents; ++j) {
        torch::Tensor c = latents[j];
        c[One] = kOne;
        c[OneN] = -kOne;
        if (j < kCandidates) {
            const auto [ax, ay] = candidates[j];
            c[j] = kRole;
            c[MeanFix] = -kRole;
            c[DxP] = ax, c[DxN] = -ax, c[DyP] = ay, c[DyN] = -ay;
            const double pad = std::sqrt(kMaxDisplacement2 - ax * ax - ay * ay);
            c[PadP] = pad, c[PadN] = -pad;
            c[Flag] = kFlag, c[FlagN] = -kFlag;
        } else {
            c[Flag] = -kFlag, c[FlagN] = kFlag;
            torch::Tensor free = c.narrow(0, Free, dLatents - Free);
            free.normal_();
            free -= free.mean();
            free *= std::sqrt(static_cast<double>(dLatents) - 4 * kOne * kOne) / free.norm().item<double>() * 0.8;
        }
        const double rest = static_cast<double>(dLatents) - c.pow(2).sum().item<double>();
        c[NormP] = std::sqrt(rest / 2), c[NormN] = -std::sqrt(rest / 2);
    }

    // Encoder cross-attention (heads of 4 query/key and 4 value channels).
    const std::string cross = "perceiver.encoder.cross_attention.";
    torch::Tensor q = parameter(cross + "attention.self.query.weight");   // (128, 128)
    torch::Tensor k = parameter(cross + "attention.self.key.weight");     // (128, 322)
    torch::Tensor v = parameter(cross + "attention.self.value.weight");   // (128, 322)
    torch::Tensor o = parameter(cross + "attention.output.dense.weight"); // (128, 128)
    q.narrow(0, 0, kPriorHeads * kCrossQk).zero_();
    o.zero_();
    // Scores (q . k / sqrt(4)): beta * r_k / sigma in head k for latent k, -kBorder on the ring.
    const double roleGain = std::sqrt(static_cast<double>(kCrossQk)) * kBeta * sigma / kRole;
    const double ringGain = std::sqrt(static_cast<double>(kCrossQk)) * kBorder * sigma / kOne;
    std::vector<std::pair<int64_t, double>> ringTerms, sumTerms;
    for (int64_t c = 0; c < fourier.size(1); ++c) ringTerms.emplace_back(convChannels + c, -ringWeights[c].item<double>());
    for (int64_t head = 0; head < kPriorHeads; ++head) {
        const int64_t row = head * kCrossQk;
        if (head < kCandidates) {
            readRow(q, row, {{head, roleGain}}, Zero);
            readRow(k, row, {{head, 1.0}}, kInputZero);
            readRow(v, row, {{head, 1.0}}, kInputZero);
            o[Cost][row] = kCostGain;
            sumTerms.emplace_back(head, 1.0);
        }
        readRow(q, row + 1, {{One, ringGain}}, Zero);
        readRow(k, row + 1, ringTerms, kInputZero);
    }
    readRow(v, kCandidates * kCrossQk, sumTerms, kInputZero);
    o[Cost][kCandidates * kCrossQk] = -kCostGain;
    // The candidate latents' costs are then E[r_k / sigma] - mean(r_k / sigma) over the pixels.

    // Self-attention layers: nothing written at first, except layer 0's head 0.
    for (int64_t layer = 0; layer < model.config.num_self_attends_per_block; ++layer) {
        const std::string l = "perceiver.encoder.self_attends." + std::to_string(layer) + ".";
        parameter(l + "attention.output.dense.weight").zero_();
        parameter(l + "mlp.dense2.weight").zero_();
    }
    parameter(cross + "mlp.dense2.weight").zero_();
    const std::string s0 = "perceiver.encoder.self_attends.0.attention.";
    const int64_t selfQk = kCrossHeads * kCrossQk / kSelfHeads;
    torch::Tensor sq = parameter(s0 + "self.query.weight"), sk = parameter(s0 + "self.key.weight");  // (128, 128)
    torch::Tensor sv = parameter(s0 + "self.value.weight"), so = parameter(s0 + "output.dense.weight");
    sq.narrow(0, 0, selfQk).zero_();
    readRow(sq, 0, {{One, 1.0 / kOne}}, Zero);  // every latent asks the same: q = (1, 0, ...)
    // Key: +kCandidateBias for candidates (-kCandidateBias for the others) - gamma * cost.
    const double gammaCost = kGamma * sigma / kCostGain;  // COST holds kCostGain * cost in units of r / sigma
    readRow(sk, 0, {{Flag, std::sqrt(static_cast<double>(selfQk)) * kCandidateBias / kFlag}, {Cost, -std::sqrt(static_cast<double>(selfQk)) * gammaCost}}, Zero);
    readRow(sv, 0, {{DxP, 1.0}}, Zero);
    readRow(sv, 1, {{DyP, 1.0}}, Zero);
    so[AnswerX][0] = kAnswerGain;
    so[AnswerY][1] = kAnswerGain;

    // Decoder: uniform attention (no query weights), values the answers, pixels out.
    const std::string d = "perceiver.decoder.decoder.";
    parameter(d + "decoding_cross_attention.attention.self.query.weight").zero_();
    torch::Tensor dv = parameter(d + "decoding_cross_attention.attention.self.value.weight");  // (128, 128)
    readRow(dv, 0, {{AnswerX, 1.0}}, Zero);
    readRow(dv, 1, {{AnswerY, 1.0}}, Zero);
    torch::Tensor dout = parameter(d + "decoding_cross_attention.attention.output.dense.weight");  // (322, 128)
    dout.zero_();
    dout[0][0] = 1.0;
    dout[1][1] = 1.0;
    parameter(d + "decoding_cross_attention.mlp.dense2.weight").zero_();
    // HF divides the final layer's output by rescale_factor (100), the pipeline multiplies by
    // flow_scale (20): pixels = output / 5.
    torch::Tensor fin = parameter(d + "final_layer.weight");  // (2, 322)
    fin.zero_();
    const double toPixels = 100.0 / FlowOptions().flow_scale;  // PerceiverForOpticalFlow's rescale_factor
    fin[0][0] = toPixels / kAnswerGain;
    fin[1][1] = toPixels / kAnswerGain;
}

class ClipsTask : public TrainingTask {
public:
    std::string name() const override { return "clips"; }
    PerceiverConfig config() const override {
        // 4 frames of 32x32 (image_size 8 after space-to-depth 4), 320 samples per frame
        // (8 kHz at 25 fps); d_model = audio's 16 + 385 Fourier channels + 4 of padding.
        return demoConfig({{"architectures", {"PerceiverForMultimodalAutoencoding"}}, {"num_frames", 4}, {"image_size", 8},
                           {"audio_samples_per_frame", 320}, {"samples_per_patch", 16}, {"output_shape", {1, 4, 32, 32}},
                           {"output_num_channels", 64}, {"_label_trainable_num_channels", 64}, {"d_model", 405},
                           {"num_latents", 64}, {"d_latents", 128}, {"num_cross_attention_heads", 1},
                           {"num_self_attention_heads", 4}, {"num_self_attends_per_block", 3}, {"qk_channels", 64},
                           {"v_channels", 128}},
                          clipClassNames());
    }
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override {
        const AutoencodeGeometry g = autoencodeGeometry(model);
        std::vector<torch::Tensor> images, audios;
        torch::Tensor labels = torch::empty({batch}, torch::kLong);
        for (int64_t b = 0; b < batch; ++b) {
            const ClipSample c = makeClip(rng() | 1ull << 63, g.frames, g.input_side, g.samples_per_window / g.frames, g.sample_rate);
            const MultimodalInput mi = prepareMultimodalInput(model, c.frames, c.audio);
            images.push_back(mi.modalities.at("image"));
            audios.push_back(mi.modalities.at("audio"));
            labels[b] = c.label;
        }
        ModelInputs in;
        const torch::Tensor video = torch::cat(images, 0), audio = torch::cat(audios, 0);  // (B, T, 3, S, S), (B, N, 1)
        in.inputs.modalities = {{"image", video}, {"audio", audio}, {"label", torch::zeros({batch, model.config.num_labels()})}};
        // Decode a random quarter of the pixels (as the reference trained), all audio, the label.
        const int64_t pixelsPerClip = static_cast<int64_t>(g.frames) * g.output_height * g.output_width;
        const torch::Tensor points = std::get<0>(torch::randperm(pixelsPerClip, torch::kLong).slice(0, 0, pixelsPerClip / 4).sort());
        in.subsampled_output_points = {{"image", points},
                                       {"audio", torch::arange(g.samples_per_window / model.config.samples_per_patch, torch::kLong)}};
        const PerceiverOutput out = model.forward(in, {});
        const torch::Tensor pixels = video.permute({0, 1, 3, 4, 2}).reshape({batch, -1, 3}).index_select(1, points);  // in [0, 1]
        const torch::Tensor image = out.logits_by_modality.at("image").reshape_as(pixels);
        const torch::Tensor sound = out.logits_by_modality.at("audio").reshape({batch, -1});
        return torch::mse_loss(image, pixels) + torch::mse_loss(sound, audio.reshape({batch, -1})) +
               0.1 * torch::nn::functional::cross_entropy(out.logits_by_modality.at("label"), labels);
    }
    Metrics evaluate(TaskModel& model) override {
        const ClipScore s = scoreClips(model, 16, 7);
        return {{"psnr", s.psnr}, {"label_accuracy", s.label_accuracy}};
    }
    std::string primaryMetric() const override { return "psnr"; }
    bool higherIsBetter() const override { return true; }
};

}  // namespace

std::vector<std::string> demoTaskNames() { return {"mlm", "shapes", "flow", "clips"}; }

std::unique_ptr<TrainingTask> makeDemoTask(const std::string& name, const DemoTaskOptions& options) {
    if (name == "mlm") return std::make_unique<MaskedLMTask>(options);
    if (name == "shapes") return std::make_unique<ShapesTask>();
    if (name == "flow") return std::make_unique<FlowTask>();
    if (name == "clips") return std::make_unique<ClipsTask>();
    fail(ErrorKind::InvalidInput, "unknown task '" + name + "' (mlm, shapes, flow, clips)");
}

MaskedLMScore scoreMaskedLM(TaskModel& model, const std::string& text, uint64_t seed) {
    const size_t window = static_cast<size_t>(model.config.max_position_embeddings - 2);
    MaskedLMScore s;
    int64_t correctBytes = 0, correctWords = 0;
    c10::InferenceMode guard;
    for (size_t start = 0, w = 0; start + window <= text.size(); start += window, ++w) {
        Rand r(exampleSeed(seed, w));
        const MaskedWindow m = maskWindow(text.substr(start, window), r);
        ModelInputs in;
        in.inputs.tensor = torch::tensor(m.input, torch::kLong).unsqueeze(0).to(modelDevice(model));
        const torch::Tensor pred = model.forward(in, {}).logits[0].argmax(-1).to(torch::kCPU).contiguous();
        const int64_t* predicted = pred.data_ptr<int64_t>();
        for (const auto& [b, e] : m.spans) {
            bool whole = true;
            for (size_t i = b; i < e; ++i) {
                const bool ok = predicted[i] == m.original[i];
                correctBytes += ok;
                whole = whole && ok;
                ++s.masked_bytes;
            }
            correctWords += whole;
            ++s.masked_words;
        }
    }
    if (s.masked_words == 0) fail(ErrorKind::InvalidInput, "the evaluation text is shorter than one window (" + std::to_string(window) + " bytes)");
    s.byte_accuracy = static_cast<double>(correctBytes) / s.masked_bytes;
    s.word_accuracy = static_cast<double>(correctWords) / s.masked_words;
    return s;
}

double scoreShapes(TaskModel& model, int count, uint64_t seed) {
    int correct = 0;
    for (int i = 0; i < count; ++i) {
        const uint64_t s = exampleSeed(seed, i) & ~(1ull << 63);
        const int cls = static_cast<int>(s % 16);
        correct += classifyImage(model, renderShapeImage(cls, s, 64), 1).top.at(0).index == cls;
    }
    return static_cast<double>(correct) / std::max(1, count);
}

double scoreFlow(TaskModel& model, int count, uint64_t seed) {
    const int h = static_cast<int>(model.config.train_size[0]), w = static_cast<int>(model.config.train_size[1]);
    double total = 0;
    for (int i = 0; i < count; ++i) {
        const FlowSample s = makeFlowSample(exampleSeed(seed, i) & ~(1ull << 63), w, h);
        const FlowField f = estimateFlow(model, s.first, s.second).flow;
        double epe = 0;
        for (size_t k = 0; k < f.uv.size(); k += 2) epe += std::hypot(f.uv[k] - s.flow.uv[k], f.uv[k + 1] - s.flow.uv[k + 1]);
        total += epe / (f.uv.size() / 2);
    }
    return total / std::max(1, count);
}

ClipScore scoreClips(TaskModel& model, int count, uint64_t seed) {
    const AutoencodeGeometry g = autoencodeGeometry(model);
    AutoencodeOptions o;
    o.chunks = 4;
    o.top_k = 1;
    ClipScore s;
    for (int i = 0; i < count; ++i) {
        const ClipSample c = makeClip(exampleSeed(seed, i) & ~(1ull << 63), g.frames, g.input_side, g.samples_per_window / g.frames, g.sample_rate);
        const AutoencodeWindow w = autoencodeWindow(model, c.frames, c.audio, o);
        s.psnr += w.psnr / count;
        s.label_accuracy += (w.top.at(0).index == c.label ? 1.0 : 0.0) / count;
    }
    return s;
}

const std::vector<std::string>& shapeClassNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const char* shape : kShapes)
            for (const char* colour : kColours) n.push_back(std::string(colour) + " " + shape);
        return n;
    }();
    return names;
}

ImageU8 renderShapeImage(int cls, uint64_t seed, int size) {
    if (cls < 0 || cls >= 16) fail(ErrorKind::InvalidInput, "shape class " + std::to_string(cls) + " is not in [0, 16)");
    Rand r(seed);
    const int shape = cls / 4, colour = cls % 4;
    ImageU8 img = ImageU8::filled(size, size);
    const double grey = r.u(60, 190), gx = r.u(-40, 40) / size, gy = r.u(-40, 40) / size;
    double tint[3];
    for (double& t : tint) t = r.u(-15, 15);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            for (int c = 0; c < 3; ++c) img.at(x, y)[c] = clampByte(grey + tint[c] + gx * x + gy * y + 8 * r.normal());
    double rgb[3];
    for (int c = 0; c < 3; ++c) rgb[c] = std::clamp(kColourRgb[colour][c] + r.u(-20, 20), 0.0, 255.0);
    // Large and upright enough (+-25 degrees) to tell apart at the model's 24 pixels.
    drawShape(img, shape, rgb, r.u(0.38, 0.62) * size, r.u(0.38, 0.62) * size, r.u(0.25, 0.36) * size, r.u(-0.45, 0.45));
    return img;
}

FlowSample makeFlowSample(uint64_t seed, int width, int height) {
    if (width < 1 || height < 1) fail(ErrorKind::InvalidInput, "a flow sample needs a positive size");
    Rand r(seed);
    const Texture tex(r, width, height);
    // Mostly a translation (what 3x3 patches of two frames can see), slightly warped.
    const double scale = r.u(0.99, 1.01), angle = r.u(-1, 1) * M_PI / 180, tx = r.u(-1.5, 1.5), ty = r.u(-1.5, 1.5);
    const double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
    const double a = scale * std::cos(angle), b = -scale * std::sin(angle), c = scale * std::sin(angle), d = scale * std::cos(angle);
    const double det = a * d - b * c;
    FlowSample s;
    s.first = ImageU8::filled(width, height);
    s.second = ImageU8::filled(width, height);
    s.flow.width = width;
    s.flow.height = height;
    s.flow.uv.resize(static_cast<size_t>(width) * height * 2);
    double rgb[3];
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            tex.at(x, y, rgb);
            for (int ch = 0; ch < 3; ++ch) s.first.at(x, y)[ch] = clampByte(rgb[ch]);
            // p -> A (p - c) + c + t: the flow at p is where it goes minus where it was.
            const double px = x - cx, py = y - cy;
            s.flow.uv[(static_cast<size_t>(y) * width + x) * 2] = static_cast<float>(a * px + b * py + cx + tx - x);
            s.flow.uv[(static_cast<size_t>(y) * width + x) * 2 + 1] = static_cast<float>(c * px + d * py + cy + ty - y);
            // second(q) = first(A^-1 (q - c - t) + c)
            const double qx = x - cx - tx, qy = y - cy - ty;
            tex.at((d * qx - b * qy) / det + cx, (-c * qx + a * qy) / det + cy, rgb);
            for (int ch = 0; ch < 3; ++ch) s.second.at(x, y)[ch] = clampByte(rgb[ch]);
        }
    return s;
}

const std::vector<std::string>& clipClassNames() {
    static const std::vector<std::string> names(std::begin(kShapes), std::end(kShapes));
    return names;
}

ClipSample makeClip(uint64_t seed, int frames, int side, int samplesPerFrame, int sampleRate) {
    if (frames < 1 || side < 4 || samplesPerFrame < 1 || sampleRate < 1) fail(ErrorKind::InvalidInput, "a clip needs frames, a side of 4 pixels or more and audio");
    Rand r(seed);
    ClipSample c;
    c.label = r.index(4);
    double bg[3], fg[3];
    for (double& v : bg) v = r.u(15, 110);
    for (double& v : fg) v = r.u(150, 255);
    const double radius = r.u(0.16, 0.26) * side;
    double x = r.u(0.3, 0.7) * side, y = r.u(0.3, 0.7) * side, theta = r.u(0, 2 * M_PI);
    const double vx = r.u(-0.07, 0.07) * side, vy = r.u(-0.07, 0.07) * side, spin = r.u(-0.3, 0.3);
    for (int t = 0; t < frames; ++t) {
        ImageU8 img = ImageU8::filled(side, side, clampByte(bg[0]), clampByte(bg[1]), clampByte(bg[2]));
        drawShape(img, c.label, fg, x, y, radius, theta);
        c.frames.push_back(std::move(img));
        x += vx;
        y += vy;
        theta += spin;
    }
    static const double pitch[4] = {262, 392, 587, 880};  // C4, G4, D5, A5
    const double f = pitch[c.label] * r.u(0.98, 1.02), amp = r.u(0.3, 0.5), phase = r.u(0, 2 * M_PI);
    c.audio.resize(static_cast<size_t>(frames) * samplesPerFrame);
    for (size_t n = 0; n < c.audio.size(); ++n)
        c.audio[n] = static_cast<float>(amp * std::sin(2 * M_PI * f * n / sampleRate + phase) + 0.01 * r.normal());
    return c;
}

}  // namespace perceiver
