#include "model/position_encoding.h"

#include "common/error.h"

#include <torch/torch.h>

#include <cmath>

namespace perceiver {

torch::Tensor buildLinearPositions(const std::vector<int64_t>& index_dims) {
    std::vector<torch::Tensor> ranges;
    for (int64_t n : index_dims) ranges.push_back(torch::linspace(-1.0, 1.0, n, torch::kFloat32));
    auto grid = torch::meshgrid(ranges, "ij");
    const int64_t d = static_cast<int64_t>(index_dims.size());
    return torch::stack(grid, -1).reshape({-1, d});
}

torch::Tensor generateFourierFeatures(const torch::Tensor& pos, const FourierPositionEncodingOptions& o) {
    const int64_t batch = pos.size(0);
    std::vector<torch::Tensor> bands;
    for (int64_t res : o.max_resolution)
        bands.push_back(torch::linspace(1.0, static_cast<double>(res) / 2.0, o.num_bands, torch::kFloat32));
    const torch::Tensor freq = torch::stack(bands, 0).to(pos.device());                  // (d, K)
    torch::Tensor per = pos[0].unsqueeze(-1) * freq.unsqueeze(0);                        // (M, d, K)
    per = per.reshape({per.size(0), per.size(1) * per.size(2)});                          // (M, d*K)
    if (o.sine_only) {
        per = torch::sin(M_PI * per);
    } else {
        per = torch::cat({torch::sin(M_PI * per), torch::cos(M_PI * per)}, -1);
    }
    if (o.concat_pos) per = torch::cat({pos, per.expand({batch, -1, -1})}, -1);
    else per = per.expand({batch, -1, -1});
    return per;
}

TrainablePositionEncoding::TrainablePositionEncoding(const TrainablePositionEncodingOptions& o) : options(o) {
    int64_t n = 1;
    for (int64_t d : o.index_dims) n *= d;
    position_embeddings = register_parameter("position_embeddings", torch::randn({n, o.num_channels}) * 0.02);
}

torch::Tensor TrainablePositionEncoding::interpolated(int64_t batch_size, int64_t height, int64_t width) {
    const int64_t n = position_embeddings.size(0);
    const int64_t side = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(n))));
    if (side * side != n)
        fail(ErrorKind::InvalidInput, "interpolate_pos_encoding needs a square position table, this one has " +
                                          std::to_string(n) + " entries");
    torch::Tensor pe = position_embeddings;
    if (height != side || width != side) {
        pe = pe.reshape({1, side, side, options.num_channels}).permute({0, 3, 1, 2});
        pe = torch::nn::functional::interpolate(
            pe, torch::nn::functional::InterpolateFuncOptions()
                    .size(std::vector<int64_t>{height, width})
                    .mode(torch::kBicubic)
                    .align_corners(false));
        pe = pe.reshape({options.num_channels, -1}).transpose(0, 1);
    }
    return pe.expand({batch_size, -1, -1});
}

int64_t FourierPositionEncoding::output_size() const {
    const int64_t d = num_dimensions();
    int64_t size = options.num_bands * d;
    if (!options.sine_only) size *= 2;
    if (options.concat_pos) size += d;
    return size;
}

torch::Tensor FourierPositionEncoding::encode(const std::vector<int64_t>& index_dims, int64_t batch_size,
                                              const torch::TensorOptions& to, const torch::Tensor& pos) {
    if (pos.defined()) {
        if (pos.size(-1) != num_dimensions())
            fail(ErrorKind::InvalidInput, "Fourier positions have " + std::to_string(pos.size(-1)) +
                                              " coordinates, the encoding expects " + std::to_string(num_dimensions()));
        return generateFourierFeatures(pos, options).to(to);
    }
    if (static_cast<int64_t>(index_dims.size()) != num_dimensions())
        fail(ErrorKind::InvalidInput, "Fourier position encoding over " + std::to_string(index_dims.size()) +
                                          " index dimensions, expected " + std::to_string(num_dimensions()));
    std::lock_guard<std::mutex> lock(cacheMutex_);
    // One made under InferenceMode cannot take part in a forward that records gradients
    // (training evaluates with the inference pipelines between steps).
    const bool unusable = cached_.defined() && cached_.is_inference() && !c10::InferenceMode::is_enabled();
    if (!cached_.defined() || unusable || cachedDims_ != index_dims || cached_.device() != to.device() ||
        cached_.scalar_type() != c10::typeMetaToScalarType(to.dtype())) {
        const torch::Tensor grid = buildLinearPositions(index_dims).unsqueeze(0);  // (1, M, d)
        cached_ = generateFourierFeatures(grid, options).to(to);
        cachedDims_ = index_dims;
    }
    return cached_.expand({batch_size, -1, -1});
}

BuiltPositionEncoding buildPositionEncoding(torch::nn::Module& owner, const std::string& name, const std::string& type,
                                            int64_t out_channels, int64_t project_pos_dim,
                                            const TrainablePositionEncodingOptions* trainable,
                                            const FourierPositionEncodingOptions* fourier) {
    BuiltPositionEncoding built;
    if (type == "trainable") {
        if (!trainable) fail(ErrorKind::Config, "trainable position encoding needs trainable_position_encoding_kwargs");
        built.encoding = owner.register_module(name, std::make_shared<TrainablePositionEncoding>(*trainable));
    } else if (type == "fourier") {
        if (!fourier) fail(ErrorKind::Config, "Fourier position encoding needs fourier_position_encoding_kwargs");
        built.encoding = owner.register_module(name, std::make_shared<FourierPositionEncoding>(*fourier));
    } else {
        fail(ErrorKind::Config, "unknown position encoding type '" + type + "' (expected trainable or fourier)");
    }
    if (project_pos_dim > 0)
        built.projection = owner.register_module("positions_projection", torch::nn::Linear(out_channels, project_pos_dim));
    return built;
}

}  // namespace perceiver
