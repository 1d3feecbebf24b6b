// The optical-flow demo task ("flow"): PerceiverForOpticalFlow (24x32 windows, 32
// cross-attention heads) on generated frame pairs (makeFlowSample): smooth random textures
// moved by a random affine warp, exact flow known. Score: mean end-point error in pixels.
// It starts from a block-matching circuit written into its layers (flow_prior.h).
//
// Usage:
//   perceiver::FlowTask task;
//   double epe = perceiver::scoreFlow(model, 48, 7);   // what evaluate() reports as "epe"
//
// Thread-safety: a task is used by one training at a time; scoreFlow runs the model (one
// thread per model).
#pragma once

#include "training/trainer.h"

#include <cstdint>
#include <random>
#include <string>

namespace perceiver {

/// Mean end-point error (pixels) on `count` generated pairs of the model's train_size (pair i
/// seeded by exampleSeed(seed, i) with the top bit cleared), estimated by the flow pipeline.
double scoreFlow(TaskModel& model, int count, uint64_t seed);

class FlowTask : public TrainingTask {
public:
    std::string name() const override { return "flow"; }
    PerceiverConfig config() const override;
    /// Mean squared flow error (pixels^2) of one window per pair (training seeds).
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override;
    /// epe (scoreFlow on 48 pairs) and zero_flow_epe (predicting no motion, for scale).
    Metrics evaluate(TaskModel& model) override;
    std::string primaryMetric() const override { return "epe"; }
    bool higherIsBetter() const override { return false; }
    /// The matching prior (flow_prior::write) on unit-scale layers (lecunInitialize).
    void initialize(TaskModel& model) override;
};

}  // namespace perceiver
