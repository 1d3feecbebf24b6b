// Decoders of modeling_perceiver.py: PerceiverProjectionDecoder, PerceiverBasicDecoder,
// PerceiverClassificationDecoder, PerceiverOpticalFlowDecoder,
// PerceiverBasicVideoAutoencodingDecoder and PerceiverMultimodalDecoder.
// A decoder builds output queries (decoder_query) and cross-attends them to the latents.
#pragma once

#include "config/config.h"
#include "model/attention.h"
#include "model/position_encoding.h"
#include "model/preprocessors.h"
#include "model/types.h"

#include <optional>

namespace perceiver {

class DecoderFold;  // decoder_fold.h

/// What decoder_query may look at (the reference's positional arguments).
struct QueryContext {
    torch::Tensor inputs;                       ///< preprocessed inputs (B, M, C) (flow: the queries)
    ModalitySizes modality_sizes;               ///< multimodal: tokens per modality
    torch::Tensor inputs_without_pos;           ///< (B, M, C_in)
    TensorMap inputs_without_pos_by_modality;
    torch::Tensor subsampled_points;            ///< (n,) int64 flat output indices, or undefined
    TensorMap subsampled_by_modality;           ///< multimodal
};

struct DecoderOutput {
    torch::Tensor logits;
    std::vector<torch::Tensor> cross_attentions;  ///< (B, heads, Q, N) when requested
};

class Decoder : public torch::nn::Module {
public:
    virtual int64_t num_query_channels() const = 0;
    /// Output queries (B, Q, num_query_channels) (or shaped per index dims; callers flatten).
    virtual torch::Tensor decoder_query(const QueryContext& ctx) = 0;
    /// query: (B, Q, C_q); z: latents (B, N, d_latents).
    virtual DecoderOutput forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) = 0;
};

class ProjectionDecoder : public Decoder {
public:
    explicit ProjectionDecoder(const PerceiverConfig& config);
    int64_t num_query_channels() const override { return 0; }
    torch::Tensor decoder_query(const QueryContext&) override { return {}; }
    /// mean over latents -> Linear: (B, num_labels).
    DecoderOutput forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) override;
    torch::nn::Linear classifier{nullptr};
};

struct BasicDecoderOptions {
    int64_t output_num_channels = 0;
    std::string position_encoding_type = "trainable";  ///< trainable, fourier, none
    std::vector<int64_t> output_index_dims;            ///< empty = None
    int64_t num_channels = 128;
    std::vector<int64_t> subsampled_index_dims;
    std::optional<int64_t> qk_channels, v_channels;
    int64_t num_heads = 1;
    int64_t widening_factor = 1;
    bool use_query_residual = false;
    bool concat_preprocessed_input = false;
    bool final_project = true;
    bool position_encoding_only = false;
    int64_t project_pos_dim = -1;      ///< present in position_encoding_kwargs when > 0
    int64_t pos_out_channels = -1;     ///< out_channels for that projection
    std::optional<TrainablePositionEncodingOptions> trainable;
    std::optional<FourierPositionEncodingOptions> fourier;
};

class BasicDecoder : public Decoder {
public:
    BasicDecoder(const PerceiverConfig& config, const BasicDecoderOptions& options);
    int64_t num_query_channels() const override;
    torch::Tensor decoder_query(const QueryContext& ctx) override;
    /// query (B, Q, num_channels) -> logits (B, Q, output_num_channels or num_channels). In
    /// inference, a decoder with a final layer and no query residual may run its last steps
    /// folded (decoder_fold.h: the multimodal and flow decoders), the same up to rounding.
    DecoderOutput forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) override;
    /// Number of output points (product of output_index_dims).
    int64_t num_output_points() const;
    /// Folded decoding with a linear map after the final layer per run of rows (decoder_fold.h):
    /// query (B, Q, num_channels) split into consecutive `segments` of (rows, projection or
    /// nullptr), summing to Q -> per segment (B, rows, the projection's outputs or
    /// output_num_channels). The attention runs once over all rows; `probs` receives its maps
    /// (B, 1, Q, N) when not null. Returns none when the decoder does not fold now: run forward().
    std::vector<torch::Tensor> forwardFolded(const torch::Tensor& query, const torch::Tensor& z,
                                             const std::vector<std::pair<int64_t, torch::nn::LinearImpl*>>& segments,
                                             torch::Tensor* probs);

    BasicDecoderOptions options;
    std::shared_ptr<PositionEncoding> output_position_encodings;
    torch::nn::Linear positions_projection{nullptr};
    std::shared_ptr<Layer> decoding_cross_attention;
    torch::nn::Linear final_layer{nullptr};
    std::shared_ptr<DecoderFold> fold;  ///< set when a form saves work (DecoderFold::form)
};

