// Trace one output of a Perceiver back to its input, through the latent bottleneck: the output's
// decoder query attends to the latents (decoder cross-attention), the latents read each other
// (the self-attention layers, chained by rollout), and the latents read the input (the encoder
// cross-attention). The result is one weight per latent and one per input element, for the
// output chosen — a masked byte, a class, a flow pixel, a reconstructed pixel or audio sample,
// the multimodal label. Shared by `perceiver trace` and the studio's inspector.
//
//   Trace t = traceFlow(model, frame1, frame2, /*x*/ 40, /*y*/ 12);
//   t.hops.decoder       // (heads, latents): the pixel's query over the latents, rows sum to 1
//   t.hops.latents       // (latents): through the rollout with the residual identity, sums to 1
//   t.hops.inputs        // (inputs): one weight per input position of t.maps, sums to 1
//   heatmapImage(t.hops.inputs, t.maps.grid, w, h);   // attention.h draws it
//
// Cost: one encode with the attention maps kept (the self-attention maps averaged over heads as
// they are computed, so the flow model's 24 layers fit), plus the decoder: where it takes
// subsampled output points (flow, multimodal) only the traced query is decoded, so a flow pixel
// costs one window's encode and one query, not a full decode.
//
// Every weight is a convex combination of attention rows, so each hop sums to 1 (the decoder per
// head) — unless a head mask zeroes heads, which the reference allows and these do not undo.
// No torch in this header. Thread-safety: one call per model at a time.
#pragma once

#include "pipelines/attention.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace perceiver {

/// The hops of one traced query.
struct TraceHops {
    FloatArray decoder;                ///< (heads, latents): the query's decoder cross-attention
    std::vector<float> decoder_mean;   ///< (latents): its mean over heads
    /// (latents): decoder_mean carried back through the self-attention layers by rollout with the
    /// residual identity (each layer 0.5 * head-mean attention + 0.5 * I, rows renormalised):
    /// how much each latent, as the encoder cross-attention left it, feeds the output.
    std::vector<float> latents;
    std::vector<float> latents_plain;  ///< (latents): the same through the plain product of the head-mean attention
    std::vector<float> inputs;         ///< (inputs): `latents` through the head-mean encoder cross-attention
    std::vector<float> inputs_plain;   ///< (inputs): `latents_plain` through it
};

/// The chain on given maps. decoderRow: (heads, N); self: per layer (heads, N, N) (heads may be 1,
/// maps averaged already); cross: (heads, N, M). Throws Error(InvalidInput) when the shapes do
/// not chain.
TraceHops chainTrace(const FloatArray& decoderRow, const std::vector<FloatArray>& self, const FloatArray& cross);

struct Trace {
    /// The run's maps as the attend*() functions give them (grid, view, token ids, frames,
    /// audio), except: the self-attention maps averaged over heads, (1, N, N) per layer, and the
    /// decoder the traced query only, (heads, 1, N).
    AttentionMaps maps;
    TraceHops hops;
    int64_t query = 0;              ///< the decoder query traced, among the decoder's queries
    std::string output;             ///< what was traced, in words ("token 3 ('a')", "pixel (40, 12)", ...)
    /// The model's output there: the top bytes or classes with their probabilities, or the
    /// values (u, v in pixels; R, G, B in 0..255; an audio patch's samples).
    std::vector<std::pair<std::string, double>> prediction;
    /// The one decoder query of a classifier serves every class, so its trace is the same for
    /// all of them; said here for the caller to show. Empty otherwise.
    std::string note;
    int window_x = 0, window_y = 0;  ///< flow: the window traced (its origin in the frame)
    /// Multimodal: (N, 3) per latent, the share of its head-mean cross-attention on the audio,
    /// the video and the label positions (rows sum to 1). Empty otherwise.
    FloatArray modality_shares;
};

/// Masked LM or text classifier. `position`: the position-th token of the text (0 = its first
/// byte; a "[MASK]" is one token); -1: the first [MASK], else 0. A classifier's one query is
/// traced whatever the position; `label` picks the class reported (-1: the top one).
Trace traceText(TaskModel& model, const std::string& text, int64_t position = -1, int64_t label = -1, Progress* progress = nullptr);
/// Image classifier; `label`: the class reported (-1: the top prediction).
Trace traceImage(TaskModel& model, const ImageU8& image, int64_t label = -1, Progress* progress = nullptr);
/// Optical flow: pixel (x, y) of the first frame, in the tiling window where it lies deepest
/// (estimateFlow's windows at the default overlap).
Trace traceFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, int x, int y, Progress* progress = nullptr);

/// What to trace in a multimodal autoencoding window.
struct VideoTarget {
    enum class Output { Pixel, AudioSample, Label };
    Output output = Output::Pixel;
    int frame = 0, x = 0, y = 0;   ///< Pixel: of the reconstruction (the output geometry)
    int64_t sample = 0;            ///< AudioSample: index into the window's samples
};
/// What a VideoTarget decodes: the image point and audio patch asked of the decoder (0 for the
/// modality not traced), the row of the traced one among the decoded rows (audio, image,
/// label: one query each) and the target in words. Throws Error(InvalidInput) for a pixel or
/// sample outside the window. One rule for trace, attribute and rank-latents.
struct VideoQuery {
    int64_t image_point = 0, audio_patch = 0, row = 0;
    std::string output;
};
VideoQuery videoQuery(const TaskModel& model, const VideoTarget& target);
/// Multimodal autoencoder: one window (as attendVideo() prepares it).
Trace traceVideo(TaskModel& model, const std::vector<ImageU8>& frames, const std::vector<float>& audio, const VideoTarget& target,
                 Progress* progress = nullptr);
/// The first window of a video file (VideoWindowReader). Throws Error(Media) for one without frames.
Trace traceVideo(TaskModel& model, const std::string& videoPath, const VideoTarget& target, Progress* progress = nullptr);

/// The sums of each hop (1 up to rounding unless heads were masked): decoder per head, then
/// decoder_mean, latents, latents_plain, inputs, inputs_plain.
struct TraceSums {
    std::vector<double> decoder_heads;
    double decoder_mean = 0, latents = 0, latents_plain = 0, inputs = 0, inputs_plain = 0;
};
TraceSums traceSums(const TraceHops& hops);

}  // namespace perceiver
