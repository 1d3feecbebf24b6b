// Attention inspection for any task: the encoder cross-attention (latents -> inputs), every
// latent self-attention layer and the decoder cross-attention (queries -> latents), plus the
// cross-attention of one latent (or the mean) mapped back onto the input and attention rollout
// through the latent layers. Shared by `perceiver attention` and the studio's inspector.
//
//   AttentionMaps r = attendText(model, "some text");     // or attendImage / attendFlow
//   std::vector<float> w = inputWeights(r, /*head*/ -1, /*latent*/ -1, /*rollout*/ true);
//   // w has one weight per input position; r.grid says how positions map onto the input.
// No torch in this header. Thread-safety: one call per model at a time.
#pragma once

#include "common/progress.h"
#include "media/image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace perceiver {

class TaskModel;

/// A dense float array with its shape (row-major).
struct FloatArray {
    std::vector<int64_t> shape;
    std::vector<float> data;
    int64_t size(size_t dim) const { return shape.at(dim); }
};

struct AttentionMaps {
    std::string architecture;
    FloatArray cross;                  ///< (cross_heads, latents, inputs)
    std::vector<FloatArray> self;      ///< per layer (heads, latents, latents), num_blocks x per_block
    FloatArray decoder;                ///< (heads, queries, latents); empty without a decoder
    /// How input positions map onto the input: text -> grid {1, tokens} (token 0 is [CLS]);
    /// images -> {rows, cols} of the token grid covering the model view; flow -> {H, W}.
    std::vector<int64_t> grid;
    std::vector<int64_t> token_ids;    ///< text inputs
    ImageU8 view;                      ///< image inputs: what the model saw (for overlays)
    /// Video + audio inputs (multimodal): input positions are [audio patches][video patches,
    /// frame by frame, row-major][label], as the multimodal preprocessor orders modalities.
    std::vector<ImageU8> frames;       ///< what the model saw
    std::vector<float> audio;          ///< what it heard (mono, the model's rate)
    int64_t audio_positions = 0;       ///< audio patches of samples_per_patch samples
    std::vector<int64_t> video_grid;   ///< {frames, rows, cols} of video patches
};

AttentionMaps attendText(TaskModel& model, const std::string& text, Progress* progress = nullptr);
AttentionMaps attendImage(TaskModel& model, const ImageU8& image, Progress* progress = nullptr);
/// Image classifiers: the {rows, cols} grid of the `inputs` positions over a square view of
/// `viewSide` pixels (the conv stem's output for ConvProcessing). Throws Error(Internal) when
/// they do not form the grid.
std::vector<int64_t> imageTokenGrid(const TaskModel& model, int viewSide, int64_t inputs);
/// Flow models: the first train_size window of the pair (top-left), as estimateFlow prepares it.
AttentionMaps attendFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, Progress* progress = nullptr);

/// Multimodal autoencoders: one window (num_frames frames of any size, audio at the model's
/// rate) prepared as autoencodeWindow() prepares it; the decoder decodes the first 1/128 of the
/// output points (its cross-attention is kept). Use VideoWindowReader for a file's first window.
AttentionMaps attendVideo(TaskModel& model, const std::vector<ImageU8>& frames, const std::vector<float>& audio,
                          Progress* progress = nullptr);
/// The first window of a video file, read as autoencodeVideo() reads it (VideoWindowReader).
/// Throws Error(Media) for a file without frames.
AttentionMaps attendVideo(TaskModel& model, const std::string& videoPath, Progress* progress = nullptr);
/// Video inputs: the weights of frame `frame`'s patches (on the {rows, cols} grid of video_grid),
/// and of the audio patches, out of per-position `weights` (inputWeights()).
std::vector<float> frameWeights(const AttentionMaps& r, const std::vector<float>& weights, int frame);
std::vector<float> audioWeights(const AttentionMaps& r, const std::vector<float>& weights);
/// The waveform of `samples` (cyan) drawn over a background coloured by `weights` (one per equal run of
/// samples, the heatmap colours), width x height.
ImageU8 waveformImage(const std::vector<float>& samples, const std::vector<float>& weights, int width, int height);

/// Attention rollout over the latent self-attention layers (Abnar & Zuidema): the product of
/// (0.5 * mean-over-heads attention + 0.5 * I), rows renormalised. (latents, latents).
FloatArray attentionRollout(const AttentionMaps& r);
/// Per input position: the cross-attention of `latent` (-1: mean over latents) for `head`
/// (-1: mean over heads); with `rollout`, latents are first weighted by the rollout (mean row).
std::vector<float> inputWeights(const AttentionMaps& r, int head = -1, int latent = -1, bool rollout = false);
/// Latent self-attention of `layer` for `head` (-1: mean over heads): (latents, latents).
FloatArray selfAttentionMatrix(const AttentionMaps& r, int layer, int head = -1);
/// Text inputs: each position's token as text ("[CLS]", a character, or U+FFFD for a byte
/// that is part of a multi-byte character).
std::vector<std::string> tokenTexts(const AttentionMaps& r);
/// `weights` on the grid, resized to `width` x `height` and coloured (black-red-yellow-white)
/// from their smallest to their largest value. At the grid's own size every cell is one pixel,
/// exactly its value's colour (a matrix drawn as cells).
ImageU8 heatmapImage(const std::vector<float>& weights, const std::vector<int64_t>& grid, int width, int height);
/// The heatmap's colour scale as a vertical bar: the largest value at the top, the smallest at the bottom.
ImageU8 heatmapColorBar(int width, int height);
/// `base` blended with the heatmap (opacity in [0, 1]).
ImageU8 overlayHeatmap(const ImageU8& base, const ImageU8& heatmap, double opacity = 0.6);

/// Per-input `weights` over `r`'s input written to `dir` as files named PREFIX + ...: text ->
/// "text.html" (each byte's background by its weight, the weight as its tooltip); a video
/// window -> "frame_NN_overlay.png" per frame and "audio.png" (waveformImage); an image or flow
/// window -> "heatmap.png", "overlay.png" (at `opacity`) and "input.png". Each file is written
/// atomically; returns their paths. The one rule of `perceiver attention` and `perceiver trace`.
std::vector<std::string> writeInputWeights(const std::string& dir, const std::string& prefix, const AttentionMaps& r,
                                           const std::vector<float>& weights, double opacity = 0.6);

}  // namespace perceiver
