#include "pipelines/attention.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "model/perceiver_model.h"
#include "pipelines/autoencode.h"
#include "pipelines/float_array.h"
#include "pipelines/classify.h"
#include "pipelines/model_inputs.h"
#include "tokenizer/tokenizer.h"

#include <torch/torch.h>

#include <cmath>

namespace perceiver {

std::vector<float> tensorValues(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

FloatArray tensorArray(const torch::Tensor& t) { return FloatArray{t.sizes().vec(), tensorValues(t)}; }

FloatArray batchItemArray(const torch::Tensor& t) { return tensorArray(t[0]); }

torch::Tensor arrayView(const FloatArray& a) {
    return torch::from_blob(const_cast<float*>(a.data.data()), a.shape, torch::kFloat);
}

namespace {

AttentionMaps run(TaskModel& model, const ModelInputs& in, Progress* progress) {
    if (progress) progress->report(0.1, "running the model with attention maps");
    PerceiverOutput out;
    {
        c10::InferenceMode guard;
        ForwardOptions o;
        o.output_attentions = true;
        out = model.forward(in, o);
    }
    if (progress) progress->checkCancelled();
    AttentionMaps r;
    r.architecture = model.className();
    r.cross = batchItemArray(out.cross_attentions.at(0));
    for (const auto& a : out.attentions) r.self.push_back(batchItemArray(a));
    if (out.cross_attentions.size() > 1) r.decoder = batchItemArray(out.cross_attentions[1]);
    if (progress) progress->report(1.0, "done");
    return r;
}

}  // namespace

AttentionMaps attendText(TaskModel& model, const std::string& text, Progress* progress) {
    const auto ids = textInputIds(model, text, "text attention");
    ModelInputs in;
    in.inputs.tensor = torch::tensor(ids, torch::kLong).unsqueeze(0).to(modelDevice(model));
    AttentionMaps r = run(model, in, progress);
    r.token_ids = ids;
    r.grid = {1, static_cast<int64_t>(ids.size())};
    return r;
}

AttentionMaps attendImage(TaskModel& model, const ImageU8& image, Progress* progress) {
    if (!isImageClassifier(model.className()))
        fail(ErrorKind::Config, "image attention needs a Perceiver image classifier, this is a " + model.className());
    ClassifierInput prepared = prepareClassifierInput(model, image);
    ModelInputs in;
    in.inputs.tensor = prepared.pixel_values;
    AttentionMaps r = run(model, in, progress);
    r.view = std::move(prepared.view);
    r.grid = imageTokenGrid(model, r.view.width, r.cross.size(2));
    return r;
}

std::vector<int64_t> imageTokenGrid(const TaskModel& model, int viewSide, int64_t inputs) {
    // Conv stem: 7x7/2 (pad 3) then max-pool 3/2 -> floor((floor((s-1)/2)+1-3)/2)+1 per side.
    int64_t side = viewSide;
    if (model.className() == "PerceiverForImageClassificationConvProcessing") side = ((side - 1) / 2 + 1 - 3) / 2 + 1;
    if (side * side != inputs) fail(ErrorKind::Internal, "attention over " + std::to_string(inputs) + " inputs does not form a square grid");
    return {side, side};
}

AttentionMaps attendFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, Progress* progress) {
    if (model.className() != "PerceiverForOpticalFlow")
        fail(ErrorKind::Config, "flow attention needs a PerceiverForOpticalFlow, this is a " + model.className());
    const int th = static_cast<int>(model.config.train_size[0]), tw = static_cast<int>(model.config.train_size[1]);
    const torch::Tensor frames = flowFrames(model, first, second);
    ModelInputs in;
    in.inputs.tensor = flowWindowPatches(model, frames, 0, 0).unsqueeze(0).to(modelDevice(model));
    AttentionMaps r = run(model, in, progress);
    r.view = crop(padEdge(first, std::max(first.width, tw), std::max(first.height, th)), 0, 0, tw, th);
    r.grid = {th, tw};
    return r;
}

AttentionMaps attendVideo(TaskModel& model, const std::vector<ImageU8>& frames, const std::vector<float>& audio, Progress* progress) {
    if (model.className() != "PerceiverForMultimodalAutoencoding")
        fail(ErrorKind::Config, "video attention needs a PerceiverForMultimodalAutoencoding, this is a " + model.className());
    const AutoencodeGeometry g = autoencodeGeometry(model);
    MultimodalInput prepared = prepareMultimodalInput(model, frames, audio);
    ModelInputs in;
    in.inputs.modalities = std::move(prepared.modalities);
    const int64_t imagePoints = static_cast<int64_t>(g.frames) * g.output_height * g.output_width;
    const int64_t audioPatches = g.samples_per_window / model.config.samples_per_patch;
    in.subsampled_output_points = {{"image", torch::arange(std::max<int64_t>(1, imagePoints / 128), torch::kLong)},
                                   {"audio", torch::arange(std::max<int64_t>(1, audioPatches / 128), torch::kLong)}};
    AttentionMaps r = run(model, in, progress);
    const int64_t side = model.config.image_size;  // space-to-depth by 4 of image_size * 4
    r.audio_positions = audioPatches;
    r.video_grid = {g.frames, side, side};
    if (r.audio_positions + g.frames * side * side + 1 != r.cross.size(2))
        fail(ErrorKind::Internal, "multimodal attention over " + std::to_string(r.cross.size(2)) + " inputs does not split into " +
                                      std::to_string(audioPatches) + " audio, " + std::to_string(g.frames * side * side) + " video and 1 label position");
    r.grid = {side, side};
    r.frames = std::move(prepared.views);
    r.audio = std::move(prepared.audio);
    return r;
}

AttentionMaps attendVideo(TaskModel& model, const std::string& videoPath, Progress* progress) {
    const FirstWindow window = firstVideoWindow(model, videoPath);
    const std::vector<ImageU8>& frames = window.frames;
    const std::vector<float>& audio = window.audio;
    return attendVideo(model, frames, audio, progress);
}

std::vector<float> frameWeights(const AttentionMaps& r, const std::vector<float>& w, int frame) {
    if (r.video_grid.size() != 3) fail(ErrorKind::InvalidInput, "these attention maps are not over a video");
    if (frame < 0 || frame >= r.video_grid[0])
        fail(ErrorKind::InvalidInput, "frame " + std::to_string(frame) + " out of range (" + std::to_string(r.video_grid[0]) + " frames)");
    const int64_t per = r.video_grid[1] * r.video_grid[2], begin = r.audio_positions + frame * per;
    if (static_cast<int64_t>(w.size()) < begin + per) fail(ErrorKind::InvalidInput, "weights do not cover the video positions");
    return std::vector<float>(w.begin() + begin, w.begin() + begin + per);
}

std::vector<float> audioWeights(const AttentionMaps& r, const std::vector<float>& w) {
    if (static_cast<int64_t>(w.size()) < r.audio_positions) fail(ErrorKind::InvalidInput, "weights do not cover the audio positions");
    return std::vector<float>(w.begin(), w.begin() + r.audio_positions);
}

ImageU8 waveformImage(const std::vector<float>& samples, const std::vector<float>& weights, int width, int height) {
    if (width < 1 || height < 1) fail(ErrorKind::InvalidInput, "waveform image of " + std::to_string(width) + "x" + std::to_string(height));
    // Background: the weights as a one-row heatmap stretched over the width.
    ImageU8 out = weights.empty() ? ImageU8::filled(width, height) : heatmapImage(weights, {1, static_cast<int64_t>(weights.size())}, width, height);
    if (samples.empty()) return out;
    const int mid = height / 2;
    for (int x = 0; x < width; ++x) {  // min / max of the samples under each column, in white
        const size_t a = samples.size() * x / width, b = std::max(a + 1, samples.size() * (x + 1) / width);
        float lo = 1, hi = -1;
        for (size_t i = a; i < std::min(b, samples.size()); ++i) {
            lo = std::min(lo, samples[i]);
            hi = std::max(hi, samples[i]);
        }
        const int y0 = std::clamp(static_cast<int>(mid - hi * (height / 2 - 1)), 0, height - 1);
        const int y1 = std::clamp(static_cast<int>(mid - lo * (height / 2 - 1)), 0, height - 1);
        for (int y = y0; y <= y1; ++y) {  // cyan: visible on every heatmap colour
            uint8_t* p = out.at(x, y);
            p[0] = 0;
            p[1] = 200;
            p[2] = 255;
        }
    }
    return out;
}

FloatArray attentionRollout(const AttentionMaps& r) {
    if (r.self.empty()) fail(ErrorKind::InvalidInput, "attention rollout needs at least one self-attention layer");
    const int64_t n = r.self.front().size(1);
    torch::Tensor roll = torch::eye(n);
    for (const auto& layer : r.self) {
        torch::Tensor a = arrayView(layer).mean(0);
        a = 0.5 * a + 0.5 * torch::eye(n);
        a = a / a.sum(-1, true);
        roll = torch::matmul(a, roll);
    }
    return tensorArray(roll);
}

std::vector<float> inputWeights(const AttentionMaps& r, int head, int latent, bool rollout) {
    const torch::Tensor cross = arrayView(r.cross);  // (heads, N, M)
    if (head >= cross.size(0) || head < -1)
        fail(ErrorKind::InvalidInput, "head " + std::to_string(head) + " out of range (cross-attention has " + std::to_string(cross.size(0)) + ")");
    if (latent >= cross.size(1) || latent < -1)
        fail(ErrorKind::InvalidInput, "latent " + std::to_string(latent) + " out of range (" + std::to_string(cross.size(1)) + " latents)");
    const torch::Tensor perHead = head < 0 ? cross.mean(0) : cross[head];  // (N, M)
    torch::Tensor w;
    if (rollout) {
        const FloatArray rolled = attentionRollout(r);  // keeps the data the view below reads
        const torch::Tensor roll = arrayView(rolled);     // (N, N): output latent <- input latent
        const torch::Tensor latentWeights = latent < 0 ? roll.mean(0) : roll[latent];  // (N,)
        w = torch::matmul(latentWeights, perHead);
    } else {
        w = latent < 0 ? perHead.mean(0) : perHead[latent];
    }
    w = w.contiguous();
    return std::vector<float>(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
}

FloatArray selfAttentionMatrix(const AttentionMaps& r, int layer, int head) {
    if (layer < 0 || layer >= static_cast<int>(r.self.size()))
        fail(ErrorKind::InvalidInput, "layer " + std::to_string(layer) + " out of range (" + std::to_string(r.self.size()) + " self-attention layers)");
    const torch::Tensor a = arrayView(r.self[layer]);  // (heads, N, N)
    if (head >= a.size(0) || head < -1)
        fail(ErrorKind::InvalidInput, "head " + std::to_string(head) + " out of range (self-attention has " + std::to_string(a.size(0)) + ")");
    return tensorArray(head < 0 ? a.mean(0) : a[head]);
}

std::vector<std::string> tokenTexts(const AttentionMaps& r) {
    std::vector<std::string> out;
    out.reserve(r.token_ids.size());
    for (const int64_t id : r.token_ids)
        out.push_back(PerceiverTokenizer::tokenText(id));
    return out;
}

namespace {

/// The heatmaps' one colour scale: t in [0, 1] -> black -> red -> yellow -> white.
void heatColor(float t, uint8_t* rgb) {
    const float x = std::clamp(t, 0.0f, 1.0f) * 3.0f;
    rgb[0] = static_cast<uint8_t>(255 * std::min(1.0f, x));
    rgb[1] = static_cast<uint8_t>(255 * std::clamp(x - 1.0f, 0.0f, 1.0f));
    rgb[2] = static_cast<uint8_t>(255 * std::clamp(x - 2.0f, 0.0f, 1.0f));
}

}  // namespace

ImageU8 heatmapImage(const std::vector<float>& weights, const std::vector<int64_t>& grid, int width, int height) {
    if (grid.size() != 2 || grid[0] * grid[1] != static_cast<int64_t>(weights.size()))
        fail(ErrorKind::InvalidInput, "heatmap: " + std::to_string(weights.size()) + " weights do not fill the grid");
    torch::Tensor t = torch::from_blob(const_cast<float*>(weights.data()), {1, 1, grid[0], grid[1]}, torch::kFloat);
    t = torch::nn::functional::interpolate(t, torch::nn::functional::InterpolateFuncOptions()
                                                  .size(std::vector<int64_t>{height, width})
                                                  .mode(torch::kBilinear)
                                                  .align_corners(false))[0][0];
    const float lo = t.min().item<float>(), hi = t.max().item<float>();
    t = (t - lo) / std::max(hi - lo, 1e-12f);
    t = t.contiguous();
    ImageU8 img = ImageU8::filled(width, height);
    const float* v = t.data_ptr<float>();
    for (int i = 0; i < width * height; ++i) heatColor(v[i], &img.rgb[3 * static_cast<size_t>(i)]);
    return img;
}

ImageU8 heatmapColorBar(int width, int height) {
    if (width < 1 || height < 1) fail(ErrorKind::InvalidInput, "colour bar of " + std::to_string(width) + "x" + std::to_string(height));
    ImageU8 img = ImageU8::filled(width, height);
    for (int y = 0; y < height; ++y) {
        uint8_t rgb[3];
        heatColor(height == 1 ? 1.0f : 1.0f - static_cast<float>(y) / (height - 1), rgb);
        for (int x = 0; x < width; ++x) std::copy_n(rgb, 3, img.at(x, y));
    }
    return img;
}

ImageU8 overlayHeatmap(const ImageU8& base, const ImageU8& heat, double opacity) {
    if (base.width != heat.width || base.height != heat.height) fail(ErrorKind::InvalidInput, "overlay: image and heatmap differ in size");
    if (!(opacity >= 0.0 && opacity <= 1.0))  // (NaN fails both)
        fail(ErrorKind::InvalidInput, "overlay opacity must be between 0 and 1, got " + std::to_string(opacity));
    ImageU8 out = base;
    const double a = opacity;
    for (size_t i = 0; i < out.rgb.size(); ++i)
        out.rgb[i] = static_cast<uint8_t>(std::lround((1 - a) * base.rgb[i] + a * heat.rgb[i]));
    return out;
}

std::vector<std::string> writeInputWeights(const std::string& dir, const std::string& prefix, const AttentionMaps& r,
                                           const std::vector<float>& w, double opacity) {
    std::vector<std::string> files;
    auto saved = [&](const std::string& name) { return files.emplace_back(dir + "/" + prefix + name); };
    if (!r.token_ids.empty()) {
        if (w.size() != r.token_ids.size())
            fail(ErrorKind::InvalidInput, std::to_string(w.size()) + " weights for " + std::to_string(r.token_ids.size()) + " tokens");
        const float mx = *std::max_element(w.begin(), w.end());
        std::string html = "<!doctype html><meta charset=utf-8><title>Perceiver attention</title><body style='font:18px monospace'>";
        const std::vector<std::string> texts = tokenTexts(r);
        for (size_t i = 0; i < texts.size(); ++i) {
            std::string esc;
            for (char c : texts[i]) esc += c == '<' ? "&lt;" : c == '&' ? "&amp;" : std::string(1, c);
            char style[96];
            std::snprintf(style, sizeof style, "background:rgba(255,80,0,%.3f)", mx > 0 ? w[i] / mx : 0.0f);
            html += std::string("<span title='") + std::to_string(w[i]) + "' style='" + style + "'>" + esc + "</span>";
        }
        html += "</body>";
        AtomicFile f(saved("text.html"));
        f.write(html.data(), html.size());
        f.commit();
    } else if (!r.video_grid.empty()) {  // per-frame overlays and the audio track
        for (int t = 0; t < static_cast<int>(r.frames.size()); ++t) {
            const ImageU8& f = r.frames[t];
            char name[40];
            std::snprintf(name, sizeof name, "frame_%02d_overlay.png", t);
            saveImage(saved(name), overlayHeatmap(f, heatmapImage(frameWeights(r, w, t), r.grid, f.width, f.height), opacity));
        }
        saveImage(saved("audio.png"), waveformImage(r.audio, audioWeights(r, w), 1024, 128));
    } else {
        const ImageU8 heat = heatmapImage(w, r.grid, r.view.width, r.view.height);
        saveImage(saved("heatmap.png"), heat);
        saveImage(saved("overlay.png"), overlayHeatmap(r.view, heat, opacity));
        saveImage(saved("input.png"), r.view);
    }
    return files;
}

}  // namespace perceiver
