#include "training/tasks/masked_lm_task.h"

#include "common/error.h"
#include "model/perceiver_model.h"
#include "pipelines/model_inputs.h"
#include "tokenizer/tokenizer.h"
#include "training/tasks/task_common.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>
#include <vector>

namespace perceiver {

namespace {

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

}  // namespace

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

MaskedLMTask::MaskedLMTask(Corpus corpus) : corpus_(std::move(corpus.training)), heldOut_(std::move(corpus.held_out)) {}

PerceiverConfig MaskedLMTask::config() const {
    return demoConfig({{"architectures", {"PerceiverForMaskedLM"}}, {"vocab_size", 262}, {"max_position_embeddings", 128},
                       {"d_model", 128}, {"num_latents", 64}, {"d_latents", 192}, {"qk_channels", 128}, {"v_channels", 192},
                       {"num_cross_attention_heads", 4}, {"num_self_attention_heads", 4}, {"num_self_attends_per_block", 4}},
                      {});
}

torch::Tensor MaskedLMTask::loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) {
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

Metrics MaskedLMTask::evaluate(TaskModel& model) {
    const MaskedLMScore s = scoreMaskedLM(model, heldOut_.substr(0, 8192), 1);
    return {{"byte_accuracy", s.byte_accuracy}, {"word_accuracy", s.word_accuracy}};
}

void MaskedLMTask::initialize(TaskModel& model) {
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

}  // namespace perceiver
