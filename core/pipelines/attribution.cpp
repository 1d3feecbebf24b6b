#include "pipelines/attribution.h"

#include "common/error.h"
#include "model/heads/head.h"
#include "model/perceiver_model.h"
#include "pipelines/autoencode.h"
#include "pipelines/classify.h"
#include "pipelines/float_array.h"
#include "pipelines/gradients.h"
#include "pipelines/model_inputs.h"
#include "pipelines/optical_flow.h"
#include "tokenizer/tokenizer.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>

namespace perceiver {

namespace {


std::string methodText(const AttributionOptions& o, int steps) {
    const char* base = o.baseline == AttributionBaseline::Zeros ? "zero" : o.baseline == AttributionBaseline::Mean ? "mean" : "blurred";
    if (o.method == AttributionMethod::GradientTimesInput) return "gradient x input";
    return "integrated gradients, " + std::to_string(steps) + " Gauss-Legendre nodes, " + base + " baseline";
}

/// Sums of the attribution tensors' elements and the completeness numbers.
void finish(Attribution& a, const GradientAttribution& g, const AttributionOptions& o) {
    a.method = methodText(o, g.steps);
    a.steps = g.steps;
    a.value = g.value;
    a.baseline_value = g.baseline_value;
    a.total = 0;
    for (const torch::Tensor& t : g.attributions) a.total += t.sum().item<double>();
    const double delta = a.value - a.baseline_value;
    a.completeness_error = delta == 0 ? 0 : (a.total - delta) / std::fabs(delta);
}

/// `o` with its batch resolved for `positions` inputs of `model`.
AttributionOptions sized(AttributionOptions o, int64_t positions, const TaskModel& model) {
    o.batch = attributionBatch(o, positions, model.config.num_latents);
    return o;
}


/// (1, ..., H, W) batch-expanded to B.
torch::Tensor expandBatch(const torch::Tensor& t, int64_t B) {
    std::vector<int64_t> sizes = t.sizes().vec();
    sizes[0] = B;
    return t.expand(sizes);
}

torch::Tensor gaussianBlur(const torch::Tensor& x) {  // over the last two dimensions
    const int64_t H = x.size(-2), W = x.size(-1);
    const double sigma = std::max(1.0, std::max(H, W) / 16.0);
    const int64_t radius = static_cast<int64_t>(std::ceil(3 * sigma));
    torch::Tensor k = torch::arange(-radius, radius + 1, x.options()).pow(2).div(-2 * sigma * sigma).exp();
    k = k / k.sum();
    const std::vector<int64_t> shape = x.sizes().vec();
    torch::Tensor flat = x.reshape({-1, 1, H, W});
    namespace F = torch::nn::functional;
    flat = F::pad(flat, F::PadFuncOptions({radius, radius, radius, radius}).mode(torch::kReplicate));
    flat = F::conv2d(flat, k.view({1, 1, 1, -1}));
    flat = F::conv2d(flat, k.view({1, 1, -1, 1}));
    return flat.reshape(shape);
}

}  // namespace

void checkAttributionOptions(const AttributionOptions& o) {
    if (o.steps < 1 || o.steps > 1024) fail(ErrorKind::InvalidInput, "--steps must be between 1 and 1024, got " + std::to_string(o.steps));
    if (o.batch < 0 || o.batch > 256)
        fail(ErrorKind::InvalidInput, "the attribution batch must be between 1 and 256 (0: automatic), got " + std::to_string(o.batch));
}

int attributionBatch(const AttributionOptions& o, int64_t positions, int64_t latents) {
    if (o.batch > 0) return o.batch;
    const double perPoint = 128.0 * static_cast<double>(std::max<int64_t>(1, positions)) * static_cast<double>(std::max<int64_t>(1, latents));
    return static_cast<int>(std::clamp(4e9 / perPoint, 1.0, 8.0));
}

AttributionMethod parseAttributionMethod(const std::string& name) {
    if (name == "ig" || name == "integrated-gradients") return AttributionMethod::IntegratedGradients;
    if (name == "grad-x-input") return AttributionMethod::GradientTimesInput;
    fail(ErrorKind::InvalidInput, "unknown attribution method '" + name + "' (ig, grad-x-input)");
}

AttributionBaseline parseAttributionBaseline(const std::string& name) {
    if (name == "zeros") return AttributionBaseline::Zeros;
    if (name == "mean") return AttributionBaseline::Mean;
    if (name == "blur") return AttributionBaseline::Blur;
    fail(ErrorKind::InvalidInput, "unknown baseline '" + name + "' (zeros, mean, blur)");
}

std::vector<std::pair<double, double>> gaussLegendre01(int n) {
    if (n < 1) fail(ErrorKind::InvalidInput, "Gauss-Legendre needs at least one node");
    std::vector<std::pair<double, double>> out(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {  // Newton's method on P_n from Chebyshev's guess
        double x = std::cos(M_PI * (i + 0.75) / (n + 0.5)), dp = 1;
        for (int it = 0; it < 100; ++it) {
            double p0 = 1, p1 = x;
            for (int k = 2; k <= n; ++k) {
                const double p2 = ((2.0 * k - 1) * x * p1 - (k - 1.0) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            const double pn = n == 1 ? x : p1, pm = n == 1 ? 1 : p0;
            dp = n * (x * pn - pm) / (x * x - 1);
            const double dx = pn / dp;
            x -= dx;
            if (std::fabs(dx) < 1e-15) break;
        }
        if (n == 1) x = 0, dp = 1;
        const double w = n == 1 ? 2.0 : 2.0 / ((1 - x * x) * dp * dp);
        out[static_cast<size_t>(i)] = {(x + 1) / 2, w / 2};  // [-1, 1] -> [0, 1]
    }
    return out;
}

torch::Tensor baselineOf(const torch::Tensor& x, AttributionBaseline kind, bool spatial, const std::string& what) {
    switch (kind) {
        case AttributionBaseline::Zeros: return torch::zeros_like(x);
        case AttributionBaseline::Mean: return torch::full_like(x, x.mean().item<double>());
        case AttributionBaseline::Blur:
            if (!spatial) fail(ErrorKind::InvalidInput, "a blurred baseline needs images, frames or flow patches, not " + what);
            return gaussianBlur(x);
    }
    fail(ErrorKind::Internal, "unknown baseline");
}

GradientAttribution attributeInputs(torch::nn::Module& model, const std::vector<torch::Tensor>& xs, const std::vector<torch::Tensor>& baselines,
                                    const std::function<torch::Tensor(const std::vector<torch::Tensor>&)>& f,
                                    const AttributionOptions& options, Progress* progress) {
    checkAttributionOptions(options);
    AttributionOptions o = options;
    if (o.batch == 0) o.batch = 1;  // (the pipelines resolve 0 by the model's size first)
    if (xs.size() != baselines.size()) fail(ErrorKind::Internal, "attribution: one baseline per input");
    c10::InferenceMode off(false);
    torch::AutoGradMode grad(true);
    struct Frozen {  // the parameters' requires_grad, restored on the way out
        std::vector<std::pair<torch::Tensor, bool>> saved;
        ~Frozen() {
            for (auto& [p, wanted] : saved) p.requires_grad_(wanted);
        }
    } frozen;
    for (torch::Tensor& p : model.parameters()) {
        frozen.saved.emplace_back(p, p.requires_grad());
        p.requires_grad_(false);
    }
    GradientAttribution out;
    {
        torch::NoGradGuard none;
        out.baseline_value = f(baselines).sum().item<double>();
    }
    if (o.method == AttributionMethod::IntegratedGradients) {
        torch::NoGradGuard none;
        out.value = f(xs).sum().item<double>();
    }
    // One pass over `nodes` (value, weight): x itself for gradient x input, the quadrature nodes for IG.
    auto integrate = [&](const std::vector<std::pair<double, double>>& nodes, double from, double to) {
        std::vector<torch::Tensor> sums;
        for (const torch::Tensor& x : xs) sums.push_back(torch::zeros_like(x));
        for (size_t start = 0; start < nodes.size(); start += static_cast<size_t>(o.batch)) {
            if (progress) {
                progress->checkCancelled();
                progress->report(from + (to - from) * static_cast<double>(start) / nodes.size(),
                                 "gradients at point " + std::to_string(start + 1) + " of " + std::to_string(nodes.size()));
            }
            const size_t end = std::min(nodes.size(), start + static_cast<size_t>(o.batch));
            const int64_t B = static_cast<int64_t>(end - start);
            torch::Tensor alpha = torch::empty({B}, torch::kDouble), weight = torch::empty({B}, torch::kDouble);
            for (size_t i = start; i < end; ++i) alpha[int64_t(i - start)] = nodes[i].first, weight[int64_t(i - start)] = nodes[i].second;
            std::vector<torch::Tensor> points;
            for (size_t k = 0; k < xs.size(); ++k) {
                std::vector<int64_t> view(static_cast<size_t>(xs[k].dim()), 1);
                view[0] = B;
                const torch::Tensor a = alpha.to(xs[k].options()).view(view);
                points.push_back((baselines[k] + a * (xs[k] - baselines[k])).detach().requires_grad_(true));
            }
            const torch::Tensor y = f(points);  // (B,)
            if (y.dim() != 1 || y.size(0) != B) fail(ErrorKind::Internal, "attribution: the output is not one value per point");
            const torch::Tensor objective = (y * weight.to(y.options())).sum();  // the quadrature weights on the outputs
            const std::vector<torch::Tensor> grads = torch::autograd::grad({objective}, points);
            for (size_t k = 0; k < xs.size(); ++k) sums[k] += grads[k].detach().sum(0, true);
            if (o.method == AttributionMethod::GradientTimesInput) out.value = y.sum().item<double>();
        }
        out.attributions.clear();
        double total = 0;
        for (size_t k = 0; k < xs.size(); ++k) {
            const torch::Tensor scale = o.method == AttributionMethod::GradientTimesInput ? xs[k] : xs[k] - baselines[k];
            out.attributions.push_back((sums[k] * scale).to(torch::kCPU, torch::kFloat));
            total += out.attributions.back().sum().item<double>();
        }
        return total;
    };
    if (o.method == AttributionMethod::GradientTimesInput) {
        integrate({{1.0, 1.0}}, 0, 1);
        out.steps = 1;
    } else {
        // Refinement: while the sum misses f(x) - f(b) by more than 1 %, twice the nodes (up to
        // 256): piecewise-smooth paths (ReLU, max-pool) converge unevenly.
        const double delta = out.value - out.baseline_value;
        for (int n = o.steps;; n *= 2) {
            const double total = integrate(gaussLegendre01(n), 0, 1);
            out.steps = n;
            const bool complete = delta == 0 || std::fabs(total - delta) <= 0.01 * std::fabs(delta);
            if (complete || !o.refine || n * 2 > 256) break;
        }
    }
    if (progress) progress->report(1.0, "done");
    return out;
}

Attribution attributeText(TaskModel& model, const std::string& text, int64_t position, int64_t label, const AttributionOptions& o,
                          Progress* progress) {
    checkAttributionOptions(o);
    if (o.baseline == AttributionBaseline::Blur) fail(ErrorKind::InvalidInput, "a blurred baseline needs images, frames or flow patches, not text");
    // The target as the trace picks it (position, the top byte or class), from one plain run.
    const Trace t = traceText(model, text, position, label);
    const bool lm = model.className() == "PerceiverForMaskedLM";
    const torch::Device device = modelDevice(model);
    const torch::Tensor ids = torch::tensor(t.maps.token_ids, torch::kLong).unsqueeze(0).to(device);
    auto& pre = dynamic_cast<TextPreprocessor&>(*trunkOf(model, "attributions").input_preprocessor);
    torch::Tensor embeddings;
    int64_t target = 0;
    {
        torch::NoGradGuard none;
        embeddings = pre.embeddings(ids).detach().clone();  // (1, S, d_model)
        ModelInputs in;
        in.inputs.tensor = ids;
        const torch::Tensor logits = model.forward(in, {}).logits[0];
        target = lm ? logits[t.query].argmax().item<int64_t>() : logits.argmax().item<int64_t>();
        if (!lm && label >= 0) target = label;
    }
    const int64_t token = t.query;
    auto f = [&](const std::vector<torch::Tensor>& x) {
        ModelInputs in;
        in.inputs.tensor = ids.expand({x[0].size(0), ids.size(1)});
        in.inputs.token_embeddings = x[0];
        const torch::Tensor logits = model.forward(in, {}).logits;
        return lm ? logits.select(1, token).select(1, target) : logits.select(1, target);
    };
    const GradientAttribution g =
        attributeInputs(model, {embeddings}, {baselineOf(embeddings, o.baseline, false, "text")}, f, sized(o, ids.size(1), model), progress);
    Attribution a;
    a.input = t.maps;
    a.input.cross = {};
    a.input.self.clear();
    a.input.decoder = {};
    a.weights = tensorValues(g.attributions[0][0].sum(-1));  // per token
    a.output = lm ? t.output + ": the logit of '" + PerceiverTokenizer::tokenText(target) + "'"
                  : "class " + std::to_string(target) + " '" + model.config.label(target) + "' (its logit)";
    finish(a, g, o);
    return a;
}

Attribution attributeImage(TaskModel& model, const ImageU8& image, int64_t label, const AttributionOptions& o, Progress* progress) {
    checkAttributionOptions(o);
    if (!isImageClassifier(model.className()))
        fail(ErrorKind::Config, "image attributions need a Perceiver image classifier, this is a " + model.className());
    ClassifierInput prepared = prepareClassifierInput(model, image);
    const torch::Tensor x = prepared.pixel_values.detach().clone();  // (1, 3, H, W)
    int64_t target = label;
    {
        torch::NoGradGuard guard;
        ModelInputs in;
        in.inputs.tensor = x;
        const torch::Tensor logits = model.forward(in, {}).logits[0];
        if (label < -1 || label >= logits.size(0))
            fail(ErrorKind::InvalidInput, "class " + std::to_string(label) + " out of range: this model has " + std::to_string(logits.size(0)) + " classes");
        if (target < 0) target = logits.argmax().item<int64_t>();
    }
    auto f = [&](const std::vector<torch::Tensor>& p) {
        ModelInputs in;
        in.inputs.tensor = p[0];
        return model.forward(in, {}).logits.select(1, target);
    };
    const GradientAttribution g = attributeInputs(model, {x}, {baselineOf(x, o.baseline, true, "")}, f, sized(o, x.size(2) * x.size(3), model), progress);
    Attribution a;
    a.input.architecture = model.className();
    a.input.view = std::move(prepared.view);
    a.input.grid = {x.size(2), x.size(3)};
    a.weights = tensorValues(g.attributions[0][0].sum(0));  // per pixel (H, W)
    a.output = "class " + std::to_string(target) + " '" + model.config.label(target) + "' (its logit)";
    finish(a, g, o);
    return a;
}

Attribution attributeFlow(TaskModel& model, const ImageU8& first, const ImageU8& second, int x, int y, FlowComponent component,
                          const AttributionOptions& o, Progress* progress) {
    checkAttributionOptions(o);
    // The window and query as the trace picks them.
    if (model.className() != "PerceiverForOpticalFlow")
        fail(ErrorKind::Config, "flow attributions need a PerceiverForOpticalFlow, this is a " + model.className());
    const FlowPixel pixel = flowPixel(model, first.width, first.height, x, y);
    const int th = static_cast<int>(model.config.train_size[0]), tw = static_cast<int>(model.config.train_size[1]);
    const int wx = pixel.window_x, wy = pixel.window_y;
    const torch::Tensor frames = flowFrames(model, first, second);
    const FlowOptions defaults = defaultFlowOptions(model);
    const torch::Tensor patches = flowWindowPatches(model, frames, wy, wx).unsqueeze(0).to(modelDevice(model)).detach().clone();  // (1, 2, 27, h, w)
    const int64_t query = pixel.query;
    PerceiverModel& trunk = trunkOf(model, "attributions");
    const double scale = defaults.flow_scale;
    auto f = [&](const std::vector<torch::Tensor>& p) {
        ModelInputs in;
        in.inputs.tensor = p[0];
        const EncodedInputs enc = trunk.encode(in, {});
        const torch::Tensor uv = trunk.decode(enc, {{"flow", torch::tensor({query}, torch::kLong)}}, false).logits.reshape({p[0].size(0), 2}) * scale;
        if (component == FlowComponent::U) return uv.select(1, 0);
        if (component == FlowComponent::V) return uv.select(1, 1);
        return (uv.pow(2).sum(1) + 1e-12).sqrt();
    };
    const GradientAttribution g = attributeInputs(model, {patches}, {baselineOf(patches, o.baseline, true, "")}, f, sized(o, int64_t(th) * tw, model), progress);
    Attribution a;
    a.input.architecture = model.className();
    a.input.view = crop(padEdge(first, std::max(first.width, tw), std::max(first.height, th)), wx, wy, tw, th);
    a.input.grid = {th, tw};
    a.window_x = wx;
    a.window_y = wy;
    a.weights = tensorValues(g.attributions[0][0].sum(std::vector<int64_t>{0, 1}));  // per pixel of the window, both frames' patches
    const char* what = component == FlowComponent::U ? "u" : component == FlowComponent::V ? "v" : "|(u, v)|";
    a.output = std::string(what) + " at pixel (" + std::to_string(x) + ", " + std::to_string(y) + "), window at (" + std::to_string(wx) +
               ", " + std::to_string(wy) + ")";
    finish(a, g, o);
    return a;
}

Attribution attributeVideo(TaskModel& model, const std::string& videoPath, const VideoTarget& target, const AttributionOptions& o,
                           Progress* progress) {
    checkAttributionOptions(o);
    if (model.className() != "PerceiverForMultimodalAutoencoding")
        fail(ErrorKind::Config, "video attributions need a PerceiverForMultimodalAutoencoding, this is a " + model.className());
    const VideoQuery q = videoQuery(model, target);  // the target's queries and checks, as the trace has them
    const FirstWindow window = firstVideoWindow(model, videoPath);
    const std::vector<ImageU8>& frames = window.frames;
    const std::vector<float>& audio = window.audio;
    MultimodalInput prepared = prepareMultimodalInput(model, frames, audio);
    const torch::Tensor image = prepared.modalities.at("image").detach().clone(), sound = prepared.modalities.at("audio").detach().clone();
    const torch::Tensor labelInput = prepared.modalities.at("label");
    PerceiverModel& trunk = trunkOf(model, "attributions");
    const int64_t spp = model.config.samples_per_patch;
    const int64_t imagePoint = q.image_point, audioPatch = q.audio_patch;
    int64_t topLabel = 0;
    if (target.output == VideoTarget::Output::Label) {
        torch::NoGradGuard guard;
        ModelInputs in;
        in.inputs.modalities = prepared.modalities;
        const EncodedInputs enc = trunk.encode(in, {});
        topLabel = trunk.decode(enc, {{"image", torch::tensor({0L})}, {"audio", torch::tensor({0L})}}, false)
                       .logits_by_modality.at("label").reshape({-1}).argmax().item<int64_t>();
    }
    auto f = [&](const std::vector<torch::Tensor>& p) {
        const int64_t B = p[0].size(0);
        ModelInputs in;
        in.inputs.modalities = {{"image", p[0]}, {"audio", p[1]}, {"label", expandBatch(labelInput, B)}};
        const EncodedInputs enc = trunk.encode(in, {});
        const PerceiverOutput out =
            trunk.decode(enc, {{"image", torch::tensor({imagePoint}, torch::kLong)}, {"audio", torch::tensor({audioPatch}, torch::kLong)}}, false);
        if (target.output == VideoTarget::Output::Pixel) return out.logits_by_modality.at("image").reshape({B, 3}).mean(1);
        if (target.output == VideoTarget::Output::AudioSample) return out.logits_by_modality.at("audio").reshape({B, -1}).select(1, target.sample % spp);
        return out.logits_by_modality.at("label").reshape({B, -1}).select(1, topLabel);
    };
    const GradientAttribution g = attributeInputs(model, {image, sound}, {baselineOf(image, o.baseline, true, ""), baselineOf(sound, o.baseline == AttributionBaseline::Blur ? AttributionBaseline::Zeros : o.baseline, false, "audio")},
                                                  f, sized(o, image.size(1) * image.size(3) * image.size(4) + sound.size(1) / spp, model), progress);
    Attribution a;
    a.input.architecture = model.className();
    a.input.frames = std::move(prepared.views);
    a.input.audio = std::move(prepared.audio);
    // [audio samples][frames x H x W]: each frame pixel summed over its channels.
    const torch::Tensor perSample = g.attributions[1][0].reshape({-1});
    const torch::Tensor perPixel = g.attributions[0][0].sum(1).reshape({-1});  // (T, 3, H, W) -> (T * H * W)
    a.weights = tensorValues(torch::cat({perSample, perPixel}));
    a.input.audio_positions = perSample.size(0);
    a.input.video_grid = {image.size(1), image.size(3), image.size(4)};
    a.input.grid = {image.size(3), image.size(4)};
    a.output = target.output == VideoTarget::Output::Label ? "the label '" + model.config.label(topLabel) + "' (its logit)"
               : target.output == VideoTarget::Output::Pixel ? q.output + " (its mean RGB)"
                                                             : q.output;
    finish(a, g, o);
    return a;
}

}  // namespace perceiver
