// What a reduced precision (precision.h) costs in accuracy: one forward's outputs in bf16 (or
// fp16) against the same forward in fp32, measured the way each task reads its outputs.
//
// Usage:
//   PerceiverOutput ref = model.forward(in, {});
//   PerceiverOutput low;
//   { AutocastScope bf16(device, Precision::BFloat16); low = model.forward(in, {}); }
//   const PrecisionCost c = precisionCost(model.className(), ref, low);   // c.max_abs, c.top1, ...
//
// `perceiver bench --precision bf16` reports it per workload beside the time; the bf16
// tolerance tests (test_parity) hold the fixtures to bounds derived from it.
// Thread-safety: a pure function.
#pragma once

#include "model/types.h"

#include <string>

namespace perceiver {

struct PrecisionCost {
    double max_abs = 0;       ///< the largest |low - reference| over the task outputs
    double max_reference = 0; ///< the largest |reference| (the scale max_abs is read against)
    int64_t rows = 0;         ///< classified rows (examples; MLM: positions); 0 when none
    double top1 = -1;         ///< the share of rows whose arg-max agrees; -1 when not a classifier
    double top5 = -1;         ///< the mean share of the reference's top 5 in the low precision's top 5
    double epe = -1;          ///< optical flow: mean end-point error between the two, pixels (x 20); else -1
    double psnr = -1;         ///< autoencoding: PSNR (dB) of the reconstructed pixels, peak = the reference's range; else -1
};

/// `className`: the task head (TaskModel::className()); the outputs of one forward each.
/// Throws Error(InvalidInput) when the two have different outputs or shapes.
PrecisionCost precisionCost(const std::string& className, const PerceiverOutput& reference, const PerceiverOutput& low);

}  // namespace perceiver
