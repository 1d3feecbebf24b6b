#include "model/heads/sequence_classification.h"

namespace perceiver {

PerceiverForSequenceClassification::PerceiverForSequenceClassification(const PerceiverConfig& c) : PerceiverHead(c) {
    setModel(std::make_shared<PerceiverModel>(c, std::make_shared<ClassificationDecoder>(c, classificationDecoderOptions(c)),
                                              std::make_shared<TextPreprocessor>(c)));
}

}  // namespace perceiver
