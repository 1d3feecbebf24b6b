// Gradient attributions: which input elements drive one output, on the input the model actually
// sees (byte embeddings, the classifier's pixels, the flow window's patches, a video window's
// frames and audio samples), with LibTorch autograd. Shared by `perceiver attribute`.
//
//   AttributionOptions o;                         // Integrated Gradients, 32 Gauss-Legendre nodes, zero baseline
//   Attribution a = attributeImage(model, image, /*class*/ -1, o);
//   a.weights                                     // one per input element (a.input.grid), summed over channels
//   a.completeness_error                          // (sum - (f(x) - f(baseline))) / |f(x) - f(baseline)|
//
// Integrated Gradients (Sundararajan et al.): (x - b) * integral_0^1 grad f(b + a (x - b)) da, the
// integral by Gauss-Legendre quadrature with `steps` nodes (exact for polynomials of degree
// 2 steps - 1; smooth models reach ~1e-6 at 32), the points evaluated `batch` at a time, the
// nodes doubled while the sum misses f(x) - f(b) by more than 1 % (`refine`; up to 256).
// Completeness: the attributions sum to f(x) - f(b) up to the quadrature error, reported.
// Gradient x input: grad f(x) * x (one backward pass; no completeness guarantee).
// The output f is a logit (classes, the predicted byte, the label), u / v / the magnitude of the
// flow at a pixel (pixels per frame), or one reconstructed value (a pixel's mean RGB, a sample).
// No torch in this header. Thread-safety: one call per model at a time (gradients are recorded).
#pragma once

#include "pipelines/attention.h"
#include "pipelines/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace perceiver {

enum class AttributionMethod { GradientTimesInput, IntegratedGradients };
enum class AttributionBaseline {
    Zeros,  ///< every input 0 (for text: zero embeddings)
    Mean,   ///< each input tensor's mean
    Blur,   ///< images, frames and flow patches blurred (Gaussian, sigma = a sixteenth of the side); refused for text
};

struct AttributionOptions {
    AttributionMethod method = AttributionMethod::IntegratedGradients;
    AttributionBaseline baseline = AttributionBaseline::Zeros;
    int steps = 32;  ///< Integrated Gradients: Gauss-Legendre nodes on [0, 1] (1 ... 1024)
    /// While the sum misses f(x) - f(baseline) by more than 1 %, twice the nodes, up to 256
    /// (ReLU / max-pool paths, e.g. the conv classifier's stem, converge unevenly).
    bool refine = true;
    /// Interpolation points per forward / backward pass (1 ... 256); 0: as many as fit about
    /// 4 GB of recorded activations (estimated as 128 bytes per input position and latent), at
    /// most 8 — the full-size vision model takes ~2.7 GB per point, the demo models 8 at once.
    int batch = 0;
};
/// Throws Error(InvalidInput) for steps or batch out of range (callers check before any work).
void checkAttributionOptions(const AttributionOptions& options);
/// "ig" / "integrated-gradients", "grad-x-input"; "zeros", "mean", "blur". Error(InvalidInput) otherwise.
AttributionMethod parseAttributionMethod(const std::string& name);
AttributionBaseline parseAttributionBaseline(const std::string& name);

/// Gauss-Legendre nodes and weights on [0, 1] (weights sum to 1), n >= 1.
std::vector<std::pair<double, double>> gaussLegendre01(int n);

struct Attribution {
    /// What the input elements are: grid, token_ids, view, frames, audio, audio_positions and
    /// video_grid as the attention maps of the same input give them (no maps).
    AttentionMaps input;
    /// One per input element: text tokens; the classifier's pixels ({H, W} of the model's input);
    /// the flow window's pixels ({H, W}); a video window: [audio samples][frames x H x W].
    std::vector<float> weights;
    std::string output;       ///< what was attributed, in words
    int window_x = 0, window_y = 0;  ///< flow: the window (its origin in the frame), as the trace picks it
    std::string method;       ///< e.g. "integrated gradients, 32 Gauss-Legendre nodes, zero baseline"
    int steps = 0;            ///< the nodes used (more than asked when refined)
    double value = 0;         ///< f(x)
    double baseline_value = 0;  ///< f(baseline)
    double total = 0;         ///< sum of the attributions (every input, channels included)
    /// (total - (value - baseline_value)) / |value - baseline_value| (0 when they are equal).
    double completeness_error = 0;
};

/// Masked LM: the logit of the top byte at `position` (as traceText's; -1: the first [MASK]);
/// a text classifier: class `label`'s logit (-1: the top one).
Attribution attributeText(TaskModel& model, const std::string& text, int64_t position, int64_t label, const AttributionOptions& options,
                          Progress* progress = nullptr);
/// Image classifier: class `label`'s logit (-1: the top one), over the pixels the model is given.
Attribution attributeImage(TaskModel& model, const ImageU8& image, int64_t label, const AttributionOptions& options,
                           Progress* progress = nullptr);
enum class FlowComponent { U, V, Magnitude };
/// Optical flow: u, v or |(u, v)| at pixel (x, y), in the window traceFlow picks.
Attribution attributeFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, int x, int y, FlowComponent component,
                          const AttributionOptions& options, Progress* progress = nullptr);
/// Multimodal autoencoder, the first window of a video file: a reconstructed pixel's mean RGB,
/// an audio sample, or the top label's logit (VideoTarget as for traceVideo).
Attribution attributeVideo(TaskModel& model, const std::string& videoPath, const VideoTarget& target, const AttributionOptions& options,
                           Progress* progress = nullptr);

}  // namespace perceiver
