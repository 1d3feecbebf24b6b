// The flow demo model's starting point: block matching written into a PerceiverForOpticalFlow's
// own layers (the patch projection, the encoder's cross-attention, the first self-attention
// layer, the decoder). The derivation, the layout of the codes and the choice of the
// constants are in flow_prior.md beside this file.
//
// Usage (what FlowTask::initialize does, after seeding and HF's initialisation):
//   perceiver::lecunInitialize(model, {"perceiver.input_preprocessor.", "perceiver.encoder.", "perceiver.decoder."});
//   perceiver::flow_prior::write(model);   // EPE 0.148 px on the held-out pairs before any step
//
// In short: channel k < 25 of the patch projection is the residual r_k of candidate
// displacement k (5 x 5, 0.75 px apart); in the encoder's cross-attention, latent k scores the
// pixels by beta * r_k in head k and so reads about beta * Var(r_k), its matching cost; in the
// first self-attention layer every latent takes the soft-argmin (scores -gamma * cost) of the
// candidates' displacements; the decoder averages it and scales it to pixels. Everything else
// starts at zero (output projections, MLPs) or unit scale (input projections).
//
// Thread-safety: write() changes one model's parameters; one thread per model.
#pragma once

#include <cstdint>

namespace perceiver {

class TaskModel;

namespace flow_prior {

// 5 x 5 candidate displacements kStep pixels apart (+-1.5 px).
constexpr int kSide = 5, kCandidates = kSide * kSide;
constexpr double kStep = 0.75;
// Latent channels (d_latents 128): 0-24 are the candidates' one-hot roles, then these, then
// free channels (the table in flow_prior.md, "The latent codes").
enum : int64_t { DxP = kCandidates, DxN, DyP, DyN, PadP, PadN, Flag, FlagN, One, OneN, Cost, AnswerX, AnswerY, Zero, MeanFix, NormP, NormN, Free };
// Input channels: residuals 0-24, then the zero reference.
constexpr int64_t kInputZero = kCandidates;
// 32 cross-attention heads of 4 channels (d_latents must be a multiple of the heads, as in
// HF): 25 candidates, 1 average, 6 free.
constexpr int64_t kCrossHeads = 32, kCrossQk = 4, kPriorHeads = kCandidates + 1, kSelfHeads = 4;
constexpr double kRole = 4, kFlag = 2, kOne = 2, kMaxDisplacement2 = 8;  // code values
// beta: matching scores beta * r; gamma: soft-argmin scores -gamma * cost (grey units, frames
// in [-1, 1]); the other gains act as switches (flow_prior.md, "The constants").
constexpr double kBeta = 3, kGamma = 1000, kBorder = 30, kCandidateBias = 30, kCostGain = 30, kAnswerGain = 0.5;

/// Writes the circuit into `model`, a PerceiverForOpticalFlow of the flow task's
/// configuration (FlowTask::config: d_latents 128 > Free + 8, 64 latents, 32 cross-attention
/// heads of 4 query/key and 4 value channels), overwriting the parameters the circuit uses and
/// leaving the rest (the free latent channels drawn from torch's generator). Throws
/// Error(Internal) for another configuration.
void write(TaskModel& model);

}  // namespace flow_prior
}  // namespace perceiver
