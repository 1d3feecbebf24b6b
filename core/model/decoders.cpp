#include "model/decoders.h"

#include "common/error.h"
#include "common/profile.h"
#include "model/decoder_fold.h"

#include <torch/torch.h>

namespace perceiver {

namespace {

int64_t product(const std::vector<int64_t>& v) {
    int64_t p = 1;
    for (int64_t x : v) p *= x;
    return p;
}

// np.unravel_index(points, dims) stacked to (n, d), then -1 + 2 * pos / dims (float32).
torch::Tensor subsampledPositions(const torch::Tensor& points, const std::vector<int64_t>& dims) {
    if (dims.empty()) fail(ErrorKind::InvalidInput, "subsampled decoding needs output_index_dims");
    if (points.dim() != 1 || torch::isFloatingType(points.scalar_type()))
        fail(ErrorKind::InvalidInput, "subsampled_output_points: expected a 1-D integer tensor of flat indices");
    const torch::Tensor idx = points.to(torch::kLong).cpu();
    const int64_t total = product(dims);
    if (idx.numel() > 0 && (idx.min().item<int64_t>() < 0 || idx.max().item<int64_t>() >= total))
        fail(ErrorKind::InvalidInput, "subsampled_output_points: indices must lie in [0, " + std::to_string(total) + ")");
    std::vector<torch::Tensor> coords;
    int64_t stride = total;
    for (int64_t d : dims) {
        stride /= d;
        coords.push_back(torch::div(idx, stride, "floor").remainder(d));
    }
    const torch::Tensor pos = torch::stack(coords, 1);  // (n, d) int64
    const torch::Tensor dimsT = torch::tensor(dims, torch::kLong).unsqueeze(0);
    return torch::true_divide(2 * pos, dimsT) + (-1);     // float32, as the reference
}

// (B, ..., C) -> (B, prod(...), C), with explicit sizes so that zero queries (an empty chunk)
// reshape too.
torch::Tensor flattenQueries(const torch::Tensor& t) {
    const int64_t B = t.size(0), C = t.size(-1);
    int64_t n = 1;
    for (int64_t d = 1; d + 1 < t.dim(); ++d) n *= t.size(d);
    return t.reshape({B, n, C});
}

}  // namespace

ProjectionDecoder::ProjectionDecoder(const PerceiverConfig& c) {
    classifier = register_module("classifier", torch::nn::Linear(c.d_latents, c.num_labels()));
}

DecoderOutput ProjectionDecoder::forward(const torch::Tensor&, const torch::Tensor& z, bool) {
    return {linear(torch::mean(z, 1), classifier), {}};
}

// ---------------------------------------------------------------------------------------------

BasicDecoder::BasicDecoder(const PerceiverConfig& c, const BasicDecoderOptions& o) : options(o) {
    if (o.subsampled_index_dims.empty()) options.subsampled_index_dims = o.output_index_dims;
    if (o.position_encoding_type != "none") {
        auto built = buildPositionEncoding(*this, "output_position_encodings", o.position_encoding_type, o.pos_out_channels,
                                           o.project_pos_dim, o.trainable ? &*o.trainable : nullptr,
                                           o.fourier ? &*o.fourier : nullptr);
        output_position_encodings = built.encoding;
        positions_projection = built.projection;
    }
    if (!o.position_encoding_only) {
        decoding_cross_attention = register_module(
            "decoding_cross_attention", std::make_shared<Layer>(c, true, o.qk_channels, o.v_channels, o.num_heads, o.num_channels,
                                                                c.d_latents, o.widening_factor, o.use_query_residual));
        if (o.final_project) final_layer = register_module("final_layer", torch::nn::Linear(o.num_channels, o.output_num_channels));
        if (final_layer && !o.use_query_residual) {
            fold = std::make_shared<DecoderFold>(*decoding_cross_attention, *final_layer);
            if (fold->form() == FoldForm::None) fold.reset();
        }
    }
}

int64_t BasicDecoder::num_query_channels() const {
    if (options.position_encoding_type == "none")
        fail(ErrorKind::Config, "You cannot calculate number of decoder query channels when position_encoding_type is set to none");
    if (options.position_encoding_only) {
        if (options.project_pos_dim > 0) return options.project_pos_dim;
        return output_position_encodings->output_size();
    }
    return options.final_project ? options.output_num_channels : options.num_channels;
}

int64_t BasicDecoder::num_output_points() const { return product(options.output_index_dims); }

torch::Tensor BasicDecoder::decoder_query(const QueryContext& ctx) {
    if (options.position_encoding_type == "none")
        fail(ErrorKind::Config, "You cannot construct decoder queries when position_encoding_type is set to none");
    const int64_t B = ctx.inputs.size(0);
    torch::Tensor pos_emb;
    if (ctx.subsampled_points.defined()) {
        const torch::Tensor pos = subsampledPositions(ctx.subsampled_points, options.output_index_dims)
                                      .to(ctx.inputs.device())
                                      .unsqueeze(0)
                                      .expand({B, -1, -1});
        pos_emb = output_position_encodings->encode(options.output_index_dims, B, ctx.inputs.options(), pos);
        if (positions_projection) pos_emb = linear(pos_emb, positions_projection);
        pos_emb = flattenQueries(pos_emb);
    } else {
        // The reference uses inputs.shape[2:] as the index dims of a Fourier query grid.
        const std::vector<int64_t> index_dims(ctx.inputs.sizes().begin() + std::min<int64_t>(2, ctx.inputs.dim()),
                                              ctx.inputs.sizes().end());
        pos_emb = output_position_encodings->encode(index_dims, B, ctx.inputs.options());
        if (positions_projection) pos_emb = linear(pos_emb, positions_projection);
    }
    if (options.concat_preprocessed_input) {
        if (!ctx.inputs_without_pos.defined())
            fail(ErrorKind::InvalidInput, "Value is required for inputs_without_pos if concat_preprocessed_input is True");
        pos_emb = torch::cat({ctx.inputs_without_pos, pos_emb}, -1);
    }
    return pos_emb;
}

DecoderOutput BasicDecoder::forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) {
    if (!decoding_cross_attention) fail(ErrorKind::Internal, "a position-encoding-only decoder cannot decode");
    if (query.size(-1) != options.num_channels)
        fail(ErrorKind::InvalidInput, "decoder queries have " + std::to_string(query.size(-1)) + " channels, the decoder expects " +
                                          std::to_string(options.num_channels));
    DecoderOutput out;
    if (fold && fold->applies(query)) {
        AttentionResult r;
        {
            profile::Scope stage("attention");
            r = decoding_cross_attention->attention->self->forward(query, z, torch::Tensor(), torch::Tensor(), output_attentions);
        }
        profile::Scope stage("mlp");
        out.logits = fold->forward(r.output);
        if (output_attentions) out.cross_attentions.push_back(r.probs);
        return out;
    }
    AttentionResult r = decoding_cross_attention->forward(query, z, torch::Tensor(), torch::Tensor(), output_attentions);
    out.logits = final_layer ? linear(r.output, final_layer) : r.output;
    if (output_attentions) out.cross_attentions.push_back(r.probs);
    return out;
}

