#include "training/tasks/clips_task.h"

#include "model/perceiver_model.h"
#include "pipelines/autoencode.h"
#include "pipelines/model_inputs.h"
#include "training/generators.h"
#include "training/tasks/task_common.h"

#include <torch/torch.h>

#include <vector>

namespace perceiver {

ClipScore scoreClips(TaskModel& model, int count, uint64_t seed) {
    const AutoencodeGeometry g = autoencodeGeometry(model);
    AutoencodeOptions o;
    o.chunks = 4;
    o.top_k = 1;
    ClipScore s;
    for (int i = 0; i < count; ++i) {
        const ClipSample c = makeClip(exampleSeed(seed, i) & ~(1ull << 63), g.frames, g.input_side, g.samples_per_window / g.frames, g.sample_rate);
        const AutoencodeWindow w = autoencodeWindow(model, c.frames, c.audio, o);
        s.psnr += w.psnr / count;
        s.label_accuracy += (w.top.at(0).index == c.label ? 1.0 : 0.0) / count;
    }
    return s;
}

PerceiverConfig ClipsTask::config() const {
    // 4 frames of 32x32 (image_size 8 after space-to-depth 4), 320 samples per frame
    // (8 kHz at 25 fps); d_model = audio's 16 + 385 Fourier channels + 4 of padding.
    return demoConfig({{"architectures", {"PerceiverForMultimodalAutoencoding"}}, {"num_frames", 4}, {"image_size", 8},
                       {"audio_samples_per_frame", 320}, {"samples_per_patch", 16}, {"output_shape", {1, 4, 32, 32}},
                       {"output_num_channels", 64}, {"_label_trainable_num_channels", 64}, {"d_model", 405},
                       {"num_latents", 64}, {"d_latents", 128}, {"num_cross_attention_heads", 1},
                       {"num_self_attention_heads", 4}, {"num_self_attends_per_block", 3}, {"qk_channels", 64},
                       {"v_channels", 128}},
                      clipClassNames());
}

torch::Tensor ClipsTask::loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) {
    const AutoencodeGeometry g = autoencodeGeometry(model);
    std::vector<torch::Tensor> images, audios;
    torch::Tensor labels = torch::empty({batch}, torch::kLong);
    for (int64_t b = 0; b < batch; ++b) {
        const ClipSample c = makeClip(rng() | 1ull << 63, g.frames, g.input_side, g.samples_per_window / g.frames, g.sample_rate);
        const MultimodalInput mi = prepareMultimodalInput(model, c.frames, c.audio);
        images.push_back(mi.modalities.at("image"));
        audios.push_back(mi.modalities.at("audio"));
        labels[b] = c.label;
    }
    ModelInputs in;
    const torch::Tensor video = torch::cat(images, 0), audio = torch::cat(audios, 0);  // (B, T, 3, S, S), (B, N, 1)
    in.inputs.modalities = {{"image", video}, {"audio", audio}, {"label", torch::zeros({batch, model.config.num_labels()})}};
    // Decode a random quarter of the pixels (as the reference trained), all audio, the label.
    const int64_t pixelsPerClip = static_cast<int64_t>(g.frames) * g.output_height * g.output_width;
    const torch::Tensor points = std::get<0>(torch::randperm(pixelsPerClip, torch::kLong).slice(0, 0, pixelsPerClip / 4).sort());
    in.subsampled_output_points = {{"image", points},
                                   {"audio", torch::arange(g.samples_per_window / model.config.samples_per_patch, torch::kLong)}};
    const PerceiverOutput out = model.forward(in, {});
    const torch::Tensor pixels = video.permute({0, 1, 3, 4, 2}).reshape({batch, -1, 3}).index_select(1, points);  // in [0, 1]
    const torch::Tensor image = out.logits_by_modality.at("image").reshape_as(pixels);
    const torch::Tensor sound = out.logits_by_modality.at("audio").reshape({batch, -1});
    return torch::mse_loss(image, pixels) + torch::mse_loss(sound, audio.reshape({batch, -1})) +
           0.1 * torch::nn::functional::cross_entropy(out.logits_by_modality.at("label"), labels);
}

Metrics ClipsTask::evaluate(TaskModel& model) {
    const ClipScore s = scoreClips(model, 16, 7);
    return {{"psnr", s.psnr}, {"label_accuracy", s.label_accuracy}};
}

}  // namespace perceiver
