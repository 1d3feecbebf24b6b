// Fine-tuning a Perceiver image classifier on your own images: a folder in torchvision's
// ImageFolder layout, a held-out split (given as train/ + val/, or a seeded fraction), a start
// from any image classifier (demo-shapes, deepmind/vision-perceiver-*) with a new head when
// the labels differ, optionally a frozen encoder, and light augmentation. `perceiver finetune
// --task image` and the studio's Train page call the same functions (finetune_job.h).
//
//   ImageSplit split = readImageFolder("my-shapes", 0.2, /*seed*/ 0);  // every image decoded now
//   FineTuneStart start = startImageClassifier("resources/models/demo-shapes", split.training.labels);
//   freezeEncoder(*start.model);                                      // finetune.h: the head only
//   ImageClassificationTask task(split, start.model->config);
//   TrainOptions o; o.initialize = false;                              // keep what was loaded
//   train(*start.model, task, o);                                      // trainer.h
//
// Layout rules (each broken one is an Error(InvalidInput) naming the folder or file, before
// any training): DIR/<class>/<image> (one sub-folder per class, its name the label), or
// DIR/train/<class>/<image> with DIR/val/<class>/<image> (or validation/) when the split is
// given; images are the files media/file_types.h names (kImageExtensions, any case; other
// files and hidden ones are skipped); every class folder holds at least one image (two
// for a seeded split); at least two classes; a held-out class has a training folder. Labels are
// the class folders' names, sorted; the model's id2label follows that order. Every image is
// decoded up front (an unreadable one is an Error(Media) naming it) and kept with its shorter
// side at most kFineTuneImageSide pixels. Thread-safety: free functions, a task used by one
// training at a time.
#pragma once

#include "common/progress.h"
#include "media/image.h"
#include "training/finetune.h"
#include "training/trainer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace perceiver {

/// The shorter side images are kept at (larger ones are downscaled with PIL's bicubic filter):
/// above the 224 pixels of DeepMind's classifiers and the processor's 256 crop.
constexpr int kFineTuneImageSide = 288;

struct LabelledImages {
    std::vector<ImageU8> images;
    std::vector<std::string> paths;   ///< per image, its file
    std::vector<int64_t> classes;     ///< per image, an index into labels
    std::vector<std::string> labels;  ///< the class names, in id order
};
struct ImageSplit {
    LabelledImages training, held_out;
    bool given = false;               ///< the folder's own train/ + val/ split
};

/// The images of `dir` (the rules above), split as the folder says or, when it has no
/// train/ + val/, per class by `fraction` with `seed` (finetune.h's heldOutSplit). Progress
/// gets the fraction of images decoded; a cancel throws Error(Cancelled).
ImageSplit readImageFolder(const std::string& dir, double fraction, uint64_t seed, Progress* progress = nullptr);

/// An example ImageFolder to fine-tune demo-shapes on: the four shapes it never saw
/// (generators.h: newShapeClassNames) at `size` pixels, `train` images per class under
/// `dir`/train/<shape>/ (training seeds) and `val` under `dir`/val/<shape>/ (held-out seeds).
/// The studio's Train page offers it; the tests train on it. Throws Error(InvalidInput) when it
/// cannot write.
void writeNewShapeFolder(const std::string& dir, int train, int val, int size = 64);

/// An image classifier for `labels` started from the classifier `spec` (a folder or hub id, as
/// loadModel takes it), of the start's own class (Learned, Fourier or Conv): startClassifierFrom.
/// Throws Error(Config) for a start that is not an image classifier.
FineTuneStart startImageClassifier(const std::string& spec, const std::vector<std::string>& labels, uint64_t seed = 0);

/// Single-label cross-entropy on augmented training images (a random crop of 80-100 % of the
/// side, a horizontal flip half the time, brightness +-20 and contrast 0.8-1.2, each drawn
/// from the batch sampler), prepared as classifyImage prepares them; held-out accuracy and loss
/// on the images as they are.
class ImageClassificationTask : public TrainingTask {
public:
    ImageClassificationTask(ImageSplit split, PerceiverConfig config, bool augment = true);
    std::string name() const override { return "image"; }
    PerceiverConfig config() const override { return config_; }
    torch::Tensor loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) override;
    Metrics evaluate(TaskModel& model) override;  ///< accuracy, loss
    std::string primaryMetric() const override { return "accuracy"; }
    bool higherIsBetter() const override { return true; }

    /// The augmented view of `image` that the sampler's draw `seed` makes (for a look at it).
    static ImageU8 augment(const ImageU8& image, uint64_t seed);

private:
    ImageSplit split_;
    PerceiverConfig config_;
    bool augment_;
};

}  // namespace perceiver
