#include "pipelines/optical_flow.h"
#include "model/finite_check.h"

#include "common/error.h"
#include "media/frame_sequence.h"
#include "media/image.h"
#include "model/heads/head.h"
#include "model/perceiver_model.h"
#include "pipelines/model_inputs.h"

#include <torch/torch.h>

#include <optional>

namespace perceiver {

std::vector<int> flowTileStarts(int size, int window, int minOverlap) {
    const int stride = window - minOverlap;
    if (size <= window) return {0};
    if (stride < 1) fail(ErrorKind::InvalidInput, "min overlap " + std::to_string(minOverlap) + " leaves no stride for windows of " + std::to_string(window));
    std::vector<int> starts;
    for (int s = 0; s < size - window; s += stride) starts.push_back(s);
    starts.push_back(size - window);
    return starts;
}

int flowWindowFor(int size, int window, int minOverlap, int c) {
    const std::vector<int> starts = flowTileStarts(size, window, minOverlap);
    int best = starts.front(), depth = -1;
    for (const int s : starts) {
        if (c < s || c >= s + window) continue;
        const int d = std::min(c - s + 1, s + window - c);  // the pyramid weight there
        if (d > depth) depth = d, best = s;
    }
    return best;
}

FlowPixel flowPixel(const TaskModel& model, int width, int height, int x, int y) {
    if (x < 0 || y < 0 || x >= width || y >= height)
        fail(ErrorKind::InvalidInput, "pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") lies outside the " +
                                          std::to_string(width) + "x" + std::to_string(height) + " frame");
    const int th = static_cast<int>(model.config.train_size.at(0)), tw = static_cast<int>(model.config.train_size.at(1));
    const int overlap = defaultFlowOptions(model).min_overlap;
    FlowPixel p;
    p.window_y = flowWindowFor(std::max(height, th), th, overlap, y);
    p.window_x = flowWindowFor(std::max(width, tw), tw, overlap, x);
    p.query = static_cast<int64_t>(y - p.window_y) * tw + (x - p.window_x);
    return p;
}

namespace {

/// One batch of windows encoded once and decoded in query chunks with the decoder's attention:
/// -> flow in model units (B, h, w, 2) and the normalised attention entropy (B, h, w).
std::pair<torch::Tensor, torch::Tensor> decodeWithEntropy(TaskModel& model, const ModelInputs& in, int64_t chunk) {
    PerceiverModel& trunk = trunkOf(model, "attention entropies");
    const int64_t h = model.config.train_size[0], w = model.config.train_size[1], points = h * w;
    const EncodedInputs encoded = trunk.encode(in, {});
    const double logLatents = std::log(static_cast<double>(std::max<int64_t>(2, encoded.latents.size(1))));
    std::vector<torch::Tensor> flows, entropies;
    for (int64_t q = 0; q < points; q += chunk) {
        const int64_t n = std::min(chunk, points - q);
        const PerceiverOutput out = trunk.decode(encoded, {{"flow", torch::arange(q, q + n, torch::kLong)}}, true);
        const torch::Tensor p = out.cross_attentions.at(0).to(torch::kFloat);                // (B, heads, n, latents)
        const torch::Tensor e = -(p * p.clamp_min(1e-30).log()).sum(-1).mean(1) / logLatents;  // (B, n)
        flows.push_back(out.logits.reshape({out.logits.size(0), n, 2}));
        entropies.push_back(e);
    }
    const int64_t B = encoded.latents.size(0);
    return {torch::cat(flows, 1).reshape({B, h, w, 2}), torch::cat(entropies, 1).reshape({B, h, w})};
}

/// The flow of the pair scaled down to fit one train_size window, scaled back up to the frame
/// and edge-padded to (H, W): (H, W, 2) pixels. The first look of FlowOptions::preview.
torch::Tensor firstLookFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, const FlowOptions& o, int H, int W,
                            Progress* progress) {
    const double th = static_cast<double>(model.config.train_size[0]), tw = static_cast<double>(model.config.train_size[1]);
    const double s = std::min({1.0, th / first.height, tw / first.width});
    const int w = std::max(1, static_cast<int>(std::lround(first.width * s))), h = std::max(1, static_cast<int>(std::lround(first.height * s)));
    FlowOptions one = o;
    one.preview = nullptr;
    one.entropy = one.backward = false;
    const FlowResult small = estimateFlow(model, resizeBicubicPil(first, w, h), resizeBicubicPil(second, w, h), one, progress);
    torch::Tensor uv = torch::from_blob(const_cast<float*>(small.flow.uv.data()), {1, h, w, 2}, torch::kFloat).permute({0, 3, 1, 2});
    uv = torch::nn::functional::interpolate(uv, torch::nn::functional::InterpolateFuncOptions()
                                                    .size(std::vector<int64_t>{first.height, first.width})
                                                    .mode(torch::kBilinear)
                                                    .align_corners(false));
    uv.select(1, 0).mul_(static_cast<double>(first.width) / w);
    uv.select(1, 1).mul_(static_cast<double>(first.height) / h);
    uv = torch::nn::functional::pad(uv, torch::nn::functional::PadFuncOptions({0, W - first.width, 0, H - first.height}).mode(torch::kReplicate));
    return uv[0].permute({1, 2, 0}).contiguous();
}

