// What fine-tuning a classifier needs whatever it reads (text: finetune_text.h, images:
// finetune_image.h): a start from a trained model with a new head when the labels differ (HF's
// ignore_mismatched_sizes: the keys that do not fit re-initialised, the rest loaded, both
// listed), a frozen encoder, a seeded per-class held-out split and the held-out accuracy.
//
//   LoadedModel init = loadModel("resources/models/demo-shapes");
//   FineTuneStart start = startClassifierFrom(init, init.model->className(), {"ring", "bar"});
//   int64_t trained = freezeEncoder(*start.model);          // the decoder (the head) only
//   std::vector<SplitEntry> order = heldOutSplit(classes, 2, 0.2, /*seed*/ 0);
//
// Thread-safety: free functions on values and on one model at a time.
#pragma once

#include "training/trainer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace perceiver {

class TaskModel;
struct LoadedModel;

struct FineTuneStart {
    std::shared_ptr<TaskModel> model;          ///< the classifier, in eval mode
    std::vector<std::string> reinitialised;    ///< its keys not taken from the start (absent there or another shape)
    std::vector<std::string> unused;           ///< the start's keys the classifier has no place for
    std::string source;                        ///< the start's folder
};

/// A classifier of class `architecture` for `labels` (single-label, in id order) built from
/// `init`'s config, every weight of `init` whose name and shape fit copied, the rest
/// HF-initialised (initializeWeights) from torch's generator seeded with `seed` (so a run is
/// the same run every time). Throws Error(InvalidInput) for fewer than two labels.
FineTuneStart startClassifierFrom(const LoadedModel& init, const std::string& architecture, const std::vector<std::string>& labels,
                                  uint64_t seed = 0);

/// Stops the gradients of everything but the decoder (perceiver.decoder.*): the input
/// preprocessor, the latents and the encoder stay as loaded. Returns the parameters left trainable.
int64_t freezeEncoder(TaskModel& model);
/// The number of parameters that have gradients.
int64_t trainableParameters(const TaskModel& model);

/// Where an example goes in a seeded split: per class, in a seeded shuffled order,
/// round(fraction * n) examples (at least one, at most n - 1) held out.
struct SplitEntry {
    size_t index = 0;      ///< into the examples
    bool held_out = false;
};
/// The split of examples whose classes are `classes` (each in [0, labels.size())). Throws
/// Error(InvalidInput) naming a class with fewer than two examples (`what`: "text", "image").
std::vector<SplitEntry> heldOutSplit(const std::vector<int64_t>& classes, const std::vector<std::string>& labels, double fraction,
                                     uint64_t seed, const std::string& what);

/// Held-out accuracy and mean cross-entropy of a classifier, accumulated batch by batch.
struct HeldOutScore {
    int64_t correct = 0, count = 0;
    double loss_sum = 0;
    /// `logits` (B, labels) of B examples whose classes are `classes` (B).
    void add(const torch::Tensor& logits, const std::vector<int64_t>& classes);
    Metrics metrics() const;  ///< accuracy, loss
};

}  // namespace perceiver
