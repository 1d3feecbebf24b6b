// PerceiverModel and the TaskModel interface every task head implements.
//
// Usage:
//   auto model = perceiver::buildModel(config);            // model_factory.h: class from config
//   perceiver::loadStateDict(*model, perceiver::readStateDict(dir), dir);
//   model->eval();
//   c10::InferenceMode guard;
//   perceiver::ModelInputs in; in.inputs.tensor = ids; in.attention_mask = mask;
//   perceiver::PerceiverOutput out = model->forward(in, {/*output_attentions=*/true});
//
// Thread-safety: forward() may run concurrently from several threads on one model (parameters
// are read-only during inference); building and loading must not overlap with forward().
#pragma once

#include "config/config.h"
#include "model/decoders.h"
#include "model/embeddings.h"
#include "model/encoder.h"
#include "model/postprocessors.h"
#include "model/preprocessors.h"
#include "model/types.h"

namespace perceiver {

/// A model class of modeling_perceiver.py that can run a forward pass.
class TaskModel : public torch::nn::Module {
public:
    explicit TaskModel(PerceiverConfig c) : config(std::move(c)) {}
    /// HF class name, e.g. "PerceiverForMaskedLM".
    virtual std::string className() const = 0;
    virtual PerceiverOutput forward(const ModelInputs& inputs, const ForwardOptions& options) = 0;
    PerceiverConfig config;
};

/// What the encoder produced for one batch of inputs: enough to decode any set of output
/// points later without encoding again (chunked decoding of a video window).
struct EncodedInputs {
    PreprocessorOutput pre;              ///< the preprocessed inputs (decoder queries may use them)
    torch::Tensor latents;               ///< (B, num_latents, d_latents)
    PerceiverOutput encoder;             ///< hidden states, self-attentions, encoder cross-attention
};

class PerceiverModel : public TaskModel {
public:
    PerceiverModel(const PerceiverConfig& config, std::shared_ptr<Decoder> decoder = nullptr,
                   std::shared_ptr<Preprocessor> input_preprocessor = nullptr,
                   std::shared_ptr<Postprocessor> output_postprocessor = nullptr);
    std::string className() const override { return "PerceiverModel"; }

    /// inputs: whatever the preprocessor takes, or (B, M, d_model) floats without one;
    /// attention_mask (B, M); head_mask (heads,) or (layers, heads); subsampled_output_points
    /// per modality. Returns last_hidden_state (B, N, d_latents), logits when a decoder exists,
    /// and the requested attention / hidden-state tuples. A multimodal decoder given no
    /// subsampled points decodes every output point (the reference fails there).
    PerceiverOutput forward(const ModelInputs& inputs, const ForwardOptions& options) override;

    /// The encoder half of forward(): preprocess, cross-attend, self-attend.
    EncodedInputs encode(const ModelInputs& inputs, const ForwardOptions& options);
    /// The decoder half: queries for `subsampled_output_points` (empty: every point of a
    /// multimodal decoder, or the decoder's default queries), decode, postprocess. The result
    /// holds logits and, when asked, the decoder cross-attention only.
    PerceiverOutput decode(const EncodedInputs& encoded, const TensorMap& subsampled_output_points, bool output_attentions);

    std::shared_ptr<Preprocessor> input_preprocessor;
    std::shared_ptr<Postprocessor> output_postprocessor;
    /// Applied by encode() to every forward (types.h); set while no forward runs.
    Intervention intervention;
    std::shared_ptr<Embeddings> embeddings;
    std::shared_ptr<Encoder> encoder;
    std::shared_ptr<Decoder> decoder;
};

/// The PerceiverModel inside a task head (HF's `.perceiver`), for pipelines that encode and
/// decode separately; Error(Config) "PURPOSE need one of the task heads, ..." for another model.
PerceiverModel& trunkOf(TaskModel& model, const std::string& purpose);

/// The device of the model's parameters (where pipelines put their inputs).
torch::Device modelDevice(const TaskModel& model);
/// "cpu", "cuda", "cuda:1" -> a device; throws Error(InvalidInput) when this build or machine
/// cannot use it (CPU-only LibTorch, no GPU).
torch::Device parseDevice(const std::string& name);

/// HF's problem_type rules: 1 label -> MSE, integer labels -> cross-entropy, else BCE-with-logits.
/// logits (B, num_labels); labels (B,) int or (B, num_labels) float. Returns a 0-d loss.
torch::Tensor classificationLoss(const PerceiverConfig& config, const torch::Tensor& logits, const torch::Tensor& labels);

}  // namespace perceiver
