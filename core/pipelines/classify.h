// Image classification with any of the three Perceiver image classifiers, each prepared as
// its checkpoint expects: PerceiverImageProcessor crop + PIL bicubic resize to 224 (Fourier,
// ConvProcessing) or to config.image_size (Learned, whose position table fixes the size),
// ImageNet normalisation. Shared by `perceiver classify` and the studio.
// No torch in this header. Thread-safety: one call per model at a time.
#pragma once

#include "common/progress.h"
#include "media/image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace perceiver {

class TaskModel;

struct ClassScore {
    int64_t index = 0;
    std::string label;
    double probability = 0;
};

struct ClassifyResult {
    std::string architecture;
    ImageU8 model_view;               ///< the exact uint8 crop the model sees
    std::vector<ClassScore> top;      ///< best first
    std::vector<std::string> warnings;  ///< non-finite logits (finite_check.h)
};

/// True for the three image classification heads.
bool isImageClassifier(const std::string& architecture);
/// Side of the square input the classifier takes (224, or config.image_size for Learned).
int classifierInputSide(const TaskModel& model);
/// Throws Error(Config) for a model that is not an image classifier.
ClassifyResult classifyImage(TaskModel& model, const ImageU8& image, int top_k = 5, Progress* progress = nullptr);

}  // namespace perceiver