FlowField toField(const torch::Tensor& flow, int width, int height) {  // (H, W, 2), cropped to width x height
    const torch::Tensor f = flow.slice(0, 0, height).slice(1, 0, width).contiguous();
    FlowField field;
    field.width = width;
    field.height = height;
    field.uv.assign(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
    return field;
}

}  // namespace

FlowOptions defaultFlowOptions(const TaskModel& model) {
    FlowOptions o;
    const auto& train = model.config.train_size;
    if (train.size() == 2) o.min_overlap = std::min<int>(o.min_overlap, static_cast<int>(std::min(train[0], train[1]) / 4));
    return o;
}

FlowResult estimateFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, const FlowOptions& o, Progress* progress) {
    if (o.backward) {  // two estimates, each on half of the progress
        FlowOptions forward = o, back = o;
        forward.backward = back.backward = back.entropy = false;
        back.preview = nullptr;
        Progress first_half = progress ? progress->sub(0, 0.5) : Progress();
        FlowResult r = estimateFlow(model, first, second, forward, progress ? &first_half : nullptr);
        Progress second_half = progress ? progress->sub(0.5, 1.0, "flow 2 -> 1: ") : Progress();
        FlowResult b = estimateFlow(model, second, first, back, progress ? &second_half : nullptr);
        r.backward = std::move(b.flow);
        for (std::string& w : b.warnings) r.warnings.push_back("flow 2 -> 1: " + w);
        return r;
    }
    if (model.className() != "PerceiverForOpticalFlow")
        fail(ErrorKind::Config, "optical flow needs a PerceiverForOpticalFlow, this model is a " + model.className());
    if (o.tile_batch < 1 || o.tile_batch > 256) fail(ErrorKind::InvalidInput, "tile batch must be between 1 and 256, got " + std::to_string(o.tile_batch));
    if (o.min_overlap < 0) fail(ErrorKind::InvalidInput, "min overlap must be at least 0 pixels, got " + std::to_string(o.min_overlap));
    if (o.entropy && o.query_chunk < 1) fail(ErrorKind::InvalidInput, "query chunk must be at least 1, got " + std::to_string(o.query_chunk));
    const int th = static_cast<int>(model.config.train_size[0]), tw = static_cast<int>(model.config.train_size[1]);
    const torch::Tensor frames = flowFrames(model, first, second);  // (2, 3, H, W), at least train_size
    const int H = static_cast<int>(frames.size(2)), W = static_cast<int>(frames.size(3));

    FlowResult r;
    r.tile_ys = flowTileStarts(H, th, o.min_overlap);
    r.tile_xs = flowTileStarts(W, tw, o.min_overlap);
    std::vector<std::pair<int, int>> tiles;
    for (int y : r.tile_ys)
        for (int x : r.tile_xs) tiles.emplace_back(y, x);

    // Pyramid weights of one window (h, w).
    const torch::Tensor wy = torch::arange(th, torch::kFloat), wx = torch::arange(tw, torch::kFloat);
    const torch::Tensor weightY = torch::minimum(wy + 1, th - wy), weightX = torch::minimum(wx + 1, tw - wx);
    const torch::Tensor weights = torch::minimum(weightY.unsqueeze(1), weightX.unsqueeze(0));  // (h, w)
    torch::Tensor flows = torch::zeros({H, W, 2}, torch::kFloat), counts = torch::zeros({H, W, 1}, torch::kFloat);
    torch::Tensor entropies = o.entropy ? torch::zeros({H, W}, torch::kFloat) : torch::Tensor();
    const torch::Device device = modelDevice(model);

    c10::InferenceMode guard;
    // The first look takes one window's share of the progress.
    const bool previews = o.preview && tiles.size() > 1;
    const double lookShare = previews ? 1.0 / static_cast<double>(tiles.size() + 1) : 0.0;
    torch::Tensor firstLook;  // (H, W, 2)
    const auto step = [&](size_t n) { return (n * kFlowWindowPreviews + tiles.size() - 1) / tiles.size(); };  // ceil(n k / N)
    if (previews) {
        Progress look = progress ? progress->sub(0, lookShare, "first look: ") : Progress();
        firstLook = firstLookFlow(model, first, second, o, H, W, progress ? &look : nullptr);
        o.preview({toField(firstLook, first.width, first.height), 0, static_cast<int>(tiles.size())});
    }
    for (size_t start = 0; start < tiles.size(); start += static_cast<size_t>(o.tile_batch)) {
        if (progress) {
            progress->checkCancelled();
            progress->report(lookShare + (1 - lookShare) * static_cast<double>(start) / tiles.size(),
                             "window " + std::to_string(start + 1) + " of " + std::to_string(tiles.size()));
        }
        const size_t end = std::min(tiles.size(), start + static_cast<size_t>(o.tile_batch));
        std::vector<torch::Tensor> batch;
        for (size_t i = start; i < end; ++i) {
            const auto [y, x] = tiles[i];
            batch.push_back(flowWindowPatches(model, frames, y, x));  // (2, 27, h, w)
        }
        ModelInputs in;
        in.inputs.tensor = torch::stack(batch, 0).to(device);  // (B, 2, 27, h, w)
        torch::Tensor out, entropy;  // (B, h, w, 2) and, with o.entropy, (B, h, w)
        if (o.entropy) std::tie(out, entropy) = decodeWithEntropy(model, in, o.query_chunk);
        else out = model.forward(in, {}).logits;
        out = out.to(torch::kCPU) * o.flow_scale;
        for (size_t i = start; i < end; ++i) {
            const auto [y, x] = tiles[i];
            flows.slice(0, y, y + th).slice(1, x, x + tw).add_(out[static_cast<int64_t>(i - start)] * weights.unsqueeze(-1));
            counts.slice(0, y, y + th).slice(1, x, x + tw).add_(weights.unsqueeze(-1));
            if (o.entropy) entropies.slice(0, y, y + th).slice(1, x, x + tw).add_(entropy[static_cast<int64_t>(i - start)].cpu() * weights);
        }
        if (previews && end < tiles.size() && step(end) > step(start)) {  // the windows so far over the first look
            const torch::Tensor soFar = torch::where(counts > 0, flows / counts.clamp_min(1e-30), firstLook);
            o.preview({toField(soFar, first.width, first.height), static_cast<int>(end), static_cast<int>(tiles.size())});
        }
    }
    const torch::Tensor flow = flows / counts;
    if (std::string w = nonFiniteWarning(flow.slice(0, 0, first.height).slice(1, 0, first.width), "the flow"); !w.empty()) r.warnings.push_back(w);
    r.flow = toField(flow, first.width, first.height);
    if (o.entropy) {
        const torch::Tensor e = (entropies / counts.squeeze(-1)).slice(0, 0, first.height).slice(1, 0, first.width).contiguous();
        r.entropy.width = first.width;
        r.entropy.height = first.height;
        r.entropy.values.assign(e.data_ptr<float>(), e.data_ptr<float>() + e.numel());
    }
    if (progress) progress->report(1.0, "done");
    return r;
}

