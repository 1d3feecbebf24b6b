#include "pipelines/trace.h"

#include "common/error.h"
#include "common/profile.h"
#include "model/heads/head.h"
#include "model/perceiver_model.h"
#include "pipelines/autoencode.h"
#include "pipelines/classify.h"
#include "pipelines/float_array.h"
#include "pipelines/model_inputs.h"
#include "pipelines/optical_flow.h"
#include "tokenizer/tokenizer.h"

#include <torch/torch.h>

#include <cstdio>
#include <optional>

namespace perceiver {

namespace {


std::string shapeText(const FloatArray& a) {
    std::string s = "(";
    for (size_t i = 0; i < a.shape.size(); ++i) s += (i ? ", " : "") + std::to_string(a.shape[i]);
    return s + ")";
}

ForwardOptions traceOptions() {
    ForwardOptions o;
    o.output_attentions = true;
    o.self_attentions_mean_over_heads = true;
    return o;
}

/// The maps of an encoder run (batch item 0); the decoder's row `query` of `decoder` (B, heads, Q, N).
void keepMaps(Trace& t, const PerceiverOutput& encoder, const torch::Tensor& decoder, int64_t query) {
    profile::Scope stage("trace: keep the maps, chain");
    t.maps.cross = batchItemArray(encoder.cross_attentions.at(0));
    t.maps.self.clear();
    for (const torch::Tensor& a : encoder.attentions) t.maps.self.push_back(batchItemArray(a));
    if (query < 0 || query >= decoder.size(2))
        fail(ErrorKind::Internal, "decoder query " + std::to_string(query) + " of " + std::to_string(decoder.size(2)));
    t.query = query;
    t.maps.decoder = batchItemArray(decoder.slice(2, query, query + 1));  // (heads, 1, N)
    FloatArray row = t.maps.decoder;
    row.shape = {row.shape[0], row.shape[2]};
    t.hops = chainTrace(row, t.maps.self, t.maps.cross);
}

/// A full forward with the maps kept (models whose decoder has fixed queries): out and its maps.
PerceiverOutput runWithMaps(TaskModel& model, const ModelInputs& in, Progress* progress) {
    if (progress) progress->report(0.1, "running the model with attention maps");
    c10::InferenceMode guard;
    PerceiverOutput out = model.forward(in, traceOptions());
    if (out.cross_attentions.size() < 2) fail(ErrorKind::Config, model.className() + " has no decoder cross-attention to trace");
    return out;
}


/// The top `k` of softmax(logits) (L,) as (label, probability), labels from `name`.
template <class Name>
std::vector<std::pair<std::string, double>> topOf(const torch::Tensor& logits, int k, Name name) {
    const torch::Tensor p = torch::softmax(logits.to(torch::kCPU, torch::kDouble), -1);
    const auto [prob, idx] = p.topk(std::min<int64_t>(k, p.size(0)));
    std::vector<std::pair<std::string, double>> out;
    for (int64_t j = 0; j < prob.size(0); ++j) out.emplace_back(name(idx[j].item<int64_t>()), prob[j].item<double>());
    return out;
}

/// The class reported for a classifier's trace: `label`, or the top one (-1).
void classTrace(Trace& t, const TaskModel& model, const torch::Tensor& logits, int64_t label) {
    const int64_t labels = logits.size(-1);
    if (label < -1 || label >= labels)
        fail(ErrorKind::InvalidInput, "class " + std::to_string(label) + " out of range: this model has " + std::to_string(labels) + " classes");
    const torch::Tensor p = torch::softmax(logits.to(torch::kCPU, torch::kDouble), -1);
    if (label < 0) label = p.argmax().item<int64_t>();
    char probability[32];
    std::snprintf(probability, sizeof probability, "%.4f", p[label].item<double>());
    t.output = "class " + std::to_string(label) + " '" + model.config.label(label) + "' (p = " + probability + ")";
    t.prediction = topOf(logits, 5, [&](int64_t i) { return model.config.label(i); });
    t.note = "the classifier has one decoder query for all its classes: the trace is the same for every class "
             "(attributions tell the classes apart)";
}

FloatArray modalityShares(const AttentionMaps& m) {
    const torch::Tensor c = arrayView(m.cross).mean(0);  // (N, M)
    const int64_t audio = m.audio_positions, video = m.video_grid[0] * m.video_grid[1] * m.video_grid[2];
    const torch::Tensor shares = torch::stack({c.slice(1, 0, audio).sum(1), c.slice(1, audio, audio + video).sum(1),
                                               c.slice(1, audio + video, c.size(1)).sum(1)}, 1);
    return tensorArray(shares);
}

}  // namespace

TraceHops chainTrace(const FloatArray& decoderRow, const std::vector<FloatArray>& self, const FloatArray& cross) {
    if (decoderRow.shape.size() != 2 || cross.shape.size() != 3 || cross.shape[1] != decoderRow.shape[1])
        fail(ErrorKind::InvalidInput, "trace: the decoder row " + shapeText(decoderRow) + " and the cross-attention " + shapeText(cross) +
                                          " do not chain (expected (heads, N) and (heads, N, M))");
    const int64_t n = decoderRow.shape[1];
    for (size_t l = 0; l < self.size(); ++l)
        if (self[l].shape.size() != 3 || self[l].shape[1] != n || self[l].shape[2] != n)
            fail(ErrorKind::InvalidInput, "trace: self-attention layer " + std::to_string(l) + " is " + shapeText(self[l]) +
                                              ", expected (heads, " + std::to_string(n) + ", " + std::to_string(n) + ")");
    c10::InferenceMode guard;
    TraceHops h;
    h.decoder = decoderRow;
    const torch::Tensor d = arrayView(decoderRow).mean(0);  // (N,)
    // Row vectors through the layers, last first: v <- v A_k (A_k maps layer k's inputs to its
    // outputs), on the maps in place: with the residual identity, the rows of 0.5 A + 0.5 I are
    // renormalised by r = 0.5 * rowsum(A) + 0.5, so v (0.5 A + 0.5 I) / r = 0.5 (u A) + 0.5 u
    // with u = v / r — no N x N copy per layer (the flow model's are 2048 x 2048, 24 of them).
    auto timesMean = [](const torch::Tensor& v, const torch::Tensor& a) {  // v (N,) times the head mean of a (H, N, N)
        torch::Tensor out = torch::matmul(v, a[0]);
        for (int64_t head = 1; head < a.size(0); ++head) out.add_(torch::matmul(v, a[head]));
        return out.div_(static_cast<double>(a.size(0)));
    };
    torch::Tensor rolled = d.clone(), plain = d.clone();
    for (size_t l = self.size(); l-- > 0;) {
        const torch::Tensor a = arrayView(self[l]);  // (heads, N, N), rows sum to 1 (unless heads are masked)
        const torch::Tensor u = rolled / (0.5 * a.sum(2).mean(0) + 0.5);
        rolled = 0.5 * timesMean(u, a) + 0.5 * u;
        plain = timesMean(plain, a);
    }
    // Both latent vectors through the head-mean cross-attention in one pass over each head's
    // (N, M) map, in float and without a copy of it (the flow model's is 1.5 GB).
    const torch::Tensor c = arrayView(cross);
    const torch::Tensor both = torch::stack({rolled, plain});  // (2, N)
    torch::Tensor inputs = torch::zeros({2, c.size(2)}, torch::kFloat);
    for (int64_t head = 0; head < c.size(0); ++head) inputs.add_(torch::matmul(both, c[head]));
    inputs.div_(static_cast<double>(c.size(0)));
    h.decoder_mean = tensorValues(d);
    h.latents = tensorValues(rolled);
    h.latents_plain = tensorValues(plain);
    h.inputs = tensorValues(inputs[0]);
    h.inputs_plain = tensorValues(inputs[1]);
    return h;
}

TraceSums traceSums(const TraceHops& h) {
    auto sum = [](const std::vector<float>& v) {
        double s = 0;
        for (const float x : v) s += x;
        return s;
    };
    TraceSums s;
    if (h.decoder.shape.size() == 2)
        for (int64_t i = 0; i < h.decoder.shape[0]; ++i) {
            double t = 0;
            for (int64_t j = 0; j < h.decoder.shape[1]; ++j) t += h.decoder.data[i * h.decoder.shape[1] + j];
            s.decoder_heads.push_back(t);
        }
    s.decoder_mean = sum(h.decoder_mean);
    s.latents = sum(h.latents);
    s.latents_plain = sum(h.latents_plain);
    s.inputs = sum(h.inputs);
    s.inputs_plain = sum(h.inputs_plain);
    return s;
}

Trace traceText(TaskModel& model, const std::string& text, int64_t position, int64_t label, Progress* progress) {
    const std::string a = model.className();
    const bool lm = a == "PerceiverForMaskedLM";
    const auto ids = textInputIds(model, text, "a text trace");
    const int64_t tokens = static_cast<int64_t>(ids.size()) - 2;  // without [CLS] and [SEP]
    if (position == -1) {
        position = 0;
        for (int64_t i = 0; i < tokens; ++i)
            if (ids[i + 1] == PerceiverTokenizer::kMask) {
                position = i;
                break;
            }
    }
    if (position < 0 || position >= std::max<int64_t>(tokens, 1))
        fail(ErrorKind::InvalidInput, "position " + std::to_string(position) + " out of range: the text has " + std::to_string(tokens) +
                                          " tokens (a [MASK] counts as one)");
    ModelInputs in;
    in.inputs.tensor = torch::tensor(ids, torch::kLong).unsqueeze(0).to(modelDevice(model));
    const PerceiverOutput out = runWithMaps(model, in, progress);
    Trace t;
    t.maps.architecture = a;
    t.maps.token_ids = ids;
    t.maps.grid = {1, static_cast<int64_t>(ids.size())};
    if (lm) {
        const int64_t token = position + 1;  // after [CLS]
        keepMaps(t, out, out.cross_attentions.at(1), token);
        const std::string shown = PerceiverTokenizer::tokenText(ids[token]);
        t.output = "token " + std::to_string(position) + " ('" + shown + "')";
        t.prediction = topOf(out.logits[0][token], 5, [](int64_t id) { return PerceiverTokenizer::tokenText(id); });
    } else {
        keepMaps(t, out, out.cross_attentions.at(1), 0);
        classTrace(t, model, out.logits[0], label);
    }
    if (progress) progress->report(1.0, "done");
    return t;
}

Trace traceImage(TaskModel& model, const ImageU8& image, int64_t label, Progress* progress) {
    // The input side as the inspector shows it (grid, view), then the trace on the same run's maps.
    if (!isImageClassifier(model.className()))
        fail(ErrorKind::Config, "an image trace needs a Perceiver image classifier, this is a " + model.className());
    ClassifierInput prepared = prepareClassifierInput(model, image);
    ModelInputs in;
    in.inputs.tensor = prepared.pixel_values;
    const PerceiverOutput out = runWithMaps(model, in, progress);
    Trace t;
    t.maps.architecture = model.className();
    keepMaps(t, out, out.cross_attentions.at(1), 0);
    t.maps.view = std::move(prepared.view);
    t.maps.grid = imageTokenGrid(model, t.maps.view.width, t.maps.cross.size(2));
    classTrace(t, model, out.logits[0], label);
    if (progress) progress->report(1.0, "done");
    return t;
}

Trace traceFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, int x, int y, Progress* progress) {
    if (model.className() != "PerceiverForOpticalFlow")
        fail(ErrorKind::Config, "a flow trace needs a PerceiverForOpticalFlow, this is a " + model.className());
    const FlowPixel pixel = flowPixel(model, first.width, first.height, x, y);
    const int th = static_cast<int>(model.config.train_size[0]), tw = static_cast<int>(model.config.train_size[1]);
    std::optional<profile::Scope> prepare(std::in_place, "trace: the window's inputs");
    const torch::Tensor frames = flowFrames(model, first, second);  // (2, 3, H, W), at least train_size
    Trace t;
    t.window_y = pixel.window_y;
    t.window_x = pixel.window_x;
    ModelInputs in;
    in.inputs.tensor = flowWindowPatches(model, frames, t.window_y, t.window_x).unsqueeze(0).to(modelDevice(model));
    prepare.reset();
    PerceiverModel& trunk = trunkOf(model, "traces");
    if (progress) progress->report(0.1, "encoding the window with attention maps");
    const int64_t query = pixel.query;
    PerceiverOutput decoded;
    EncodedInputs encoded;
    {
        c10::InferenceMode guard;
        encoded = trunk.encode(in, traceOptions());
        if (progress) progress->checkCancelled(), progress->report(0.8, "decoding the pixel");
        decoded = trunk.decode(encoded, {{"flow", torch::tensor({query}, torch::kLong)}}, true);
    }
    t.maps.architecture = model.className();
    keepMaps(t, encoded.encoder, decoded.cross_attentions.at(0), 0);
    t.query = query;
    t.maps.view = crop(padEdge(first, std::max(first.width, tw), std::max(first.height, th)), t.window_x, t.window_y, tw, th);
    t.maps.grid = {th, tw};
    const torch::Tensor uv = decoded.logits.reshape({-1}).to(torch::kCPU, torch::kFloat) * defaultFlowOptions(model).flow_scale;
    t.output = "pixel (" + std::to_string(x) + ", " + std::to_string(y) + ")";
    t.prediction = {{"u", uv[0].item<double>()}, {"v", uv[1].item<double>()}};
    if (progress) progress->report(1.0, "done");
    return t;
}

