#include "pipelines/autoencode.h"

#include "common/error.h"
#include "media/audio.h"
#include "media/image_processor.h"
#include "media/video.h"
#include "model/heads/head.h"

#include <torch/torch.h>

#include <cmath>

namespace perceiver {

namespace {

PerceiverModel& trunk(TaskModel& model) {
    if (model.className() != "PerceiverForMultimodalAutoencoding")
        fail(ErrorKind::Config, "autoencoding needs a PerceiverForMultimodalAutoencoding, this model is a " + model.className());
    return *static_cast<PerceiverHead&>(model).perceiver;
}

ImageU8 squareResize(const ImageU8& f, int side) {
    const int s = std::min(f.width, f.height);
    return resizeBicubicPil(crop(f, (f.width - s) / 2, (f.height - s) / 2, s, s), side, side);
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

AutoencodeWindow autoencodeWindow(TaskModel& model, const std::vector<ImageU8>& frames, const std::vector<float>& audio,
                                  const AutoencodeOptions& o, Progress* progress) {
    PerceiverModel& m = trunk(model);
    const AutoencodeGeometry g = autoencodeGeometry(model);
    if (static_cast<int>(frames.size()) != g.frames)
        fail(ErrorKind::InvalidInput, "autoencoding takes windows of " + std::to_string(g.frames) + " frames, got " + std::to_string(frames.size()));
    if (o.chunks < 1) fail(ErrorKind::InvalidInput, "the number of decode chunks must be at least 1");
    AutoencodeWindow w;
    w.valid_frames = g.frames;
    // Inputs: (1, T, 3, S, S) in [0, 1], (1, samples, 1), label zeros.
    torch::Tensor video = torch::empty({1, g.frames, 3, g.input_side, g.input_side});
    for (int t = 0; t < g.frames; ++t) {
        const ImageU8 f = squareResize(frames[t], g.input_side);
        video[0][t].copy_(torch::from_blob(const_cast<uint8_t*>(f.rgb.data()), {g.input_side, g.input_side, 3}, torch::kUInt8)
                              .permute({2, 0, 1}).to(torch::kFloat).div(255.0));
        w.input.push_back(g.input_side == g.output_width && g.input_side == g.output_height ? f : resizeBicubicPil(f, g.output_width, g.output_height));
    }
    w.audio_in.assign(static_cast<size_t>(g.samples_per_window), 0.0f);
    std::copy_n(audio.begin(), std::min(audio.size(), w.audio_in.size()), w.audio_in.begin());
    const torch::Device device = modelDevice(model);
    ModelInputs in;
    in.inputs.modalities = {{"image", video.to(device)},
                            {"audio", torch::from_blob(w.audio_in.data(), {1, g.samples_per_window, 1}, torch::kFloat).to(device)},
                            {"label", torch::zeros({1, model.config.num_labels()}, torch::TensorOptions().device(device))}};

    c10::InferenceMode guard;
    if (progress) progress->report(0.0, "encoding the window");
    const EncodedInputs enc = m.encode(in, {});
    const int64_t imagePoints = static_cast<int64_t>(g.frames) * g.output_height * g.output_width;
    const int64_t audioPatches = g.samples_per_window / model.config.samples_per_patch;
    std::vector<torch::Tensor> images, audios;
    torch::Tensor label;
    for (int c = 0; c < o.chunks; ++c) {
        if (progress) {
            progress->checkCancelled();
            progress->report(static_cast<double>(c) / o.chunks, "decoding chunk " + std::to_string(c + 1) + " of " + std::to_string(o.chunks));
        }
        const TensorMap points = {{"image", torch::arange(imagePoints * c / o.chunks, imagePoints * (c + 1) / o.chunks, torch::kLong)},
                                  {"audio", torch::arange(audioPatches * c / o.chunks, audioPatches * (c + 1) / o.chunks, torch::kLong)}};
        PerceiverOutput out = m.decode(enc, points, false);
        images.push_back(out.logits_by_modality.at("image").to(torch::kCPU));
        audios.push_back(out.logits_by_modality.at("audio").to(torch::kCPU));
        label = out.logits_by_modality.at("label").to(torch::kCPU);
    }
    const torch::Tensor recon = torch::cat(images, 1)[0].clamp(0, 1).reshape({g.frames, g.output_height, g.output_width, 3});
    const torch::Tensor bytes = recon.mul(255.0).round().to(torch::kUInt8).contiguous();
    double mse = 0;
    for (int t = 0; t < g.frames; ++t) {
        ImageU8 f = ImageU8::filled(g.output_width, g.output_height);
        std::copy_n(bytes[t].data_ptr<uint8_t>(), f.rgb.size(), f.rgb.data());
        const torch::Tensor orig = torch::from_blob(w.input[t].rgb.data(), {g.output_height, g.output_width, 3}, torch::kUInt8).to(torch::kDouble) / 255.0;
        mse += (recon[t].to(torch::kDouble) - orig).pow(2).mean().item<double>() / g.frames;
        w.reconstruction.push_back(std::move(f));
    }
    w.psnr = mse > 0 ? 10.0 * std::log10(1.0 / mse) : 99.0;
    const torch::Tensor a = torch::cat(audios, 1)[0].clamp(-1, 1).contiguous();
    w.audio_out.assign(a.data_ptr<float>(), a.data_ptr<float>() + a.numel());
    const torch::Tensor probs = torch::softmax(label[0].to(torch::kDouble), -1).contiguous();
    w.label_probabilities.assign(probs.data_ptr<double>(), probs.data_ptr<double>() + probs.numel());
    const int k = std::max(1, std::min<int>(o.top_k, static_cast<int>(probs.size(0))));
    const auto [p, idx] = probs.topk(k);
    for (int j = 0; j < k; ++j) w.top.push_back({idx[j].item<int64_t>(), model.config.label(idx[j].item<int64_t>()), p[j].item<double>()});
    if (progress) progress->report(1.0, "window done");
    return w;
}

AutoencodeResult autoencodeVideo(TaskModel& model, const std::string& videoPath, const AutoencodeOptions& o,
                                 const std::function<void(const AutoencodeWindow&)>& onWindow, Progress* progress) {
    trunk(model);
    const AutoencodeGeometry g = autoencodeGeometry(model);
    VideoReader reader(videoPath);
    const AudioBuffer sound = decodeAudio(videoPath, g.sample_rate);
    const int64_t total = std::max<int64_t>(1, reader.frameCount());
    AutoencodeResult r;
    r.sample_rate = g.sample_rate;
    torch::Tensor probSum;
    std::vector<ImageU8> window;
    ImageU8 frame;
    bool more = true;
    while (more) {
        window.clear();
        while (static_cast<int>(window.size()) < g.frames && (more = reader.read(frame))) window.push_back(frame);
        if (window.empty()) break;
        const int valid = static_cast<int>(window.size());
        while (static_cast<int>(window.size()) < g.frames) window.push_back(window.back());
        const size_t start = static_cast<size_t>(r.frames) * (g.samples_per_window / g.frames);
        std::vector<float> audio;
        if (start < sound.samples.size())
            audio.assign(sound.samples.begin() + start, sound.samples.begin() + std::min(sound.samples.size(), start + g.samples_per_window));
        Progress inner([&](double f, const std::string& stage) {
            if (progress) progress->report(std::min(1.0, (r.frames + f * valid) / static_cast<double>(total)),
                                           "window " + std::to_string(r.windows + 1) + ": " + stage);
        });
        if (progress && progress->isCancelled()) inner.cancel();
        AutoencodeWindow w = autoencodeWindow(model, window, audio, o, progress ? &inner : nullptr);
        if (progress) progress->checkCancelled();
        w.index = r.windows;
        w.valid_frames = valid;
        w.input.resize(valid);
        w.reconstruction.resize(valid);
        const size_t keep = static_cast<size_t>(valid) * (g.samples_per_window / g.frames);
        w.audio_in.resize(keep);
        w.audio_out.resize(std::min(w.audio_out.size(), keep));
        r.mean_psnr += w.psnr;
        const torch::Tensor p = torch::tensor(w.label_probabilities, torch::kDouble);
        probSum = probSum.defined() ? probSum + p : p;
        r.frames += valid;
        ++r.windows;
        onWindow(w);
    }
    if (r.windows == 0) fail(ErrorKind::Media, "video '" + videoPath + "' has no frames");
    r.mean_psnr /= r.windows;
    const int k = std::max(1, std::min<int>(o.top_k, static_cast<int>(probSum.size(0))));
    const auto [p, idx] = (probSum / r.windows).topk(k);
    for (int j = 0; j < k; ++j) r.top.push_back({idx[j].item<int64_t>(), model.config.label(idx[j].item<int64_t>()), p[j].item<double>()});
    if (progress) progress->report(1.0, "done");
    return r;
}

}  // namespace perceiver
