#include "pipelines/model_inputs.h"

#include "common/error.h"
#include "media/image_processor.h"
#include "model/perceiver_model.h"
#include "pipelines/autoencode.h"
#include "pipelines/classify.h"
#include "pipelines/classify_text.h"
#include "tokenizer/tokenizer.h"

#include <torch/torch.h>

namespace perceiver {

std::vector<int64_t> textInputIds(const TaskModel& model, const std::string& text, const std::string& what) {
    const std::string a = model.className();
    if (isTextClassifier(a)) return classifierTextIds(model, text);
    if (a != "PerceiverForMaskedLM")
        fail(ErrorKind::Config, what + " needs a text model (masked LM or sequence classification), this is a " + a);
    std::vector<int64_t> ids = PerceiverTokenizer().encode(text);
    if (static_cast<int64_t>(ids.size()) > model.config.max_position_embeddings)
        fail(ErrorKind::InvalidInput, "the text is " + std::to_string(ids.size() - 2) + " tokens ([MASK] counts as one); this model reads at most " +
                                          std::to_string(model.config.max_position_embeddings - 2));
    return ids;
}

MultimodalInput prepareMultimodalInput(const TaskModel& model, const std::vector<ImageU8>& frames, const std::vector<float>& audio) {
    const AutoencodeGeometry g = autoencodeGeometry(model);
    if (static_cast<int>(frames.size()) != g.frames)
        fail(ErrorKind::InvalidInput, "the multimodal model takes windows of " + std::to_string(g.frames) + " frames, got " + std::to_string(frames.size()));
    MultimodalInput in;
    torch::Tensor video = torch::empty({1, g.frames, 3, g.input_side, g.input_side});
    for (int t = 0; t < g.frames; ++t) {
        const ImageU8& f = frames[t];
        const int s = std::min(f.width, f.height);
        if (s == 0) fail(ErrorKind::InvalidInput, "frame " + std::to_string(t) + " of the window is empty");
        in.views.push_back(resizeBicubicPil(crop(f, (f.width - s) / 2, (f.height - s) / 2, s, s), g.input_side, g.input_side));
        video[0][t].copy_(torch::from_blob(in.views.back().rgb.data(), {g.input_side, g.input_side, 3}, torch::kUInt8)
                              .permute({2, 0, 1}).to(torch::kFloat).div(255.0));
    }
    in.audio.assign(static_cast<size_t>(g.samples_per_window), 0.0f);
    std::copy_n(audio.begin(), std::min(audio.size(), in.audio.size()), in.audio.begin());
    const torch::Device device = modelDevice(model);
    in.modalities = {{"image", video.to(device)},
                     {"audio", torch::from_blob(in.audio.data(), {1, g.samples_per_window, 1}, torch::kFloat).clone().to(device)},
                     {"label", torch::zeros({1, model.config.num_labels()}, torch::TensorOptions().device(device))}};
    return in;
}

ClassifierInput prepareClassifierInput(const TaskModel& model, const ImageU8& image) {
    ImageProcessorOptions o;
    o.size = classifierInputSide(model);
    o.crop_size = o.size * 256.0 / 224.0;  // the processor's 224/256 crop ratio at any size
    ClassifierInput in;
    in.view = perceiverModelView(image, o);
    std::vector<float> chw = normalizePixels(in.view, o);
    in.pixel_values = torch::from_blob(chw.data(), {1, 3, o.size, o.size}, torch::kFloat).to(modelDevice(model), false, true);
    return in;
}

ImageU8 padEdge(const ImageU8& in, int width, int height) {
    if (in.width == width && in.height == height) return in;
    ImageU8 out = ImageU8::filled(width, height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) std::copy_n(in.at(std::min(x, in.width - 1), std::min(y, in.height - 1)), 3, out.at(x, y));
    return out;
}

torch::Tensor flowFrames(const TaskModel& model, const ImageU8& first, const ImageU8& second) {
    if (first.empty() || second.empty()) fail(ErrorKind::InvalidInput, "optical flow: an input frame is empty");
    if (first.width != second.width || first.height != second.height)
        fail(ErrorKind::InvalidInput, "optical flow: frames differ in size (" + std::to_string(first.width) + "x" +
                                          std::to_string(first.height) + " and " + std::to_string(second.width) + "x" +
                                          std::to_string(second.height) + ")");
    const int H = std::max(first.height, static_cast<int>(model.config.train_size[0]));
    const int W = std::max(first.width, static_cast<int>(model.config.train_size[1]));
    auto unit = [&](const ImageU8& f) {  // (H, W, 3) uint8 -> (3, H, W) float in [-1, 1]
        const ImageU8 padded = padEdge(f, W, H);
        return torch::from_blob(const_cast<uint8_t*>(padded.rgb.data()), {H, W, 3}, torch::kUInt8)
            .permute({2, 0, 1}).to(torch::kFloat).div(255.0).mul(2.0).sub(1.0);
    };
    return torch::stack({unit(first), unit(second)}, 0);
}

torch::Tensor flowWindowPatches(const TaskModel& model, const torch::Tensor& frames, int y, int x) {
    const int th = static_cast<int>(model.config.train_size[0]), tw = static_cast<int>(model.config.train_size[1]);
    const torch::Tensor piece = frames.slice(2, y, y + th).slice(3, x, x + tw);  // (2, 3, h, w)
    const torch::Tensor p = torch::constant_pad_nd(piece, {1, 1, 1, 1}, 0.0).unfold(2, 3, 1).unfold(3, 3, 1);  // 2,3,h,w,3,3
    return p.permute({0, 4, 5, 1, 2, 3}).reshape({2, 27, th, tw});
}

}  // namespace perceiver