int64_t estimateVideoFlow(TaskModel& model, const std::string& videoOrFolder, const FlowOptions& o,
                          const std::function<void(int64_t, const ImageU8&, const ImageU8&, const FlowResult&)>& onPair,
                          Progress* progress) {
    FrameSequence reader(videoOrFolder);
    int64_t total = std::max<int64_t>(1, reader.frameCount() - 1);  // pairs expected (frame counts are estimates)
    if (o.max_pairs > 0) total = std::min(total, o.max_pairs);
    ImageU8 previous, current;
    if (!reader.read(previous)) return 0;
    int64_t pairs = 0;
    while ((o.max_pairs <= 0 || pairs < o.max_pairs) && reader.read(current)) {
        const double begin = std::min(1.0, static_cast<double>(pairs) / total), end = std::min(1.0, static_cast<double>(pairs + 1) / total);
        // "frame pair 3 of 50: window 12 of 4440" (the pair count is the video's estimate, or max_pairs)
        const std::string pair = "frame pair " + std::to_string(pairs + 1) + " of " + std::to_string(std::max(total, pairs + 1));
        if (progress) {
            progress->checkCancelled();
            progress->report(begin, pair);
        }
        Progress pairProgress = progress ? progress->sub(begin, end, pair + ": ") : Progress();  // cancels between windows too
        const FlowResult r = estimateFlow(model, previous, current, o, &pairProgress);
        onPair(pairs++, previous, current, r);
        std::swap(previous, current);
    }
    if (pairs == 0) fail(ErrorKind::Media, std::string(reader.isFolder() ? "folder '" : "video '") + videoOrFolder + "' has a single frame: optical flow needs two");
    if (progress) progress->report(1.0, "done");
    return pairs;
}

TrackSource checkTrackSource(const std::string& videoOrFolder, const std::vector<std::pair<double, double>>& points) {
    FrameSequence sequence(videoOrFolder);
    ImageU8 first;
    if (!sequence.read(first)) fail(ErrorKind::Media, "'" + videoOrFolder + "' has no frame");
    PointTracker(first.width, first.height, points);  // throws for a point outside the frame
    return TrackSource{videoOrFolder, first.width, first.height, sequence.fps()};
}

std::vector<Track> trackPoints(TaskModel& model, const TrackSource& source, const std::vector<std::pair<double, double>>& points,
                               const FlowOptions& o,
                               const std::function<void(int64_t, const ImageU8&, const ImageU8&, const FlowResult&, const PointTracker&)>& onPair,
                               Progress* progress) {
    PointTracker tracker(source.width, source.height, points);
    estimateVideoFlow(model, source.path, o, [&](int64_t i, const ImageU8& a, const ImageU8& b, const FlowResult& r) {
        tracker.advance(r.flow, o.backward ? &r.backward : nullptr);
        if (onPair) onPair(i, a, b, r, tracker);
    }, progress);
    return tracker.tracks();
}

}  // namespace perceiver
