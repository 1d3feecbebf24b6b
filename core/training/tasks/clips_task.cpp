#include "training/tasks/clips_task.h"

#include "common/error.h"
#include "model/perceiver_model.h"
#include "pipelines/autoencode.h"
#include "pipelines/model_inputs.h"
#include "training/generators.h"
#include "training/tasks/task_common.h"

#include <torch/torch.h>

#include <cmath>
#include <string>
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

namespace {

// The listening start's constants (ClipsTask::initialize). Latent 0 is the detector; latent
// channels 0 and 1 its marker (+-kDetectorMarker, zero in every other latent), channels 2..17
// the 16 autocorrelation features.
constexpr int64_t kFeatures = 16, kReserved = 2 + kFeatures;
constexpr int kProbeSample = 0;           // the patch sample whose deviation weights the pooling: lags 0..15 from it
constexpr double kAudioMarker = 4.0;      // the audio's input padding in its first channel (~5.6 after the layer norm)
constexpr double kMarkerQuery = 30.0;     // latent 0's query on it: audio scores ~21 above every other input
constexpr double kProbeSharpness = 8.0;   // latent 0's query on the probe sample (1 after the 1/sqrt(64) scale)
constexpr double kFeatureGain = 20.0;     // the cross-attention's output projection onto channels 2..17
constexpr double kDetectorMarker = 20.0;  // latent 0's marker: its decoder key ~12 after the layer norm
constexpr double kLabelQuery = 30.0;      // the label query on that key: ~30 above every other latent
constexpr double kLabelGain = 4.0;        // the classifier's gain over the fitted readout: held-out logit margins of 3.4 or more
                                          // (at 15, training's first steps moved the features into confident mistakes)
constexpr uint64_t kReadoutSeed = 1729;   // the training clips the readout is fitted on
constexpr int64_t kReadoutClips = 512;
constexpr double kReadoutRidge = 1e-3;

/// Zero-sum templates over a patch's samples (a layer norm's shift of a position cancels):
/// the probe (the key) and the 16 lags (the values).
torch::Tensor zeroSum(int64_t n, int64_t at) {
    torch::Tensor t = torch::full({n}, -1.0 / static_cast<double>(n), torch::kDouble);
    t[at] += 1.0;
    return t;
}

/// `seeds`' clips as the model's input: image (B, T, 3, S, S), audio (B, N, 1) and the label's
/// placeholder; labels (B).
struct ClipBatch {
    ModelInputs in;
    torch::Tensor video, audio, labels;
};
ClipBatch clipBatch(TaskModel& model, const std::vector<uint64_t>& seeds) {
    const AutoencodeGeometry g = autoencodeGeometry(model);
    const int64_t batch = static_cast<int64_t>(seeds.size());
    std::vector<torch::Tensor> images, audios;
    ClipBatch b;
    b.labels = torch::empty({batch}, torch::kLong);
    for (int64_t i = 0; i < batch; ++i) {
        const ClipSample c = makeClip(seeds[static_cast<size_t>(i)], g.frames, g.input_side, g.samples_per_window / g.frames, g.sample_rate);
        const MultimodalInput mi = prepareMultimodalInput(model, c.frames, c.audio);
        images.push_back(mi.modalities.at("image"));
        audios.push_back(mi.modalities.at("audio"));
        b.labels[i] = c.label;
    }
    b.video = torch::cat(images, 0);
    b.audio = torch::cat(audios, 0);
    b.in.inputs.modalities = {{"image", b.video}, {"audio", b.audio}, {"label", torch::zeros({batch, model.config.num_labels()})}};
    return b;
}

/// The label's readout at the start: least squares from the detector's features as the
/// decoder's layer norm gives them, each scaled to unit length, to the centred one-hot
/// labels of `count` training clips (seeds with the top bit set, never held out). Without a
/// bias, so a louder tone scales the logits and not their order. (labels, kFeatures).
torch::Tensor fitReadout(TaskModel& model, int64_t count) {
    std::vector<torch::Tensor> features, labels;
    for (int64_t first = 0; first < count; first += 32) {
        std::vector<uint64_t> seeds;
        for (int64_t i = first; i < std::min(count, first + 32); ++i) seeds.push_back(exampleSeed(kReadoutSeed, static_cast<uint64_t>(i)) | 1ull << 63);
        ClipBatch b = clipBatch(model, seeds);
        b.in.subsampled_output_points = {{"image", torch::zeros({1}, torch::kLong)}, {"audio", torch::zeros({1}, torch::kLong)}};
        const torch::Tensor detector = model.forward(b.in, {}).last_hidden_state.select(1, 0);  // (B, D)
        const torch::Tensor f = torch::layer_norm(detector, {detector.size(1)}).narrow(1, 2, kFeatures).to(torch::kDouble);
        features.push_back(f / f.norm(2, 1, true));
        labels.push_back(b.labels);
    }
    const int64_t classes = model.config.num_labels();
    const torch::Tensor x = torch::cat(features), y = torch::one_hot(torch::cat(labels), classes).to(torch::kDouble) - 1.0 / classes;
    const torch::Tensor gram = x.t().matmul(x) + kReadoutRidge * torch::eye(kFeatures, torch::kDouble);
    return torch::linalg_solve(gram, x.t().matmul(y)).t();
}

}  // namespace

