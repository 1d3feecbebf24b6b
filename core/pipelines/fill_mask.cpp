#include "pipelines/fill_mask.h"
#include "model/finite_check.h"

#include "common/error.h"
#include "model/perceiver_model.h"
#include "tokenizer/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>

namespace perceiver {

std::string maskByteRanges(const std::string& text, const std::vector<std::pair<size_t, size_t>>& ranges) {
    std::vector<bool> masked(text.size(), false);
    for (const auto& [b, e] : ranges) {
        if (b > e || e > text.size())
            fail(ErrorKind::InvalidInput, "mask range [" + std::to_string(b) + ", " + std::to_string(e) + ") outside the " +
                                              std::to_string(text.size()) + "-byte text");
        for (size_t i = b; i < e; ++i) masked[i] = true;
    }
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) out += masked[i] ? std::string("[MASK]") : std::string(1, text[i]);
    return out;
}

FillMaskResult fillMask(TaskModel& model, const std::string& text, int top_k, Progress* progress) {
    if (model.className() != "PerceiverForMaskedLM")
        fail(ErrorKind::Config, "fill-mask needs a PerceiverForMaskedLM, this model is a " + model.className());
    const PerceiverTokenizer tok;
    FillMaskResult r;
    r.text = text;
    r.input_ids = tok.encode(text);
    const int64_t maxLen = model.config.max_position_embeddings;
    if (static_cast<int64_t>(r.input_ids.size()) > maxLen)
        fail(ErrorKind::InvalidInput, "the text is " + std::to_string(r.input_ids.size() - 2) + " bytes; this model reads at most " +
                                          std::to_string(maxLen - 2));
    int64_t byteIndex = -1;  // bytes of the text, [MASK] counting as one masked byte
    for (size_t i = 1; i + 1 < r.input_ids.size(); ++i) {
        ++byteIndex;
        if (r.input_ids[i] == PerceiverTokenizer::kMask) r.masks.push_back({static_cast<int64_t>(i), byteIndex, {}});
    }
    if (r.masks.empty()) fail(ErrorKind::InvalidInput, "the text has no [MASK]: mask the bytes to predict");
    if (progress) progress->report(0.1, "encoding");

    ModelInputs in;
    in.inputs.tensor = torch::tensor(r.input_ids, torch::kLong).unsqueeze(0).to(modelDevice(model));
    PerceiverOutput out;
    {
        c10::InferenceMode guard;
        out = model.forward(in, {});
    }
    if (progress) progress->checkCancelled();
    if (std::string w = nonFiniteWarning(out.logits, "the logits"); !w.empty()) r.warnings.push_back(w);
    const torch::Tensor probs = torch::softmax(out.logits[0].to(torch::kCPU, torch::kDouble), -1);  // (positions, vocab)
    const int k = std::max(1, std::min<int>(top_k, static_cast<int>(probs.size(1))));
    std::vector<int64_t> filled = r.input_ids;
    for (auto& m : r.masks) {
        const auto [p, idx] = probs[m.token_index].topk(k);
        for (int j = 0; j < k; ++j) {
            TokenCandidate c;
            c.id = idx[j].item<int64_t>();
            c.probability = p[j].item<double>();
            c.byte = PerceiverTokenizer::byteOf(c.id);
            c.text = PerceiverTokenizer::tokenText(c.id);
            if (c.byte >= 0x80) {
                char hex[16];
                std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(c.byte));
                c.text = hex;  // a lone byte of a multi-byte character
            }
            m.candidates.push_back(c);
        }
        filled[m.token_index] = m.candidates.front().id;
    }
    // Filled text: the predicted bytes in place of the masks, decoded together so that
    // consecutive masks can form one multi-byte character.
    r.filled_text = tok.decode(std::vector<int64_t>(filled.begin() + 1, filled.end() - 1), true, false);
    if (progress) progress->report(1.0, "done");
    return r;
}

}  // namespace perceiver
