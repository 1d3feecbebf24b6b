#include "training/flow_prior.h"

#include "common/error.h"
#include "model/heads/head.h"
#include "model/perceiver_model.h"
#include "pipelines/optical_flow.h"
#include "training/tasks/task_common.h"

#include <torch/torch.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace perceiver::flow_prior {

void write(TaskModel& model) {
    torch::NoGradGuard noGrad;
    const auto parameter = [&](const std::string& name) { return namedParameter(model, name); };
    const int64_t dLatents = model.config.d_latents, numLatents = model.config.num_latents;
    if (dLatents <= Free + 8 || numLatents <= kCandidates || model.config.num_cross_attention_heads != kCrossHeads ||
        model.config.qk_channels.value_or(0) != kCrossHeads * kCrossQk || model.config.v_channels.value_or(0) != kCrossHeads * kCrossQk)
        fail(ErrorKind::Internal, "the flow prior needs the flow task's configuration");
    // Row `row` of a projection that reads layer-normed channels: sum_c w_c (LN_c - LN_zero),
    // i.e. sum_c w_c x_c / sigma whatever the layer norm's mean.
    const auto readRow = [](torch::Tensor w, int64_t row, const std::vector<std::pair<int64_t, double>>& terms, int64_t zero) {
        w[row].zero_();
        for (const auto& [c, v] : terms) {
            w[row][c] += v;
            w[row][zero] -= v;
        }
    };
    std::vector<std::pair<double, double>> candidates;  // (ax, ay) in pixels
    for (int i = 0; i < kSide; ++i)
        for (int j = 0; j < kSide; ++j) candidates.emplace_back((j - (kSide - 1) / 2.0) * kStep, (i - (kSide - 1) / 2.0) * kStep);

    // Inputs: channel = frame * 27 + ky * 9 + kx * 3 + colour (flowWindowPatches, space_to_depth).
    torch::Tensor conv = parameter("perceiver.input_preprocessor.conv_after_patches.weight");  // (64, 54)
    parameter("perceiver.input_preprocessor.conv_after_patches.bias").zero_();
    const auto sample = [&](int64_t row, int frame, double dx, double dy, double sign) {  // bilinear, |d| < 1
        const int x0 = static_cast<int>(std::floor(dx)), y0 = static_cast<int>(std::floor(dy));
        const double fx = dx - x0, fy = dy - y0;
        const double weights[4] = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
        for (int k = 0; k < 4; ++k) {
            const int kx = 1 + x0 + k % 2, ky = 1 + y0 + k / 2;
            if (weights[k] == 0) continue;
            for (int c = 0; c < 3; ++c) conv[row][frame * 27 + ky * 9 + kx * 3 + c] += sign * weights[k] / 3;
        }
    };
    for (int k = 0; k < kCandidates; ++k) {
        conv[k].zero_();
        sample(k, 0, -candidates[k].first / 2, -candidates[k].second / 2, 1.0);
        sample(k, 1, candidates[k].first / 2, candidates[k].second / 2, -1.0);
    }
    conv[kInputZero].zero_();

    // The Fourier channels of the window's pixels, and the layer norm's scale over them.
    auto& flow = dynamic_cast<PerceiverHead&>(model);
    const int64_t h = model.config.train_size[0], w = model.config.train_size[1];
    const torch::Tensor blank = torch::zeros({1, 2, 27, h, w});
    const torch::Tensor x = flow.perceiver->input_preprocessor->forward(Inputs{blank, {}, {}}, false).inputs[0];  // (h*w, 322)
    const int64_t convChannels = conv.size(0);
    const torch::Tensor fourier = x.narrow(1, convChannels, x.size(1) - convChannels).to(torch::kDouble);
    const double sigma = x.to(torch::kDouble).var(1, false).sqrt().mean().item<double>();
    // Outer ring (1 on the ring's rows + 1 on its columns) ~ fourier . ring.
    const torch::Tensor ys = torch::arange(h).unsqueeze(1).expand({h, w}).reshape(-1), xs = torch::arange(w).unsqueeze(0).expand({h, w}).reshape(-1);
    const torch::Tensor ring = ((ys == 0) | (ys == h - 1)).to(torch::kDouble) + ((xs == 0) | (xs == w - 1)).to(torch::kDouble);
    const torch::Tensor ringWeights = torch::matmul(torch::pinverse(fourier), ring);  // (258)

    // Latent codes: zero mean, sum of squares dLatents (layer-norm scale 1).
    torch::Tensor latents = parameter("perceiver.embeddings.latents");  // (64, 128)
    latents.zero_();
    for (int64_t j = 0; j < numLatents; ++j) {
        torch::Tensor c = latents[j];
        c[One] = kOne;
        c[OneN] = -kOne;
        if (j < kCandidates) {
            const auto [ax, ay] = candidates[j];
            c[j] = kRole;
            c[MeanFix] = -kRole;
            c[DxP] = ax, c[DxN] = -ax, c[DyP] = ay, c[DyN] = -ay;
            const double pad = std::sqrt(kMaxDisplacement2 - ax * ax - ay * ay);
            c[PadP] = pad, c[PadN] = -pad;
            c[Flag] = kFlag, c[FlagN] = -kFlag;
        } else {
            c[Flag] = -kFlag, c[FlagN] = kFlag;
            torch::Tensor free = c.narrow(0, Free, dLatents - Free);
            free.normal_();
            free -= free.mean();
            free *= std::sqrt(static_cast<double>(dLatents) - 4 * kOne * kOne) / free.norm().item<double>() * 0.8;
        }
        const double rest = static_cast<double>(dLatents) - c.pow(2).sum().item<double>();
        c[NormP] = std::sqrt(rest / 2), c[NormN] = -std::sqrt(rest / 2);
    }

    // Encoder cross-attention (heads of 4 query/key and 4 value channels).
    const std::string cross = "perceiver.encoder.cross_attention.";
    torch::Tensor q = parameter(cross + "attention.self.query.weight");   // (128, 128)
    torch::Tensor k = parameter(cross + "attention.self.key.weight");     // (128, 322)
    torch::Tensor v = parameter(cross + "attention.self.value.weight");   // (128, 322)
    torch::Tensor o = parameter(cross + "attention.output.dense.weight"); // (128, 128)
    q.narrow(0, 0, kPriorHeads * kCrossQk).zero_();
    o.zero_();
    // Scores (q . k / sqrt(4)): beta * r_k / sigma in head k for latent k, -kBorder on the ring.
    const double roleGain = std::sqrt(static_cast<double>(kCrossQk)) * kBeta * sigma / kRole;
    const double ringGain = std::sqrt(static_cast<double>(kCrossQk)) * kBorder * sigma / kOne;
    std::vector<std::pair<int64_t, double>> ringTerms, sumTerms;
    for (int64_t c = 0; c < fourier.size(1); ++c) ringTerms.emplace_back(convChannels + c, -ringWeights[c].item<double>());
    for (int64_t head = 0; head < kPriorHeads; ++head) {
        const int64_t row = head * kCrossQk;
        if (head < kCandidates) {
            readRow(q, row, {{head, roleGain}}, Zero);
            readRow(k, row, {{head, 1.0}}, kInputZero);
            readRow(v, row, {{head, 1.0}}, kInputZero);
            o[Cost][row] = kCostGain;
            sumTerms.emplace_back(head, 1.0);
        }
        readRow(q, row + 1, {{One, ringGain}}, Zero);
        readRow(k, row + 1, ringTerms, kInputZero);
    }
    readRow(v, kCandidates * kCrossQk, sumTerms, kInputZero);
    o[Cost][kCandidates * kCrossQk] = -kCostGain;
    // The candidate latents' costs are then E[r_k / sigma] - mean(r_k / sigma) over the pixels.

    // Self-attention layers: nothing written at first, except layer 0's head 0.
    for (int64_t layer = 0; layer < model.config.num_self_attends_per_block; ++layer) {
        const std::string l = "perceiver.encoder.self_attends." + std::to_string(layer) + ".";
        parameter(l + "attention.output.dense.weight").zero_();
        parameter(l + "mlp.dense2.weight").zero_();
    }
    parameter(cross + "mlp.dense2.weight").zero_();
    const std::string s0 = "perceiver.encoder.self_attends.0.attention.";
    const int64_t selfQk = kCrossHeads * kCrossQk / kSelfHeads;
    torch::Tensor sq = parameter(s0 + "self.query.weight"), sk = parameter(s0 + "self.key.weight");  // (128, 128)
    torch::Tensor sv = parameter(s0 + "self.value.weight"), so = parameter(s0 + "output.dense.weight");
    sq.narrow(0, 0, selfQk).zero_();
    readRow(sq, 0, {{One, 1.0 / kOne}}, Zero);  // every latent asks the same: q = (1, 0, ...)
    // Key: +kCandidateBias for candidates (-kCandidateBias for the others) - gamma * cost.
    const double gammaCost = kGamma * sigma / kCostGain;  // COST holds kCostGain * cost in units of r / sigma
    readRow(sk, 0, {{Flag, std::sqrt(static_cast<double>(selfQk)) * kCandidateBias / kFlag}, {Cost, -std::sqrt(static_cast<double>(selfQk)) * gammaCost}}, Zero);
    readRow(sv, 0, {{DxP, 1.0}}, Zero);
    readRow(sv, 1, {{DyP, 1.0}}, Zero);
    so[AnswerX][0] = kAnswerGain;
    so[AnswerY][1] = kAnswerGain;

    // Decoder: uniform attention (no query weights), values the answers, pixels out.
    const std::string d = "perceiver.decoder.decoder.";
    parameter(d + "decoding_cross_attention.attention.self.query.weight").zero_();
    torch::Tensor dv = parameter(d + "decoding_cross_attention.attention.self.value.weight");  // (128, 128)
    readRow(dv, 0, {{AnswerX, 1.0}}, Zero);
    readRow(dv, 1, {{AnswerY, 1.0}}, Zero);
    torch::Tensor dout = parameter(d + "decoding_cross_attention.attention.output.dense.weight");  // (322, 128)
    dout.zero_();
    dout[0][0] = 1.0;
    dout[1][1] = 1.0;
    parameter(d + "decoding_cross_attention.mlp.dense2.weight").zero_();
    // HF divides the final layer's output by rescale_factor (100), the pipeline multiplies by
    // flow_scale (20): pixels = output / 5.
    torch::Tensor fin = parameter(d + "final_layer.weight");  // (2, 322)
    fin.zero_();
    const double toPixels = 100.0 / FlowOptions().flow_scale;  // PerceiverForOpticalFlow's rescale_factor
    fin[0][0] = toPixels / kAnswerGain;
    fin[1][1] = toPixels / kAnswerGain;
}

}  // namespace perceiver::flow_prior
