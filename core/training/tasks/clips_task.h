// The clips demo task ("clips"): PerceiverForMultimodalAutoencoding (4 frames of 32x32, 8 kHz
// audio, 4 labels) on generated clips (makeClip): a shape moving over a background with a tone
// whose pitch names the shape. Scores: reconstruction PSNR, label accuracy.
//
// Usage:
//   perceiver::ClipsTask task;
//   perceiver::ClipScore s = perceiver::scoreClips(model, 16, 7);   // what evaluate() reports
//
// Thread-safety: a task is used by one training at a time; scoreClips runs the model (one
// thread per model).
#pragma once

#include "training/trainer.h"

#include <cstdint>
#include <random>
#include <string>

namespace perceiver {

struct ClipScore {
    double psnr = 0, label_accuracy = 0;
};
/// Mean reconstruction PSNR (dB) and label accuracy on `count` generated clips in the model's
/// geometry (example i seeded by exampleSeed(seed, i) with the top bit cleared).
ClipScore scoreClips(TaskModel& model, int count, uint64_t seed);

class ClipsTask : public TrainingTask {
public:
    std::string name() const override { return "clips"; }
    PerceiverConfig config() const override;
    /// Pixel MSE on a random quarter of the pixels, sample MSE on all audio, plus 0.1 x the
    /// label's cross-entropy (the reference defines no loss).
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override;
    Metrics evaluate(TaskModel& model) override;  ///< psnr, label_accuracy on 16 clips
    std::string primaryMetric() const override { return "psnr"; }
    bool higherIsBetter() const override { return true; }
};

}  // namespace perceiver
