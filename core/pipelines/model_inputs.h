// Model inputs as the pipelines prepare them, shared by every pipeline of a task so that each
// step exists once (classify and attention on images, flow and attention on frame pairs).
// Internal to core: this header includes torch; the Qt-facing pipeline headers do not.
#pragma once

#include "media/image.h"
#include "model/types.h"

#include <torch/types.h>

namespace perceiver {

class TaskModel;

/// An image classifier's input: the uint8 view the model sees (processor crop + PIL bicubic
/// resize to 224, or config.image_size for Learned) and its pixel_values (1, 3, S, S) on the
/// model's device.
struct ClassifierInput {
    ImageU8 view;
    torch::Tensor pixel_values;
};
ClassifierInput prepareClassifierInput(const TaskModel& model, const ImageU8& image);

/// A multimodal autoencoder's window as the demo prepares it: `frames` (num_frames images of any
/// size, centre-square-cropped and PIL-bicubic resized to image_size * 4) as (1, T, 3, S, S) in
/// [0, 1], `audio` padded with silence to num_frames * audio_samples_per_frame samples
/// (1, samples, 1), the label input all zeros; on the model's device. `views` receives the
/// resized frames and `paddedAudio` the samples fed.
struct MultimodalInput {
    std::vector<ImageU8> views;
    std::vector<float> audio;
    TensorMap modalities;
};
MultimodalInput prepareMultimodalInput(const TaskModel& model, const std::vector<ImageU8>& frames, const std::vector<float>& audio);

/// The token ids a text model (masked LM or text classifier) reads for `text`: [CLS] bytes
/// [SEP]. A classifier's text is truncated to what it reads (classifierTextIds); a masked LM's
/// must fit, else Error(InvalidInput) says by how much (its masks could be past the limit).
/// Throws Error(Config) for a model that does not read text.
std::vector<int64_t> textInputIds(const TaskModel& model, const std::string& text, const std::string& what);

/// Copies `in` into a width x height image, repeating its last column / row (edge padding).
ImageU8 padEdge(const ImageU8& in, int width, int height);
/// Two frames of one size, edge-padded to at least train_size and scaled to [-1, 1]:
/// (2, 3, H, W). Throws Error(InvalidInput) for empty frames or frames of different sizes.
torch::Tensor flowFrames(const TaskModel& model, const ImageU8& first, const ImageU8& second);
/// The window (y, x) of train_size of `frames` as the demo feeds it: 3x3 patches with zero
/// "SAME" padding per window, channels (kernel row, kernel column, colour): (2, 27, h, w).
torch::Tensor flowWindowPatches(const TaskModel& model, const torch::Tensor& frames, int y, int x);

}  // namespace perceiver
