// Training the Perceiver task heads in core: the loop, AdamW, gradient clipping, seeding,
// periodic evaluation, and saving in Hugging Face's format so that the normal loaders read it.
//
// Usage:
//   auto task = perceiver::makeDemoTask("shapes", {});              // demo_tasks.h
//   auto model = perceiver::buildModel(task->config());
//   perceiver::TrainOptions o;
//   o.steps = 1500;
//   perceiver::TrainReport r = perceiver::train(*model, *task, o, &progress,
//       [](const perceiver::TrainLog& l) { std::printf("%lld %.3f\n", (long long)l.step, l.loss); });
//   perceiver::saveModel(*model, "resources/models/shapes");         // config.json + model.safetensors
//
// The loss of a step is the task's (TrainingTask::loss): the head's own loss where the
// reference defines one (masked LM: cross-entropy over the masked bytes; classifiers: HF's
// problem_type rules), a task loss where it does not (optical flow: mean squared flow error;
// autoencoding: pixel and sample MSE plus label cross-entropy). Dropout is not applied (the
// port implements inference numerics only). Thread-safety: one training per model at a time;
// it uses LibTorch's intra-op threads (setThreads).
#pragma once

#include "common/progress.h"
#include "config/config.h"

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>

namespace perceiver {

class TaskModel;

using Metrics = std::map<std::string, double>;

/// A task: its model configuration, training batches and held-out evaluation.
class TrainingTask {
public:
    virtual ~TrainingTask() = default;
    virtual std::string name() const = 0;
    /// The configuration of the model this task trains (HF config.json form).
    virtual PerceiverConfig config() const = 0;
    /// Called once before the first step (after seeding): task-specific initialisation.
    virtual void initialize(TaskModel& model) { (void)model; }
    /// The 0-d loss of one freshly drawn training batch of `batch_size` examples.
    virtual torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch_size) = 0;
    /// Metrics on the task's fixed held-out set (inference mode).
    virtual Metrics evaluate(TaskModel& model) = 0;
    /// The metric that decides which evaluated checkpoint is kept, and its direction (a tie goes
    /// to the lower "loss" metric where the task reports one).
    virtual std::string primaryMetric() const = 0;
    virtual bool higherIsBetter() const = 0;
};

struct TrainOptions {
    int64_t steps = 1000;
    int64_t batch_size = 16;
    double learning_rate = 1e-3;   ///< peak, after a linear warm-up; cosine decay to 10 % of it
    int64_t warmup_steps = 100;
    double weight_decay = 0.01;    ///< AdamW (decoupled), betas (0.9, 0.999)
    double clip_norm = 1.0;        ///< global gradient norm; 0 = no clipping
    int64_t eval_every = 250;      ///< steps between evaluations (and at the end)
    uint64_t seed = 0;             ///< torch's generator and the batch sampler
    bool initialize = true;        ///< run TrainingTask::initialize (off when continuing a model)
    bool evaluate_start = true;    ///< evaluate before the first step (logged as step first_step - 1, loss NaN); the start can be kept
    /// The first step to take (1-based): a run resumed from a kept checkpoint of step k starts
    /// at k + 1, its learning-rate schedule where it was (AdamW's moments start afresh).
    int64_t first_step = 1;
    /// Called each time an evaluation is kept as the best so far, the model holding those
    /// weights (in eval mode): where the caller saves the kept checkpoint.
    std::function<void(int64_t step, const Metrics& metrics)> on_kept;
};

struct TrainLog {
    int64_t step = 0;              ///< 1-based; first_step - 1 for the evaluation of the start
    double loss = 0, learning_rate = 0, grad_norm = 0;
    Metrics metrics;               ///< held-out metrics, at evaluation steps only
};

struct TrainReport {
    int64_t steps = 0;
    double seconds = 0;
    double final_loss = 0;         ///< mean loss of the last evaluation interval
    int64_t best_step = 0;         ///< the evaluation whose weights the model holds at the end (first_step - 1: the start)
    Metrics metrics;               ///< held-out metrics of those weights
};

/// HF's PerceiverPreTrainedModel._init_weights (what train() does first unless
/// options.initialize is off): weights, embeddings, latents and trainable position encodings
/// ~ N(0, initializer_range), biases 0, layer norms 1 / 0.
void initializeWeights(TaskModel& model);

/// Trains `model` in place and leaves it holding the weights of the best evaluation (by the
/// task's primary metric) in eval mode. Progress gets the fraction of steps; a cancel throws
/// Error(Cancelled) (the kept checkpoint, if the caller saved it in on_kept, stays). `log` is
/// called every step, and first for the start's evaluation (step first_step - 1).
TrainReport train(TaskModel& model, TrainingTask& task, const TrainOptions& options, Progress* progress = nullptr,
                  const std::function<void(const TrainLog&)>& log = {});

/// Writes `dir`/config.json (model.config, lossless) and `dir`/model.safetensors (HF parameter
/// names) atomically: a new folder appears whole (written under a hidden name beside it, then
/// renamed), an existing one has each file replaced atomically. Throws Error(InvalidInput)
/// when it cannot write.
void saveModel(const TaskModel& model, const std::string& dir, const std::map<std::string, std::string>& metadata = {});

}  // namespace perceiver
