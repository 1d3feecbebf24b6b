// perceiver train / perceiver evaluate: the demo models of resources/models, trained and
// scored by core/training (demo_tasks.h, generators.h: the perceiver_training library). Built
// with PERCEIVER_WITH_MEDIA.
#include "commands.h"
#include "options.h"
#include "warnings.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "model/model_factory.h"
#include "media/audio.h"
#include "media/video.h"
#include "training/demo_tasks.h"
#include "training/finetune_text.h"
#include "training/generators.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

namespace perceiver::cli {

namespace {

DemoTaskOptions taskOptions(const Options& o) {
    DemoTaskOptions t;
    if (o.values.count("corpus")) t.corpus_dir = o.values.at("corpus");
    if (o.values.count("held-out")) {
        t.held_out.clear();
        std::stringstream ss(o.values.at("held-out"));
        for (std::string f; std::getline(ss, f, ',');) t.held_out.push_back(f);
    }
    return t;
}

std::string metricsText(const Metrics& m) {
    std::string s;
    for (const auto& [k, v] : m) s += (s.empty() ? "" : ", ") + k + " " + std::to_string(v).substr(0, 6);
    return s;
}

/// The progress of a training on stderr: the start's evaluation, a bar every 10 steps, each
/// evaluation on its own line.
std::function<void(const TrainLog&)> trainLogPrinter(bool quiet, int64_t steps) {
    return [quiet, steps](const TrainLog& l) {
        if (quiet) return;
        if (l.step == 0) std::fprintf(stderr, "start        held-out: %s\n", metricsText(l.metrics).c_str());
        else if (!l.metrics.empty()) std::fprintf(stderr, "\rstep %6lld  loss %.4f  held-out: %s\n", static_cast<long long>(l.step), l.loss, metricsText(l.metrics).c_str());
        else if (l.step % 10 == 0) {
            const int bar = static_cast<int>(30.0 * l.step / steps);
            std::fprintf(stderr, "\r[%s%s] step %lld/%lld  loss %.4f  lr %.2e ", std::string(bar, '#').c_str(),
                         std::string(30 - bar, ' ').c_str(), static_cast<long long>(l.step), static_cast<long long>(steps), l.loss,
                         l.learning_rate);
        }
        std::fflush(stderr);
    };
}

}  // namespace

int finetuneCommand(const Args& args) {
    const Options o(args, verb("finetune"));
    if (!o.positional.empty()) usage("finetune takes no positional arguments (--task text --data FILE --out DIR)");
    const std::string task = o.need("task"), dataPath = o.need("data"), out = o.need("out");
    if (task == "image") usage("finetune --task image (an ImageFolder) is not built yet; --task text is");
    if (task != "text") usage("finetune --task takes text, got '" + task + "'");
    TrainOptions t;
    t.steps = o.integer("steps", 300);
    t.batch_size = o.integer("batch-size", 16);
    t.warmup_steps = std::min<int64_t>(30, t.steps / 10);
    t.eval_every = o.integer("eval-every", 50);
    t.seed = static_cast<uint64_t>(o.integer("seed", 0));
    t.learning_rate = o.number("lr", 1e-3);
    t.initialize = false;  // the start's weights, and the new head as startTextClassifier initialised it
    const double fraction = o.number("held-out-fraction", 0.2);
    // The data first: a bad file is refused before a model is loaded or a step is taken.
    const LabelledTexts data = readLabelledTexts(dataPath);
    TextSplit split = o.values.count("held-out-data") ? TextSplit{data, readLabelledTexts(o.values.at("held-out-data"), data.labels)}
                                                      : splitLabelledTexts(data, fraction, t.seed);
    const bool quiet = o.flag("quiet") || o.flag("json");
    const std::string init = o.values.count("init") ? o.values.at("init") : demoModelPath("demo-language");
    if (init.empty()) usage("no --init given and the demo language model is not installed");
    FineTuneStart start = startTextClassifier(init, data.labels);
    const int64_t trainable = o.flag("freeze-encoder") ? freezeEncoder(*start.model) : [&] {
        int64_t n = 0;
        for (const auto& p : start.model->parameters()) n += p.numel();
        return n;
    }();
    if (!quiet) {
        std::fprintf(stderr, "finetune: %zu training and %zu held-out texts, %zu labels; from %s: %zu keys loaded, %zu initialised anew",
                     split.training.texts.size(), split.held_out.texts.size(), data.labels.size(), start.source.c_str(),
                     start.model->named_parameters().size() - start.reinitialised.size(), start.reinitialised.size());
        for (size_t i = 0; i < start.reinitialised.size() && i < 4; ++i) std::fprintf(stderr, "%s%s", i ? ", " : " (", start.reinitialised[i].c_str());
        std::fprintf(stderr, "%s; %.2f M parameters trained\n", start.reinitialised.empty() ? "" : start.reinitialised.size() > 4 ? ", ...)" : ")",
                     trainable / 1e6);
    }
    TextClassificationTask textTask(std::move(split), start.model->config);
    const TrainReport r = train(*start.model, textTask, t, nullptr, trainLogPrinter(quiet, t.steps));
    for (auto& p : start.model->parameters()) p.set_requires_grad(true);
    saveModel(*start.model, out, {{"perceiver_studio_task", "finetune-text"}});
    if (o.flag("json")) {
        nlohmann::json j = {{"task", task}, {"out", out}, {"init", start.source}, {"labels", data.labels}, {"reinitialised", start.reinitialised},
                            {"unused", start.unused}, {"trainable_parameters", trainable}, {"steps", r.steps}, {"seconds", r.seconds},
                            {"final_loss", r.final_loss}, {"best_step", r.best_step}, {"metrics", r.metrics}};
        std::cout << jsonText(j) << "\n";
    } else {
        std::printf("finetune: %lld steps in %.0f s, final loss %.4f; kept step %lld: %s\nwrote %s/config.json and %s/model.safetensors\n",
                    static_cast<long long>(r.steps), r.seconds, r.final_loss, static_cast<long long>(r.best_step), metricsText(r.metrics).c_str(),
                    out.c_str(), out.c_str());
    }
    return 0;
}

int trainCommand(const Args& args) {
    const Options o(args, verb("train"));
    if (!o.positional.empty()) usage("train takes no positional arguments (--task NAME --out DIR)");
    const std::string taskName = o.need("task"), out = o.need("out");
    TrainOptions t;
    t.steps = o.integer("steps", 1000);
    t.batch_size = o.integer("batch-size", 16);
    t.warmup_steps = o.integer("warmup", static_cast<int>(std::min<int64_t>(100, t.steps / 10)));
    t.eval_every = o.integer("eval-every", 250);
    t.seed = static_cast<uint64_t>(o.integer("seed", 0));
    try {
        t.learning_rate = std::stod(o.get("lr", "0.001"));
        t.weight_decay = std::stod(o.get("weight-decay", "0.01"));
        t.clip_norm = std::stod(o.get("clip", "1.0"));
    } catch (const std::exception&) {
        usage("--lr, --weight-decay and --clip take numbers");
    }
    const auto task = makeDemoTask(taskName, taskOptions(o));
    std::shared_ptr<TaskModel> model;
    if (o.values.count("init")) {  // continue training a saved model of this task
        LoadedModel init = loadModelWarning(o.values.at("init"));
        if (init.model->className() != task->config().architecture())
            throw Error(ErrorKind::InvalidInput, "--init " + init.path + " is a " + init.model->className() + ", not a model of the " + taskName + " task");
        model = init.model;
        t.initialize = false;
    } else {
        model = buildModel(task->config());
    }
    int64_t parameters = 0;
    for (const auto& p : model->parameters()) parameters += p.numel();
    const bool quiet = o.flag("quiet") || o.flag("json");
    if (!quiet)
        std::fprintf(stderr, "%s: %s, %.2f M parameters, %lld steps of %lld\n", taskName.c_str(), model->className().c_str(),
                     parameters / 1e6, static_cast<long long>(t.steps), static_cast<long long>(t.batch_size));
    const TrainReport r = train(*model, *task, t, nullptr, trainLogPrinter(quiet, t.steps));
    saveModel(*model, out, {{"perceiver_studio_task", taskName}});
    if (o.flag("json")) {
        nlohmann::json j = {{"task", taskName}, {"out", out}, {"class", model->className()}, {"parameters", parameters},
                            {"steps", r.steps}, {"seconds", r.seconds}, {"final_loss", r.final_loss}, {"best_step", r.best_step},
                            {"metrics", r.metrics}};
        std::cout << jsonText(j) << "\n";
    } else {
        std::printf("%s: %lld steps in %.0f s, final loss %.4f; kept step %lld: %s\nwrote %s/config.json and %s/model.safetensors\n",
                    taskName.c_str(), static_cast<long long>(r.steps), r.seconds, r.final_loss, static_cast<long long>(r.best_step),
                    metricsText(r.metrics).c_str(), out.c_str(), out.c_str());
    }
    return 0;
}

int evaluateCommand(const Args& args) {
    const Options o(args, verb("evaluate"));
    if (!o.positional.empty()) usage("evaluate takes no positional arguments (--task NAME --model DIR)");
    const std::string taskName = o.need("task");
    const auto task = makeDemoTask(taskName, taskOptions(o));
    LoadedModel m = loadModelWarning(o.need("model"));
    const Metrics metrics = task->evaluate(*m.model);
    if (o.flag("json")) std::cout << jsonText(nlohmann::json{{"task", taskName}, {"model", m.path}, {"metrics", metrics}}) << "\n";
    else std::printf("%s on %s: %s\n", taskName.c_str(), m.path.c_str(), metricsText(metrics).c_str());
    return 0;
}

int samplesCommand(const Args& args) {
    const Options o(args, verb("samples"));
    if (!o.positional.empty()) usage("samples takes no positional arguments (--out DIR)");
    const std::string out = o.need("out");
    createOutputFolder(out);
    // Seeds with the top bit clear: the held-out side of every generator, never trained on.
    const int shapes[] = {0 * 4 + 0, 1 * 4 + 2, 2 * 4 + 3, 3 * 4 + 1};  // red circle, blue square, yellow triangle, green cross
    for (int cls : shapes) {
        std::string name = shapeClassNames()[cls];
        std::replace(name.begin(), name.end(), ' ', '-');
        saveImage(out + "/shapes-" + name + ".png", renderShapeImage(cls, 1000 + cls, 128));
    }
    const FlowSample pair = makeFlowSample(2024, 128, 96);
    saveImage(out + "/flow-frame1.png", pair.first);
    saveImage(out + "/flow-frame2.png", pair.second);
    writeFlo(out + "/flow-truth.flo", pair.flow);
    // Six windows (a new clip each) in the demo autoencoder's geometry, at 128x128.
    const PerceiverConfig clips = makeDemoTask("clips")->config();
    const int frameCount = static_cast<int>(clips.num_frames), perFrame = static_cast<int>(clips.audio_samples_per_frame);
    std::vector<ImageU8> frames;
    AudioBuffer audio;
    audio.sample_rate = perFrame * 25;  // the autoencode pipeline's 25 fps
    for (int w = 0; w < 6; ++w) {
        ClipSample clip = makeClip(3000 + w, frameCount, 128, perFrame, audio.sample_rate);
        for (auto& f : clip.frames) frames.push_back(std::move(f));
        audio.samples.insert(audio.samples.end(), clip.audio.begin(), clip.audio.end());
    }
    writeVideo(out + "/clips.mp4", frames, 25.0, &audio);
    std::printf("wrote the sample inputs to %s\n", out.c_str());
    return 0;
}

}  // namespace perceiver::cli