// ---------------------------------------------------------------------------------------------

ClassificationDecoder::ClassificationDecoder(const PerceiverConfig& c, BasicDecoderOptions o) {
    o.output_num_channels = c.num_labels();
    o.output_index_dims = {1};
    decoder = register_module("decoder", std::make_shared<BasicDecoder>(c, o));
}

DecoderOutput ClassificationDecoder::forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) {
    DecoderOutput out = decoder->forward(query, z, output_attentions);
    out.logits = out.logits.select(1, 0);
    return out;
}

OpticalFlowDecoder::OpticalFlowDecoder(const PerceiverConfig& c, std::vector<int64_t> shape, double rescale,
                                       BasicDecoderOptions o)
    : output_image_shape(std::move(shape)), rescale_factor(rescale) {
    decoder = register_module("decoder", std::make_shared<BasicDecoder>(c, o));
}

torch::Tensor OpticalFlowDecoder::decoder_query(const QueryContext& ctx) {
    // The queries are the inputs, so the frames must be exactly train_size.
    const int64_t points = product(output_image_shape);
    if (ctx.inputs.size(1) != points)
        fail(ErrorKind::InvalidInput, "optical flow: the model decodes exactly train_size (" + std::to_string(output_image_shape[0]) +
                                          "x" + std::to_string(output_image_shape[1]) + ") frames, got " +
                                          std::to_string(ctx.inputs.size(1)) + " positions; tile larger frames");
    // Beyond the reference (its FlowDecoder raises "doesn't support subsampling yet"): the
    // queries of some pixels only, flat indices into train_size, decode those pixels' flow.
    if (ctx.subsampled_points.defined()) {
        const torch::Tensor& p = ctx.subsampled_points;
        if (p.dim() != 1 || p.scalar_type() != torch::kLong)
            fail(ErrorKind::InvalidInput, "subsampled_output_points: expected a 1-D integer tensor of flat indices");
        if (p.numel() > 0 && (p.min().item<int64_t>() < 0 || p.max().item<int64_t>() >= points))
            fail(ErrorKind::InvalidInput, "subsampled_output_points: indices must lie in [0, " + std::to_string(points) + ")");
        return ctx.inputs.index_select(1, p.to(ctx.inputs.device()));
    }
    return ctx.inputs;
}

