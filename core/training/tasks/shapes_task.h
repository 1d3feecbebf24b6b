// The shapes demo task ("shapes"): PerceiverForImageClassificationLearned (24x24 pixels) on
// generated images (renderShapeImage): 4 shapes x 4 colours on noisy backgrounds, 16 classes.
// Score: top-1 on a held-out seed range.
//
// Usage:
//   perceiver::ShapesTask task;
//   double top1 = perceiver::scoreShapes(model, 160, 7);   // what evaluate() reports
//
// Thread-safety: a task is used by one training at a time; scoreShapes runs the model (one
// thread per model).
#pragma once

#include "training/trainer.h"

#include <cstdint>
#include <random>
#include <string>

namespace perceiver {

/// Top-1 accuracy on `count` generated 64x64 images (example i: class and seed from
/// exampleSeed(seed, i) with the top bit cleared).
double scoreShapes(TaskModel& model, int count, uint64_t seed);

class ShapesTask : public TrainingTask {
public:
    std::string name() const override { return "shapes"; }
    PerceiverConfig config() const override;
    /// The learned position embeddings start as 2-D sinusoids (64 frequencies x sin/cos x
    /// row/column) instead of N(0, 0.02) noise: with noise the model learnt the colours
    /// within 400 steps but not the shapes, as it first had to discover where pixels are.
    void initialize(TaskModel& model) override;
    /// Images of 48 to 128 pixels (training seeds, the top bit set), resized by the pipeline.
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override;
    Metrics evaluate(TaskModel& model) override { return {{"top1", scoreShapes(model, 160, 7)}}; }
    std::string primaryMetric() const override { return "top1"; }
    bool higherIsBetter() const override { return true; }
};

}  // namespace perceiver
