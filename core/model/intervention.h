// Interventions on a Perceiver's internals (not in HF): masked self-attention heads, ablated
// latents, dropped input positions. Kept on the model (setIntervention) and applied by
// PerceiverModel::encode() to every forward until cleared, whatever pipeline runs it; what they
// change is measured by pipelines/intervention.h. No torch in this header.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace perceiver {

class TaskModel;

/// What an intervention changes; empty() when nothing.
struct Intervention {
    /// (layer within a block, head) pairs masked to 0: HF's head_mask (when a call passes none),
    /// whose row i masks layer i of every block.
    std::vector<std::pair<int64_t, int64_t>> masked_heads;
    std::vector<int64_t> ablate_latents;  ///< ForwardOptions::ablate_latents (when a call sets none)
    int64_t ablate_after_layer = 0;       ///< ForwardOptions::ablate_after_layer
    /// Input positions (of the preprocessed sequence, 0 ... M - 1) hidden from the encoder's
    /// cross-attention, as if the attention mask were 0 there: the latents cannot read them.
    /// In every forward, so every window of a tiled flow and every window of a video (positions
    /// within the window). dropPositions() (pipelines/intervention.h) finds them for a region.
    std::vector<int64_t> dropped_inputs;
    bool empty() const { return masked_heads.empty() && ablate_latents.empty() && dropped_inputs.empty(); }
};

/// Sets the intervention of `model`'s PerceiverModel (a task head's trunk, or the model itself)
/// after checking it against the config: heads and layers in range, latents in
/// [0, num_latents), the layer in [0, num_blocks * num_self_attends_per_block]. Throws
/// Error(InvalidInput) naming the first value out of range. An empty one clears it.
void setIntervention(TaskModel& model, const Intervention& intervention);
/// "heads 0:1, 2:3 masked; latents 4, 7 ablated after layer 0; 12 input positions dropped" ("" for none).
std::string describeIntervention(const Intervention& intervention);
/// "L:H, L:H" -> (layer, head) pairs. Throws Error(InvalidInput) naming the text otherwise.
std::vector<std::pair<int64_t, int64_t>> parseHeadMask(const std::string& text);
/// "3, 7-9" -> {3, 7, 8, 9} (ranges inclusive, at most 1,000,000 values); `what` names the list
/// in the error. Throws Error(InvalidInput) for anything else (an empty text gives none).
std::vector<int64_t> parseIndexRanges(const std::string& text, const std::string& what);

}  // namespace perceiver
