// The demo tasks by name: small Perceiver models the project trains itself (perceiver train),
// with data it makes or finds on every Debian system, and the held-out scores that the shipped
// models must keep (tests/test_demo_models.cpp). One file per task in tasks/, their data in
// generators.h, the flow model's starting circuit in flow_prior.h (derivation: flow_prior.md).
//
//   mlm     tasks/masked_lm_task.h  PerceiverForMaskedLM on the licence texts of base-files;
//                                   score: byte and word accuracy on masked held-out words.
//   shapes  tasks/shapes_task.h     PerceiverForImageClassificationLearned, 16 generated
//                                   classes; score: top-1 on a held-out seed range.
//   flow    tasks/flow_task.h       PerceiverForOpticalFlow on generated frame pairs; score:
//                                   mean end-point error in pixels.
//   clips   tasks/clips_task.h      PerceiverForMultimodalAutoencoding on generated clips;
//                                   scores: PSNR, label accuracy.
//
// Usage:
//   std::unique_ptr<perceiver::TrainingTask> task = perceiver::makeDemoTask("shapes");
//   perceiver::Metrics m = task->evaluate(model);
//
// All of it is the perceiver_training library, which the CLI and the tests link and the
// studio does not. Thread-safety: free functions; a task is used by one training at a time.
#pragma once

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

}  // namespace perceiver
