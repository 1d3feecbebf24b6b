#include "pipelines/autoencode.h"
#include "model/finite_check.h"

#include "common/error.h"
#include "media/audio.h"
#include "media/image_processor.h"
#include "media/video.h"
#include "model/heads/head.h"
#include "pipelines/model_inputs.h"

#include <torch/torch.h>

#include <cmath>

namespace perceiver {

namespace {

PerceiverModel& trunk(TaskModel& model) {
    if (model.className() != "PerceiverForMultimodalAutoencoding")
        fail(ErrorKind::Config, "autoencoding needs a PerceiverForMultimodalAutoencoding, this model is a " + model.className());
    return *static_cast<PerceiverHead&>(model).perceiver;
}

/// The order of a window's decode: image point indices (t * H * W + y * W + x) pass by pass,
/// where each pass ends, the preview stride once it is done (1: all decoded), and where each
/// decode chunk ends. Progressive: pass 0 is every 8th row and column of every frame, pass 1
/// the rest of every 4th, pass 2 the rest of every 2nd, pass 3 the rest; each pass gets the
/// share of `chunks` of its size (at least one), so the chunks stay about the size asked for.
/// Otherwise one pass in raster order, in exactly `chunks` chunks.
struct DecodePlan {
    torch::Tensor order;  // [T * H * W] int64
    std::vector<int64_t> passEnds, chunkEnds;
    std::vector<int> strides;
};

DecodePlan decodePlan(const AutoencodeGeometry& g, const AutoencodeOptions& o) {
    const int64_t n = static_cast<int64_t>(g.frames) * g.output_height * g.output_width;
    const torch::Tensor index = torch::arange(n, torch::kLong);
    DecodePlan plan;
    std::vector<torch::Tensor> passes;
    if (o.progressive) {
        const auto every = [&](int s) {
            const torch::Tensor y = torch::arange(g.output_height).remainder(s) == 0, x = torch::arange(g.output_width).remainder(s) == 0;
            return y.view({1, -1, 1}).logical_and(x.view({1, 1, -1})).expand({g.frames, g.output_height, g.output_width}).reshape({-1});
        };
        plan.strides = {8, 4, 2, 1};
        torch::Tensor done = torch::zeros({n}, torch::kBool);
        for (int s : plan.strides) {
            const torch::Tensor now = s > 1 ? every(s) : torch::ones({n}, torch::kBool);
            passes.push_back(index.masked_select(now.logical_and(done.logical_not())));
            done = now;
        }
    } else {
        passes = {index};
        plan.strides = {1};
    }
    plan.order = torch::cat(passes);
    int64_t end = 0;
    for (const torch::Tensor& p : passes) {
        const int64_t size = p.size(0);
        const int64_t chunks = size == 0 ? 0 : std::max<int64_t>(1, std::llround(static_cast<double>(o.chunks) * size / n));
        for (int64_t c = 1; c <= chunks; ++c) plan.chunkEnds.push_back(end + size * c / chunks);
        end += size;
        plan.passEnds.push_back(end);
    }
    return plan;
}

/// [T, H, W, 3] floats in [0, 1] -> T frames of bytes (round(255 v)).
std::vector<ImageU8> toFrames(const torch::Tensor& frames) {
    const torch::Tensor bytes = frames.mul(255.0).round().to(torch::kUInt8).contiguous();
    std::vector<ImageU8> out;
    for (int64_t t = 0; t < bytes.size(0); ++t) {
        ImageU8 f = ImageU8::filled(static_cast<int>(bytes.size(2)), static_cast<int>(bytes.size(1)));
        std::copy_n(bytes[t].data_ptr<uint8_t>(), f.rgb.size(), f.rgb.data());
        out.push_back(std::move(f));
    }
    return out;
}

/// The coarse frames of a progressive decode: image [1, T * H * W, 3] with the points on every
/// `stride`-th row and column decoded; each fills its stride x stride block.
std::vector<ImageU8> previewFrames(const torch::Tensor& image, const AutoencodeGeometry& g, int stride) {
    const torch::Tensor grid = image[0].clamp(0, 1).view({g.frames, g.output_height, g.output_width, 3})
                                   .slice(1, 0, g.output_height, stride).slice(2, 0, g.output_width, stride);
    return toFrames(grid.repeat_interleave(stride, 1).repeat_interleave(stride, 2).slice(1, 0, g.output_height).slice(2, 0, g.output_width));
}

/// The k most probable labels of `probs` [L].
std::vector<ClassScore> topScores(const TaskModel& model, const torch::Tensor& probs, int topK) {
    const int k = std::max(1, std::min<int>(topK, static_cast<int>(probs.size(0))));
    const auto [p, idx] = probs.topk(k);
    std::vector<ClassScore> top;
    for (int j = 0; j < k; ++j) top.push_back({idx[j].item<int64_t>(), model.config.label(idx[j].item<int64_t>()), p[j].item<double>()});
    return top;
}

}  // namespace

AutoencodeGeometry autoencodeGeometry(const TaskModel& model) {
    const PerceiverConfig& c = model.config;
    AutoencodeGeometry g;
    g.frames = static_cast<int>(c.num_frames);
    g.input_side = static_cast<int>(c.image_size * 4);  // space-to-depth by 4
    g.output_height = static_cast<int>(c.output_shape[2]);
    g.output_width = static_cast<int>(c.output_shape[3]);
    g.samples_per_window = static_cast<int>(c.num_frames * c.audio_samples_per_frame);
    g.sample_rate = static_cast<int>(c.audio_samples_per_frame * 25);
    return g;
}

void checkAutoencodeOptions(const AutoencodeOptions& o) {
    if (o.chunks < 1 || o.chunks > kMaxDecodeChunks)
        fail(ErrorKind::InvalidInput, "the number of decode chunks must be between 1 and " + std::to_string(kMaxDecodeChunks) + ", got " +
                                          std::to_string(o.chunks));
    if (o.top_k < 1) fail(ErrorKind::InvalidInput, "top-k must be at least 1, got " + std::to_string(o.top_k));
}

AutoencodeWindow autoencodeWindow(TaskModel& model, const std::vector<ImageU8>& frames, const std::vector<float>& audio,
                                  const AutoencodeOptions& o, Progress* progress) {
    PerceiverModel& m = trunk(model);
    const AutoencodeGeometry g = autoencodeGeometry(model);
    if (static_cast<int>(frames.size()) != g.frames)
        fail(ErrorKind::InvalidInput, "autoencoding takes windows of " + std::to_string(g.frames) + " frames, got " + std::to_string(frames.size()));
    checkAutoencodeOptions(o);
    AutoencodeWindow w;
    w.valid_frames = g.frames;
    MultimodalInput prepared = prepareMultimodalInput(model, frames, audio);
    for (const ImageU8& f : prepared.views)
        w.input.push_back(g.input_side == g.output_width && g.input_side == g.output_height ? f : resizeBicubicPil(f, g.output_width, g.output_height));
    w.audio_in = std::move(prepared.audio);
    ModelInputs in;
    in.inputs.modalities = std::move(prepared.modalities);

    c10::InferenceMode guard;
    if (progress) progress->report(0.0, "encoding the window");
    const EncodedInputs enc = m.encode(in, {});
    const DecodePlan plan = decodePlan(g, o);
    const int64_t audioPatches = g.samples_per_window / model.config.samples_per_patch;
    const int64_t chunks = plan.chunkEnds.size();
    // The decoded points land at their places: [1, T * H * W, 3], filled pass by pass.
    const torch::Tensor image = torch::zeros({1, plan.order.size(0), 3});
    std::vector<torch::Tensor> audios;
    torch::Tensor label;
    size_t pass = 0;
    for (int64_t c = 0, from = 0; c < chunks; ++c) {
        if (progress) {
            progress->checkCancelled();
            progress->report(static_cast<double>(c) / chunks, "decoding chunk " + std::to_string(c + 1) + " of " + std::to_string(chunks));
        }
        const int64_t to = plan.chunkEnds[c];
        const torch::Tensor ids = plan.order.slice(0, from, to);
        const TensorMap points = {{"image", ids}, {"audio", torch::arange(audioPatches * c / chunks, audioPatches * (c + 1) / chunks, torch::kLong)}};
        PerceiverOutput out = m.decode(enc, points, false);
        image.index_copy_(1, ids, out.logits_by_modality.at("image").to(torch::kCPU, torch::kFloat));
        audios.push_back(out.logits_by_modality.at("audio").to(torch::kCPU));
        label = out.logits_by_modality.at("label").to(torch::kCPU);
        from = to;
        for (; pass < plan.passEnds.size() && plan.passEnds[pass] == to; ++pass)
            if (o.preview && plan.strides[pass] > 1) {
                AutoencodePreview p;
                p.stride = plan.strides[pass];
                p.decoded = static_cast<double>(to) / plan.order.size(0);
                p.input = w.input;
                p.reconstruction = previewFrames(image, g, p.stride);
                p.top = topScores(model, torch::softmax(label[0].to(torch::kDouble), -1), o.top_k);
                o.preview(p);
            }
    }
    for (const auto& [t, what] : {std::pair<torch::Tensor, const char*>{image, "the reconstructed frames"},
                                  {torch::cat(audios, 1), "the reconstructed audio"}, {label, "the label logits"}})
        if (std::string warning = nonFiniteWarning(t, what); !warning.empty()) w.warnings.push_back(warning);
    const torch::Tensor recon = image[0].clamp(0, 1).reshape({g.frames, g.output_height, g.output_width, 3});
    w.reconstruction = toFrames(recon);
    double mse = 0;
    for (int t = 0; t < g.frames; ++t) {
        const torch::Tensor orig = torch::from_blob(w.input[t].rgb.data(), {g.output_height, g.output_width, 3}, torch::kUInt8).to(torch::kDouble) / 255.0;
        const double frameMse = (recon[t].to(torch::kDouble) - orig).pow(2).mean().item<double>();
        w.frame_psnr.push_back(frameMse > 0 ? 10.0 * std::log10(1.0 / frameMse) : 99.0);
        mse += frameMse / g.frames;
    }
    w.psnr = mse > 0 ? 10.0 * std::log10(1.0 / mse) : 99.0;
    const torch::Tensor a = torch::cat(audios, 1)[0].clamp(-1, 1).contiguous();
    w.audio_out.assign(a.data_ptr<float>(), a.data_ptr<float>() + a.numel());
    const torch::Tensor probs = torch::softmax(label[0].to(torch::kDouble), -1).contiguous();
    w.label_probabilities.assign(probs.data_ptr<double>(), probs.data_ptr<double>() + probs.numel());
    w.top = topScores(model, probs, o.top_k);
    if (progress) progress->report(1.0, "window done");
    return w;
}

VideoWindowReader::VideoWindowReader(const std::string& videoPath, const AutoencodeGeometry& geometry)
    : reader_(videoPath), sound_(videoPath, geometry.sample_rate), g_(geometry) {}

int64_t VideoWindowReader::frameCount() const {
    return std::max<int64_t>(1, reader_.frameCount());
}

bool VideoWindowReader::next(std::vector<ImageU8>& frames, std::vector<float>& audio, int& validFrames) {
    frames.clear();
    ImageU8 frame;
    while (static_cast<int>(frames.size()) < g_.frames && reader_.read(frame)) frames.push_back(frame);
    if (frames.empty()) return false;
    validFrames = static_cast<int>(frames.size());
    while (static_cast<int>(frames.size()) < g_.frames) frames.push_back(frames.back());
    // Window k's sound starts at sample k * samples_per_window: the reader stands there,
    // having handed out (or skipped) exactly the windows before.
    const size_t start = static_cast<size_t>(read_) * (g_.samples_per_window / g_.frames);
    audio.clear();
    if (soundAt_ < start) soundAt_ += sound_.skip(start - soundAt_);
    if (soundAt_ == start) soundAt_ += sound_.read(audio, static_cast<size_t>(g_.samples_per_window));
    read_ += validFrames;
    return true;
}

FirstWindow firstVideoWindow(const TaskModel& model, const std::string& videoPath) {
    VideoWindowReader reader(videoPath, autoencodeGeometry(model));
    FirstWindow w;
    if (!reader.next(w.frames, w.audio, w.valid_frames)) fail(ErrorKind::Media, "video '" + videoPath + "' has no frames");
    return w;
}

AutoencodeResult autoencodeVideo(TaskModel& model, const std::string& videoPath, const AutoencodeOptions& o,
                                 const std::function<void(const AutoencodeWindow&)>& onWindow, Progress* progress) {
    trunk(model);
    checkAutoencodeOptions(o);  // before the video is opened
    const AutoencodeGeometry g = autoencodeGeometry(model);
    VideoWindowReader reader(videoPath, g);
    const int64_t total = reader.frameCount();
    const int64_t windows = std::max<int64_t>(1, (total + g.frames - 1) / g.frames);  // (frame counts are estimates)
    AutoencodeResult r;
    r.sample_rate = g.sample_rate;
    torch::Tensor probSum;
    std::vector<ImageU8> window;
    std::vector<float> audio;
    int valid = 0;
    while (reader.next(window, audio, valid)) {
        // Chunks report into this window's share of the whole, and a cancel reaches them.
        Progress inner = progress ? progress->sub(std::min(1.0, r.frames / static_cast<double>(total)),
                                                  std::min(1.0, (r.frames + valid) / static_cast<double>(total)),
                                                  "window " + std::to_string(r.windows + 1) + " of " +
                                                      std::to_string(std::max<int64_t>(windows, r.windows + 1)) + ": ")
                                  : Progress();
        AutoencodeOptions windowOptions = o;
        if (o.preview)
            windowOptions.preview = [&](const AutoencodePreview& coarse) {
                AutoencodePreview p = coarse;
                p.window = r.windows;
                p.input.resize(valid);
                p.reconstruction.resize(valid);
                o.preview(p);
            };
        AutoencodeWindow w = autoencodeWindow(model, window, audio, windowOptions, &inner);
        if (progress) progress->checkCancelled();
        w.index = r.windows;
        w.valid_frames = valid;
        w.input.resize(valid);
        w.reconstruction.resize(valid);
        const size_t keep = static_cast<size_t>(valid) * (g.samples_per_window / g.frames);
        w.audio_in.resize(keep);
        w.audio_out.resize(std::min(w.audio_out.size(), keep));
        r.mean_psnr += w.psnr;
        if (r.warnings.empty()) r.warnings = w.warnings;
        const torch::Tensor p = torch::tensor(w.label_probabilities, torch::kDouble);
        probSum = probSum.defined() ? probSum + p : p;
        r.frames += valid;
        ++r.windows;
        onWindow(w);
    }
    if (r.windows == 0) fail(ErrorKind::Media, "video '" + videoPath + "' has no frames");
    r.mean_psnr /= r.windows;
    r.top = topScores(model, probSum / r.windows, o.top_k);
    if (progress) progress->report(1.0, "done");
    return r;
}

AutoencodeWriter::AutoencodeWriter(const AutoencodeGeometry& g, AutoencodeOutputPaths paths) : paths_(std::move(paths)) {
    auto open = [&](const std::string& path, int width) {
        return path.empty() ? nullptr : std::make_unique<VideoWriter>(path, width, g.output_height, paths_.fps, g.sample_rate);
    };
    reconstruction_ = open(paths_.reconstruction, g.output_width);
    sideBySide_ = open(paths_.side_by_side, 2 * g.output_width);
    original_ = open(paths_.original, g.output_width);
    wav_.sample_rate = g.sample_rate;
}

AutoencodeWriter::~AutoencodeWriter() = default;

void AutoencodeWriter::add(const AutoencodeWindow& w) {
    for (size_t t = 0; t < w.reconstruction.size(); ++t) {
        if (reconstruction_) reconstruction_->addFrame(w.reconstruction[t]);
        if (sideBySide_) sideBySide_->addFrame(sideBySide(w.input[t], w.reconstruction[t]));
        if (original_) original_->addFrame(w.input[t]);
    }
    if (reconstruction_) reconstruction_->addAudio(w.audio_out);
    if (sideBySide_) sideBySide_->addAudio(w.audio_out);
    if (original_) original_->addAudio(w.audio_in);
    if (!paths_.wav.empty()) wav_.samples.insert(wav_.samples.end(), w.audio_out.begin(), w.audio_out.end());
}

void AutoencodeWriter::finish() {
    for (auto* v : {reconstruction_.get(), sideBySide_.get(), original_.get()})
        if (v) v->finish();
    if (!paths_.wav.empty()) writeWav(paths_.wav, wav_);
}

}  // namespace perceiver
