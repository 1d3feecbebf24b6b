// Fine-tuning a Perceiver text classifier on your own labelled texts: a CSV / TSV of text and
// label, a held-out split, a start from any byte model (a masked LM such as demo-language or
// deepmind/language-perceiver, or a text classifier) with a new classification head when the
// labels differ, and optionally a frozen encoder. `perceiver finetune --task text` runs it; the
// studio's Train page is to call the same functions.
//
//   LabelledTexts data = readLabelledTexts("reviews.csv");          // columns "text", "label"
//   TextSplit split = splitLabelledTexts(data, 0.2, /*seed*/ 0);      // or a given held-out file
//   FineTuneStart start = startTextClassifier("resources/models/demo-language", data.labels);
//   // start.reinitialised: the keys that did not fit (the new head), as HF's
//   // ignore_mismatched_sizes leaves them: freshly initialised, the rest loaded.
//   freezeEncoder(*start.model);                                      // train the decoder only
//   TextClassificationTask task(split, start.model->config);
//   TrainOptions o; o.initialize = false;                              // keep what was loaded
//   train(*start.model, task, o);                                      // trainer.h
//
// Data rules (each broken one is an Error(InvalidInput) naming the file, and the row where
// there is one, before any training): a header row naming a "text" and a "label" column
// (case-insensitive; other columns ignored); RFC 4180 quoting ("..." with "" for a quote, line
// breaks inside quotes); a comma separator, a tab for .tsv; every row with both fields, the
// text non-empty; at least two classes. Labels are names, sorted (numerically when all are
// integers); the model's id2label follows that order. Splitting needs two examples per class
// (one each side). Thread-safety: free functions and a task used by one training at a time.
#pragma once

#include "training/finetune.h"
#include "training/trainer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace perceiver {

class TaskModel;

struct LabelledTexts {
    std::vector<std::string> texts;
    std::vector<int64_t> classes;     ///< per text, an index into labels
    std::vector<std::string> labels;  ///< the class names, in id order
};

/// Reads a CSV / TSV file of labelled texts (the rules above).
LabelledTexts readLabelledTexts(const std::string& path);
/// A file of held-out texts read with the training file's labels: a label the training file
/// has not is an error naming it.
LabelledTexts readLabelledTexts(const std::string& path, const std::vector<std::string>& labels);

struct TextSplit {
    LabelledTexts training, held_out;
};
/// A seeded split: per class, round(fraction * n) examples (at least one, at most n - 1) held out.
TextSplit splitLabelledTexts(const LabelledTexts& data, double fraction, uint64_t seed);

/// A text classifier for `labels` started from the byte model `spec` (a folder or hub id, as
/// loadModel takes it): its config with the classifier's class and labels, every weight of the
/// start whose name and shape fit, the rest HF-initialised (initializeWeights). Throws
/// Error(Config) for a start that is not a byte model (masked LM or text classifier).
FineTuneStart startTextClassifier(const std::string& spec, const std::vector<std::string>& labels, uint64_t seed = 0);

/// Single-label cross-entropy on the training texts (each cut to the model's limit as
/// classifyText cuts it, batches padded with an attention mask); held-out accuracy and loss.
class TextClassificationTask : public TrainingTask {
public:
    TextClassificationTask(TextSplit split, PerceiverConfig config);
    std::string name() const override { return "text"; }
    PerceiverConfig config() const override { return config_; }
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override;
    Metrics evaluate(TaskModel& model) override;  ///< accuracy, loss
    std::string primaryMetric() const override { return "accuracy"; }
    bool higherIsBetter() const override { return true; }

private:
    TextSplit split_;
    PerceiverConfig config_;
};

}  // namespace perceiver
