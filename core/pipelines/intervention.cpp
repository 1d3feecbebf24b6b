#include "pipelines/intervention.h"

#include "common/error.h"
#include "common/progress.h"
#include "model/encoder.h"
#include "model/perceiver_model.h"
#include "pipelines/autoencode.h"
#include "pipelines/classify.h"
#include "pipelines/classify_text.h"
#include "pipelines/fill_mask.h"
#include "pipelines/model_inputs.h"
#include "pipelines/optical_flow.h"
#include "tokenizer/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace perceiver {

std::vector<int64_t> dropPositions(const AttentionMaps& m, const InputDrop& drop) {
    const bool video = m.video_grid.size() == 3;
    const bool text = !m.token_ids.empty();
    int64_t total = 0;
    if (video) total = m.audio_positions + m.video_grid[0] * m.video_grid[1] * m.video_grid[2] + 1;
    else if (text) total = static_cast<int64_t>(m.token_ids.size());
    else if (m.grid.size() == 2) total = m.grid[0] * m.grid[1];
    if (total == 0) fail(ErrorKind::InvalidInput, "no input layout to drop inputs from (run the model on the input first)");
    std::set<int64_t> out;
    for (const int64_t p : drop.positions) {
        if (p < 0 || p >= total)
            fail(ErrorKind::InvalidInput, "input position " + std::to_string(p) + " out of range: this input has " + std::to_string(total) +
                                              " positions (0 ... " + std::to_string(total - 1) + ")");
        out.insert(p);
    }
    for (const InputDrop::Region& r : drop.regions) {
        if (text) fail(ErrorKind::InvalidInput, "a text input has no regions: drop token positions instead");
        const ImageU8& view = video ? (m.frames.empty() ? m.view : m.frames.front()) : m.view;
        const int64_t rows = video ? m.video_grid[1] : m.grid.at(0), cols = video ? m.video_grid[2] : m.grid.at(1);
        const int W = view.empty() ? static_cast<int>(cols) : view.width, H = view.empty() ? static_cast<int>(rows) : view.height;
        if (r.width <= 0 || r.height <= 0 || r.x < 0 || r.y < 0 || r.x + r.width > W || r.y + r.height > H)
            fail(ErrorKind::InvalidInput, "region " + std::to_string(r.x) + "," + std::to_string(r.y) + " " + std::to_string(r.width) + "x" +
                                              std::to_string(r.height) + " lies outside the " + std::to_string(W) + "x" + std::to_string(H) +
                                              " view the model saw");
        const int64_t frames = video ? m.video_grid[0] : 1;
        const int64_t f0 = r.frame_begin, f1 = r.frame_end < 0 ? frames : r.frame_end;
        if (f0 < 0 || f1 > frames || f0 >= f1)
            fail(ErrorKind::InvalidInput, "frames " + std::to_string(f0) + " ... " + std::to_string(f1 - 1) + " out of range: the window has " +
                                              std::to_string(frames) + " frames");
        const int64_t base = video ? m.audio_positions : 0;
        for (int64_t f = f0; f < f1; ++f)
            for (int64_t i = 0; i < rows; ++i)
                for (int64_t j = 0; j < cols; ++j) {
                    const double cx = (j + 0.5) * W / cols, cy = (i + 0.5) * H / rows;
                    if (cx >= r.x && cx < r.x + r.width && cy >= r.y && cy < r.y + r.height) out.insert(base + (f * rows + i) * cols + j);
                }
    }
    if (!drop.audio_samples.empty() || drop.label) {
        if (!video) fail(ErrorKind::InvalidInput, "audio and label inputs exist only for a video + audio (multimodal) model");
        const int64_t samples = static_cast<int64_t>(m.audio.size()), per = std::max<int64_t>(1, samples / std::max<int64_t>(1, m.audio_positions));
        for (const auto& [a, b] : drop.audio_samples) {
            if (a < 0 || b > samples || a >= b)
                fail(ErrorKind::InvalidInput, "audio samples " + std::to_string(a) + " ... " + std::to_string(b) + " out of range: the window has " +
                                                  std::to_string(samples) + " samples");
            for (int64_t p = a / per; p <= (b - 1) / per && p < m.audio_positions; ++p) out.insert(p);
        }
        if (drop.label) out.insert(total - 1);
    }
    return {out.begin(), out.end()};
}

