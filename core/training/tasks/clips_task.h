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
    /// The model's layers at unit scale (N(0, 1 / fan-in)) with a label circuit written into
    /// them (the "listening start"): latent 0 pools the audio patches in the encoder's
    /// cross-attention with weights that grow with a patch's first sample, so its output
    /// holds the tone's autocorrelation at lags 0..15 (a plain average of a sine of random
    /// phase says nothing of its pitch; this is second order in it); 18 latent channels
    /// carry it, untouched by the self-attention layers at the start; the label's decoder
    /// query reads latent 0 alone, and its classifier is a least-squares readout of those
    /// features on 512 training clips. Everything stays trainable. The constants and their
    /// reasons are in the .cpp.
    void initialize(TaskModel& model) override;
    /// Pixel MSE on a random quarter of the pixels, sample MSE on all audio, plus 0.1 x the
    /// label's cross-entropy (the reference defines no loss).
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override;
    Metrics evaluate(TaskModel& model) override;  ///< psnr, label_accuracy on 16 clips
    std::string primaryMetric() const override { return "psnr"; }
    bool higherIsBetter() const override { return true; }
};

}  // namespace perceiver
