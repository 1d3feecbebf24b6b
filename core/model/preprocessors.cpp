#include "model/preprocessors.h"

#include "common/error.h"
#include "model/attention.h"
#include "common/shape.h"

#include <torch/torch.h>

#include <cmath>

namespace perceiver {

namespace {

const torch::Tensor& requireTensor(const Inputs& in, const char* who) {
    if (!in.tensor.defined())
        fail(ErrorKind::InvalidInput, std::string(who) + ": expected one input tensor" +
                                          (in.isDict() ? ", got a dict of modalities" : ", got none"));
    return in.tensor;
}

std::vector<int64_t> indexDimsOf(const torch::Tensor& x) {  // x.shape[1:-1]
    return std::vector<int64_t>(x.sizes().begin() + 1, x.sizes().end() - 1);
}

// _build_network_inputs of the image and audio preprocessors: flatten, add positions.
std::pair<torch::Tensor, torch::Tensor> buildNetworkInputs(torch::Tensor x, PositionEncoding& pe,
                                                           torch::nn::Linear projection,
                                                           const std::string& concat_or_add, bool interpolate) {
    const int64_t B = x.size(0);
    const auto index_dims = indexDimsOf(x);
    if (x.dim() > 3) x = x.reshape({B, -1, x.size(-1)});
    torch::Tensor pos;
    auto* trainable = dynamic_cast<TrainablePositionEncoding*>(&pe);
    if (trainable && interpolate) {
        if (index_dims.size() < 2) fail(ErrorKind::InvalidInput, "interpolate_pos_encoding needs 2-D image inputs");
        pos = trainable->interpolated(B, index_dims[0], index_dims[1]);
    } else {
        pos = pe.encode(index_dims, B, x.options());
    }
    if (projection) pos = linear(pos, projection);
    if (pos.size(1) != x.size(1))
        fail(ErrorKind::InvalidInput, "the position encoding has " + std::to_string(pos.size(1)) + " positions, the input " +
                                          std::to_string(x.size(1)) + " (is the image the size the model was built for?)");
    torch::Tensor with = concat_or_add == "concat" ? torch::cat({x, pos}, -1) : x + pos;
    return {with, x};
}

}  // namespace

torch::Tensor spaceToDepth(const torch::Tensor& f, int64_t t, int64_t s) {
    if (f.dim() == 4) {
        const int64_t B = f.size(0), C = f.size(1), H = f.size(2), W = f.size(3);
        if (H % s || W % s)
            fail(ErrorKind::InvalidInput, "space_to_depth: image " + shapeOf(f) + " is not divisible by block " + std::to_string(s));
        return f.view({B, C, H / s, s, W / s, s}).permute({0, 2, 4, 3, 5, 1}).contiguous().view({B, H / s, W / s, s * s * C});
    }
    if (f.dim() == 5) {
        const int64_t B = f.size(0), T = f.size(1), C = f.size(2), H = f.size(3), W = f.size(4);
        if (T % t || H % s || W % s)
            fail(ErrorKind::InvalidInput, "space_to_depth: video " + shapeOf(f) + " is not divisible by blocks (" +
                                              std::to_string(t) + ", " + std::to_string(s) + ")");
        return f.view({B, T / t, t, C, H / s, s, W / s, s})
            .permute({0, 1, 4, 6, 2, 5, 7, 3})
            .contiguous()
            .view({B, T / t, H / s, W / s, t * s * s * C});
    }
    fail(ErrorKind::InvalidInput, "space_to_depth: frames of shape " + shapeOf(f) +
                                      " should be of rank 4 (batch, channels, height, width) or rank 5 (batch, time, channels, height, width)");
}

// ---------------------------------------------------------------------------------------------

TextPreprocessor::TextPreprocessor(const PerceiverConfig& c)
    : d_model(c.d_model), vocab_size(c.vocab_size), max_position_embeddings(c.max_position_embeddings) {
    embeddings = register_module("embeddings", torch::nn::Embedding(c.vocab_size, c.d_model));
    position_embeddings = register_module("position_embeddings", torch::nn::Embedding(c.max_position_embeddings, c.d_model));
}

PreprocessorOutput TextPreprocessor::forward(const Inputs& in, bool) {
    const torch::Tensor& ids = requireTensor(in, "text preprocessor");
    if (ids.dim() != 2 || torch::isFloatingType(ids.scalar_type()) || ids.scalar_type() == torch::kBool)
        fail(ErrorKind::InvalidInput, "text input: expected integer token ids of shape (batch, length), got " +
                                          std::string(c10::toString(ids.scalar_type())) + " " + shapeOf(ids));
    const int64_t S = ids.size(1);
    if (S > max_position_embeddings)
        fail(ErrorKind::InvalidInput, "text input: " + std::to_string(S) + " tokens exceed max_position_embeddings (" +
                                          std::to_string(max_position_embeddings) + ")");
    if (ids.numel() > 0) {
        const int64_t lo = ids.min().item<int64_t>(), hi = ids.max().item<int64_t>();
        if (lo < 0 || hi >= vocab_size)
            fail(ErrorKind::InvalidInput, "text input: token id " + std::to_string(lo < 0 ? lo : hi) + " outside [0, " +
                                              std::to_string(vocab_size) + ")");
    }
    PreprocessorOutput out;
    if (in.token_embeddings.defined()) {
        const torch::Tensor& e = in.token_embeddings;
        if (e.dim() != 3 || e.size(1) != S || e.size(2) != d_model)
            fail(ErrorKind::InvalidInput, "text input: token embeddings " + shapeOf(e) + " for " + std::to_string(S) + " tokens of " +
                                              std::to_string(d_model) + " channels");
        out.inputs_without_pos = e;
    } else {
        out.inputs_without_pos = embeddings(ids.to(torch::kLong));
    }
    const auto positions = torch::arange(S, torch::TensorOptions().dtype(torch::kLong).device(ids.device()));
    out.inputs = out.inputs_without_pos + position_embeddings(positions);
    return out;
}

// ---------------------------------------------------------------------------------------------

Conv2DDownsample::Conv2DDownsample(int64_t in_channels, int64_t out_channels, bool use_batchnorm) {
    // Conv2dSamePadding with k=7: a fixed zero pad of 3 on every side, whatever the input size.
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, out_channels, 7)
                                                         .stride(2).padding(3).bias(false)));
    if (use_batchnorm)
        batchnorm = register_module("batchnorm", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(out_channels).eps(1e-5)));
}