VideoQuery videoQuery(const TaskModel& model, const VideoTarget& target) {
    const AutoencodeGeometry g = autoencodeGeometry(model);
    const int64_t spp = model.config.samples_per_patch;
    VideoQuery q;
    switch (target.output) {
    case VideoTarget::Output::Pixel:
        if (target.frame < 0 || target.frame >= g.frames || target.x < 0 || target.y < 0 || target.x >= g.output_width ||
            target.y >= g.output_height)
            fail(ErrorKind::InvalidInput, "pixel (" + std::to_string(target.frame) + ", " + std::to_string(target.x) + ", " +
                                              std::to_string(target.y) + ") lies outside the window: " + std::to_string(g.frames) +
                                              " frames of " + std::to_string(g.output_width) + "x" + std::to_string(g.output_height));
        q.image_point = (static_cast<int64_t>(target.frame) * g.output_height + target.y) * g.output_width + target.x;
        q.row = 1;
        q.output = "pixel (" + std::to_string(target.x) + ", " + std::to_string(target.y) + ") of frame " + std::to_string(target.frame);
        break;
    case VideoTarget::Output::AudioSample:
        if (target.sample < 0 || target.sample >= g.samples_per_window)
            fail(ErrorKind::InvalidInput, "audio sample " + std::to_string(target.sample) + " out of range: a window has " +
                                              std::to_string(g.samples_per_window) + " samples");
        q.audio_patch = target.sample / spp;
        q.output = "audio sample " + std::to_string(target.sample) + " (patch " + std::to_string(q.audio_patch) + " of " +
                   std::to_string(spp) + " samples)";
        break;
    case VideoTarget::Output::Label:
        q.row = 2;
        q.output = "the label";
        break;
    }
    return q;
}

