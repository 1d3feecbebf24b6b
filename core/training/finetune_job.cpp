#include "training/finetune_job.h"

#include "checkpoint/safetensors.h"
#include "common/error.h"
#include "model/model_factory.h"
#include "model/perceiver_model.h"
#include "pipelines/classify.h"
#include "pipelines/classify_text.h"
#include "training/finetune_image.h"
#include "training/finetune_text.h"
#include "training/tasks/masked_lm_task.h"
#include "training/tasks/shapes_task.h"

#include <torch/torch.h>

#include <filesystem>
#include <memory>

namespace perceiver {

namespace {

/// The data of a run, read and split, and the task that trains on it.
struct Data {
    std::vector<std::string> labels;
    size_t training = 0, held_out = 0;
    bool given = false;
    ImageU8 exampleImage;
    std::string exampleText, exampleLabel;
    ImageSplit images;
    TextSplit texts;
};

Data readData(const FineTuneRequest& r, Progress* progress) {
    Data d;
    if (r.task == "image") {
        d.images = readImageFolder(r.data, r.held_out_fraction, r.train.seed, progress);
        d.labels = d.images.training.labels;
        d.training = d.images.training.images.size();
        d.held_out = d.images.held_out.images.size();
        d.given = d.images.given;
        d.exampleImage = d.images.held_out.images.front();
        d.exampleLabel = d.labels.at(static_cast<size_t>(d.images.held_out.classes.front()));
    } else if (r.task == "text") {
        const LabelledTexts all = readLabelledTexts(r.data);
        d.given = !r.held_out_data.empty();
        d.texts = d.given ? TextSplit{all, readLabelledTexts(r.held_out_data, all.labels)} : splitLabelledTexts(all, r.held_out_fraction, r.train.seed);
        d.labels = all.labels;
        d.training = d.texts.training.texts.size();
        d.held_out = d.texts.held_out.texts.size();
        d.exampleText = d.texts.held_out.texts.front();
        d.exampleLabel = d.labels.at(static_cast<size_t>(d.texts.held_out.classes.front()));
    } else {
        fail(ErrorKind::InvalidInput, "fine-tuning takes the task \"image\" or \"text\", got \"" + r.task + "\"");
    }
    return d;
}

/// A kept checkpoint to continue: its classifier must be of the task and have the data's labels.
FineTuneStart resumeFrom(const FineTuneRequest& r, const std::vector<std::string>& labels, int64_t& firstStep) {
    const int64_t kept = keptCheckpointStep(r.resume);
    if (kept < 0) fail(ErrorKind::InvalidInput, "'" + r.resume + "' is not a kept fine-tuning checkpoint (its weights name no step)");
    if (kept >= r.train.steps)
        fail(ErrorKind::InvalidInput, "the checkpoint '" + r.resume + "' was kept at step " + std::to_string(kept) + "; a run of " +
                                          std::to_string(r.train.steps) + " steps has none left");
    LoadedModel m = loadModel(r.resume);
    const std::string a = m.model->className();
    if (r.task == "image" ? !isImageClassifier(a) : !isTextClassifier(a))
        fail(ErrorKind::Config, "the checkpoint '" + r.resume + "' is a " + a + ", not an " + r.task + " classifier");
    std::vector<std::string> theirs;
    for (const auto& [id, name] : m.config.id2label) theirs.push_back(name);
    if (theirs != labels) fail(ErrorKind::InvalidInput, "the checkpoint '" + r.resume + "' has other labels than the data in '" + r.data + "'");
    firstStep = kept + 1;
    FineTuneStart s;
    s.model = m.model;
    s.source = m.path;
    return s;
}

/// A fresh small classifier (FineTuneRequest::fresh).
FineTuneStart freshStart(const FineTuneRequest& r, const std::vector<std::string>& labels) {
    const bool image = r.task == "image";
    std::unique_ptr<TrainingTask> demo;
    if (image) demo = std::make_unique<ShapesTask>();
    else demo = std::make_unique<MaskedLMTask>(Corpus{});  // (its configuration only: no corpus read)
    LoadedModel base;
    base.config = demo->config();
    base.model = buildModel(base.config);
    torch::manual_seed(r.train.seed);
    initializeWeights(*base.model);
    if (image) demo->initialize(*base.model);  // the position table's sine / cosine start
    base.path = image ? "a fresh model of demo-shapes' size" : "a fresh model of demo-language's size";
    FineTuneStart s = startClassifierFrom(base, image ? base.config.architecture() : "PerceiverForSequenceClassification", labels, r.train.seed);
    s.unused.clear();  // (the fresh masked LM's decoder: nothing was trained there)
    return s;
}

}  // namespace

int64_t keptCheckpointStep(const std::string& dir) {
    std::error_code ec;
    const std::string file = dir + "/model.safetensors";
    if (!std::filesystem::is_regular_file(file, ec)) return -1;
    const auto meta = SafetensorsFile::open(file)->metadata();
    const auto it = meta.find("perceiver_studio_step");
    if (it == meta.end()) return -1;
    try {
        return std::stoll(it->second);
    } catch (const std::exception&) {
        return -1;
    }
}

FineTuneResult fineTune(const FineTuneRequest& r, Progress* progress, const std::function<void(const FineTuneInfo&)>& started,
                        const std::function<void(TaskModel&, const TrainLog&)>& log) {
    Progress none;
    Progress& p = progress ? *progress : none;
    Progress reading = p.sub(0.0, 0.05, "reading the data: ");
    Data d = readData(r, &reading);  // bad data is refused before a model is loaded
    FineTuneResult result;
    FineTuneInfo& info = result.info;
    info.first_step = 1;
    info.resumed = !r.resume.empty();
    FineTuneStart start = !r.resume.empty() ? resumeFrom(r, d.labels, info.first_step)
                          : r.fresh           ? freshStart(r, d.labels)
                          : r.task == "image" ? startImageClassifier(r.init, d.labels, r.train.seed)
                                              : startTextClassifier(r.init, d.labels, r.train.seed);
    TaskModel& model = *start.model;
    for (const auto& q : model.parameters()) info.parameters += q.numel();
    info.trainable = r.freeze_encoder ? freezeEncoder(model) : trainableParameters(model);
    info.labels = d.labels;
    info.training_examples = d.training;
    info.held_out_examples = d.held_out;
    info.split_given = d.given;
    info.source = start.source;
    info.architecture = model.className();
    info.reinitialised = start.reinitialised;
    info.unused = start.unused;
    info.example_image = d.exampleImage;
    info.example_text = d.exampleText;
    info.example_label = d.exampleLabel;
    if (started) started(info);

    std::unique_ptr<TrainingTask> task;
    if (r.task == "image") task = std::make_unique<ImageClassificationTask>(std::move(d.images), model.config, r.augment);
    else task = std::make_unique<TextClassificationTask>(std::move(d.texts), model.config);
    TrainOptions o = r.train;
    o.initialize = false;
    o.first_step = info.first_step;
    const std::string taskName = "finetune-" + r.task;
    o.on_kept = [&](int64_t step, const Metrics& metrics) {
        if (!r.checkpoint.empty())
            saveModel(model, r.checkpoint, {{"perceiver_studio_task", taskName}, {"perceiver_studio_step", std::to_string(step)}});
        if (r.train.on_kept) r.train.on_kept(step, metrics);
    };
    Progress training = p.sub(0.05, 1.0);
    bool first = true;
    result.report = train(model, *task, o, &training, [&](const TrainLog& l) {
        if (first) result.start_metrics = l.metrics;  // (the start's evaluation comes first)
        first = false;
        if (log) log(model, l);
    });
    for (auto& q : model.parameters()) q.set_requires_grad(true);
    if (!r.out.empty()) saveModel(model, r.out, {{"perceiver_studio_task", taskName}});
    return result;
}

}  // namespace perceiver
