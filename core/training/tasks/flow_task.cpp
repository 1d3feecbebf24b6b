#include "training/tasks/flow_task.h"

#include "model/perceiver_model.h"
#include "pipelines/model_inputs.h"
#include "pipelines/optical_flow.h"
#include "training/flow_prior.h"
#include "training/generators.h"
#include "training/tasks/task_common.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace perceiver {

double scoreFlow(TaskModel& model, int count, uint64_t seed) {
    const int h = static_cast<int>(model.config.train_size[0]), w = static_cast<int>(model.config.train_size[1]);
    double total = 0;
    for (int i = 0; i < count; ++i) {
        const FlowSample s = makeFlowSample(exampleSeed(seed, i) & ~(1ull << 63), w, h);
        const FlowField f = estimateFlow(model, s.first, s.second).flow;
        double epe = 0;
        for (size_t k = 0; k < f.uv.size(); k += 2) epe += std::hypot(f.uv[k] - s.flow.uv[k], f.uv[k + 1] - s.flow.uv[k + 1]);
        total += epe / (f.uv.size() / 2);
    }
    return total / std::max(1, count);
}

PerceiverConfig FlowTask::config() const {
    // d_model: the 64 channels of the conv over both frames' 3x3 patches + 258 Fourier
    // channels. 32 cross-attention heads for the matching prior (initialize()).
    using namespace flow_prior;
    return demoConfig({{"architectures", {"PerceiverForOpticalFlow"}}, {"train_size", {24, 32}}, {"d_model", 322},
                       {"num_latents", 64}, {"d_latents", 128}, {"num_cross_attention_heads", kCrossHeads},
                       {"num_self_attention_heads", kSelfHeads}, {"num_self_attends_per_block", 3},
                       {"qk_channels", kCrossHeads * kCrossQk}, {"v_channels", kCrossHeads * kCrossQk}},
                      {});
}

torch::Tensor FlowTask::loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) {
    const int h = static_cast<int>(model.config.train_size[0]), w = static_cast<int>(model.config.train_size[1]);
    std::vector<torch::Tensor> inputs, targets;
    for (int64_t b = 0; b < batch; ++b) {
        const FlowSample s = makeFlowSample(rng() | 1ull << 63, w, h);
        inputs.push_back(flowWindowPatches(model, flowFrames(model, s.first, s.second), 0, 0));
        targets.push_back(torch::from_blob(const_cast<float*>(s.flow.uv.data()), {h, w, 2}, torch::kFloat).clone());
    }
    ModelInputs in;
    in.inputs.tensor = torch::stack(inputs, 0);
    const torch::Tensor pred = model.forward(in, {}).logits * FlowOptions().flow_scale;  // (B, h, w, 2) pixels
    // Squared error (scored by EPE): its gradient grows with the error, where the EPE's
    // unit-length gradients average to nothing around "no motion" and training stalled there.
    return (pred - torch::stack(targets, 0)).pow(2).sum(-1).mean();
}

Metrics FlowTask::evaluate(TaskModel& model) {
    // The EPE of predicting no motion, for scale: the mean length of the true flow.
    const int h = static_cast<int>(model.config.train_size[0]), w = static_cast<int>(model.config.train_size[1]);
    double still = 0;
    for (int i = 0; i < 48; ++i) {
        const FlowField f = makeFlowSample(exampleSeed(7, i) & ~(1ull << 63), w, h).flow;
        for (size_t k = 0; k < f.uv.size(); k += 2) still += std::hypot(f.uv[k], f.uv[k + 1]) / (f.uv.size() / 2) / 48;
    }
    return {{"epe", scoreFlow(model, 48, 7)}, {"zero_flow_epe", still}};
}

void FlowTask::initialize(TaskModel& model) {
    lecunInitialize(model, {"perceiver.input_preprocessor.", "perceiver.encoder.", "perceiver.decoder."});
    flow_prior::write(model);
}

}  // namespace perceiver
