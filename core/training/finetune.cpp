#include "training/finetune.h"

#include "common/error.h"
#include "model/model_factory.h"
#include "model/perceiver_model.h"
#include "training/generators.h"
#include "training/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace perceiver {

FineTuneStart startClassifierFrom(const LoadedModel& init, const std::string& architecture, const std::vector<std::string>& labels,
                                  uint64_t seed) {
    if (labels.size() < 2) fail(ErrorKind::InvalidInput, "a classifier needs at least two labels");
    nlohmann::json j = init.config.toJson();
    j["architectures"] = {architecture};
    j["problem_type"] = "single_label_classification";
    nlohmann::json id2label = nlohmann::json::object(), label2id = nlohmann::json::object();
    for (size_t i = 0; i < labels.size(); ++i) {
        id2label[std::to_string(i)] = labels[i];
        label2id[labels[i]] = i;
    }
    j["id2label"] = id2label;
    j["label2id"] = label2id;
    j.erase("num_labels");
    FineTuneStart s;
    s.source = init.path;
    s.model = buildModel(PerceiverConfig::fromJson(j));
    torch::manual_seed(seed);
    initializeWeights(*s.model);
    const StateDict from = moduleStateDict(*init.model);
    std::set<std::string> used;
    {
        torch::NoGradGuard noGrad;
        for (auto& item : s.model->named_parameters()) {
            const auto it = from.find(item.key());
            if (it != from.end() && it->second.sizes() == item.value().sizes()) {
                item.value().copy_(it->second);
                used.insert(item.key());
            } else {
                s.reinitialised.push_back(item.key());
            }
        }
        for (auto& item : s.model->named_buffers()) {  // (position tables and the like, where they are buffers)
            const auto it = from.find(item.key());
            if (it != from.end() && it->second.sizes() == item.value().sizes()) {
                item.value().copy_(it->second);
                used.insert(item.key());
            }
        }
    }
    for (const auto& [name, t] : from)
        if (!used.count(name)) s.unused.push_back(name);
    std::sort(s.reinitialised.begin(), s.reinitialised.end());
    s.model->eval();
    return s;
}

int64_t freezeEncoder(TaskModel& model) {
    int64_t trainable = 0;
    for (auto& item : model.named_parameters()) {
        const bool decoder = item.key().rfind("perceiver.decoder.", 0) == 0 || item.key().rfind("perceiver.", 0) != 0;
        item.value().set_requires_grad(decoder);
        if (decoder) trainable += item.value().numel();
    }
    return trainable;
}

int64_t trainableParameters(const TaskModel& model) {
    int64_t n = 0;
    for (const auto& p : model.parameters())
        if (p.requires_grad()) n += p.numel();
    return n;
}

void HeldOutScore::add(const torch::Tensor& logits, const std::vector<int64_t>& classes) {
    const torch::Tensor l = logits.to(torch::kCPU, torch::kDouble);
    const torch::Tensor target = torch::tensor(classes, torch::kLong);
    correct += l.argmax(-1).eq(target).sum().item<int64_t>();
    loss_sum += torch::nn::functional::cross_entropy(l, target, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum)).item<double>();
    count += static_cast<int64_t>(classes.size());
}

Metrics HeldOutScore::metrics() const {
    const double n = static_cast<double>(std::max<int64_t>(1, count));
    return {{"accuracy", static_cast<double>(correct) / n}, {"loss", loss_sum / n}};
}

std::vector<SplitEntry> heldOutSplit(const std::vector<int64_t>& classes, const std::vector<std::string>& labels, double fraction,
                                     uint64_t seed, const std::string& what) {
    if (!(fraction > 0.0 && fraction < 1.0)) fail(ErrorKind::InvalidInput, "the held-out fraction must be between 0 and 1, got " + std::to_string(fraction));
    std::vector<SplitEntry> out;
    for (int64_t c = 0; c < static_cast<int64_t>(labels.size()); ++c) {
        std::vector<size_t> members;
        for (size_t i = 0; i < classes.size(); ++i)
            if (classes[i] == c) members.push_back(i);
        if (members.size() < 2)
            fail(ErrorKind::InvalidInput, "the class \"" + labels[static_cast<size_t>(c)] + "\" has " + std::to_string(members.size()) + " " + what +
                                              "(s); a held-out split needs at least two per class (or give held-out " + what + "s)");
        std::mt19937_64 rng(exampleSeed(seed, static_cast<uint64_t>(c)));
        std::shuffle(members.begin(), members.end(), rng);
        const size_t held = std::clamp<size_t>(static_cast<size_t>(std::lround(fraction * members.size())), 1, members.size() - 1);
        for (size_t k = 0; k < members.size(); ++k) out.push_back({members[k], k < held});
    }
    return out;
}

}  // namespace perceiver
