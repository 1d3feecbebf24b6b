// Video + audio autoencoding with PerceiverForMultimodalAutoencoding, as the demo prepares it:
// windows of config.num_frames frames, each centre-square-cropped and resized (PIL bicubic)
// to image_size * 4 (224 for the real model), RGB in [0, 1]; mono audio at
// audio_samples_per_frame * 25 Hz (48 kHz for the real model) in [-1, 1]; the label input all
// zeros. Each window is encoded once and decoded in `chunks` chunks of output points
// (progress per chunk); the label logits give the top-k classes (Kinetics-700 for the real
// model). Decoding is progressive: the points on every 8th row and column of every frame
// first, then every 4th, then every 2nd, then the rest, with a coarse preview after each of
// the first three passes (the decoder reads each output point on its own, so the order
// changes nothing of the result). Whole videos are processed window by window in bounded memory; a last partial
// window is padded with its final frame (and silence) and trimmed afterwards.
// Shared by `perceiver autoencode` and the studio's Autoencoding page.
// No torch in this header. Thread-safety: one call per model at a time.
#pragma once

#include "common/progress.h"
#include "media/audio.h"
#include "media/image.h"
#include "media/video.h"
#include "pipelines/classify.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace perceiver {

class TaskModel;

/// More decode chunks than this decode a handful of points each: a typo, not a memory saving.
inline constexpr int kMaxDecodeChunks = 65536;

/// A window's reconstruction while it decodes: the points on every `stride`-th row and column
/// of every frame are decoded, and each stands for the stride × stride block below and to the
/// right of it, so a decoded pixel is shown exactly.
struct AutoencodePreview {
    int window = 0;                        ///< index of the window in the video
    int stride = 8;                        ///< 8 (1/64 of the points decoded), then 4 (1/16), then 2 (1/4)
    double decoded = 0;                    ///< fraction of the window's image points decoded
    std::vector<ImageU8> input;            ///< what the model saw (the window's valid frames)
    std::vector<ImageU8> reconstruction;   ///< the coarse frames, at output size
    std::vector<ClassScore> top;           ///< the label prediction: the final one up to rounding
};

struct AutoencodeOptions {
    int chunks = 128;   ///< decode chunks per window (the demo's 128), 1 .. kMaxDecodeChunks;
                        ///< progressive decoding splits each pass in proportion (up to 3 more)
    int top_k = 5;
    /// Coarse passes first (every 8th, 4th, then 2nd row and column); false decodes the points
    /// in raster order, as before. The result is the same bytes either way.
    bool progressive = true;
    /// Called after each coarse pass (progressive only), on the decoding thread.
    std::function<void(const AutoencodePreview&)> preview;
};

struct AutoencodeWindow {
    int index = 0;
    int valid_frames = 0;                  ///< frames of the video in this window (the rest is padding)
    std::vector<ImageU8> input;            ///< what the model saw, at output resolution
    std::vector<ImageU8> reconstruction;   ///< decoded frames
    std::vector<float> audio_in, audio_out;  ///< mono samples at the model's rate
    std::vector<ClassScore> top;           ///< label prediction
    std::vector<double> label_probabilities;  ///< softmax over all labels
    double psnr = 0;                       ///< of the reconstruction against the input, dB
    std::vector<double> frame_psnr;        ///< the same per frame, dB (99 for an exact frame)
    std::vector<std::string> warnings;     ///< non-finite outputs (finite_check.h)
};

struct AutoencodeResult {
    int windows = 0;
    int frames = 0;
    int sample_rate = 0;
    double fps = 25;
    double mean_psnr = 0;
    std::vector<ClassScore> top;  ///< from the mean label probabilities over windows
    std::vector<std::string> warnings;  ///< the first window's warnings that had any
};

/// Frames per window, input side, output size and audio rate of a multimodal model.
struct AutoencodeGeometry {
    int frames = 0, input_side = 0, output_height = 0, output_width = 0, samples_per_window = 0, sample_rate = 0;
};
AutoencodeGeometry autoencodeGeometry(const TaskModel& model);

/// One window: `frames` (geometry.frames images, any size: cropped and resized here) and
/// `audio` (geometry.samples_per_window samples at geometry.sample_rate; shorter is padded).
/// Throws Error(InvalidInput) for options out of range (chunks, top_k): callers check before any work.
void checkAutoencodeOptions(const AutoencodeOptions& o);
AutoencodeWindow autoencodeWindow(TaskModel& model, const std::vector<ImageU8>& frames, const std::vector<float>& audio,
                                  const AutoencodeOptions& options = {}, Progress* progress = nullptr);

/// Reads a video window by window as autoencodeVideo() does: geometry.frames frames per window
/// (a short last window repeats its last frame) and the matching mono audio at
/// geometry.sample_rate. Throws Error(Media) for a file that is not a readable video.
class VideoWindowReader {
public:
    VideoWindowReader(const std::string& videoPath, const AutoencodeGeometry& geometry);
    /// The next window; false at the end. `validFrames` counts the frames of the video in it.
    bool next(std::vector<ImageU8>& frames, std::vector<float>& audio, int& validFrames);
    /// Frames of the video (an estimate from the container), at least 1.
    int64_t frameCount() const;

private:
    VideoReader reader_;
    AudioReader sound_;  // decoded window by window: a track longer than the video is never read
    AutoencodeGeometry g_;
    int64_t read_ = 0;
    size_t soundAt_ = 0;  // samples of sound_ consumed
};

/// The first window of a video file as VideoWindowReader reads it (the inspector's window).
struct FirstWindow {
    std::vector<ImageU8> frames;
    std::vector<float> audio;
    int valid_frames = 0;
};
/// Throws Error(Media) for a file that is not a readable video or has no frames.
FirstWindow firstVideoWindow(const TaskModel& model, const std::string& videoPath);

/// Where a run's outputs go; an empty path is not written.
struct AutoencodeOutputPaths {
    std::string reconstruction;  ///< the decoded frames with the decoded audio (MP4)
    std::string side_by_side;    ///< input | reconstruction, twice as wide, decoded audio (MP4)
    std::string original;        ///< what the model saw and heard (MP4)
    std::string wav;             ///< the decoded audio (WAV)
    double fps = 25.0;
};

/// Writes the outputs of autoencodeVideo() window by window (the one rule for the CLI and the
/// studio): give add() each window as onWindow receives it, then finish(). Every file is
/// written through a temporary file and renamed into place by finish(); destroyed without
/// finish() (an error, a cancel), it leaves nothing behind.
/// Thread-safety: one thread at a time.
class AutoencodeWriter {
public:
    AutoencodeWriter(const AutoencodeGeometry& geometry, AutoencodeOutputPaths paths);
    ~AutoencodeWriter();
    AutoencodeWriter(const AutoencodeWriter&) = delete;
    AutoencodeWriter& operator=(const AutoencodeWriter&) = delete;

    void add(const AutoencodeWindow& window);
    void finish();

private:
    AutoencodeOutputPaths paths_;
    std::unique_ptr<VideoWriter> reconstruction_, sideBySide_, original_;
    AudioBuffer wav_;
};

/// A whole video file; `onWindow` receives each window as it is done.
AutoencodeResult autoencodeVideo(TaskModel& model, const std::string& videoPath, const AutoencodeOptions& options,
                                 const std::function<void(const AutoencodeWindow&)>& onWindow, Progress* progress = nullptr);

}  // namespace perceiver
