#include "model/heads/head.h"

#include "common/error.h"

#include <torch/torch.h>

namespace perceiver {

PerceiverOutput PerceiverHead::classify(const ModelInputs& in, const ForwardOptions& opt) {
    PerceiverOutput out = perceiver->forward(in, opt);
    if (in.labels.defined()) out.loss = classificationLoss(config, out.logits, in.labels);
    return out;
}

void PerceiverHead::rejectLabels(const ModelInputs& in) const {
    if (in.labels.defined())
        fail(ErrorKind::InvalidInput, className() + " does not support training: labels are not accepted (as in the reference)");
}

BasicDecoderOptions classificationDecoderOptions(const PerceiverConfig& c) {
    BasicDecoderOptions o;
    o.num_channels = c.d_latents;
    o.trainable = TrainablePositionEncodingOptions{{1}, c.d_latents};
    o.use_query_residual = true;
    return o;
}

}  // namespace perceiver
