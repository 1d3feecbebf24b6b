// The demo tasks: small Perceiver models the project trains itself (perceiver train), with
// data it makes or finds on every Debian system, and the held-out scores that the shipped
// models must keep (tests/test_demo_models.cpp).
//
//   mlm     PerceiverForMaskedLM on the licence texts of base-files (/usr/share/common-licenses,
//           Essential on Debian); Apache-2.0 is held out. Score: byte and word accuracy on
//           masked words of held-out text.
//   shapes  PerceiverForImageClassificationLearned on generated images: 4 shapes x 4 colours on
//           noisy backgrounds, 16 classes. Score: top-1 on a held-out seed range.
//   flow    PerceiverForOpticalFlow on generated frame pairs: smooth random textures moved by a
//           random affine warp (exact flow known). Score: mean end-point error in pixels.
//           Starts from a block-matching circuit written into its layers (FlowTask::initialize).
//   clips   PerceiverForMultimodalAutoencoding on generated clips: a shape moving over a
//           background with a tone whose pitch names the shape. Scores: PSNR, label accuracy.
//
// Every generator is a pure function of its seed (std::mt19937_64 and our own float
// mapping), so held-out sets are identical on every machine. Thread-safety: free functions.
#pragma once

#include "media/flow.h"
#include "media/image.h"
#include "training/trainer.h"

#include <memory>
#include <string>
#include <vector>

namespace perceiver {

struct DemoTaskOptions {
    std::string corpus_dir = "/usr/share/common-licenses";  ///< mlm: the training texts
    std::vector<std::string> held_out = {"Apache-2.0"};     ///< mlm: files kept for evaluation
};

std::vector<std::string> demoTaskNames();  ///< mlm, shapes, flow, clips
/// Throws Error(InvalidInput) for an unknown name, Error(Media) for a corpus it cannot read.
std::unique_ptr<TrainingTask> makeDemoTask(const std::string& name, const DemoTaskOptions& options = {});

// ---- held-out scores -------------------------------------------------------------------

struct MaskedLMScore {
    double byte_accuracy = 0, word_accuracy = 0;
    int64_t masked_bytes = 0, masked_words = 0;
};
/// Masks 15 % of the words (at least one) of each window of `text` (windows of the model's
/// max_position_embeddings - 2 bytes) and counts the bytes and whole words predicted.
MaskedLMScore scoreMaskedLM(TaskModel& model, const std::string& text, uint64_t seed);
/// Top-1 accuracy on `count` generated images (seeds seed, seed + 1, ...).
double scoreShapes(TaskModel& model, int count, uint64_t seed);
/// Mean end-point error (pixels) on `count` generated pairs of the model's train_size.
double scoreFlow(TaskModel& model, int count, uint64_t seed);
struct ClipScore {
    double psnr = 0, label_accuracy = 0;
};
/// Mean reconstruction PSNR (dB) and label accuracy on `count` generated clips.
ClipScore scoreClips(TaskModel& model, int count, uint64_t seed);

// ---- generators (also the samples the studio opens with) -------------------------------

const std::vector<std::string>& shapeClassNames();  ///< "red circle", ... (16)
/// An image of class `cls` (index into shapeClassNames) of size x size pixels.
ImageU8 renderShapeImage(int cls, uint64_t seed, int size);

struct FlowSample {
    ImageU8 first, second;
    FlowField flow;  ///< pixels, from first to second
};
FlowSample makeFlowSample(uint64_t seed, int width, int height);

const std::vector<std::string>& clipClassNames();  ///< the shapes of the clips (4)
struct ClipSample {
    std::vector<ImageU8> frames;
    std::vector<float> audio;  ///< mono, frames * samples_per_frame samples
    int label = 0;
};
ClipSample makeClip(uint64_t seed, int frames, int side, int samples_per_frame, int sample_rate);

}  // namespace perceiver
