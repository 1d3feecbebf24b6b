#include "model/heads/masked_lm.h"

#include "common/error.h"
#include "common/profile.h"

#include <torch/torch.h>

namespace perceiver {

PerceiverForMaskedLM::PerceiverForMaskedLM(const PerceiverConfig& c) : PerceiverHead(c) {
    text_preprocessor = std::make_shared<TextPreprocessor>(c);
    BasicDecoderOptions d;
    d.output_num_channels = c.d_latents;
    d.output_index_dims = {c.max_position_embeddings};
    d.num_channels = text_preprocessor->num_channels();
    d.qk_channels = 8 * 32;
    d.v_channels = text_preprocessor->num_channels();
    d.num_heads = 8;
    d.use_query_residual = false;
    d.final_project = false;
    d.trainable = TrainablePositionEncodingOptions{{c.max_position_embeddings}, text_preprocessor->num_channels()};
    setModel(std::make_shared<PerceiverModel>(c, std::make_shared<BasicDecoder>(c, d), text_preprocessor));
    embedding_decoder = register_module("embedding_decoder", std::make_shared<EmbeddingDecoder>(c));
}

PerceiverOutput PerceiverForMaskedLM::forward(const ModelInputs& in, const ForwardOptions& opt) {
    PerceiverOutput out = perceiver->forward(in, opt);
    {
        profile::Scope stage("embedding decoder");
        out.logits = embedding_decoder->forward(out.logits, text_preprocessor->embeddings->weight);
    }
    if (in.labels.defined()) {
        const int64_t positions = out.logits.size(1);
        if (in.labels.dim() != 2 || in.labels.size(0) != out.logits.size(0) || in.labels.size(1) != positions)
            fail(ErrorKind::InvalidInput, "masked LM labels must be (batch, " + std::to_string(positions) +
                                              "): the model always decodes max_position_embeddings positions");
        const torch::Tensor l = in.labels.reshape({-1}).to(torch::kLong);
        const auto bad = l.ne(-100).logical_and(l.lt(0).logical_or(l.ge(config.vocab_size)));
        if (bad.any().item<bool>())
            fail(ErrorKind::InvalidInput, "masked LM labels must be token ids in [0, " + std::to_string(config.vocab_size) + ") or -100");
        out.loss = torch::nn::functional::cross_entropy(out.logits.reshape({-1, config.vocab_size}), l);
    }
    return out;
}

}  // namespace perceiver
