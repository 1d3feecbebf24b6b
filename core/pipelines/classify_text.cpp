#include "pipelines/classify_text.h"

#include "common/error.h"
#include "config/config.h"
#include "model/finite_check.h"
#include "model/perceiver_model.h"
#include "tokenizer/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <numeric>

namespace perceiver {

TextClassKind textClassKind(const PerceiverConfig& config) {
    if (config.problem_type) {
        if (*config.problem_type == "regression") return TextClassKind::Regression;
        if (*config.problem_type == "multi_label_classification") return TextClassKind::MultiLabel;
        return TextClassKind::SingleLabel;
    }
    return config.num_labels() == 1 ? TextClassKind::Regression : TextClassKind::SingleLabel;
}

std::string textClassKindName(TextClassKind kind) {
    switch (kind) {
    case TextClassKind::MultiLabel: return "multi-label";
    case TextClassKind::Regression: return "regression";
    default: return "single-label";
    }
}

bool isTextClassifier(const std::string& architecture) { return architecture == "PerceiverForSequenceClassification"; }

std::vector<int64_t> classifierTextIds(const TaskModel& model, const std::string& text, int64_t* dropped) {
    const int64_t limit = model.config.max_position_embeddings;
    if (limit < 3)
        fail(ErrorKind::Config, "max_position_embeddings is " + std::to_string(limit) + ": no room for a byte between [CLS] and [SEP]");
    // One tokenisation, cut as truncation=True with max_length = limit cuts it: the first
    // limit - 2 tokens of the text between [CLS] and [SEP].
    std::vector<int64_t> ids = PerceiverTokenizer().encode(text, false);
    const int64_t over = std::max<int64_t>(0, static_cast<int64_t>(ids.size()) - (limit - 2));
    ids.resize(ids.size() - static_cast<size_t>(over));
    ids.insert(ids.begin(), PerceiverTokenizer::kCls);
    ids.push_back(PerceiverTokenizer::kSep);
    if (dropped) *dropped = over;
    return ids;
}

std::string truncationNotice(int64_t textBytes, int64_t dropped) {
    if (dropped <= 0) return {};
    return "the text is " + std::to_string(textBytes) + " bytes; the model reads its first " + std::to_string(textBytes - dropped) +
           ": the last " + std::to_string(dropped) + " were left out";
}

TextClassifyResult classifyText(TaskModel& model, const std::string& text, const TextClassifyOptions& options, Progress* progress) {
    if (!isTextClassifier(model.className()))
        fail(ErrorKind::Config, "classify-text needs a PerceiverForSequenceClassification, this model is a " + model.className());
    if (!(options.threshold >= 0.0 && options.threshold <= 1.0))
        fail(ErrorKind::InvalidInput, "the threshold must be between 0 and 1, got " + std::to_string(options.threshold));
    TextClassifyResult r;
    r.architecture = model.className();
    r.kind = textClassKind(model.config);
    r.threshold = options.threshold;
    if (progress) progress->report(0.05, "tokenizing");
    r.input_ids = classifierTextIds(model, text, &r.dropped_bytes);
    // Bytes as the tokenizer counts them: a special string ("[MASK]") is one token of the text.
    r.text_bytes = static_cast<int64_t>(r.input_ids.size()) - 2 + r.dropped_bytes;
    if (std::string n = truncationNotice(r.text_bytes, r.dropped_bytes); !n.empty()) r.notices.push_back(n);

    ModelInputs in;
    in.inputs.tensor = torch::tensor(r.input_ids, torch::kLong).unsqueeze(0).to(modelDevice(model));  // (1, S)
    PerceiverOutput out;
    {
        c10::InferenceMode guard;
        if (progress) progress->report(0.1, "encoding");
        out = model.forward(in, {});
    }
    if (progress) progress->checkCancelled();
    if (std::string w = nonFiniteWarning(out.logits, "the logits"); !w.empty()) r.warnings.push_back(w);
    const torch::Tensor logits = out.logits[0].to(torch::kCPU, torch::kDouble);  // (num_labels)
    const torch::Tensor scores = r.kind == TextClassKind::SingleLabel ? torch::softmax(logits, -1)
                                 : r.kind == TextClassKind::MultiLabel ? torch::sigmoid(logits)
                                                                       : logits;
    const int64_t n = scores.size(0);
    const double* s = scores.contiguous().data_ptr<double>();
    r.values.assign(s, s + n);
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return r.values[a] > r.values[b]; });
    const int k = static_cast<int>(std::clamp<int64_t>(options.top_k, 1, n));
    for (int j = 0; j < k; ++j) r.top.push_back({order[j], model.config.label(order[j]), r.values[order[j]]});
    if (r.kind == TextClassKind::SingleLabel) r.predicted.push_back(r.top.front().label);
    if (r.kind == TextClassKind::MultiLabel)
        for (int64_t i : order)
            if (r.values[i] >= options.threshold) r.predicted.push_back(model.config.label(i));
    if (progress) progress->report(1.0, "done");
    return r;
}

}  // namespace perceiver
