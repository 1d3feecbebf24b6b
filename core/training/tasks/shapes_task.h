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
    /// A glimpse start (the attention a shape needs, written into the layers): the learned
    /// positions start as a 2-D sinusoid code passed through the position projection unchanged;
    /// the 36 latents sit on a 6 x 6 grid of centres (their upper half that centre's code);
    /// each cross-attention head's query and key read the two codes, rotated by the head's
    /// offset, so head h of latent i first attends to a spot of about 1 pixel (0.89 of its
    /// weight within 2 pixels on average at kGlimpseSharpness; test_demo_models measures it) at the centre + (+-1, +-1) pixels: 144
    /// glimpses on a 2-pixel grid, a 12 x 12 picture of the image in the latents. The rest is
    /// unit-scale (LeCun). Everything stays trainable. (With HF's N(0, 0.02) start or
    /// LibTorch's default the cross-attention started uniform, learnt the colours within 400
    /// steps and the shapes only partly: 0.81 after 2,300 steps, training loss stuck at 0.6.)
    static constexpr int kGlimpseGrid = 6;
    static constexpr double kGlimpseSharpness = 1.0;
    static constexpr double kConvScale = 0.3;
    void initialize(TaskModel& model) override;
    /// Images of 48 to 128 pixels (training seeds, the top bit set), resized by the pipeline.
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override;
    Metrics evaluate(TaskModel& model) override { return {{"top1", scoreShapes(model, 160, 7)}}; }
    std::string primaryMetric() const override { return "top1"; }
    bool higherIsBetter() const override { return true; }
};

}  // namespace perceiver
