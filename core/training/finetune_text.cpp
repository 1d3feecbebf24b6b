#include "training/finetune_text.h"

#include "training/finetune.h"

#include "common/error.h"
#include "common/input_file.h"
#include "model/model_factory.h"
#include "model/perceiver_model.h"
#include "pipelines/classify_text.h"
#include "tokenizer/tokenizer.h"
#include "training/generators.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>

namespace perceiver {

namespace {

/// RFC 4180 records of `data` with separator `sep`: fields, and the line each record starts on.
struct Record {
    std::vector<std::string> fields;
    int64_t line = 0;
};

std::vector<Record> parseRecords(const std::string& data, char sep, const std::string& where) {
    std::vector<Record> records;
    Record r;
    std::string field;
    bool quoted = false, fieldStarted = false, any = false;
    int64_t line = 1;
    r.line = 1;
    auto endField = [&] {
        r.fields.push_back(field);
        field.clear();
        fieldStarted = false;
    };
    auto endRecord = [&] {
        endField();
        const bool blank = r.fields.size() == 1 && r.fields[0].empty();
        if (!blank) records.push_back(r);
        r = Record{};
        r.line = line;
        any = false;
    };
    for (size_t i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < data.size() && data[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && !fieldStarted) {
            quoted = fieldStarted = any = true;
        } else if (c == sep) {
            endField();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
            ++line;
            endRecord();
        } else {
            field += c;
            fieldStarted = any = true;
        }
    }
    if (quoted) fail(ErrorKind::InvalidInput, where + ": a quoted field opened on or after line " + std::to_string(r.line) + " is never closed");
    if (any || !field.empty()) endRecord();
    return records;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool isInteger(const std::string& s) {
    if (s.empty()) return false;
    size_t i = s[0] == '-' ? 1 : 0;
    if (i == s.size()) return false;
    for (; i < s.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return s.size() < 18;
}

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

/// The texts and label names of `path`, row by row.
std::pair<std::vector<std::string>, std::vector<std::string>> readRows(const std::string& path) {
    const std::string where = "labelled texts '" + path + "'";
    const std::string data = readInputFile(path, "labelled text file", ErrorKind::InvalidInput, uint64_t(1) << 30);
    const std::string ext = lower(std::filesystem::path(path).extension().string());
    const char sep = ext == ".tsv" || ext == ".tab" ? '\t' : ',';
    const std::vector<Record> records = parseRecords(data, sep, where);
    if (records.empty()) fail(ErrorKind::InvalidInput, where + " is empty: expected a header row with a \"text\" and a \"label\" column");
    int textColumn = -1, labelColumn = -1;
    const std::vector<std::string>& header = records[0].fields;
    for (size_t i = 0; i < header.size(); ++i) {
        const std::string name = lower(trim(header[i]));
        if (name == "text" && textColumn < 0) textColumn = static_cast<int>(i);
        if (name == "label" && labelColumn < 0) labelColumn = static_cast<int>(i);
    }
    std::string columns;
    for (const auto& h : header) columns += (columns.empty() ? "\"" : ", \"") + h + "\"";
    const std::string sepName = sep == '\t' ? "tab" : "comma";
    if (textColumn < 0) fail(ErrorKind::InvalidInput, where + ": the header (" + sepName + "-separated: " + columns + ") has no \"text\" column");
    if (labelColumn < 0) fail(ErrorKind::InvalidInput, where + ": the header (" + sepName + "-separated: " + columns + ") has no \"label\" column");
    std::vector<std::string> texts, labels;
    for (size_t k = 1; k < records.size(); ++k) {
        const Record& r = records[k];
        const std::string row = where + ", line " + std::to_string(r.line);
        if (static_cast<int>(r.fields.size()) <= std::max(textColumn, labelColumn))
            fail(ErrorKind::InvalidInput, row + ": " + std::to_string(r.fields.size()) + " field(s), the header has " + std::to_string(header.size()) +
                                              " (a missing label or text?)");
        const std::string label = trim(r.fields[static_cast<size_t>(labelColumn)]);
        if (label.empty()) fail(ErrorKind::InvalidInput, row + ": the label is empty");
        if (r.fields[static_cast<size_t>(textColumn)].empty()) fail(ErrorKind::InvalidInput, row + ": the text is empty");
        texts.push_back(r.fields[static_cast<size_t>(textColumn)]);
        labels.push_back(label);
    }
    if (texts.empty()) fail(ErrorKind::InvalidInput, where + " has a header but no texts");
    return {texts, labels};
}

LabelledTexts withLabels(std::vector<std::string> texts, const std::vector<std::string>& names, const std::vector<std::string>& labels,
                         const std::string& path) {
    std::map<std::string, int64_t> id;
    for (size_t i = 0; i < labels.size(); ++i) id[labels[i]] = static_cast<int64_t>(i);
    LabelledTexts d;
    d.labels = labels;
    d.texts = std::move(texts);
    for (const auto& n : names) {
        const auto it = id.find(n);
        if (it == id.end()) fail(ErrorKind::InvalidInput, "labelled texts '" + path + "': the label \"" + n + "\" is not one of the training labels");
        d.classes.push_back(it->second);
    }
    return d;
}

/// (B, S) ids and attention mask of `texts`, each cut to what `model` reads, padded with [PAD].
std::pair<torch::Tensor, torch::Tensor> textBatch(const TaskModel& model, const std::vector<const std::string*>& texts) {
    std::vector<std::vector<int64_t>> ids;
    size_t longest = 0;
    for (const std::string* t : texts) {
        ids.push_back(classifierTextIds(model, *t));
        longest = std::max(longest, ids.back().size());
    }
    torch::Tensor in = torch::full({static_cast<int64_t>(texts.size()), static_cast<int64_t>(longest)}, PerceiverTokenizer::kPad, torch::kLong);
    torch::Tensor mask = torch::zeros_like(in);
    for (size_t b = 0; b < ids.size(); ++b) {
        const int64_t n = static_cast<int64_t>(ids[b].size());
        in[static_cast<int64_t>(b)].narrow(0, 0, n).copy_(torch::tensor(ids[b], torch::kLong));
        mask[static_cast<int64_t>(b)].narrow(0, 0, n).fill_(1);
    }
    return {in, mask};
}

}  // namespace

LabelledTexts readLabelledTexts(const std::string& path) {
    auto [texts, names] = readRows(path);
    const std::set<std::string> distinct(names.begin(), names.end());
    std::vector<std::string> labels(distinct.begin(), distinct.end());
    if (std::all_of(labels.begin(), labels.end(), isInteger))
        std::sort(labels.begin(), labels.end(), [](const std::string& a, const std::string& b) { return std::stoll(a) < std::stoll(b); });
    if (labels.size() < 2)
        fail(ErrorKind::InvalidInput, "labelled texts '" + path + "': every text has the label \"" + labels.front() +
                                          "\"; a classifier needs at least two classes");
    return withLabels(std::move(texts), names, labels, path);
}

LabelledTexts readLabelledTexts(const std::string& path, const std::vector<std::string>& labels) {
    auto [texts, names] = readRows(path);
    return withLabels(std::move(texts), names, labels, path);
}

TextSplit splitLabelledTexts(const LabelledTexts& data, double fraction, uint64_t seed) {
    TextSplit s;
    s.training.labels = s.held_out.labels = data.labels;
    for (const SplitEntry& e : heldOutSplit(data.classes, data.labels, fraction, seed, "text")) {
        LabelledTexts& to = e.held_out ? s.held_out : s.training;
        to.texts.push_back(data.texts[e.index]);
        to.classes.push_back(data.classes[e.index]);
    }
    return s;
}

FineTuneStart startTextClassifier(const std::string& spec, const std::vector<std::string>& labels, uint64_t seed) {
    if (labels.size() < 2) fail(ErrorKind::InvalidInput, "a text classifier needs at least two labels");
    LoadedModel init = loadModel(spec);
    const std::string a = init.model->className();
    if (a != "PerceiverForMaskedLM" && !isTextClassifier(a))
        fail(ErrorKind::Config, "fine-tuning a text classifier starts from a byte model (a masked LM or a text classifier); " + init.path + " is a " + a);
    return startClassifierFrom(init, "PerceiverForSequenceClassification", labels, seed);
}

TextClassificationTask::TextClassificationTask(TextSplit split, PerceiverConfig config) : split_(std::move(split)), config_(std::move(config)) {
    if (split_.training.texts.empty() || split_.held_out.texts.empty())
        fail(ErrorKind::InvalidInput, "fine-tuning needs training and held-out texts");
    if (static_cast<int64_t>(split_.training.labels.size()) != config_.num_labels())
        fail(ErrorKind::InvalidInput, "the data has " + std::to_string(split_.training.labels.size()) + " labels, the model " +
                                          std::to_string(config_.num_labels()));
}

torch::Tensor TextClassificationTask::loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) {
    std::vector<const std::string*> texts;
    torch::Tensor labels = torch::empty({batch}, torch::kLong);
    for (int64_t b = 0; b < batch; ++b) {
        const size_t i = static_cast<size_t>(rng() % split_.training.texts.size());
        texts.push_back(&split_.training.texts[i]);
        labels[b] = split_.training.classes[i];
    }
    const auto [ids, mask] = textBatch(model, texts);
    const torch::Device device = modelDevice(model);
    ModelInputs in;
    in.inputs.tensor = ids.to(device);
    in.attention_mask = mask.to(device);
    in.labels = labels.to(device);
    return model.forward(in, {}).loss;
}

Metrics TextClassificationTask::evaluate(TaskModel& model) {
    c10::InferenceMode guard;
    const LabelledTexts& h = split_.held_out;
    HeldOutScore score;
    const torch::Device device = modelDevice(model);
    for (size_t start = 0; start < h.texts.size(); start += 32) {
        std::vector<const std::string*> texts;
        const size_t end = std::min(h.texts.size(), start + 32);
        for (size_t i = start; i < end; ++i) texts.push_back(&h.texts[i]);
        const auto [ids, mask] = textBatch(model, texts);
        ModelInputs in;
        in.inputs.tensor = ids.to(device);
        in.attention_mask = mask.to(device);
        score.add(model.forward(in, {}).logits,  // (B, labels)
                  std::vector<int64_t>(h.classes.begin() + static_cast<std::ptrdiff_t>(start), h.classes.begin() + static_cast<std::ptrdiff_t>(end)));
    }
    return score.metrics();
}

}  // namespace perceiver
