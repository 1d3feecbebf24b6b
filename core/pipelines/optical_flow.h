// Optical flow for two frames of any size, as DeepMind's demo prepares it: RGB scaled to
// [-1, 1]; per window 3x3 patches with TF-"SAME" zero padding, channels (kernel row, kernel
// column, colour) -> (2, 27, h, w); windows of train_size (h, w) at y in range(0, H-h, h-20) +
// [H-h] (x likewise); each window's flow (logits x 20, in pixels) weighted by the pyramid
// w(y, x) = min(x+1, w-x, y+1, h-y), summed, divided by the summed weights. Frames smaller than
// train_size are edge-padded up to it (the demo refuses them) and the flow cropped back.
// Shared by `perceiver flow` and the studio's Optical flow page.
// No torch in this header. Thread-safety: one call per model at a time.
#pragma once

#include "common/progress.h"
#include "media/flow.h"
#include "media/flow_analysis.h"
#include "media/image.h"

#include <functional>
#include <vector>

namespace perceiver {

class TaskModel;

/// Previews of the windows' progress per pair, at most (FlowOptions::preview).
constexpr int kFlowWindowPreviews = 8;

/// What estimateFlow shows before its result on frames of more than one window.
struct FlowPreview {
    FlowField flow;           ///< the frame's size, pixels
    int windows_done = 0;     ///< 0: the first look alone; else the windows blended so far
    int windows = 0;          ///< of the full-resolution pass
};

struct FlowOptions {
    int min_overlap = 20;     ///< pixels shared by neighbouring windows
    int tile_batch = 1;       ///< windows per forward pass (memory grows with it)
    double flow_scale = 20.0; ///< model units -> pixels (the demo's FLOW_SCALE_FACTOR)
    int64_t max_pairs = 0;    ///< videos: stop after this many pairs (0: all)
    /// Also the per-pixel entropy of the decoder's attention over the latents (FlowResult::
    /// entropy): each window is encoded once and its pixels decoded in chunks of
    /// `query_chunk` queries with their attention maps (one chunk holds B x heads x chunk x
    /// latents floats), so it costs the decoder's attention maps, not a second encoding.
    bool entropy = false;
    int64_t query_chunk = 4096;
    /// Also the flow from the second frame to the first (FlowResult::backward), for the
    /// forward-backward check and tracking: twice the work, the progress split in halves.
    bool backward = false;
    /// Frames of more than one window: a first look and then the flow as it fills in, each
    /// handed to `preview` on the calling thread. The first look is the pair scaled down to fit
    /// one window (Pillow's bicubic) and its flow scaled back up (bilinear, vectors times the
    /// scale); it costs one window more. Then, at most kFlowWindowPreviews times spread evenly
    /// over the windows (after a batch, never after the last: with n windows, after the batch
    /// ending at window e when ceil(e k / n) > ceil(s k / n) for its start s), the windows done
    /// (blended as in the result) over the first look: a preview converts the whole frame, and
    /// models with small windows run thousands. The result is the same as without previews.
    /// Not called for a pair of one window, nor for the flow 2 -> 1 of `backward`.
    std::function<void(const FlowPreview&)> preview;
};

struct FlowResult {
    FlowField flow;                  ///< frame size, pixels
    std::vector<int> tile_ys, tile_xs;  ///< window origins (after padding)
    std::vector<std::string> warnings;  ///< non-finite flow (finite_check.h)
    /// With FlowOptions::entropy: per pixel, the entropy of its decoder query's attention over
    /// the latents divided by log(num_latents) (0: one latent, 1: all alike), the mean over
    /// heads, blended across windows with the flow's weights. Empty otherwise.
    ScalarField entropy;
    /// With FlowOptions::backward: the flow 2 -> 1 (same tiling). Empty (0 x 0) otherwise.
    FlowField backward;
};

/// The options a model's flow is estimated with by default (CLI and studio alike): the demo's
/// 20 px overlap, or a quarter of the window for models trained on small windows (the demo
/// flow model's 24x32), where 20 px would leave a stride of 4.
FlowOptions defaultFlowOptions(const TaskModel& model);

/// Window origins along one axis: range(0, size - window, window - minOverlap) + [size - window].
std::vector<int> flowTileStarts(int size, int window, int minOverlap);
/// Of those windows, the start of the one that holds coordinate `c` deepest (the largest pyramid
/// weight): where a single pixel is traced or attributed.
int flowWindowFor(int size, int window, int minOverlap, int c);
/// The window (flowWindowFor at the default overlap, over frames padded to at least
/// train_size) and its decoder query for pixel (x, y) of a `width` x `height` first frame: where
/// traces and attributions read one pixel. Throws Error(InvalidInput) for a pixel outside it.
struct FlowPixel {
    int window_x = 0, window_y = 0;
    int64_t query = 0;  ///< (y - window_y) * train_size[1] + (x - window_x)
};
FlowPixel flowPixel(const TaskModel& model, int width, int height, int x, int y);

/// Throws Error(Config) for a model that is not PerceiverForOpticalFlow, Error(InvalidInput)
/// for frames of different sizes, Error(Cancelled) between windows.
FlowResult estimateFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, const FlowOptions& options = {},
                        Progress* progress = nullptr);

/// The flow of every consecutive pair of a video, or of a folder of numbered frames
/// (FrameSequence, frame_sequence.h); `onPair(index, first, second, flow)` receives each as it
/// is computed (bounded memory). Returns the number of pairs.
int64_t estimateVideoFlow(TaskModel& model, const std::string& videoOrFolder, const FlowOptions& options,
                          const std::function<void(int64_t, const ImageU8&, const ImageU8&, const FlowResult&)>& onPair,
                          Progress* progress = nullptr);

/// A video or folder to track points through, checked: its first frame's size and its frame
/// rate. Throws Error(Media) for a source without frames, Error(InvalidInput) for a point
/// outside the first frame — before any model is loaded or flow estimated.
struct TrackSource {
    std::string path;
    int width = 0, height = 0;
    double fps = 0;  ///< FrameSequence::fps()
};
TrackSource checkTrackSource(const std::string& videoOrFolder, const std::vector<std::pair<double, double>>& points);

/// Points on the first frame of `source` (checkTrackSource) tracked through it (PointTracker,
/// flow_analysis.h): each pair's flow moves them; with options.backward the forward-backward
/// check stops a point at an occlusion. `onPair(index, first, second, flow, tracker)` sees each
/// step after the tracker advanced (may be null).
std::vector<Track> trackPoints(TaskModel& model, const TrackSource& source, const std::vector<std::pair<double, double>>& points,
                               const FlowOptions& options,
                               const std::function<void(int64_t, const ImageU8&, const ImageU8&, const FlowResult&, const PointTracker&)>& onPair,
                               Progress* progress = nullptr);

}  // namespace perceiver