void ClipsTask::initialize(TaskModel& model) {
    torch::NoGradGuard noGrad;
    const auto parameter = [&](const std::string& name) { return namedParameter(model, name); };
    const auto zeroRows = [&](const std::string& layer, int64_t rows) {  // a residual writer leaves channels 0..rows-1 alone
        parameter(layer + ".weight").narrow(0, 0, rows).zero_();
        parameter(layer + ".bias").narrow(0, 0, rows).zero_();
    };
    const int64_t patch = model.config.samples_per_patch;
    if (patch < kFeatures || model.config.num_cross_attention_heads != 1 || model.config.d_latents < 4 * kReserved)
        fail(ErrorKind::Internal, "the clips task's listening start does not fit this configuration");
    lecunInitialize(model, {"perceiver.encoder.", "perceiver.decoder.decoder."});

    // The inputs: the audio's padding marks its patches (channel `marker`); nothing else has it.
    torch::Tensor padAudio = parameter("perceiver.input_preprocessor.padding.audio");  // (1, 4)
    torch::Tensor padImage = parameter("perceiver.input_preprocessor.padding.image");  // (1, 162)
    const std::string encoder = "perceiver.encoder.cross_attention.attention.";
    torch::Tensor key = parameter(encoder + "self.key.weight");  // (qk, d_model)
    const int64_t dModel = key.size(1), marker = dModel - padAudio.size(1);
    padAudio.zero_();
    padAudio[0][0] = kAudioMarker;
    padImage[0][marker - (dModel - padImage.size(1))] = 0.0;
    parameter("perceiver.input_preprocessor.mask.label")[0][marker] = 0.0;

    // Latent 0, the detector: +-kDetectorMarker in channels 0 and 1, nothing else; the other
    // latents start with nothing in the reserved channels.
    torch::Tensor latents = parameter("perceiver.embeddings.latents");  // (L, D)
    const int64_t dLatents = latents.size(1);
    latents.narrow(1, 0, kReserved).zero_();
    latents[0].zero_();
    latents[0][0] = kDetectorMarker;
    latents[0][1] = -kDetectorMarker;

    // Its query after the layer norm (sqrt(D / 2) (e0 - e1)): [kMarkerQuery, kProbeSharpness, 0...];
    // the other latents' queries read nothing of channels 0..17.
    torch::Tensor query = parameter(encoder + "self.query.weight");  // (qk, D)
    const double lnDetector = std::sqrt(dLatents / 2.0);
    query.narrow(1, 0, kReserved).zero_();
    query.narrow(0, 0, 2).zero_();
    query[0][0] = kMarkerQuery / (2 * lnDetector);
    query[0][1] = -kMarkerQuery / (2 * lnDetector);
    query[1][0] = kProbeSharpness / (2 * lnDetector);
    query[1][1] = -kProbeSharpness / (2 * lnDetector);
    parameter(encoder + "self.query.bias").narrow(0, 0, 2).zero_();
    // Keys: row 0 the audio marker, row 1 the probe sample's deviation from its patch's mean.
    const torch::Tensor probe = zeroSum(patch, kProbeSample).to(torch::kFloat);
    key.select(1, marker).zero_();
    key.narrow(0, 0, 2).zero_();
    key[0][marker] = 1.0;
    key[1].narrow(0, 0, patch).copy_(probe);
    parameter(encoder + "self.key.bias").narrow(0, 0, 2).zero_();
    // Values 0..15: each sample's deviation from its patch's mean, so latent 0 holds
    // sum_p softmax(probe_p) lag_j,p ~ E[lag_j] + E[probe lag_j] (the first term ~0 over the
    // patches, the second the autocorrelation at lag j - kProbeSample).
    torch::Tensor value = parameter(encoder + "self.value.weight");  // (v, d_model)
    value.narrow(0, 0, kFeatures).zero_();
    for (int64_t j = 0; j < kFeatures; ++j) value[j].narrow(0, 0, patch).copy_(zeroSum(patch, j).to(torch::kFloat));
    parameter(encoder + "self.value.bias").narrow(0, 0, kFeatures).zero_();
    torch::Tensor output = parameter(encoder + "output.dense.weight");  // (D, v)
    output.narrow(0, 0, kReserved).zero_();
    output.narrow(1, 0, kFeatures).zero_();
    for (int64_t j = 0; j < kFeatures; ++j) output[2 + j][j] = kFeatureGain;
    parameter(encoder + "output.dense.bias").narrow(0, 0, kReserved).zero_();
    // Nothing else writes channels 0..17 at the start.
    zeroRows("perceiver.encoder.cross_attention.mlp.dense2", kReserved);
    for (int64_t i = 0; i < model.config.num_self_attends_per_block; ++i) {
        const std::string layer = "perceiver.encoder.self_attends." + std::to_string(i);
        zeroRows(layer + ".attention.output.dense", kReserved);
        zeroRows(layer + ".mlp.dense2", kReserved);
    }

    // The decoder: the label query is its padding's last channel alone (sqrt(width - 1) after
    // the layer norm), its query row 0 reads that channel, key row 0 the detector's marker;
    // values, output, MLP and final layer pass channels 0..15 through to the classifier.
    const std::string decoder = "perceiver.decoder.decoder.";
    torch::Tensor dQuery = parameter(decoder + "decoding_cross_attention.attention.self.query.weight");  // (qk, width)
    const int64_t width = dQuery.size(1), queryMarker = width - 1;
    parameter("perceiver.decoder.modalities.label.decoder.output_position_encodings.position_embeddings").zero_();
    for (const char* modality : {"image", "audio"}) {  // pixels' and samples' queries without the marker
        torch::Tensor pad = parameter(std::string("perceiver.decoder.padding.") + modality);  // (1, width - channels)
        pad[0][queryMarker - (width - pad.size(1))] = 0.0;
    }
    torch::Tensor labelPad = parameter("perceiver.decoder.padding.label");  // (1, width - 64)
    labelPad.zero_();
    labelPad[0][queryMarker - (width - labelPad.size(1))] = 1.0;
    dQuery.select(1, queryMarker).zero_();
    dQuery[0].zero_();
    dQuery[0][queryMarker] = kLabelQuery / std::sqrt(static_cast<double>(width - 1));
    parameter(decoder + "decoding_cross_attention.attention.self.query.bias")[0] = 0.0;
    torch::Tensor dKey = parameter(decoder + "decoding_cross_attention.attention.self.key.weight");  // (qk, D)
    dKey.narrow(1, 0, 2).zero_();
    dKey[0].zero_();
    dKey[0][0] = 1.0;
    dKey[0][1] = -1.0;
    parameter(decoder + "decoding_cross_attention.attention.self.key.bias")[0] = 0.0;
    torch::Tensor dValue = parameter(decoder + "decoding_cross_attention.attention.self.value.weight");  // (v, D)
    dValue.narrow(0, 0, kFeatures).zero_();
    for (int64_t j = 0; j < kFeatures; ++j) dValue[j][2 + j] = 1.0;
    parameter(decoder + "decoding_cross_attention.attention.self.value.bias").narrow(0, 0, kFeatures).zero_();
    for (const char* name : {"decoding_cross_attention.attention.output.dense", "final_layer"}) {
        torch::Tensor w = parameter(decoder + name + ".weight");  // (out, in)
        w.narrow(0, 0, kFeatures).zero_();
        w.narrow(1, 0, kFeatures).zero_();
        for (int64_t j = 0; j < kFeatures; ++j) w[j][j] = 1.0;
        parameter(decoder + name + ".bias").narrow(0, 0, kFeatures).zero_();
    }
    zeroRows(decoder + "decoding_cross_attention.mlp.dense2", kFeatures);

    // The classifiers: pixels and samples start without the features; the label reads them
    // through a readout fitted on training clips.
    const std::string post = "perceiver.output_postprocessor.modalities.";
    parameter(post + "image.classifier.weight").narrow(1, 0, kFeatures).zero_();
    parameter(post + "audio.classifier.weight").narrow(1, 0, kFeatures).zero_();
    torch::Tensor label = parameter(post + "label.classifier.weight");  // (4, 64)
    label.zero_();
    parameter(post + "label.classifier.bias").zero_();
    label.narrow(1, 0, kFeatures).copy_(kLabelGain * fitReadout(model, kReadoutClips).to(torch::kFloat));
}

