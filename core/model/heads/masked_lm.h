// PerceiverForMaskedLM: byte embeddings + learned positions -> latents -> a BasicDecoder whose
// queries are max_position_embeddings learned positions -> logits through the input embedding.
#pragma once

#include "model/heads/head.h"

namespace perceiver {

class PerceiverForMaskedLM : public PerceiverHead {
public:
    explicit PerceiverForMaskedLM(const PerceiverConfig& config);
    std::string className() const override { return "PerceiverForMaskedLM"; }
    /// inputs: (B, S) token ids, S <= max_position_embeddings; labels (B, max_position_embeddings)
    /// with -100 where ignored. logits: (B, max_position_embeddings, vocab_size).
    PerceiverOutput forward(const ModelInputs& inputs, const ForwardOptions& options) override;
    std::shared_ptr<TextPreprocessor> text_preprocessor;
    std::shared_ptr<EmbeddingDecoder> embedding_decoder;
};

}  // namespace perceiver