/// Wraps a BasicDecoder with output_index_dims 1 and output_num_channels = num_labels.
class ClassificationDecoder : public Decoder {
public:
    ClassificationDecoder(const PerceiverConfig& config, BasicDecoderOptions options);
    int64_t num_query_channels() const override { return decoder->num_query_channels(); }
    torch::Tensor decoder_query(const QueryContext& ctx) override { return decoder->decoder_query(ctx); }
    /// -> logits (B, num_labels).
    DecoderOutput forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) override;
    std::shared_ptr<BasicDecoder> decoder;
};

class OpticalFlowDecoder : public Decoder {
public:
    OpticalFlowDecoder(const PerceiverConfig& config, std::vector<int64_t> output_image_shape, double rescale_factor,
                       BasicDecoderOptions options);
    int64_t num_query_channels() const override { return decoder->num_query_channels(); }
    /// The queries are the preprocessed inputs themselves (B, H * W, C), which must cover
    /// exactly output_image_shape; with subsampled points (n,) (flat pixel indices, beyond the
    /// reference, which refuses them) only those rows (B, n, C).
    torch::Tensor decoder_query(const QueryContext& ctx) override;
    /// -> flow (B, H, W, 2) = logits / rescale_factor, with (H, W) = output_image_shape; for
    /// n != H * W subsampled queries (B, n, 2).
    DecoderOutput forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) override;
    std::vector<int64_t> output_image_shape;
    double rescale_factor;
    std::shared_ptr<BasicDecoder> decoder;
};

class BasicVideoAutoencodingDecoder : public Decoder {
public:
    BasicVideoAutoencodingDecoder(const PerceiverConfig& config, std::vector<int64_t> output_shape, BasicDecoderOptions options);
    int64_t num_query_channels() const override { return decoder->num_query_channels(); }
    torch::Tensor decoder_query(const QueryContext& ctx) override { return decoder->decoder_query(ctx); }
    /// -> (output_shape..., C).
    DecoderOutput forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) override;
    std::vector<int64_t> output_shape;
    std::shared_ptr<BasicDecoder> decoder;
};

class MultimodalDecoder : public Decoder {
public:
    /// `shared` configures the shared cross-attention decoder (its position encoding is "none").
    MultimodalDecoder(const PerceiverConfig& config, std::map<std::string, std::shared_ptr<Decoder>> modalities,
                      std::optional<int64_t> num_outputs, int64_t output_num_channels, int64_t min_padding_size,
                      BasicDecoderOptions shared);
    int64_t num_query_channels() const override;
    /// Per-modality queries padded to num_query_channels and concatenated in name order.
    torch::Tensor decoder_query(const QueryContext& ctx) override { return queries(ctx, nullptr); }
    /// The same, also giving the number of queries per modality (for the postprocessor).
    torch::Tensor queries(const QueryContext& ctx, ModalitySizes* sizes);
    DecoderOutput forward(const torch::Tensor& query, const torch::Tensor& z, bool output_attentions) override;
    /// Folded decoding (decoder_fold.h) of queries() built for `sizes`, each modality's rows
    /// followed by its entry of `projections` (a postprocessor's first Linear, or nullptr), when
    /// the shared decoder folds now and has one head: -> per modality (B, rows, outputs), and
    /// the attention maps (B, 1, Q, N) in `probs` when not null. A modality's query is its own
    /// channels then a constant padding row, so its scores read its own channels alone: the
    /// query projection and the keys are multiplied together once per call, and an image query
    /// (195 Fourier channels) takes (195 + 3) x N multiply-adds where projecting all 1,026
    /// channels and scoring took (1,026 + N) x 512; several heads keep the reference layer's
    /// attention. Empty when the decoder does not fold now: run forward().
    TensorMap forwardFolded(const torch::Tensor& query, const torch::Tensor& z, const ModalitySizes& sizes,
                            const std::map<std::string, torch::nn::LinearImpl*>& projections, torch::Tensor* probs);
    /// Every output point of each modality whose queries are position-based (full decode).
    TensorMap allOutputPoints() const;

    std::map<std::string, std::shared_ptr<Decoder>> modality_decoders;
    int64_t min_padding_size;
    std::shared_ptr<ModuleDict> modalities, padding;
    std::shared_ptr<BasicDecoder> decoder;
};

}  // namespace perceiver