torch::Tensor ClipsTask::loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) {
    const AutoencodeGeometry g = autoencodeGeometry(model);
    std::vector<uint64_t> seeds;
    for (int64_t b = 0; b < batch; ++b) seeds.push_back(rng() | 1ull << 63);
    ClipBatch b = clipBatch(model, seeds);
    // Decode a random quarter of the pixels (as the reference trained), all audio, the label.
    const int64_t pixelsPerClip = static_cast<int64_t>(g.frames) * g.output_height * g.output_width;
    const torch::Tensor points = std::get<0>(torch::randperm(pixelsPerClip, torch::kLong).slice(0, 0, pixelsPerClip / 4).sort());
    b.in.subsampled_output_points = {{"image", points},
                                     {"audio", torch::arange(g.samples_per_window / model.config.samples_per_patch, torch::kLong)}};
    const PerceiverOutput out = model.forward(b.in, {});
    const torch::Tensor pixels = b.video.permute({0, 1, 3, 4, 2}).reshape({batch, -1, 3}).index_select(1, points);  // in [0, 1]
    const torch::Tensor image = out.logits_by_modality.at("image").reshape_as(pixels);
    const torch::Tensor sound = out.logits_by_modality.at("audio").reshape({batch, -1});
    return torch::mse_loss(image, pixels) + torch::mse_loss(sound, b.audio.reshape({batch, -1})) +
           0.1 * torch::nn::functional::cross_entropy(out.logits_by_modality.at("label"), b.labels);
}

Metrics ClipsTask::evaluate(TaskModel& model) {
    const ClipScore s = scoreClips(model, 16, 7);
    return {{"psnr", s.psnr}, {"label_accuracy", s.label_accuracy}};
}

}  // namespace perceiver