torch::Tensor Conv2DDownsample::forward(const torch::Tensor& x) {
    torch::Tensor y = counted(conv(x), x.size(1) * 49);  // 7 x 7 kernels
    if (batchnorm) y = batchnorm(y);
    return torch::max_pool2d(torch::relu(y), {3, 3}, {2, 2});
}

ImagePreprocessor::ImagePreprocessor(const PerceiverConfig&, const ImagePreprocessorOptions& o) : options(o) {
    const auto& t = o.prep_type;
    if (t != "conv" && t != "patches" && t != "pixels" && t != "conv1x1")
        fail(ErrorKind::Config, "image preprocessor: prep_type '" + t + "' is invalid (conv, conv1x1, patches, pixels)");
    if (o.concat_or_add_pos != "concat" && o.concat_or_add_pos != "add")
        fail(ErrorKind::Config, "image preprocessor: concat_or_add_pos '" + o.concat_or_add_pos + "' is invalid (concat, add)");
    if (o.spatial_downsample < 1 || o.temporal_downsample < 1)
        fail(ErrorKind::Config, "image preprocessor: downsampling factors must be >= 1");
    if (t == "conv") {
        const double layers = std::log(static_cast<double>(o.spatial_downsample)) / std::log(4.0);
        if (layers != std::round(layers) || o.temporal_downsample != 1)
            fail(ErrorKind::Config, "Only powers of 4 expected for spatial and 1 expected for temporal downsampling with conv.");
        convnet = register_module("convnet", std::make_shared<Conv2DDownsample>(o.in_channels, o.out_channels, o.conv2d_use_batchnorm));
    } else if (t == "conv1x1") {
        if (o.temporal_downsample != 1) fail(ErrorKind::Config, "Conv1x1 does not downsample in time.");
        convnet_1x1 = register_module("convnet_1x1", torch::nn::Conv2d(torch::nn::Conv2dOptions(o.in_channels, o.out_channels, 1)
                                                                           .stride(o.spatial_downsample)));
    }
    auto built = buildPositionEncoding(*this, "position_embeddings", o.position_encoding_type, o.out_channels, o.project_pos_dim,
                                       o.trainable ? &*o.trainable : nullptr, o.fourier ? &*o.fourier : nullptr);
    position_embeddings = built.encoding;
    positions_projection = built.projection;
    if (o.conv_after_patching)
        conv_after_patches = register_module("conv_after_patches", torch::nn::Linear(o.conv_after_patching_in_channels, o.out_channels));
}

