#include "pipelines/classify.h"
#include "model/finite_check.h"

#include "common/error.h"
#include "pipelines/model_inputs.h"
#include "model/perceiver_model.h"

#include <torch/torch.h>

namespace perceiver {

bool isImageClassifier(const std::string& a) {
    return a == "PerceiverForImageClassificationLearned" || a == "PerceiverForImageClassificationFourier" ||
           a == "PerceiverForImageClassificationConvProcessing";
}

int classifierInputSide(const TaskModel& model) {
    return model.className() == "PerceiverForImageClassificationLearned" ? static_cast<int>(model.config.image_size) : 224;
}

ClassifyResult classifyImage(TaskModel& model, const ImageU8& image, int top_k, Progress* progress) {
    if (!isImageClassifier(model.className()))
        fail(ErrorKind::Config, "classify needs a Perceiver image classifier, this model is a " + model.className());
    ClassifyResult r;
    r.architecture = model.className();
    if (progress) progress->report(0.05, "preparing the image");
    ClassifierInput prepared = prepareClassifierInput(model, image);
    r.model_view = std::move(prepared.view);
    ModelInputs in;
    in.inputs.tensor = prepared.pixel_values;
    PerceiverOutput out;
    {
        c10::InferenceMode guard;
        out = model.forward(in, {});
    }
    if (progress) progress->checkCancelled();
    if (std::string w = nonFiniteWarning(out.logits, "the logits"); !w.empty()) r.warnings.push_back(w);
    const torch::Tensor probs = torch::softmax(out.logits[0].to(torch::kCPU, torch::kDouble), -1);
    const int k = std::max(1, std::min<int>(top_k, static_cast<int>(probs.size(0))));
    const auto [p, idx] = probs.topk(k);
    for (int j = 0; j < k; ++j) {
        const int64_t i = idx[j].item<int64_t>();
        r.top.push_back({i, model.config.label(i), p[j].item<double>()});
    }
    if (progress) progress->report(1.0, "done");
    return r;
}

}  // namespace perceiver
