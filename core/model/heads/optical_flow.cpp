#include "model/heads/optical_flow.h"

namespace perceiver {

PerceiverForOpticalFlow::PerceiverForOpticalFlow(const PerceiverConfig& c) : PerceiverHead(c) {
    FourierPositionEncodingOptions f;
    f.num_bands = 64;
    f.max_resolution = c.train_size;
    f.concat_pos = true;
    f.sine_only = false;
    ImagePreprocessorOptions p;
    p.prep_type = "patches";
    p.spatial_downsample = 1;
    p.conv_after_patching = true;
    p.conv_after_patching_in_channels = 54;
    p.temporal_downsample = 2;
    p.position_encoding_type = "fourier";
    p.fourier = f;
    auto pre = std::make_shared<ImagePreprocessor>(c, p);
    BasicDecoderOptions d;
    d.num_channels = pre->num_channels();
    d.use_query_residual = false;
    d.output_num_channels = 2;
    d.position_encoding_type = "fourier";  // built but unused: the queries are the inputs
    d.fourier = f;
    setModel(std::make_shared<PerceiverModel>(c, std::make_shared<OpticalFlowDecoder>(c, c.train_size, 100.0, d), pre));
}

PerceiverOutput PerceiverForOpticalFlow::forward(const ModelInputs& in, const ForwardOptions& opt) {
    rejectLabels(in);
    return perceiver->forward(in, opt);
}

}  // namespace perceiver