ScopedIntervention::ScopedIntervention(TaskModel& model, const Intervention& iv) : model_(model), saved_(trunkOf(model, "interventions").intervention) {
    setIntervention(model_, iv);
}

ScopedIntervention::~ScopedIntervention() {
    trunkOf(model_, "interventions").intervention = saved_;  // (checked when it was set)
}

namespace {

/// Before / after over every name, shown as top-k.
ScoreChange scoreChange(std::string output, const std::vector<std::pair<std::string, double>>& before,
                        const std::vector<std::pair<std::string, double>>& after, int topK) {
    ScoreChange c;
    c.output = std::move(output);
    std::map<std::string, double> was, now;
    for (const auto& [name, p] : before) was[name] += p;
    for (const auto& [name, p] : after) now[name] += p;
    for (const auto& [name, p] : was) c.max_delta = std::max(c.max_delta, std::fabs(now[name] - p));
    for (const auto& [name, p] : now) c.max_delta = std::max(c.max_delta, std::fabs(p - was[name]));
    if (!before.empty() && !after.empty()) {
        c.top_changed = before.front().first != after.front().first;
        c.top_delta = now[before.front().first] - before.front().second;
    }
    const size_t k = static_cast<size_t>(std::max(1, topK));
    c.before.assign(before.begin(), before.begin() + std::min(k, before.size()));
    c.after.assign(after.begin(), after.begin() + std::min(k, after.size()));
    return c;
}

std::vector<std::pair<std::string, double>> named(const std::vector<ClassScore>& top) {
    std::vector<std::pair<std::string, double>> out;
    for (const ClassScore& s : top) out.emplace_back(std::to_string(s.index) + " " + s.label, s.probability);
    return out;
}

std::vector<std::pair<std::string, double>> named(const MaskedPosition& m) {
    std::vector<std::pair<std::string, double>> out;
    for (const TokenCandidate& c : m.candidates) out.emplace_back(c.text, c.probability);
    return out;
}

/// Runs `run` on a progress sub-range without the intervention, then with it.
template <typename Run>
auto twice(TaskModel& model, const Intervention& iv, Progress* progress, Run run) {
    Progress first = progress ? progress->sub(0, 0.5, "unmodified: ") : Progress();
    Progress second = progress ? progress->sub(0.5, 1, "intervened: ") : Progress();
    Progress* a = progress ? &first : nullptr;
    Progress* b = progress ? &second : nullptr;
    auto before = [&] {
        ScopedIntervention none(model, {});
        return run(a);
    }();
    ScopedIntervention with(model, iv);
    auto after = run(b);
    return std::make_pair(std::move(before), std::move(after));
}

}  // namespace

ClassComparison compareText(TaskModel& model, const std::string& text, const Intervention& iv, int topK, Progress* progress) {
    if (isTextClassifier(model.className())) {  // every label's score, shown as top-k
        TextClassifyOptions o;
        o.top_k = static_cast<int>(std::max<int64_t>(1, model.config.num_labels()));
        const auto [before, after] = twice(model, iv, progress, [&](Progress* p) { return classifyText(model, text, o, p); });
        ClassComparison c;
        c.intervention = describeIntervention(iv);
        c.outputs.push_back(scoreChange("the text", named(before.top), named(after.top), topK));
        return c;
    }
    // Every byte's probability (the vocabulary is 262), shown as top-k.
    const auto [before, after] = twice(model, iv, progress, [&](Progress* p) { return fillMask(model, text, 262, p); });
    ClassComparison c;
    c.intervention = describeIntervention(iv);
    for (size_t i = 0; i < before.masks.size(); ++i)
        c.outputs.push_back(scoreChange("[MASK] at byte " + std::to_string(before.masks[i].byte_index), named(before.masks[i]),
                                        named(after.masks.at(i)), topK));
    return c;
}