int64_t ImagePreprocessor::num_channels() const {
    const bool is_temporal = position_embeddings->num_dimensions() > 2;
    const int64_t pos_dim = options.project_pos_dim > 0 ? options.project_pos_dim : position_embeddings->output_size();
    if (options.concat_or_add_pos == "add") return pos_dim;
    int64_t inp_dim = 0;
    if (options.conv_after_patching || options.prep_type == "conv1x1" || options.prep_type == "conv") {
        inp_dim = options.out_channels;
    } else if (options.prep_type == "pixels") {
        inp_dim = options.in_channels;
        if (!is_temporal) inp_dim = (inp_dim + options.spatial_downsample - 1) / options.spatial_downsample;
    } else {  // patches
        inp_dim = options.in_channels * options.spatial_downsample * options.spatial_downsample;
        if (is_temporal) inp_dim *= options.temporal_downsample;
    }
    return inp_dim + pos_dim;
}

PreprocessorOutput ImagePreprocessor::forward(const Inputs& in, bool interpolate) {
    torch::Tensor x = requireTensor(in, "image preprocessor");
    if (!torch::isFloatingType(x.scalar_type()))
        fail(ErrorKind::InvalidInput, "image input: expected floating-point pixels, got " + std::string(c10::toString(x.scalar_type())));
    const auto& t = options.prep_type;
    if (t == "conv" || t == "conv1x1") {
        if (x.dim() != 4 || x.size(1) != options.in_channels)
            fail(ErrorKind::InvalidInput, "image input: expected (batch, " + std::to_string(options.in_channels) +
                                              ", height, width), got " + shapeOf(x));
        if (t == "conv" && (x.size(2) < 5 || x.size(3) < 5))
            fail(ErrorKind::InvalidInput, "image input " + shapeOf(x) + " is too small for the conv stem (at least 5x5)");
        x = t == "conv" ? convnet->forward(x) : counted(convnet_1x1(x), x.size(1));
    } else if (t == "pixels") {
        // The reference slices the first two axes on 4-D inputs (a no-op for downsample 1).
        if (x.dim() == 4)
            x = x.slice(0, 0, c10::nullopt, options.spatial_downsample).slice(1, 0, c10::nullopt, options.spatial_downsample);
        else if (x.dim() == 5)
            x = x.slice(1, 0, c10::nullopt, options.temporal_downsample)
                    .slice(3, 0, c10::nullopt, options.spatial_downsample)
                    .slice(4, 0, c10::nullopt, options.spatial_downsample);
        else
            fail(ErrorKind::InvalidInput, "image input: unsupported shape " + shapeOf(x) + " for pixels (rank 4 or 5 expected)");
    } else {  // patches
        x = spaceToDepth(x, options.temporal_downsample, options.spatial_downsample);
        if (x.dim() == 5 && x.size(1) == 1) x = x.squeeze(1);  // frame pairs (flow)
        if (conv_after_patches) {
            if (x.size(-1) != options.conv_after_patching_in_channels)
                fail(ErrorKind::InvalidInput, "image input: patches have " + std::to_string(x.size(-1)) + " channels, expected " +
                                                  std::to_string(options.conv_after_patching_in_channels));
            x = linear(x, conv_after_patches);
        }
    }
    if (t != "patches") {
        if (x.dim() == 4) x = x.permute({0, 2, 3, 1});
        else if (x.dim() == 5) x = x.permute({0, 1, 3, 4, 2});
        else fail(ErrorKind::InvalidInput, "image input: unsupported shape " + shapeOf(x));
    }
    if (interpolate && !dynamic_cast<TrainablePositionEncoding*>(position_embeddings.get())) interpolate = false;
    auto [with, without] = buildNetworkInputs(x, *position_embeddings, positions_projection, options.concat_or_add_pos, interpolate);
    PreprocessorOutput out;
    out.inputs = with;
    out.inputs_without_pos = without;
    return out;
}

// ---------------------------------------------------------------------------------------------

AudioPreprocessor::AudioPreprocessor(const PerceiverConfig&, const AudioPreprocessorOptions& o) : options(o) {
    if (o.prep_type != "patches") fail(ErrorKind::Config, "Prep_type " + o.prep_type + " is invalid, can only be 'patches'.");
    if (o.concat_or_add_pos != "concat" && o.concat_or_add_pos != "add")
        fail(ErrorKind::Config, "Concat_or_pos " + o.concat_or_add_pos + " is invalid, can only be 'concat' or 'add'.");
    auto built = buildPositionEncoding(*this, "position_embeddings", o.position_encoding_type, o.out_channels, o.project_pos_dim,
                                       o.trainable ? &*o.trainable : nullptr, o.fourier ? &*o.fourier : nullptr);
    position_embeddings = built.encoding;
    positions_projection = built.projection;
}

int64_t AudioPreprocessor::num_channels() const {
    const int64_t pos_dim = options.project_pos_dim > 0 ? options.project_pos_dim : position_embeddings->output_size();
    return options.concat_or_add_pos == "add" ? pos_dim : options.samples_per_patch + pos_dim;
}

