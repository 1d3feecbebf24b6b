// Interventions on a Perceiver's internals, and what they change: mask self-attention heads,
// ablate latents, drop input elements (Intervention, model/types.h), then compare the task's
// output with the unmodified run, or rank the latents by what ablating each one does to an
// output. Shared by the CLI (`--head-mask`, `--ablate-latents`, `--drop-inputs`, `perceiver
// rank-latents`) and the studio's inspector.
//
//   Intervention iv;
//   iv.masked_heads = parseHeadMask("0:1, 2:3");
//   iv.ablate_latents = parseIndexRanges("4, 10-12", "latents");
//   InputDrop drop;  drop.regions.push_back({0, 0, 64, 64});     // the top-left of the model view
//   iv.dropped_inputs = dropPositions(trace.maps, drop);
//   ClassComparison c = compareImage(model, image, iv, 5);      // before / after top-5, deltas
//   LatentRanking r = rankLatentsImage(model, image, -1, 0);     // each latent ablated in turn
//
// Every comparison runs the pipeline twice on the same input, once with no intervention and
// once with `iv`, and leaves the model's own intervention as it found it (ScopedIntervention).
// rankLatents* encode once, keep the latents after the ablation layer, and re-run only the
// layers after it and the traced query's decoder, a batch of latents at a time (each item of the
// batch with one latent zeroed): N latents cost about N / batch forwards of the later layers.
// No torch in this header. Thread-safety: one call per model at a time (the model's
// intervention is changed while it runs).
#pragma once

#include "media/flow.h"
#include "media/image.h"
#include "model/intervention.h"  // Intervention, setIntervention, parseHeadMask, parseIndexRanges
#include "pipelines/attention.h"
#include "pipelines/trace.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace perceiver {

class Progress;
class TaskModel;

/// Input elements to hide from the latents, in the input's own terms.
struct InputDrop {
    /// A rectangle in the pixels of what the model saw (the layout's view: the classifier's
    /// crop, the flow window; a video's frames), on frames [frame_begin, frame_end) of a video
    /// window (frame_end -1: to the last). An input position is dropped when the centre of its
    /// cell on the layout's grid lies inside.
    struct Region {
        int x = 0, y = 0, width = 0, height = 0;
        int frame_begin = 0, frame_end = -1;
    };
    std::vector<Region> regions;
    std::vector<int64_t> positions;        ///< input positions as they are (text: token k + 1, 0 = [CLS])
    std::vector<std::pair<int64_t, int64_t>> audio_samples;  ///< video: [begin, end) samples of the window
    bool label = false;                    ///< video: the label input
    bool empty() const { return regions.empty() && positions.empty() && audio_samples.empty() && !label; }
};
/// The positions of `layout` (the maps of a run on the same input: grid, view, frames,
/// audio_positions, video_grid, token_ids) that `drop` names, sorted and unique. Throws
/// Error(InvalidInput) for a region outside the view, a sample span outside the audio, a
/// position past the input, or a label / audio drop on an input without one.
std::vector<int64_t> dropPositions(const AttentionMaps& layout, const InputDrop& drop);

/// Sets an intervention on a model for its lifetime, then puts back the one it had.
class ScopedIntervention {
public:
    ScopedIntervention(TaskModel& model, const Intervention& intervention);
    ~ScopedIntervention();
    ScopedIntervention(const ScopedIntervention&) = delete;
    ScopedIntervention& operator=(const ScopedIntervention&) = delete;

private:
    TaskModel& model_;
    Intervention saved_;
};

/// One output's scores before and after.
struct ScoreChange {
    std::string output;                                       ///< "[MASK] at byte 4", "the image"
    std::vector<std::pair<std::string, double>> before, after;  ///< top-k (name, probability)
    bool top_changed = false;                                 ///< the best name differs
    /// The probability, after, of what was best before, minus its probability before.
    double top_delta = 0;
    /// Largest |change| of any class / byte probability (every class, not only the top-k).
    double max_delta = 0;
};
struct ClassComparison {
    std::string intervention;          ///< describeIntervention()
    std::vector<ScoreChange> outputs;  ///< masked text: one per [MASK]; a text classifier, images: one
};
/// Masked LM: every [MASK] of `text` (fillMask); text classifier: its labels (classifyText).
ClassComparison compareText(TaskModel& model, const std::string& text, const Intervention& iv, int topK, Progress* progress = nullptr);
/// Image classifier (classifyImage).
ClassComparison compareImage(TaskModel& model, const ImageU8& image, const Intervention& iv, int topK, Progress* progress = nullptr);

struct FlowComparison {
    std::string intervention;
    FlowField before, after;           ///< the whole pair (estimateFlow, default tiling)
    EndPointError change;              ///< `after` against `before` (mean, max, within 1 / 3 / 5 px)
    double max_magnitude = 0;          ///< the larger of the two fields' largest |(u, v)|: one colour scale for both
};
FlowComparison compareFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, const Intervention& iv,
                           Progress* progress = nullptr);

struct VideoComparison {
    std::string intervention;
    std::vector<ImageU8> input, before, after;      ///< the first window: what the model saw, the two reconstructions
    std::vector<double> psnr_before, psnr_after;    ///< per frame, against the input, dB
    double window_psnr_before = 0, window_psnr_after = 0;
    ScoreChange labels;                             ///< the label prediction
    /// The reconstructed audio before against after: mean |difference| (samples in -1 ... 1).
    double audio_change = 0;
};
/// Multimodal autoencoder: the first window of a video file (as the inspector sees it).
VideoComparison compareVideo(TaskModel& model, const std::string& videoPath, const Intervention& iv, int topK,
                             Progress* progress = nullptr);

/// One latent's effect on an output.
struct LatentEffect {
    int64_t latent = 0;
    double value = 0;   ///< the output with this latent ablated
    double delta = 0;   ///< value - the unablated value
};
struct LatentRanking {
    std::string output;       ///< what was measured, in words (the traced output)
    double value = 0;         ///< its value in the unablated run (with the model's own intervention)
    int64_t after_layer = 0;  ///< where each latent was zeroed
    std::vector<LatentEffect> effects;  ///< every latent ranked, the largest |delta| first
};
struct RankOptions {
    int64_t after_layer = 0;        ///< where each latent is zeroed (ForwardOptions::ablate_after_layer)
    /// The latents to rank (each in [0, num_latents)); empty: every latent. A full-size model's
    /// hundreds of latents cost minutes each hundred: rank the ones a trace reads most.
    std::vector<int64_t> latents;
    int batch = 0;                  ///< latents per pass (1 ... 256; 0: 8)
};
/// The output is the one trace and attribute pick: the logit of the top byte at `position`
/// (-1: the first [MASK]) / of class `label` (-1: the top one); the flow magnitude at a pixel
/// (pixels); a reconstructed pixel's mean RGB, an audio sample or the label's logit.
/// Throws Error(InvalidInput) for options out of range (before any work), Error(Cancelled).
LatentRanking rankLatentsText(TaskModel& model, const std::string& text, int64_t position, int64_t label, const RankOptions& options,
                              Progress* progress = nullptr);
LatentRanking rankLatentsImage(TaskModel& model, const ImageU8& image, int64_t label, const RankOptions& options, Progress* progress = nullptr);
LatentRanking rankLatentsFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, int x, int y, const RankOptions& options,
                              Progress* progress = nullptr);
LatentRanking rankLatentsVideo(TaskModel& model, const std::string& videoPath, const VideoTarget& target, const RankOptions& options,
                               Progress* progress = nullptr);

}  // namespace perceiver