ClassComparison compareImage(TaskModel& model, const ImageU8& image, const Intervention& iv, int topK, Progress* progress) {
    const int all = static_cast<int>(std::max<int64_t>(1, model.config.num_labels()));
    const auto [before, after] = twice(model, iv, progress, [&](Progress* p) { return classifyImage(model, image, all, p); });
    ClassComparison c;
    c.intervention = describeIntervention(iv);
    c.outputs.push_back(scoreChange("the image", named(before.top), named(after.top), topK));
    return c;
}

FlowComparison compareFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, const Intervention& iv, Progress* progress) {
    const FlowOptions o = defaultFlowOptions(model);
    auto [before, after] = twice(model, iv, progress, [&](Progress* p) { return estimateFlow(model, first, second, o, p); });
    FlowComparison c;
    c.intervention = describeIntervention(iv);
    c.change = endPointError(after.flow, before.flow);
    for (const FlowField* f : {&before.flow, &after.flow})
        for (size_t i = 0; i + 1 < f->uv.size(); i += 2)
            if (isKnownFlow(f->uv[i], f->uv[i + 1])) c.max_magnitude = std::max(c.max_magnitude, std::hypot(double(f->uv[i]), double(f->uv[i + 1])));
    c.before = std::move(before.flow);
    c.after = std::move(after.flow);
    return c;
}

VideoComparison compareVideo(TaskModel& model, const std::string& videoPath, const Intervention& iv, int topK, Progress* progress) {
    const FirstWindow window = firstVideoWindow(model, videoPath);
    const std::vector<ImageU8>& frames = window.frames;
    const std::vector<float>& audio = window.audio;
    AutoencodeOptions o;
    o.top_k = static_cast<int>(std::max<int64_t>(1, model.config.num_labels()));
    auto [before, after] = twice(model, iv, progress, [&](Progress* p) { return autoencodeWindow(model, frames, audio, o, p); });
    VideoComparison c;
    c.intervention = describeIntervention(iv);
    c.psnr_before = before.frame_psnr;
    c.psnr_after = after.frame_psnr;
    c.window_psnr_before = before.psnr;
    c.window_psnr_after = after.psnr;
    c.labels = scoreChange("the label", named(before.top), named(after.top), topK);
    double sum = 0;
    const size_t n = std::min(before.audio_out.size(), after.audio_out.size());
    for (size_t i = 0; i < n; ++i) sum += std::fabs(double(after.audio_out[i]) - before.audio_out[i]);
    c.audio_change = n ? sum / static_cast<double>(n) : 0;
    c.input = std::move(before.input);
    c.before = std::move(before.reconstruction);
    c.after = std::move(after.reconstruction);
    return c;
}

