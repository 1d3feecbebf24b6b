#include "model/heads/image_classification.h"

namespace perceiver {

namespace {

FourierPositionEncodingOptions fourier2d(int64_t resolution) {
    FourierPositionEncodingOptions f;
    f.num_bands = 64;
    f.max_resolution = {resolution, resolution};
    f.concat_pos = true;
    f.sine_only = false;
    return f;
}

}  // namespace

PerceiverForImageClassificationLearned::PerceiverForImageClassificationLearned(const PerceiverConfig& c) : PerceiverHead(c) {
    ImagePreprocessorOptions p;
    p.prep_type = "conv1x1";
    p.spatial_downsample = 1;
    p.out_channels = 256;
    p.position_encoding_type = "trainable";
    p.concat_or_add_pos = "concat";
    p.project_pos_dim = 256;
    p.trainable = TrainablePositionEncodingOptions{{c.image_size * c.image_size}, 256};
    setModel(std::make_shared<PerceiverModel>(c, std::make_shared<ClassificationDecoder>(c, classificationDecoderOptions(c)),
                                              std::make_shared<ImagePreprocessor>(c, p)));
}

PerceiverForImageClassificationFourier::PerceiverForImageClassificationFourier(const PerceiverConfig& c) : PerceiverHead(c) {
    ImagePreprocessorOptions p;
    p.prep_type = "pixels";
    p.spatial_downsample = 1;
    p.fourier = fourier2d(224);
    setModel(std::make_shared<PerceiverModel>(c, std::make_shared<ClassificationDecoder>(c, classificationDecoderOptions(c)),
                                              std::make_shared<ImagePreprocessor>(c, p)));
}

PerceiverForImageClassificationConvProcessing::PerceiverForImageClassificationConvProcessing(const PerceiverConfig& c)
    : PerceiverHead(c) {
    ImagePreprocessorOptions p;
    p.prep_type = "conv";
    p.spatial_downsample = 1;
    p.position_encoding_type = "fourier";
    p.fourier = fourier2d(56);
    setModel(std::make_shared<PerceiverModel>(c, std::make_shared<ClassificationDecoder>(c, classificationDecoderOptions(c)),
                                              std::make_shared<ImagePreprocessor>(c, p)));
}

}  // namespace perceiver
