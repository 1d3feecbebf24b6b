// Text classification with PerceiverForSequenceClassification: a text -> the scores of its
// labels, as the config's problem_type says. Shared by `perceiver classify-text` and the
// studio's Text classification page (and the inspector's interventions on it).
//
//   TextClassifyResult r = classifyText(model, "What a lovely film.");
//   r.kind                  // SingleLabel: softmax over the labels; MultiLabel: a sigmoid per
//                           // label; Regression: the raw value of each output
//   r.top[0].label, r.top[0].probability   // best first (Regression: the value)
//   r.predicted             // SingleLabel: the top label; MultiLabel: those at / over the threshold
//   r.dropped_bytes         // > 0: the text was longer than the model reads (see r.notices)
//
// The kind follows HF's problem_type rules (PerceiverForSequenceClassification's loss):
// "regression", "single_label_classification" or "multi_label_classification" when the config
// names one; without one, a single output is a regression and several are single-label
// (softmax). HF's text-classification pipeline differs in one corner, which is stated here
// rather than copied: with no problem_type and one output it applies a sigmoid; this pipeline
// reports the regression value the loss trains.
//
// The text is byte-tokenised ([CLS] bytes [SEP]) and fed unpadded. A text longer than
// max_position_embeddings - 2 bytes is truncated to its first bytes, as the HF tokenizer does
// with truncation=True (the [SEP] kept), and a notice says how many bytes were left out: the one
// rule of the classifier's inputs (classifierTextIds), which the inspector's runs share.
// No torch in this header. Thread-safety: one call per model at a time.
#pragma once

#include "common/progress.h"
#include "pipelines/classify.h"

#include <cstdint>
#include <string>
#include <vector>

namespace perceiver {

class TaskModel;
struct PerceiverConfig;

enum class TextClassKind { SingleLabel, MultiLabel, Regression };

/// The kind `config` is read as (the rules above).
TextClassKind textClassKind(const PerceiverConfig& config);
/// "single-label", "multi-label" or "regression".
std::string textClassKindName(TextClassKind kind);

struct TextClassifyOptions {
    int top_k = 5;             ///< scores reported, best first (at least 1, at most the labels)
    double threshold = 0.5;    ///< MultiLabel: a label is predicted at or over this probability
};

struct TextClassifyResult {
    std::string architecture;
    TextClassKind kind = TextClassKind::SingleLabel;
    /// Best first: the probability (softmax or sigmoid), or for Regression the value (in
    /// ClassScore::probability, unbounded).
    std::vector<ClassScore> top;
    std::vector<std::string> predicted;  ///< see the walkthrough; empty for Regression
    std::vector<double> values;          ///< every label's score in label order (probability or value)
    double threshold = 0.5;              ///< MultiLabel: the threshold used
    int64_t text_bytes = 0;              ///< the text's UTF-8 bytes
    int64_t dropped_bytes = 0;           ///< bytes past the model's limit, not read
    std::vector<int64_t> input_ids;      ///< what the model read: [CLS] bytes [SEP]
    std::vector<std::string> notices;    ///< the truncation, in words
    std::vector<std::string> warnings;   ///< non-finite logits (finite_check.h)
};

/// True for PerceiverForSequenceClassification.
bool isTextClassifier(const std::string& architecture);

/// The token ids a text classifier reads for `text`: [CLS], at most max_position_embeddings - 2
/// bytes, [SEP]. `dropped` (optional) receives the bytes left out. Throws Error(Config) when the
/// model takes fewer than 3 positions.
std::vector<int64_t> classifierTextIds(const TaskModel& model, const std::string& text, int64_t* dropped = nullptr);
/// The notice for `dropped` bytes left out of a `textBytes`-byte text ("" when none were).
std::string truncationNotice(int64_t textBytes, int64_t dropped);

/// Runs a PerceiverForSequenceClassification. Throws Error(Config) for a model of another class,
/// Error(InvalidInput) for a threshold outside [0, 1].
TextClassifyResult classifyText(TaskModel& model, const std::string& text, const TextClassifyOptions& options = {},
                                Progress* progress = nullptr);

}  // namespace perceiver