PreprocessorOutput AudioPreprocessor::forward(const Inputs& in, bool) {
    const torch::Tensor& a = requireTensor(in, "audio preprocessor");
    if (a.dim() < 2 || a.numel() % (a.size(0) * options.samples_per_patch) != 0)
        fail(ErrorKind::InvalidInput, "audio input " + shapeOf(a) + ": samples per item must be a multiple of samples_per_patch (" +
                                          std::to_string(options.samples_per_patch) + ")");
    const torch::Tensor x = a.reshape({a.size(0), -1, options.samples_per_patch});
    auto [with, without] = buildNetworkInputs(x, *position_embeddings, positions_projection, options.concat_or_add_pos, false);
    PreprocessorOutput out;
    out.inputs = with;
    out.inputs_without_pos = without;
    return out;
}

PreprocessorOutput OneHotPreprocessor::forward(const Inputs& in, bool) {
    const torch::Tensor& x = requireTensor(in, "one-hot preprocessor");
    if (x.dim() != 2 || x.size(1) != num_labels)
        fail(ErrorKind::InvalidInput, "label input: expected (batch, " + std::to_string(num_labels) + "), got " + shapeOf(x));
    PreprocessorOutput out;
    out.inputs = x.unsqueeze(1);
    out.inputs_without_pos = out.inputs;
    return out;
}

// ---------------------------------------------------------------------------------------------

MultimodalPreprocessor::MultimodalPreprocessor(std::map<std::string, std::shared_ptr<Preprocessor>> mods,
                                               std::map<std::string, double> probs, int64_t min_padding)
    : modality_preprocessors(std::move(mods)), mask_probs(std::move(probs)), min_padding_size(min_padding) {
    modalities = register_module("modalities", std::make_shared<ModuleDict>());
    for (auto& [name, p] : modality_preprocessors) modalities->register_module(name, p);
    const int64_t common = num_channels();
    padding = register_module("padding", std::make_shared<ModuleDict>());
    for (auto& [name, p] : modality_preprocessors)
        padding->register_parameter(name, torch::randn({1, common - p->num_channels()}) * 0.02);
    mask = register_module("mask", std::make_shared<ModuleDict>());
    for (auto& [name, prob] : mask_probs) {
        if (prob < 0.0 || prob > 1.0) fail(ErrorKind::Config, "mask probability of '" + name + "' must lie in [0, 1]");
        mask->register_parameter(name, torch::randn({1, common}) * 0.02);
    }
}

int64_t MultimodalPreprocessor::num_channels() const {
    int64_t m = 0;
    for (const auto& [name, p] : modality_preprocessors) m = std::max(m, p->num_channels());
    return m + min_padding_size;
}

PreprocessorOutput MultimodalPreprocessor::forward(const Inputs& in, bool interpolate) {
    if (!in.isDict()) fail(ErrorKind::InvalidInput, "multimodal input: expected a dict of modalities, got a single tensor");
    PreprocessorOutput out;
    std::vector<torch::Tensor> padded;
    const int64_t common = num_channels();
    for (auto& [name, p] : modality_preprocessors) {  // std::map: sorted names, the reference's order
        auto it = in.modalities.find(name);
        if (it == in.modalities.end()) fail(ErrorKind::InvalidInput, "multimodal input: modality '" + name + "' is missing");
        PreprocessorOutput o;
        try {
            o = p->forward(Inputs{it->second, {}, {}}, interpolate);
        } catch (const Error& e) {
            fail(e.kind(), "modality '" + name + "': " + e.what());
        }
        const int64_t B = o.inputs.size(0), M = o.inputs.size(1), C = o.inputs.size(2);
        const torch::Tensor pad = padding->named_parameters(false)[name].expand({B, M, common - C});
        torch::Tensor x = torch::cat({o.inputs, pad}, 2);
        auto mp = mask_probs.find(name);
        if (mp != mask_probs.end() && mp->second > 0.0) {
            const torch::Tensor token = mask->named_parameters(false)[name].expand({B, -1, -1});
            torch::Tensor m;
            if (mp->second >= 1.0) m = torch::ones({B, M, 1}, x.options());
            else m = torch::bernoulli(torch::full({B, M}, mp->second)).unsqueeze(2).to(x.options());
            x = (1 - m) * x + m * token;
        }
        if (!out.modality_sizes.empty() && B != out.inputs_without_pos_by_modality.begin()->second.size(0))
            fail(ErrorKind::InvalidInput, "multimodal input: modality '" + name + "' has a different batch size");
        out.modality_sizes[name] = M;
        out.inputs_without_pos_by_modality[name] = o.inputs_without_pos;
        padded.push_back(x);
    }
    out.inputs = torch::cat(padded, 1);
    return out;
}

}  // namespace perceiver
