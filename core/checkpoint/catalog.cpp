#include "checkpoint/catalog.h"

#include "checkpoint/catalog_configs.h"  // generated from resources/configs/*.json
#include "common/error.h"

namespace perceiver {

const std::vector<CatalogEntry>& publicCheckpoints() {
    static const std::vector<CatalogEntry> entries = {
        {"deepmind/language-perceiver", "PerceiverForMaskedLM", "masked language modelling: fills masked UTF-8 bytes",
         "up to 2048 bytes of text", 201108230, kConfig_language_perceiver},
        {"deepmind/vision-perceiver-learned", "PerceiverForImageClassificationLearned",
         "ImageNet-1k image classification, learned position embeddings", "224x224 RGB image", 62255848,
         kConfig_vision_perceiver_learned},
        {"deepmind/vision-perceiver-fourier", "PerceiverForImageClassificationFourier",
         "ImageNet-1k image classification, Fourier features on raw pixels", "224x224 RGB image", 48440627,
         kConfig_vision_perceiver_fourier},
        {"deepmind/vision-perceiver-conv", "PerceiverForImageClassificationConvProcessing",
         "ImageNet-1k image classification, conv stem + Fourier features", "224x224 RGB image", 48646522,
         kConfig_vision_perceiver_conv},
        {"deepmind/optical-flow-perceiver", "PerceiverForOpticalFlow", "optical flow between two frames",
         "two RGB frames (tiled in 368x496 windows)", 41057134, kConfig_optical_flow_perceiver},
        {"deepmind/multimodal-perceiver", "PerceiverForMultimodalAutoencoding",
         "video + audio autoencoding and Kinetics-700 classification", "16 frames 224x224 + 30720 audio samples at 48 kHz",
         19858855, kConfig_multimodal_perceiver},
    };
    return entries;
}

PerceiverConfig catalogConfig(const std::string& repoId) {
    for (const auto& e : publicCheckpoints())
        if (e.repo_id == repoId) return PerceiverConfig::fromJson(nlohmann::json::parse(e.config_json));
    fail(ErrorKind::Config, "'" + repoId + "' is not one of the public Perceiver checkpoints");
}

}  // namespace perceiver
