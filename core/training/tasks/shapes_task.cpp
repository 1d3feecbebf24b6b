#include "training/tasks/shapes_task.h"

#include "common/error.h"
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
    // d_model: the Learned preprocessor's 256 conv channels + 256 position channels. 36 latents
    // on a 6 x 6 grid, 4 cross-attention heads of 32 query/key channels (initialize()).
    return demoConfig({{"architectures", {"PerceiverForImageClassificationLearned"}}, {"image_size", 24}, {"d_model", 512},
                       {"num_latents", kGlimpseGrid * kGlimpseGrid}, {"d_latents", 128}, {"num_cross_attention_heads", 4},
                       {"num_self_attention_heads", 4}, {"num_self_attends_per_block", 3}, {"qk_channels", 128},
                       {"v_channels", 128}},
                      shapeClassNames());
}

namespace {

/// Position code of pixel coordinates: per axis and band b, sin(w_b t) and cos(w_b t), then the
/// same negated (so a code has mean 0 and a layer norm does not shift it); w_b in radians per
/// pixel. ys, xs: (n) -> (n, 8 * bands) as [sin y, cos y, sin x, cos x, -the same] band-major
/// within each block.
torch::Tensor glimpseCode(const torch::Tensor& ys, const torch::Tensor& xs, const torch::Tensor& w) {
    const torch::Tensor ay = ys.to(torch::kDouble).unsqueeze(1) * w.unsqueeze(0), ax = xs.to(torch::kDouble).unsqueeze(1) * w.unsqueeze(0);
    const torch::Tensor code = torch::cat({ay.sin(), ay.cos(), ax.sin(), ax.cos()}, 1);
    return torch::cat({code, -code}, 1).to(torch::kFloat);
}

}  // namespace