Trace traceVideo(TaskModel& model, const std::vector<ImageU8>& frames, const std::vector<float>& audio, const VideoTarget& target,
                 Progress* progress) {
    if (model.className() != "PerceiverForMultimodalAutoencoding")
        fail(ErrorKind::Config, "a video trace needs a PerceiverForMultimodalAutoencoding, this is a " + model.className());
    const AutoencodeGeometry g = autoencodeGeometry(model);
    const int64_t spp = model.config.samples_per_patch;
    const VideoQuery q = videoQuery(model, target);
    const int64_t imagePoint = q.image_point, audioPatch = q.audio_patch, row = q.row;
    Trace t;
    t.output = q.output;
    MultimodalInput prepared = prepareMultimodalInput(model, frames, audio);
    ModelInputs in;
    in.inputs.modalities = std::move(prepared.modalities);
    PerceiverModel& trunk = trunkOf(model, "traces");
    if (progress) progress->report(0.1, "encoding the window with attention maps");
    PerceiverOutput decoded;
    EncodedInputs encoded;
    {
        c10::InferenceMode guard;
        encoded = trunk.encode(in, traceOptions());
        if (progress) progress->checkCancelled(), progress->report(0.8, "decoding the output");
        decoded = trunk.decode(encoded, {{"image", torch::tensor({imagePoint}, torch::kLong)}, {"audio", torch::tensor({audioPatch}, torch::kLong)}},
                               true);
    }
    t.maps.architecture = model.className();
    keepMaps(t, encoded.encoder, decoded.cross_attentions.at(0), row);
    const int64_t side = model.config.image_size;
    t.maps.audio_positions = g.samples_per_window / spp;
    t.maps.video_grid = {g.frames, side, side};
    if (t.maps.audio_positions + g.frames * side * side + 1 != t.maps.cross.size(2))
        fail(ErrorKind::Internal, "multimodal attention over " + std::to_string(t.maps.cross.size(2)) + " inputs does not split into audio, video and label");
    t.maps.grid = {side, side};
    t.maps.frames = std::move(prepared.views);
    t.maps.audio = std::move(prepared.audio);
    t.modality_shares = modalityShares(t.maps);
    if (target.output == VideoTarget::Output::Pixel) {
        const torch::Tensor rgb = decoded.logits_by_modality.at("image").reshape({-1}).to(torch::kCPU, torch::kFloat).clamp(0, 1) * 255.0;
        t.prediction = {{"R", rgb[0].item<double>()}, {"G", rgb[1].item<double>()}, {"B", rgb[2].item<double>()}};
    } else if (target.output == VideoTarget::Output::AudioSample) {
        const torch::Tensor s = decoded.logits_by_modality.at("audio").reshape({-1}).to(torch::kCPU, torch::kFloat);
        t.prediction = {{"sample " + std::to_string(target.sample), s[target.sample % spp].item<double>()}};
    } else {
        t.prediction = topOf(decoded.logits_by_modality.at("label").reshape({-1}), 5, [&](int64_t i) { return model.config.label(i); });
    }
    if (progress) progress->report(1.0, "done");
    return t;
}

Trace traceVideo(TaskModel& model, const std::string& videoPath, const VideoTarget& target, Progress* progress) {
    const FirstWindow window = firstVideoWindow(model, videoPath);
    const std::vector<ImageU8>& frames = window.frames;
    const std::vector<float>& audio = window.audio;
    return traceVideo(model, frames, audio, target, progress);
}

}  // namespace perceiver
