#include "model/decoders.h"

#include "common/error.h"
#include "common/profile.h"
#include "model/attention.h"
#include "model/decoder_fold.h"

#include <torch/torch.h>

#include <cmath>

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

// Throws Error(InvalidInput) unless the queries are `expected` channels wide.
void checkQueryChannels(const torch::Tensor& query, int64_t expected) {
    if (query.size(-1) != expected)
        fail(ErrorKind::InvalidInput, "decoder queries have " + std::to_string(query.size(-1)) + " channels, the decoder expects " +
                                          std::to_string(expected));
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
    checkQueryChannels(query, options.num_channels);
    DecoderOutput out;
    torch::Tensor probs;
    if (auto folded = forwardFolded(query, z, {{query.size(1), nullptr}}, output_attentions ? &probs : nullptr); !folded.empty()) {
        out.logits = folded.front();
        if (output_attentions) out.cross_attentions.push_back(probs);
        return out;
    }
    AttentionResult r = decoding_cross_attention->forward(query, z, torch::Tensor(), torch::Tensor(), output_attentions);
    out.logits = final_layer ? linear(r.output, final_layer) : r.output;
    if (output_attentions) out.cross_attentions.push_back(r.probs);
    return out;
}

std::vector<torch::Tensor> BasicDecoder::forwardFolded(const torch::Tensor& query, const torch::Tensor& z,
                                                     const std::vector<std::pair<int64_t, torch::nn::LinearImpl*>>& segments,
                                                     torch::Tensor* probs) {
    if (!fold || !fold->applies(query)) return {};
    checkQueryChannels(query, options.num_channels);
    AttentionResult r;
    {
        profile::Scope stage("attention");
        r = decoding_cross_attention->attention->self->forward(query, z, torch::Tensor(), torch::Tensor(), probs != nullptr);
    }
    if (probs) *probs = r.probs;
    profile::Scope stage("mlp");
    std::vector<torch::Tensor> out;
    int64_t start = 0;
    for (const auto& [rows, projection] : segments) {
        const int64_t width = projection ? projection->weight.size(0) : final_layer->weight.size(0);
        out.push_back(rows == 0 ? torch::empty({query.size(0), 0, width}, query.options())
                                : fold->forward(r.output.narrow(1, start, rows), projection));
        start += rows;
    }
    if (start != query.size(1)) fail(ErrorKind::Internal, "folded decoding: the segments do not cover the queries");
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

TensorMap MultimodalDecoder::forwardFolded(const torch::Tensor& query, const torch::Tensor& z, const ModalitySizes& sizes,
                                           const std::map<std::string, torch::nn::LinearImpl*>& projections, torch::Tensor* probs) {
    SelfAttention& a = *decoder->decoding_cross_attention->attention->self;
    if (!decoder->fold || !decoder->fold->applies(query)) return {};
    const int64_t common = num_query_channels();
    checkQueryChannels(query, common);
    int64_t rows = 0;
    for (const auto& [name, size] : sizes) {
        if (!modality_decoders.count(name) || !projections.count(name))
            fail(ErrorKind::InvalidInput, "multimodal decoder: no decoder or postprocessor for modality '" + name + "'");
        rows += size;
    }
    if (rows != query.size(1)) fail(ErrorKind::InvalidInput, "multimodal decoder: the modality sizes do not cover the queries");
    if (a.num_heads != 1 || !decoderScoreFolding()) {  // the reference layer's attention, then the fold per modality
        std::vector<std::pair<int64_t, torch::nn::LinearImpl*>> segments;
        for (const auto& [name, size] : sizes) segments.emplace_back(size, projections.at(name));
        std::vector<torch::Tensor> parts = decoder->forwardFolded(query, z, segments, probs);
        TensorMap out;
        size_t i = 0;
        for (const auto& [name, size] : sizes) out[name] = parts.at(i++);
        return out;
    }
    // A row q of modality m is [f, pad] (f its own channels, pad its constant padding), and
    // scores = s (LN1(q) Wq^T + bq) K^T with K = LN2(z) Wk^T + bk, s = 1 / sqrt(qk) and
    // LN1(q) = gamma (q - mean) / sigma + beta. So, with rows of weights over the qk channels,
    //   scores = [f / sigma, -mean / sigma, 1 / sigma, 1] . s [Wf; Wgamma; Wpad; Wbeta] K^T
    // where Wf = (gamma Wq^T) over f's channels (own x qk), Wgamma = gamma Wq^T summed over all
    // channels, Wpad = (gamma pad) Wq^T over the padding's, Wbeta = beta Wq^T + bq: one product
    // of own + 3 columns per query, nothing on the scores but the softmax.
    torch::Tensor keys, values;
    {
        profile::Scope stage("attention");
        const torch::Tensor latents = a.layernorm2(z);
        keys = linear(latents, a.key);    // (B, N, qk)
        values = linear(latents, a.value);  // (B, N, v)
    }
    const double scale = 1.0 / std::sqrt(static_cast<double>(a.qk_channels));
    const torch::Tensor gammaWq = a.query->weight.t() * a.layernorm1->weight.unsqueeze(1);  // (C, qk)
    const torch::Tensor wGamma = gammaWq.sum(0, true);                                        // (1, qk)
    const torch::Tensor wBeta = (torch::matmul(a.layernorm1->bias, a.query->weight.t()) + a.query->bias).unsqueeze(0);  // (1, qk)
    const torch::Tensor keysT = keys.transpose(1, 2).mul(scale);                              // (B, qk, N)
    const double eps = a.layernorm1->options.eps();
    // Query chunks whose scores stay within the attention budget (attention.h), as the
    // reference layer's plans keep them.
    const int64_t B = query.size(0), N = z.size(1);
    const int64_t chunk = std::max<int64_t>(1, attentionChunkBytes() / std::max<int64_t>(1, B * N * 4));
    TensorMap out;
    std::vector<torch::Tensor> maps;
    int64_t start = 0;
    for (const auto& [name, size] : sizes) {
        torch::nn::LinearImpl* projection = projections.at(name);
        const int64_t own = modality_decoders.at(name)->num_query_channels(), padWidth = common - own;
        std::vector<torch::Tensor> parts;
        if (size > 0) {
            const torch::Tensor pad = padding->named_parameters(false)[name].view({-1});  // (C - own)
            const double padSum = pad.sum().item<double>(), padSquares = pad.square().sum().item<double>();
            torch::Tensor M;  // (B, own + 3, N)
            {
                profile::Scope stage("attention");
                const torch::Tensor wPad = torch::matmul(pad, gammaWq.narrow(0, own, padWidth)).unsqueeze(0);  // (1, qk)
                const torch::Tensor W = torch::cat({gammaWq.narrow(0, 0, own), wGamma, wPad, wBeta}, 0);    // (own + 3, qk)
                M = product(W.unsqueeze(0).expand({B, -1, -1}), keysT);
            }
            for (int64_t r = 0; r < size; r += chunk) {
                const int64_t n = std::min(chunk, size - r), at = start + r;
                torch::Tensor context;
                {
                    profile::Scope stage("attention");
                    // The layer norm's statistics of each row from f and the padding's sums.
                    const torch::Tensor f = query.narrow(1, at, n).narrow(2, 0, own);  // (B, n, own)
                    const torch::Tensor mean = (f.sum(-1, true) + padSum) / static_cast<double>(common);
                    const torch::Tensor centred = (f - mean).square().sum(-1, true);
                    const torch::Tensor var = (centred + (padSquares - 2.0 * padSum * mean + static_cast<double>(padWidth) * mean.square())) /
                                              static_cast<double>(common);
                    const torch::Tensor inv = torch::rsqrt(var + eps);  // (B, n, 1)
                    const torch::Tensor X = torch::cat({f * inv, -mean * inv, inv, torch::ones_like(inv)}, -1);  // (B, n, own + 3)
                    torch::Tensor p = product(X, M);  // (B, n, N) scores
                    p = torch::softmax(p, -1);
                    if (probs) maps.push_back(p);
                    context = product(p, values);  // (B, n, v)
                }
                profile::Scope stage("mlp");
                parts.push_back(decoder->fold->forward(context, projection));
            }
        }
        out[name] = parts.empty() ? torch::empty({B, 0, projection->weight.size(0)}, query.options())
                    : parts.size() == 1 ? parts.front()
                                        : torch::cat(parts, 1);
        start += size;
    }
    if (probs) *probs = maps.empty() ? torch::empty({B, 1, 0, N}, query.options()) : torch::cat(maps, 1).unsqueeze(1);
    return out;
}

}  // namespace perceiver