void ShapesTask::initialize(TaskModel& model) {
    torch::NoGradGuard noGrad;
    const auto parameter = [&](const std::string& name) { return namedParameter(model, name); };
    const int64_t side = model.config.image_size, heads = model.config.num_cross_attention_heads;
    torch::Tensor position = parameter("perceiver.input_preprocessor.position_embeddings.position_embeddings");  // (side², P)
    torch::Tensor latents = parameter("perceiver.embeddings.latents");                                         // (L, D)
    torch::Tensor query = parameter("perceiver.encoder.cross_attention.attention.self.query.weight");           // (qk, D)
    torch::Tensor key = parameter("perceiver.encoder.cross_attention.attention.self.key.weight");               // (qk, d_model)
    const int64_t posChannels = position.size(1), dModel = key.size(1), dLatents = latents.size(1);
    const int64_t perHead = query.size(0) / heads, headBands = perHead / 4;
    const int64_t grid = kGlimpseGrid;
    if (position.size(0) != side * side || latents.size(0) != grid * grid || posChannels % 8 || perHead % 4 || 2 * perHead > dLatents / 2)
        fail(ErrorKind::Internal, "the shapes task's glimpse start does not fit this configuration");
    lecunInitialize(model, {"perceiver.encoder.", "perceiver.decoder."});
    // Conv features of a third of the position code's size, so a pixel's colour scales the
    // keys' layer norm little.
    parameter("perceiver.input_preprocessor.convnet_1x1.weight").normal_(0.0, kConvScale / std::sqrt(3.0));

    // The inputs' positions: a 2-D sinusoid code (periods 3 to 2 x side pixels), passed through
    // the position projection unchanged.
    const int64_t bands = posChannels / 8;
    const torch::Tensor w = 2 * M_PI / (2.0 * side) * torch::pow(torch::tensor(2.0 * side / 3.0, torch::kDouble),
                                                                  torch::arange(bands, torch::kDouble) / std::max<int64_t>(1, bands - 1));
    const torch::Tensor pixel = torch::arange(side * side, torch::kLong);
    position.copy_(glimpseCode(pixel.div(side, "floor"), pixel.remainder(side), w));
    parameter("perceiver.input_preprocessor.positions_projection.weight").copy_(torch::eye(posChannels));
    parameter("perceiver.input_preprocessor.positions_projection.bias").zero_();

    // The latents: a 6 x 6 grid of centres, each latent's upper half the code of its centre
    // at the heads' bands (every third band from the 4th: periods of 37 down to 5.6 pixels
    // at 24 pixels), its lower half N(0, 0.02) content.
    std::vector<int64_t> picked;
    for (int64_t i = 0; i < headBands; ++i) picked.push_back(std::min(bands - 1, 3 + i * (bands - 8) / headBands));
    const torch::Tensor pickedIndex = torch::tensor(picked, torch::kLong), wHead = w.index_select(0, pickedIndex);
    const torch::Tensor cell = torch::arange(grid * grid, torch::kLong);
    const double spacing = static_cast<double>(side) / grid;
    const torch::Tensor cy = (cell.div(grid, "floor").to(torch::kDouble) + 0.5) * spacing - 0.5;
    const torch::Tensor cx = (cell.remainder(grid).to(torch::kDouble) + 0.5) * spacing - 0.5;
    const int64_t latentCode = 2 * perHead;  // 8 channels per band
    latents.narrow(1, dLatents - latentCode, latentCode).copy_(glimpseCode(cy, cx, wHead));
    latents.narrow(1, dLatents / 2, dLatents / 2 - latentCode).zero_();

    // Query / key rows of head h: 4 per band (sin y, cos y, sin x, cos x). The key reads the
    // input's code at the band; the query reads the latent's code rotated by the head's offset
    // (d_y, d_x) = (+-spacing / 4): q . k = s^2 sum_b cos(w_b (y - c_y - d_y)) + cos(w_b (x - c_x - d_x)),
    // a glimpse of about a pixel (at kGlimpseSharpness) at the latent's centre plus the offset;
    // the four heads tile the cell.
    query.zero_();
    key.zero_();
    const double s = kGlimpseSharpness, quarter = spacing / 4;
    const int64_t inputCode = dModel - posChannels;  // where the position channels start
    for (int64_t h = 0; h < heads; ++h) {
        const double dy = (h / 2 == 0 ? -quarter : quarter), dx = (h % 2 == 0 ? -quarter : quarter);
        for (int64_t i = 0; i < headBands; ++i) {
            const double wb = wHead[i].item<double>();
            for (int64_t axis = 0; axis < 2; ++axis) {
                const double d = axis == 0 ? dy : dx, c = std::cos(wb * d), sn = std::sin(wb * d);
                // Latent code channels of band i, axis: sin at 2*axis*headBands + i, cos at (2*axis+1)*headBands + i;
                // the negated copy perHead channels later (read with the opposite sign: same value).
                const int64_t lSin = dLatents - latentCode + 2 * axis * headBands + i, lCos = lSin + headBands;
                const int64_t kSin = inputCode + 2 * axis * bands + picked[static_cast<size_t>(i)], kCos = kSin + bands;
                const int64_t rowSin = h * perHead + 4 * i + 2 * axis, rowCos = rowSin + 1;
                // q_sin = sin(w (c + d)) = sin(wc) cos(wd) + cos(wc) sin(wd); q_cos = cos(wc) cos(wd) - sin(wc) sin(wd).
                for (const int64_t sign : {1, -1}) {
                    const int64_t off = sign > 0 ? 0 : perHead, koff = sign > 0 ? 0 : 4 * bands;
                    query[rowSin][lSin + off] = 0.5 * sign * s * c;
                    query[rowSin][lCos + off] = 0.5 * sign * s * sn;
                    query[rowCos][lCos + off] = 0.5 * sign * s * c;
                    query[rowCos][lSin + off] = -0.5 * sign * s * sn;
                    key[rowSin][kSin + koff] = 0.5 * sign * s;
                    key[rowCos][kCos + koff] = 0.5 * sign * s;
                }
            }
        }
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
