#include "model/heads/multimodal_autoencoding.h"

namespace perceiver {

PerceiverForMultimodalAutoencoding::PerceiverForMultimodalAutoencoding(const PerceiverConfig& c) : PerceiverHead(c) {
    const int64_t n_audio_samples = c.num_frames * c.audio_samples_per_frame;
    FourierPositionEncodingOptions audioPos{192, {n_audio_samples}, true, false};
    FourierPositionEncodingOptions imagePos{32, {c.num_frames, c.image_size, c.image_size}, true, false};

    AudioPreprocessorOptions a;
    a.position_encoding_type = "fourier";
    a.fourier = audioPos;
    a.prep_type = "patches";
    a.samples_per_patch = c.samples_per_patch;
    ImagePreprocessorOptions i;
    i.position_encoding_type = "fourier";
    i.fourier = imagePos;
    i.prep_type = "patches";
    i.spatial_downsample = 4;
    i.temporal_downsample = 1;
    auto pre = std::make_shared<MultimodalPreprocessor>(
        std::map<std::string, std::shared_ptr<Preprocessor>>{{"audio", std::make_shared<AudioPreprocessor>(c, a)},
                                                             {"image", std::make_shared<ImagePreprocessor>(c, i)},
                                                             {"label", std::make_shared<OneHotPreprocessor>(c)}},
        std::map<std::string, double>{{"image", 0.0}, {"audio", 0.0}, {"label", 1.0}}, 4);

    BasicDecoderOptions imageDec;
    imageDec.concat_preprocessed_input = false;
    imageDec.output_num_channels = c.output_num_channels;
    imageDec.use_query_residual = false;
    imageDec.position_encoding_only = true;
    imageDec.position_encoding_type = "fourier";
    imageDec.fourier = imagePos;
    BasicDecoderOptions audioDec = imageDec;
    audioDec.output_index_dims = {n_audio_samples / c.samples_per_patch};
    audioDec.fourier = audioPos;
    BasicDecoderOptions labelDec;
    labelDec.concat_preprocessed_input = false;
    labelDec.use_query_residual = false;
    labelDec.position_encoding_only = true;
    labelDec.position_encoding_type = "trainable";
    labelDec.trainable = TrainablePositionEncodingOptions{{1}, c.label_trainable_num_channels};
    BasicDecoderOptions shared;
    shared.use_query_residual = false;
    auto decoder = std::make_shared<MultimodalDecoder>(
        c,
        std::map<std::string, std::shared_ptr<Decoder>>{
            {"audio", std::make_shared<BasicDecoder>(c, audioDec)},
            {"image", std::make_shared<BasicVideoAutoencodingDecoder>(c, c.output_shape, imageDec)},
            {"label", std::make_shared<ClassificationDecoder>(c, labelDec)}},
        std::nullopt, c.output_num_channels, 2, shared);

    auto post = std::make_shared<MultimodalPostprocessor>(std::map<std::string, std::shared_ptr<Postprocessor>>{
        {"audio", std::make_shared<AudioPostprocessor>(c, c.output_num_channels)},
        {"image", std::make_shared<ProjectionPostprocessor>(c.output_num_channels, 3)},
        {"label", std::make_shared<ClassificationPostprocessor>(c, c.output_num_channels)}});
    setModel(std::make_shared<PerceiverModel>(c, decoder, pre, post));
}

PerceiverOutput PerceiverForMultimodalAutoencoding::forward(const ModelInputs& in, const ForwardOptions& opt) {
    rejectLabels(in);
    return perceiver->forward(in, opt);
}

}  // namespace perceiver
