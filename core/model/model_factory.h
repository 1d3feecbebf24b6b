// Building and loading models by name.
//
// Usage:
//   perceiver::LoadedModel m = perceiver::loadModel("path/to/model_dir");   // config + weights
//   m.model->forward(inputs, options);
//
//   // A bare PerceiverModel composed as in HF's examples (fixtures' meta.json "constructor"):
//   auto model = perceiver::buildModel(config, &constructorJson);
//
// Architectures: PerceiverModel, PerceiverForMaskedLM, PerceiverForSequenceClassification,
// PerceiverForImageClassificationLearned / Fourier / ConvProcessing, PerceiverForOpticalFlow,
// PerceiverForMultimodalAutoencoding. Errors: Error(Config) for an unknown class or a bad
// constructor argument, Error(Checkpoint) for weights that do not match.
#pragma once

#include "checkpoint/state_dict.h"
#include "model/perceiver_model.h"

#include <nlohmann/json.hpp>

namespace perceiver {

std::vector<std::string> supportedArchitectures();

/// Builds the class named by config.architectures[0] (or `architecture` when non-empty) with
/// freshly initialised weights. `constructor` ({"decoder": {"class", "kwargs"} | null,
/// "input_preprocessor": ..., "output_postprocessor": ...}) composes a bare PerceiverModel.
std::shared_ptr<TaskModel> buildModel(const PerceiverConfig& config, const nlohmann::json* constructor = nullptr,
                                      const std::string& architecture = {});

struct LoadedModel {
    std::string path;                  ///< folder (or weights file) it came from
    PerceiverConfig config;
    std::shared_ptr<TaskModel> model;  ///< in eval mode, weights loaded strictly
    std::vector<std::string> warnings; ///< e.g. weights holding NaN / Inf (finite_check.h)
};

/// Loads config.json and the weights of a model folder (or of the folder holding a weights
/// file, or a hub id "org/name[@revision]" found in the Hugging Face cache), builds the model
/// and loads it strictly. Thread-safe (no shared state).
LoadedModel loadModel(const std::string& path, const nlohmann::json* constructor = nullptr,
                      const std::string& device = "cpu");

/// Refuses (Error(Checkpoint), naming the keys and the tensor) a config whose sizes do not
/// match the checkpoint: num_latents / d_latents against embeddings.latents, the number of
/// self-attention layers, the labels of a classifier, the text embeddings. loadModel calls it
/// before building, so a wrong size never allocates a model first.
void checkConfigAgainstCheckpoint(const PerceiverConfig& config, const StateDict& sd, const std::string& source);
/// The bytes a model matching `sd` holds as float32 weights.
uint64_t checkpointParameterBytes(const StateDict& sd);
/// Refuses (Error(InvalidInput), with both figures) when `needed` bytes exceed
/// availableMemoryBytes() (runtime.h).
void requireMemoryForModel(uint64_t needed, const std::string& source);

/// Moves a model to `device` and rebuilds the attention layers' shared projection buffers
/// there up front (after Module::to alone, each layer's next forward rebuilds them). On CUDA it also turns TF32 off, process-wide,
/// so that float32 is float32. Must not overlap with forward().
void moveModel(TaskModel& model, const torch::Device& device);

}  // namespace perceiver
