// Position encodings: PerceiverTrainablePositionEncoding, PerceiverFourierPositionEncoding,
// generate_fourier_features, build_linear_positions and build_position_encoding.
//
// Fourier features follow the reference exactly: positions linspace(-1, 1, n) per dimension
// on an 'ij' grid (or given positions), bands linspace(1, res/2, num_bands) per dimension,
// layout [pos_1..pos_d, sin(dim-major, band-minor), cos(same)]. Grids that depend only on the
// index shape are computed once and cached (thread-safe).
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include <mutex>
#include <string>
#include <vector>

namespace perceiver {

struct TrainablePositionEncodingOptions {
    std::vector<int64_t> index_dims;  ///< product = number of positions
    int64_t num_channels = 128;
};

struct FourierPositionEncodingOptions {
    int64_t num_bands = 64;
    std::vector<int64_t> max_resolution{224, 224};
    bool concat_pos = true;
    bool sine_only = false;
};

/// (n_1, ..., n_d) -> (n_1 * ... * n_d, d) positions in [-1, 1], row-major.
torch::Tensor buildLinearPositions(const std::vector<int64_t>& index_dims);
/// pos: (B, M, d) -> (B, M, output channels) Fourier features (computed from pos[0]).
torch::Tensor generateFourierFeatures(const torch::Tensor& pos, const FourierPositionEncodingOptions& o);

class PositionEncoding : public torch::nn::Module {
public:
    virtual int64_t output_size() const = 0;
    virtual int64_t num_dimensions() const = 0;
    /// Encodings (B, prod(index_dims), C). `pos` (B, M, d) overrides the grid (Fourier only).
    virtual torch::Tensor encode(const std::vector<int64_t>& index_dims, int64_t batch_size,
                                 const torch::TensorOptions& options, const torch::Tensor& pos = {}) = 0;
};

class TrainablePositionEncoding : public PositionEncoding {
public:
    explicit TrainablePositionEncoding(const TrainablePositionEncodingOptions& o);
    int64_t output_size() const override { return options.num_channels; }
    int64_t num_dimensions() const override { return static_cast<int64_t>(options.index_dims.size()); }
    /// (B, index_dim, C); index_dims/pos are ignored, as in the reference.
    torch::Tensor encode(const std::vector<int64_t>&, int64_t batch_size, const torch::TensorOptions&,
                         const torch::Tensor& = {}) override {
        return position_embeddings.expand({batch_size, -1, -1});
    }
    /// HF 4.41+ interpolate_pos_encoding: the square table resized bicubically to (height, width).
    /// Returns (B, height * width, C).
    torch::Tensor interpolated(int64_t batch_size, int64_t height, int64_t width);

    TrainablePositionEncodingOptions options;
    torch::Tensor position_embeddings;  ///< (prod(index_dims), num_channels)
};

class FourierPositionEncoding : public PositionEncoding {
public:
    explicit FourierPositionEncoding(const FourierPositionEncodingOptions& o) : options(o) {}
    int64_t output_size() const override;
    int64_t num_dimensions() const override { return static_cast<int64_t>(options.max_resolution.size()); }
    torch::Tensor encode(const std::vector<int64_t>& index_dims, int64_t batch_size, const torch::TensorOptions& to,
                         const torch::Tensor& pos = {}) override;

    FourierPositionEncodingOptions options;

private:
    std::mutex cacheMutex_;
    std::vector<int64_t> cachedDims_;
    torch::Tensor cached_;  ///< (1, M, C) for cachedDims_
};

/// build_position_encoding: the encoding and, when project_pos_dim > 0, a Linear(out_channels,
/// project_pos_dim) projection (else null). Registers both on `owner` as "position_embeddings"
/// (or `name`) and "positions_projection".
struct BuiltPositionEncoding {
    std::shared_ptr<PositionEncoding> encoding;
    torch::nn::Linear projection{nullptr};
};
BuiltPositionEncoding buildPositionEncoding(torch::nn::Module& owner, const std::string& name, const std::string& type,
                                            int64_t out_channels, int64_t project_pos_dim,
                                            const TrainablePositionEncodingOptions* trainable,
                                            const FourierPositionEncodingOptions* fourier);

}  // namespace perceiver
