#include "training/tasks/shapes_task.h"

#include "model/perceiver_model.h"
#include "pipelines/classify.h"
#include "pipelines/model_inputs.h"
#include "training/generators.h"
#include "training/tasks/task_common.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace perceiver {

double scoreShapes(TaskModel& model, int count, uint64_t seed) {
    int correct = 0;
    for (int i = 0; i < count; ++i) {
        const uint64_t s = exampleSeed(seed, i) & ~(1ull << 63);
        const int cls = static_cast<int>(s % 16);
        correct += classifyImage(model, renderShapeImage(cls, s, 64), 1).top.at(0).index == cls;
    }
    return static_cast<double>(correct) / std::max(1, count);
}

PerceiverConfig ShapesTask::config() const {
    // d_model: the Learned preprocessor's 256 conv channels + 256 position channels.
    return demoConfig({{"architectures", {"PerceiverForImageClassificationLearned"}}, {"image_size", 24}, {"d_model", 512},
                       {"num_latents", 32}, {"d_latents", 128}, {"num_cross_attention_heads", 4},
                       {"num_self_attention_heads", 4}, {"num_self_attends_per_block", 3}, {"qk_channels", 64},
                       {"v_channels", 128}},
                      shapeClassNames());
}

void ShapesTask::initialize(TaskModel& model) {
    for (auto& item : model.named_parameters()) {
        const std::string& name = item.key();
        torch::Tensor& p = item.value();
        if (name.find("input_preprocessor.position_embeddings") == std::string::npos || p.dim() != 2) continue;
        const int64_t side = model.config.image_size, bands = p.size(1) / 4;
        if (p.size(0) != side * side || bands < 1) continue;
        const torch::Tensor coord = torch::linspace(-1, 1, side);
        const torch::Tensor freq = torch::linspace(1, side / 2.0, bands);
        const torch::Tensor ys = coord.view({side, 1, 1}).expand({side, side, 1}) * freq * M_PI;  // (side, side, bands)
        const torch::Tensor xs = coord.view({1, side, 1}).expand({side, side, 1}) * freq * M_PI;
        const torch::Tensor features = torch::cat({ys.sin(), ys.cos(), xs.sin(), xs.cos()}, -1).view({side * side, 4 * bands});
        torch::NoGradGuard noGrad;
        p.zero_();
        p.narrow(1, 0, 4 * bands).copy_(features);
    }
}

torch::Tensor ShapesTask::loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) {
    std::vector<torch::Tensor> pixels;
    torch::Tensor labels = torch::empty({batch}, torch::kLong);
    for (int64_t b = 0; b < batch; ++b) {
        const uint64_t seed = rng() | 1ull << 63;  // training seeds: the top bit set, held-out ones have it clear
        const int cls = static_cast<int>(seed % 16);
        const int size = 48 + 16 * static_cast<int>((seed >> 8) % 6);
        pixels.push_back(prepareClassifierInput(model, renderShapeImage(cls, seed, size)).pixel_values);
        labels[b] = cls;
    }
    ModelInputs in;
    in.inputs.tensor = torch::cat(pixels, 0);
    in.labels = labels;
    return model.forward(in, {}).loss;
}

}  // namespace perceiver
