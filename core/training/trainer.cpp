#include "training/trainer.h"

#include "checkpoint/safetensors.h"
#include "checkpoint/state_dict.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "model/perceiver_model.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>

#include <unistd.h>

namespace perceiver {

namespace {

double learningRate(const TrainOptions& o, int64_t step) {  // step is 1-based
    if (step <= o.warmup_steps) return o.learning_rate * static_cast<double>(step) / std::max<int64_t>(1, o.warmup_steps);
    const double t = static_cast<double>(step - o.warmup_steps) / std::max<int64_t>(1, o.steps - o.warmup_steps);
    return o.learning_rate * (0.1 + 0.9 * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, t))));
}

bool better(const TrainingTask& task, double a, double b) { return task.higherIsBetter() ? a > b : a < b; }

void checkOptions(const TrainOptions& o) {
    if (o.steps < 1) fail(ErrorKind::InvalidInput, "training needs at least 1 step, got " + std::to_string(o.steps));
    if (o.batch_size < 1) fail(ErrorKind::InvalidInput, "the batch size must be at least 1, got " + std::to_string(o.batch_size));
    if (!(o.learning_rate > 0) || !std::isfinite(o.learning_rate))
        fail(ErrorKind::InvalidInput, "the learning rate must be a positive number");
    if (o.weight_decay < 0 || o.clip_norm < 0 || o.warmup_steps < 0)
        fail(ErrorKind::InvalidInput, "weight decay, clip norm and warm-up steps must not be negative");
    if (o.eval_every < 1) fail(ErrorKind::InvalidInput, "--eval-every must be at least 1");
    if (o.first_step < 1 || o.first_step > o.steps)
        fail(ErrorKind::InvalidInput, "a run of " + std::to_string(o.steps) + " steps cannot start at step " + std::to_string(o.first_step));
}

}  // namespace

/// HF's PerceiverPreTrainedModel._init_weights: linear and conv weights, embeddings, latents
/// and trainable position encodings ~ N(0, initializer_range), biases 0, layer norms 1 / 0.
/// (LibTorch's defaults differ: N(0, 1) embeddings drown the N(0, 0.02) positions they are
/// added to, and a masked LM never learnt where its bytes are.)
void initializeWeights(TaskModel& model) {
    torch::NoGradGuard noGrad;
    const double range = model.config.initializer_range;
    for (auto& item : model.named_parameters()) {
        const std::string& name = item.key();
        torch::Tensor& p = item.value();
        const bool norm = name.find("layernorm") != std::string::npos || name.find("norm.") != std::string::npos;
        const bool bias = name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0;
        if (norm) bias ? p.zero_() : p.fill_(1.0);
        else if (bias) p.zero_();
        else p.normal_(0.0, range);
    }
}