namespace {

/// `in` (batch 1) repeated to batch B.
ModelInputs repeated(const ModelInputs& in, int64_t B) {
    auto rep = [B](const torch::Tensor& t) {
        std::vector<int64_t> sizes = t.sizes().vec();
        sizes[0] = B;
        return t.expand(sizes);
    };
    ModelInputs out = in;
    if (in.inputs.tensor.defined()) out.inputs.tensor = rep(in.inputs.tensor);
    for (auto& [name, t] : out.inputs.modalities) t = rep(t);
    return out;
}

/// HF's hidden_states entry holding the latents after layer `layer` (0: the cross-attention),
/// counted over the blocks: per block, the state before each layer, then after the block.
size_t hiddenAfter(const PerceiverConfig& c, int64_t layer) {
    if (layer == 0) return 0;
    const int64_t per = c.num_self_attends_per_block, block = (layer - 1) / per, within = (layer - 1) % per;
    return static_cast<size_t>(block * (per + 1) + within + 1);
}

void checkRankOptions(const PerceiverConfig& c, const RankOptions& o) {
    checkAblation(c, o.latents, o.after_layer);
    if (o.batch < 0 || o.batch > 256) fail(ErrorKind::InvalidInput, "latents per pass must be between 1 and 256 (0: 8), got " + std::to_string(o.batch));
}

/// The ranking: `value` reads the output of each batch item as (B,).
LatentRanking rankLatents(TaskModel& model, const ModelInputs& in, const std::function<torch::Tensor(const PerceiverOutput&)>& value,
                          std::string output, const RankOptions& o, Progress* progress) {
    checkRankOptions(model.config, o);
    const int64_t B = o.batch == 0 ? 8 : o.batch, N = model.config.num_latents;
    std::vector<int64_t> latents = o.latents;
    if (latents.empty())
        for (int64_t i = 0; i < N; ++i) latents.push_back(i);
    std::sort(latents.begin(), latents.end());
    latents.erase(std::unique(latents.begin(), latents.end()), latents.end());
    const int64_t L = static_cast<int64_t>(latents.size());
    c10::InferenceMode guard;
    LatentRanking r;
    r.output = std::move(output);
    r.after_layer = o.after_layer;
    if (progress) progress->report(0, "the unablated run");
    ForwardOptions plain;
    plain.output_hidden_states = true;
    const PerceiverOutput base = model.forward(in, plain);
    r.value = value(base)[0].item<double>();
    const torch::Tensor hidden = base.hidden_states.at(hiddenAfter(model.config, o.after_layer));  // (1, N, D)
    for (int64_t start = 0; start < L; start += B) {
        if (progress) {
            progress->checkCancelled();
            progress->report(static_cast<double>(start) / L, "latents " + std::to_string(start + 1) + " ... " +
                                                                 std::to_string(std::min(L, start + B)) + " of " + std::to_string(L));
        }
        const int64_t n = std::min(B, L - start);
        torch::Tensor h = hidden.expand({n, N, hidden.size(2)}).clone();
        for (int64_t k = 0; k < n; ++k) h[k][latents[size_t(start + k)]].zero_();
        ForwardOptions resume;
        resume.resume_hidden = h;
        resume.resume_after_layer = o.after_layer;
        const torch::Tensor v = value(model.forward(repeated(in, n), resume)).to(torch::kCPU, torch::kDouble).contiguous();
        for (int64_t k = 0; k < n; ++k) r.effects.push_back({latents[size_t(start + k)], v[k].item<double>(), v[k].item<double>() - r.value});
    }
    std::stable_sort(r.effects.begin(), r.effects.end(), [](const LatentEffect& a, const LatentEffect& b) { return std::fabs(a.delta) > std::fabs(b.delta); });
    if (progress) progress->report(1, "done");
    return r;
}

}  // namespace

LatentRanking rankLatentsText(TaskModel& model, const std::string& text, int64_t position, int64_t label, const RankOptions& o,
                              Progress* progress) {
    checkRankOptions(model.config, o);
    const Trace t = traceText(model, text, position, label);  // the position and the checks, as traced
    const bool lm = model.className() == "PerceiverForMaskedLM";
    ModelInputs in;
    in.inputs.tensor = torch::tensor(t.maps.token_ids, torch::kLong).unsqueeze(0).to(modelDevice(model));
    int64_t target = label;
    {
        c10::InferenceMode guard;
        const torch::Tensor logits = model.forward(in, {}).logits[0];
        if (lm) target = logits[t.query].argmax().item<int64_t>();
        else if (target < 0) target = logits.argmax().item<int64_t>();
    }
    const int64_t token = t.query;
    const std::string words = lm ? t.output + ": the logit of '" + PerceiverTokenizer::tokenText(target) + "'"
                                 : "class " + std::to_string(target) + " '" + model.config.label(target) + "' (its logit)";
    return rankLatents(model, in, [&](const PerceiverOutput& out) {
        return lm ? out.logits.select(1, token).select(1, target) : out.logits.select(1, target);
    }, words, o, progress);
}