DecoderOutput OpticalFlowDecoder::forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) {
    DecoderOutput out = decoder->forward(query, z, output_attentions);
    out.logits.div_(rescale_factor);
    const int64_t points = product(output_image_shape);
    if (out.logits.size(1) != points) return out;  // subsampled: (B, n, 2)
    std::vector<int64_t> shape{out.logits.size(0)};
    shape.insert(shape.end(), output_image_shape.begin(), output_image_shape.end());
    shape.push_back(out.logits.size(-1));
    out.logits = out.logits.reshape(shape);
    return out;
}

BasicVideoAutoencodingDecoder::BasicVideoAutoencodingDecoder(const PerceiverConfig& c, std::vector<int64_t> shape,
                                                             BasicDecoderOptions o)
    : output_shape(std::move(shape)) {
    if (output_shape.size() != 4) fail(ErrorKind::Config, "Expected rank 4 output_shape (B, T, H, W)");
    o.output_index_dims = {output_shape[1], output_shape[2], output_shape[3]};
    decoder = register_module("decoder", std::make_shared<BasicDecoder>(c, o));
}

DecoderOutput BasicVideoAutoencodingDecoder::forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) {
    DecoderOutput out = decoder->forward(query, z, output_attentions);
    std::vector<int64_t> shape = output_shape;
    shape.push_back(out.logits.size(-1));
    out.logits = out.logits.reshape(shape);
    return out;
}

// ---------------------------------------------------------------------------------------------

MultimodalDecoder::MultimodalDecoder(const PerceiverConfig& c, std::map<std::string, std::shared_ptr<Decoder>> mods,
                                     std::optional<int64_t> num_outputs, int64_t output_num_channels, int64_t min_padding,
                                     BasicDecoderOptions shared)
    : modality_decoders(std::move(mods)), min_padding_size(min_padding) {
    modalities = register_module("modalities", std::make_shared<ModuleDict>());
    for (auto& [name, d] : modality_decoders) modalities->register_module(name, d);
    const int64_t common = num_query_channels();
    shared.output_index_dims = num_outputs ? std::vector<int64_t>{*num_outputs} : std::vector<int64_t>{};
    shared.output_num_channels = output_num_channels;
    shared.position_encoding_type = "none";
    shared.num_channels = common;
    decoder = register_module("decoder", std::make_shared<BasicDecoder>(c, shared));
    padding = register_module("padding", std::make_shared<ModuleDict>());
    for (auto& [name, d] : modality_decoders)
        padding->register_parameter(name, torch::randn({1, common - d->num_query_channels()}) * 0.02);
}

int64_t MultimodalDecoder::num_query_channels() const {
    int64_t m = 0;
    for (const auto& [name, d] : modality_decoders) m = std::max(m, d->num_query_channels());
    return m + min_padding_size;
}

TensorMap MultimodalDecoder::allOutputPoints() const {
    TensorMap points;
    for (const auto& [name, d] : modality_decoders) {
        const BasicDecoder* basic = dynamic_cast<const BasicDecoder*>(d.get());
        if (auto* v = dynamic_cast<const BasicVideoAutoencodingDecoder*>(d.get())) basic = v->decoder.get();
        if (basic && basic->options.position_encoding_type == "fourier" && !basic->options.output_index_dims.empty())
            points[name] = torch::arange(basic->num_output_points(), torch::kLong);
    }
    return points;
}

torch::Tensor MultimodalDecoder::queries(const QueryContext& ctx, ModalitySizes* sizes) {
    // restructure(): split the flat inputs among the modalities, in name order.
    TensorMap per;
    int64_t index = 0;
    for (const auto& [name, size] : ctx.modality_sizes) {
        per[name] = ctx.inputs.slice(1, index, index + size);
        index += size;
    }
    const int64_t common = num_query_channels();
    std::vector<torch::Tensor> parts;
    if (sizes) sizes->clear();
    for (auto& [name, d] : modality_decoders) {
        auto it = per.find(name);
        if (it == per.end()) fail(ErrorKind::InvalidInput, "multimodal decoder: no inputs for modality '" + name + "'");
        QueryContext sub;
        sub.inputs = it->second;
        if (auto w = ctx.inputs_without_pos_by_modality.find(name); w != ctx.inputs_without_pos_by_modality.end())
            sub.inputs_without_pos = w->second;
        if (auto s = ctx.subsampled_by_modality.find(name); s != ctx.subsampled_by_modality.end()) sub.subsampled_points = s->second;
        torch::Tensor q = d->decoder_query(sub);
        q = flattenQueries(q);
        const torch::Tensor pad = padding->named_parameters(false)[name].expand({q.size(0), q.size(1), common - q.size(2)});
        parts.push_back(torch::cat({q, pad}, 2));
        if (sizes) (*sizes)[name] = q.size(1);
    }
    return torch::cat(parts, 1);
}

DecoderOutput MultimodalDecoder::forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) {
    return decoder->forward(query, z, output_attentions);
}

}  // namespace perceiver