TrainReport train(TaskModel& model, TrainingTask& task, const TrainOptions& o, Progress* progress,
                  const std::function<void(const TrainLog&)>& log) {
    checkOptions(o);
    torch::manual_seed(o.seed);
    std::mt19937_64 rng(o.seed);
    if (o.initialize) {
        initializeWeights(model);
        task.initialize(model);
    }
    std::vector<torch::Tensor> params;
    for (auto& p : model.parameters())
        if (p.requires_grad()) params.push_back(p);
    torch::optim::AdamW optimizer(params, torch::optim::AdamWOptions(o.learning_rate).weight_decay(o.weight_decay));

    const auto t0 = std::chrono::steady_clock::now();
    TrainReport report;
    StateDict best;  // empty until the first evaluation
    const auto keepIfBest = [&](int64_t step, const Metrics& metrics) {
        const double score = metrics.at(task.primaryMetric()), bestScore = best.empty() ? 0.0 : report.metrics.at(task.primaryMetric());
        // A tie on the primary metric (an accuracy on a few examples) goes to the lower held-out loss.
        const bool tieBroken = !best.empty() && score == bestScore && metrics.count("loss") && report.metrics.count("loss") &&
                               metrics.at("loss") < report.metrics.at("loss");
        if (!best.empty() && !better(task, score, bestScore) && !tieBroken) return;
        report.best_step = step;
        report.metrics = metrics;
        best.clear();
        for (const auto& [name, t] : moduleStateDict(model)) best[name] = t.detach().clone();
        if (o.on_kept) o.on_kept(step, metrics);
    };
    if (o.evaluate_start) {  // the starting point competes too: training must beat it to be kept
        model.eval();
        TrainLog entry;
        entry.step = o.first_step - 1;
        entry.loss = std::numeric_limits<double>::quiet_NaN();
        entry.metrics = task.evaluate(model);
        keepIfBest(entry.step, entry.metrics);
        if (log) log(entry);
    }
    double intervalLoss = 0;
    int64_t intervalSteps = 0;
    report.best_step = o.first_step - 1;
    for (int64_t step = o.first_step; step <= o.steps; ++step) {
        if (progress) progress->checkCancelled();
        model.train();
        const double lr = learningRate(o, step);
        for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
        optimizer.zero_grad();
        const torch::Tensor loss = task.loss(model, rng, o.batch_size);
        const double lossValue = loss.item<double>();
        if (!std::isfinite(lossValue))
            fail(ErrorKind::Internal, "training diverged at step " + std::to_string(step) + " (loss " + std::to_string(lossValue) +
                                          "); try a lower learning rate");
        loss.backward();
        const double norm = o.clip_norm > 0 ? torch::nn::utils::clip_grad_norm_(params, o.clip_norm) : 0.0;
        optimizer.step();

        TrainLog entry;
        entry.step = step;
        entry.loss = lossValue;
        entry.learning_rate = lr;
        entry.grad_norm = norm;
        intervalLoss += lossValue;
        ++intervalSteps;
        if (step % o.eval_every == 0 || step == o.steps) {
            model.eval();
            entry.metrics = task.evaluate(model);
            keepIfBest(step, entry.metrics);
            report.final_loss = intervalLoss / intervalSteps;
            intervalLoss = 0;
            intervalSteps = 0;
        }
        if (log) log(entry);
        if (progress)
            progress->report(static_cast<double>(step - o.first_step + 1) / (o.steps - o.first_step + 1),
                             "step " + std::to_string(step) + " of " + std::to_string(o.steps));
    }
    if (report.best_step != o.steps) loadStateDict(model, best, "the best evaluated weights");
    model.eval();
    report.steps = o.steps - o.first_step + 1;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return report;
}

void saveModel(const TaskModel& model, const std::string& dir, const std::map<std::string, std::string>& metadata) {
    namespace fs = std::filesystem;
    std::error_code ec;
    // A new folder is written beside itself under a hidden name and renamed into place whole, so
    // that a crash never leaves a folder with weights and no config; an existing one (a kept
    // checkpoint written again) gets each file replaced atomically.
    fs::path final = fs::absolute(fs::path(dir), ec).lexically_normal();
    if (final.filename().empty()) final = final.parent_path();
    const bool fresh = !fs::exists(final, ec);
    fs::path target = final;
    if (fresh) {
        createOutputFolder(final.parent_path().string(), "parent folder");
        target = final.parent_path() / ("." + final.filename().string() + ".partial-" + std::to_string(::getpid()));
        fs::remove_all(target, ec);
    }
    createOutputFolder(target.string(), "model folder");
    try {
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        for (const auto& [name, t] : moduleStateDict(model)) tensors.emplace_back(name, t.detach().contiguous());
        std::map<std::string, std::string> meta = metadata;
        meta.emplace("format", "pt");
        writeSafetensors((target / "model.safetensors").string(), tensors, meta);
        const std::string text = model.config.toJson().dump(2) + "\n";
        AtomicFile config((target / "config.json").string());
        config.write(text.data(), text.size());
        config.commit();
        if (fresh) {
            fs::rename(target, final, ec);
            if (ec) fail(ErrorKind::InvalidInput, "cannot move the model into '" + final.string() + "': " + ec.message());
        }
    } catch (...) {
        if (fresh) fs::remove_all(target, ec);
        throw;
    }
}

}  // namespace perceiver