LatentRanking rankLatentsImage(TaskModel& model, const ImageU8& image, int64_t label, const RankOptions& o, Progress* progress) {
    checkRankOptions(model.config, o);
    if (!isImageClassifier(model.className()))
        fail(ErrorKind::Config, "ranking latents on an image needs a Perceiver image classifier, this is a " + model.className());
    ModelInputs in;
    in.inputs.tensor = prepareClassifierInput(model, image).pixel_values;
    int64_t target = label;
    {
        c10::InferenceMode guard;
        const torch::Tensor logits = model.forward(in, {}).logits[0];
        if (label < -1 || label >= logits.size(0))
            fail(ErrorKind::InvalidInput, "class " + std::to_string(label) + " out of range: this model has " + std::to_string(logits.size(0)) + " classes");
        if (target < 0) target = logits.argmax().item<int64_t>();
    }
    return rankLatents(model, in, [&](const PerceiverOutput& out) { return out.logits.select(1, target); },
                       "class " + std::to_string(target) + " '" + model.config.label(target) + "' (its logit)", o, progress);
}

LatentRanking rankLatentsFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, int x, int y, const RankOptions& o,
                              Progress* progress) {
    checkRankOptions(model.config, o);
    if (model.className() != "PerceiverForOpticalFlow")
        fail(ErrorKind::Config, "ranking latents on a flow pixel needs a PerceiverForOpticalFlow, this is a " + model.className());
    const FlowPixel pixel = flowPixel(model, first.width, first.height, x, y);
    ModelInputs in;
    in.inputs.tensor = flowWindowPatches(model, flowFrames(model, first, second), pixel.window_y, pixel.window_x).unsqueeze(0).to(modelDevice(model));
    in.subsampled_output_points = {{"flow", torch::tensor({pixel.query}, torch::kLong)}};
    const double scale = defaultFlowOptions(model).flow_scale;
    return rankLatents(model, in, [&](const PerceiverOutput& out) {
        const torch::Tensor uv = out.logits.reshape({out.logits.size(0), 2}) * scale;
        return (uv.pow(2).sum(1) + 1e-12).sqrt();
    }, "|(u, v)| at pixel (" + std::to_string(x) + ", " + std::to_string(y) + "), window at (" + std::to_string(pixel.window_x) + ", " +
           std::to_string(pixel.window_y) + ")", o, progress);
}

LatentRanking rankLatentsVideo(TaskModel& model, const std::string& videoPath, const VideoTarget& target, const RankOptions& o,
                               Progress* progress) {
    checkRankOptions(model.config, o);
    if (model.className() != "PerceiverForMultimodalAutoencoding")
        fail(ErrorKind::Config, "ranking latents on a video needs a PerceiverForMultimodalAutoencoding, this is a " + model.className());
    const VideoQuery q = videoQuery(model, target);
    const FirstWindow window = firstVideoWindow(model, videoPath);
    const std::vector<ImageU8>& frames = window.frames;
    const std::vector<float>& audio = window.audio;
    ModelInputs in;
    in.inputs.modalities = prepareMultimodalInput(model, frames, audio).modalities;
    in.subsampled_output_points = {{"image", torch::tensor({q.image_point}, torch::kLong)}, {"audio", torch::tensor({q.audio_patch}, torch::kLong)}};
    const int64_t spp = model.config.samples_per_patch;
    int64_t topLabel = 0;
    if (target.output == VideoTarget::Output::Label) {
        c10::InferenceMode guard;
        topLabel = model.forward(in, {}).logits_by_modality.at("label").reshape({-1}).argmax().item<int64_t>();
    }
    std::string words = q.output;
    if (target.output == VideoTarget::Output::Pixel) words += " (its mean RGB)";
    if (target.output == VideoTarget::Output::Label) words = "the label '" + model.config.label(topLabel) + "' (its logit)";
    return rankLatents(model, in, [&](const PerceiverOutput& out) {
        const int64_t B = out.logits_by_modality.at("label").size(0);
        if (target.output == VideoTarget::Output::Pixel) return out.logits_by_modality.at("image").reshape({B, 3}).mean(1);
        if (target.output == VideoTarget::Output::AudioSample) return out.logits_by_modality.at("audio").reshape({B, -1}).select(1, target.sample % spp);
        return out.logits_by_modality.at("label").reshape({B, -1}).select(1, topLabel);
    }, words, o, progress);
}

}  // namespace perceiver
