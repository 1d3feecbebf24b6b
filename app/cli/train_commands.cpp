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
#include "training/finetune_job.h"
#include "training/generators.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <utility>

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
        if (std::isnan(l.loss)) std::fprintf(stderr, "start %6lld held-out: %s\n", static_cast<long long>(l.step), metricsText(l.metrics).c_str());
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
    if (!o.positional.empty()) usage("finetune takes no positional arguments (--task image|text --data DIR|FILE --out DIR)");
    FineTuneRequest r;
    r.task = o.need("task");
    r.data = o.need("data");
    r.out = o.need("out");
    if (r.task != "image" && r.task != "text") usage("finetune --task takes image or text, got '" + r.task + "'");
    TrainOptions& t = r.train;
    t.steps = o.integer("steps", 300);
    t.batch_size = o.integer("batch-size", 16);
    t.warmup_steps = fineTuneWarmupSteps(t.steps);
    t.eval_every = o.integer("eval-every", 50);
    t.seed = static_cast<uint64_t>(o.integer("seed", 0));
    t.learning_rate = o.number("lr", 1e-3);
    r.held_out_fraction = o.number("held-out-fraction", 0.2);
    if (o.values.count("held-out-data")) {
        if (r.task != "text") usage("--held-out-data is for --task text; an image folder gives its split as DIR/train + DIR/val");
        r.held_out_data = o.values.at("held-out-data");
    }
    r.freeze_encoder = o.flag("freeze-encoder");
    r.fresh = o.flag("fresh");
    r.augment = !o.flag("no-augment");
    if (o.values.count("checkpoint")) r.checkpoint = o.values.at("checkpoint");
    if (o.values.count("resume")) r.resume = o.values.at("resume");
    const std::string demo = r.task == "image" ? "demo-shapes" : "demo-language";
    r.init = o.values.count("init") ? o.values.at("init") : demoModelPath(demo);
    if (r.init.empty() && r.resume.empty() && !r.fresh) usage("no --init given and the " + demo + " model is not installed");
    const bool quiet = o.flag("quiet") || o.flag("json");
    const auto started = [&](const FineTuneInfo& i) {
        if (quiet) return;
        const char* what = r.task == "image" ? "images" : "texts";
        std::fprintf(stderr, "finetune: %zu training and %zu held-out %s%s, %zu labels; from %s", i.training_examples, i.held_out_examples, what,
                     i.split_given ? " (the given split)" : "", i.labels.size(), i.source.c_str());
        if (i.resumed) {
            std::fprintf(stderr, ", resumed at step %lld", static_cast<long long>(i.first_step));
        } else {
            std::fprintf(stderr, ": %zu keys initialised anew", i.reinitialised.size());
            for (size_t k = 0; k < i.reinitialised.size() && k < 4; ++k) std::fprintf(stderr, "%s%s", k ? ", " : " (", i.reinitialised[k].c_str());
            if (!i.reinitialised.empty()) std::fprintf(stderr, "%s", i.reinitialised.size() > 4 ? ", ...)" : ")");
            if (!i.unused.empty()) std::fprintf(stderr, ", %zu of its keys unused", i.unused.size());
        }
        std::fprintf(stderr, "; %.2f M of %.2f M parameters trained", i.trainable / 1e6, i.parameters / 1e6);
        std::fprintf(stderr, "\n");
    };
    const auto printer = trainLogPrinter(quiet, t.steps);
    const FineTuneResult done = fineTune(r, nullptr, started, [&](TaskModel&, const TrainLog& l) { printer(l); });
    const TrainReport& rep = done.report;
    if (o.flag("json")) {
        const FineTuneInfo& i = done.info;
        nlohmann::json j = {{"task", r.task}, {"out", r.out}, {"init", i.source}, {"labels", i.labels}, {"reinitialised", i.reinitialised},
                            {"unused", i.unused}, {"trainable_parameters", i.trainable}, {"parameters", i.parameters},
                            {"training_examples", i.training_examples}, {"held_out_examples", i.held_out_examples}, {"first_step", i.first_step}, {"start_metrics", done.start_metrics},
                            {"steps", rep.steps}, {"seconds", rep.seconds}, {"final_loss", rep.final_loss}, {"best_step", rep.best_step},
                            {"metrics", rep.metrics}};
        std::cout << jsonText(j) << "\n";
    } else {
        std::printf("finetune: %lld steps in %.0f s, final loss %.4f; kept step %lld: %s\nwrote %s/config.json and %s/model.safetensors\n",
                    static_cast<long long>(rep.steps), rep.seconds, rep.final_loss, static_cast<long long>(rep.best_step),
                    metricsText(rep.metrics).c_str(), r.out.c_str(), r.out.c_str());
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
    // Each shape fully inside the centre crop the classifier sees (the blue square's first
    // draw, seed 1006, has a corner outside it: it ships as a limit, below).
    const std::pair<int, uint64_t> shapes[] = {{0 * 4 + 0, 1000}, {1 * 4 + 2, 1022}, {2 * 4 + 3, 1011}, {3 * 4 + 1, 1013}};
    for (const auto& [cls, seed] : shapes) {  // red circle, blue square, yellow triangle, green cross
        std::string name = shapeClassNames()[cls];
        std::replace(name.begin(), name.end(), ' ', '-');
        saveImage(out + "/shapes-" + name + ".png", renderShapeImage(cls, seed, 128));
    }
    // Limits, named as such: a ring is none of the 16 classes, yet a classifier names one of
    // them; a square whose corner the centre crop cuts off reads as a circle.
    saveImage(out + "/shapes-limit-ring-is-not-a-class.png", renderNewShapeImage(0, 1100, 128));
    saveImage(out + "/shapes-limit-square-cut-by-the-crop.png", renderShapeImage(1 * 4 + 2, 1006, 128));
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
