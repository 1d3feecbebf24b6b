// One fine-tuning run from start to saved model, as `perceiver finetune` and the studio's Train
// page both run it: the data read and split first (bad data refused before any model is loaded),
// the start loaded with a new head where the labels differ (or a kept checkpoint resumed), an
// optionally frozen encoder, training with the best evaluation kept on disk as it is found, and
// the finished model saved in Hugging Face's format, atomically.
//
//   FineTuneRequest r;
//   r.task = "image"; r.data = "my-shapes"; r.init = "resources/models/demo-shapes";
//   r.out = "my-model"; r.checkpoint = "my-model.kept"; r.train.steps = 300;
//   FineTuneResult done = fineTune(r, &progress,
//       [](const FineTuneInfo& i) { /* the data and the start, before the first step */ },
//       [](TaskModel& m, const TrainLog& l) { /* every step; at evaluations m is in eval mode */ });
//
// A checkpoint folder holds the best weights so far (config.json, model.safetensors whose
// metadata names the step: "perceiver_studio_step"); `resume` continues from one: its weights,
// its step + 1 as the first step, the same schedule (AdamW's moments start afresh). A cancel
// throws Error(Cancelled) and leaves `out` untouched and the checkpoint as last kept.
// Thread-safety: one run per request; the callbacks run on the calling thread.
#pragma once

#include "common/progress.h"
#include "media/image.h"
#include "training/trainer.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace perceiver {

class TaskModel;

struct FineTuneRequest {
    std::string task;              ///< "image" (an ImageFolder) or "text" (a CSV / TSV)
    std::string data;              ///< the folder or file (finetune_image.h, finetune_text.h)
    std::string held_out_data;     ///< text: a file of held-out texts (else a seeded split)
    double held_out_fraction = 0.2;
    std::string init;              ///< the start: a model folder or hub id
    /// Start from a fresh small model instead of init, of the demo models' size (image:
    /// demo-shapes' configuration, 24 x 24 pixels, its position table started as the demo's;
    /// text: demo-language's, 126 bytes), HF-initialised from the seed.
    bool fresh = false;
    std::string resume;            ///< a kept checkpoint folder to continue from (instead of init)
    std::string out;               ///< where the finished model is saved; empty: not saved
    std::string checkpoint;        ///< where the best evaluation is kept while training; empty: not kept
    bool freeze_encoder = false;   ///< train the decoder (the head) only
    bool augment = true;           ///< image: crops, flips, brightness and contrast
    TrainOptions train;            ///< initialize and first_step are set by the run; on_kept is called after the checkpoint is saved
};

struct FineTuneInfo {
    std::vector<std::string> labels;
    size_t training_examples = 0, held_out_examples = 0;
    bool split_given = false;
    std::string source;                        ///< the start's folder
    std::string architecture;
    std::vector<std::string> reinitialised;    ///< keys not loaded from the start (the new head)
    std::vector<std::string> unused;           ///< the start's keys with no place in the classifier
    int64_t parameters = 0, trainable = 0;
    bool resumed = false;                      ///< continued from a kept checkpoint
    int64_t first_step = 1;                    ///< the kept step + 1 when resumed
    ImageU8 example_image;                     ///< image: the first held-out image (for a look at its attention)
    std::string example_text;                  ///< text: the first held-out text
    std::string example_label;                 ///< its class
};

struct FineTuneResult {
    FineTuneInfo info;
    TrainReport report;
    Metrics start_metrics;                     ///< the held-out metrics of the start, before any step
};

/// Runs `request` (the rules above). Throws Error(InvalidInput) for bad data or options,
/// Error(Config) for a start of the wrong kind, Error(Cancelled) when progress is cancelled.
FineTuneResult fineTune(const FineTuneRequest& request, Progress* progress = nullptr,
                        const std::function<void(const FineTuneInfo&)>& started = {},
                        const std::function<void(TaskModel&, const TrainLog&)>& log = {});

/// The warm-up a fine-tuning run of `steps` steps takes: a tenth of it, at most 30 steps (the
/// CLI's and the Train page's).
inline int64_t fineTuneWarmupSteps(int64_t steps) { return std::min<int64_t>(30, steps / 10); }

/// The step a kept checkpoint was kept at (its metadata), or -1 when it has none.
int64_t keptCheckpointStep(const std::string& dir);

}  // namespace perceiver
