// Input preprocessors of modeling_perceiver.py: PerceiverTextPreprocessor,
// PerceiverImagePreprocessor (conv / conv1x1 / patches / pixels, spatial and temporal
// downsampling), PerceiverAudioPreprocessor, PerceiverOneHotPreprocessor and
// PerceiverMultimodalPreprocessor, plus Conv2DDownsample and space_to_depth.
// Each turns raw inputs into the (B, M, num_channels) array the encoder attends to.
#pragma once

#include "config/config.h"
#include "model/position_encoding.h"
#include "model/types.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>

#include <optional>

namespace perceiver {

struct PreprocessorOutput {
    torch::Tensor inputs;                      ///< (B, M, num_channels)
    ModalitySizes modality_sizes;              ///< multimodal only: tokens per modality
    torch::Tensor inputs_without_pos;          ///< (B, M, C_in) single modality
    TensorMap inputs_without_pos_by_modality;  ///< multimodal
};

class Preprocessor : public torch::nn::Module {
public:
    virtual int64_t num_channels() const = 0;
    virtual PreprocessorOutput forward(const Inputs& inputs, bool interpolate_pos_encoding) = 0;
};

/// space_to_depth: (B, C, H, W) -> (B, H/s, W/s, s*s*C) or (B, T, C, H, W) ->
/// (B, T/t, H/s, W/s, t*s*s*C); channels ordered (t, s_h, s_w, C).
torch::Tensor spaceToDepth(const torch::Tensor& frames, int64_t temporal_block, int64_t spatial_block);

class TextPreprocessor : public Preprocessor {
public:
    explicit TextPreprocessor(const PerceiverConfig& config);
    int64_t num_channels() const override { return d_model; }
    /// inputs.tensor: (B, S) int64 token ids, S <= max_position_embeddings -> (B, S, d_model).
    PreprocessorOutput forward(const Inputs& inputs, bool interpolate_pos_encoding) override;

    int64_t d_model, vocab_size, max_position_embeddings;
    torch::nn::Embedding embeddings{nullptr}, position_embeddings{nullptr};
};

/// Conv2DDownsample: conv 7x7/2 (no bias, padding 3) + BatchNorm + ReLU + max-pool 3/2.
class Conv2DDownsample : public torch::nn::Module {
public:
    Conv2DDownsample(int64_t in_channels, int64_t out_channels, bool use_batchnorm);
    torch::Tensor forward(const torch::Tensor& x);  ///< (B, C, H, W) -> (B, out, H', W')
    torch::nn::Conv2d conv{nullptr};
    torch::nn::BatchNorm2d batchnorm{nullptr};
};

struct ImagePreprocessorOptions {
    std::string prep_type = "conv";  ///< conv, conv1x1, patches, pixels
    int64_t spatial_downsample = 4;
    int64_t temporal_downsample = 1;
    std::string position_encoding_type = "fourier";
    int64_t in_channels = 3;
    int64_t out_channels = 64;
    bool conv_after_patching = false;
    int64_t conv_after_patching_in_channels = 54;
    bool conv2d_use_batchnorm = true;
    std::string concat_or_add_pos = "concat";
    int64_t project_pos_dim = -1;
    std::optional<TrainablePositionEncodingOptions> trainable;
    std::optional<FourierPositionEncodingOptions> fourier;
};

class ImagePreprocessor : public Preprocessor {
public:
    ImagePreprocessor(const PerceiverConfig& config, const ImagePreprocessorOptions& options);
    int64_t num_channels() const override;
    /// inputs.tensor: images (B, C, H, W) or video / frame pairs (B, T, C, H, W)
    /// -> (B, M, num_channels) with M the (downsampled) positions.
    PreprocessorOutput forward(const Inputs& inputs, bool interpolate_pos_encoding) override;

    ImagePreprocessorOptions options;
    std::shared_ptr<Conv2DDownsample> convnet;
    torch::nn::Conv2d convnet_1x1{nullptr};
    std::shared_ptr<PositionEncoding> position_embeddings;
    torch::nn::Linear positions_projection{nullptr};
    torch::nn::Linear conv_after_patches{nullptr};
};

struct AudioPreprocessorOptions {
    std::string prep_type = "patches";
    int64_t samples_per_patch = 96;
    std::string position_encoding_type = "fourier";
    std::string concat_or_add_pos = "concat";
    int64_t out_channels = 64;
    int64_t project_pos_dim = -1;
    std::optional<TrainablePositionEncodingOptions> trainable;
    std::optional<FourierPositionEncodingOptions> fourier;
};

class AudioPreprocessor : public Preprocessor {
public:
    AudioPreprocessor(const PerceiverConfig& config, const AudioPreprocessorOptions& options);
    int64_t num_channels() const override;
    /// inputs.tensor: (B, T, ...) samples, T*... divisible by samples_per_patch
    /// -> (B, T/samples_per_patch, num_channels).
    PreprocessorOutput forward(const Inputs& inputs, bool interpolate_pos_encoding) override;

    AudioPreprocessorOptions options;
    std::shared_ptr<PositionEncoding> position_embeddings;
    torch::nn::Linear positions_projection{nullptr};
};

class OneHotPreprocessor : public Preprocessor {
public:
    explicit OneHotPreprocessor(const PerceiverConfig& config) : num_labels(config.num_labels()) {}
    int64_t num_channels() const override { return num_labels; }
    /// inputs.tensor: (B, num_labels) -> (B, 1, num_labels).
    PreprocessorOutput forward(const Inputs& inputs, bool interpolate_pos_encoding) override;
    int64_t num_labels;
};

/// A module that only holds named children or named parameters (nn.ModuleDict / ParameterDict).
class ModuleDict : public torch::nn::Module {};

class MultimodalPreprocessor : public Preprocessor {
public:
    MultimodalPreprocessor(std::map<std::string, std::shared_ptr<Preprocessor>> modalities,
                           std::map<std::string, double> mask_probs, int64_t min_padding_size);
    int64_t num_channels() const override;
    /// inputs.modalities: one tensor per modality, each as its preprocessor expects
    /// -> (B, sum of M_modality, num_channels), modalities concatenated in name order.
    PreprocessorOutput forward(const Inputs& inputs, bool interpolate_pos_encoding) override;

    std::map<std::string, std::shared_ptr<Preprocessor>> modality_preprocessors;
    std::map<std::string, double> mask_probs;
    int64_t min_padding_size;
    std::shared_ptr<ModuleDict> modalities, padding, mask;
};

}  // namespace perceiver
