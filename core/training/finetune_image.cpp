#include "training/finetune_image.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "media/file_types.h"
#include "model/model_factory.h"
#include "model/perceiver_model.h"
#include "pipelines/classify.h"
#include "pipelines/model_inputs.h"
#include "training/generators.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

namespace perceiver {

namespace {

namespace fs = std::filesystem;

bool hidden(const fs::path& p) { return !p.filename().empty() && p.filename().string()[0] == '.'; }

bool isImageFile(const fs::directory_entry& e) {
    std::error_code ec;
    return !hidden(e.path()) && e.is_regular_file(ec) && isImagePath(e.path().string());  // (media/file_types.h: the one list)
}

/// The sub-folders of `dir`, sorted by name (hidden ones skipped).
std::vector<fs::path> subFolders(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (!hidden(e.path()) && e.is_directory(ec)) out.push_back(e.path());
    if (ec) fail(ErrorKind::InvalidInput, "cannot list the image folder '" + dir.string() + "': " + ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

/// The image files of one class folder, sorted; none is an error naming the folder.
std::vector<fs::path> classImages(const fs::path& folder) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(folder, ec))
        if (isImageFile(e)) out.push_back(e.path());
    if (ec) fail(ErrorKind::InvalidInput, "cannot list the class folder '" + folder.string() + "': " + ec.message());
    if (out.empty())
        fail(ErrorKind::InvalidInput, "the class folder '" + folder.string() + "' has no images (" + extensionPatterns(kImageExtensions) + ")");
    std::sort(out.begin(), out.end());
    return out;
}

struct Listing {
    std::vector<std::string> paths;
    std::vector<int64_t> classes;
};

/// The images of the class `folders`, each labelled by its name's index in `labels`.
Listing listClasses(const std::vector<std::string>& labels, const std::vector<fs::path>& folders) {
    Listing l;
    for (const fs::path& folder : folders) {
        const auto it = std::find(labels.begin(), labels.end(), folder.filename().string());
        const int64_t cls = it - labels.begin();
        for (const fs::path& f : classImages(folder)) {
            l.paths.push_back(f.string());
            l.classes.push_back(cls);
        }
    }
    return l;
}

std::vector<std::string> labelsOf(const fs::path& dir, const std::vector<fs::path>& folders, const std::string& layout) {
    if (folders.empty())
        fail(ErrorKind::InvalidInput, "the image folder '" + dir.string() + "' has no class sub-folders: expected " + layout);
    std::vector<std::string> labels;
    for (const auto& f : folders) labels.push_back(f.filename().string());
    if (labels.size() < 2)
        fail(ErrorKind::InvalidInput, "the image folder '" + dir.string() + "' has one class (\"" + labels[0] + "\"); a classifier needs at least two");
    return labels;
}

ImageU8 keptImage(const std::string& path) {
    ImageU8 img = loadImage(path);
    const int shorter = std::min(img.width, img.height);
    if (shorter <= kFineTuneImageSide) return img;
    const double s = static_cast<double>(kFineTuneImageSide) / shorter;
    return resizeBicubicPil(img, std::max(1, static_cast<int>(std::lround(img.width * s))), std::max(1, static_cast<int>(std::lround(img.height * s))));
}

/// Decodes the images of `l` into `to` (labels set by the caller); progress over [done, done + n) of `total`.
void decodeInto(LabelledImages& to, const Listing& l, const std::vector<size_t>& which, Progress* progress, size_t& done, size_t total) {
    for (size_t i : which) {
        if (progress) progress->checkCancelled();
        to.images.push_back(keptImage(l.paths[i]));
        to.paths.push_back(l.paths[i]);
        to.classes.push_back(l.classes[i]);
        if (progress) progress->report(static_cast<double>(++done) / total, "decoding images");
    }
}

uint8_t clampByte(double v) { return static_cast<uint8_t>(std::lround(std::clamp(v, 0.0, 255.0))); }

}  // namespace

ImageSplit readImageFolder(const std::string& dirName, double fraction, uint64_t seed, Progress* progress) {
    const fs::path dir(dirName);
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        fail(ErrorKind::InvalidInput, "the image folder '" + dirName + "' " + (fs::exists(dir, ec) ? "is not a folder" : "does not exist"));
    const std::string layout = "'" + dirName + "/<class>/<images>' (or '" + dirName + "/train/<class>' and '" + dirName + "/val/<class>')";
    const fs::path train = dir / "train";
    fs::path val;
    for (const char* name : {"val", "validation"})
        if (fs::is_directory(dir / name, ec)) val = dir / name;
    ImageSplit s;
    size_t done = 0;
    if (fs::is_directory(train, ec) && !val.empty()) {  // the split is given
        s.given = true;
        const std::vector<fs::path> trainFolders = subFolders(train), valFolders = subFolders(val);
        const std::vector<std::string> labels = labelsOf(train, trainFolders, layout);
        for (const fs::path& f : valFolders)
            if (std::find(labels.begin(), labels.end(), f.filename().string()) == labels.end())
                fail(ErrorKind::InvalidInput, "the held-out class folder '" + f.string() + "' has no training folder '" + (train / f.filename()).string() + "'");
        if (valFolders.empty()) fail(ErrorKind::InvalidInput, "the held-out folder '" + val.string() + "' has no class sub-folders");
        const Listing t = listClasses(labels, trainFolders), v = listClasses(labels, valFolders);
        s.training.labels = s.held_out.labels = labels;
        std::vector<size_t> ti(t.paths.size()), vi(v.paths.size());
        std::iota(ti.begin(), ti.end(), size_t(0));
        std::iota(vi.begin(), vi.end(), size_t(0));
        decodeInto(s.training, t, ti, progress, done, ti.size() + vi.size());
        decodeInto(s.held_out, v, vi, progress, done, ti.size() + vi.size());
        return s;
    }
    const fs::path root = fs::is_directory(train, ec) ? train : dir;  // train/ alone: split it
    const std::vector<fs::path> folders = subFolders(root);
    const std::vector<std::string> labels = labelsOf(root, folders, layout);
    const Listing all = listClasses(labels, folders);
    std::vector<size_t> held, kept;
    for (const SplitEntry& e : heldOutSplit(all.classes, labels, fraction, seed, "image")) (e.held_out ? held : kept).push_back(e.index);
    s.training.labels = s.held_out.labels = labels;
    decodeInto(s.training, all, kept, progress, done, all.paths.size());
    decodeInto(s.held_out, all, held, progress, done, all.paths.size());
    return s;
}

void writeNewShapeFolder(const std::string& dir, int train, int val, int size) {
    for (int c = 0; c < 4; ++c)
        for (const auto& [side, count] : {std::pair<const char*, int>{"train", train}, {"val", val}}) {
            const bool training = std::string(side) == "train";
            const std::string folder = dir + "/" + side + "/" + newShapeClassNames()[static_cast<size_t>(c)];
            createOutputFolder(folder, "example image folder");
            for (int i = 0; i < count; ++i) {
                const uint64_t seed = exampleSeed(training ? 11 : 12, static_cast<uint64_t>(c * 1000 + i));
                saveImage(folder + "/" + std::to_string(i) + ".png", renderNewShapeImage(c, training ? seed | 1ull << 63 : seed & ~(1ull << 63), size));
            }
        }
}

FineTuneStart startImageClassifier(const std::string& spec, const std::vector<std::string>& labels, uint64_t seed) {
    if (labels.size() < 2) fail(ErrorKind::InvalidInput, "an image classifier needs at least two labels");
    LoadedModel init = loadModel(spec);
    const std::string a = init.model->className();
    if (!isImageClassifier(a))
        fail(ErrorKind::Config, "fine-tuning an image classifier starts from an image classifier (Learned, Fourier or Conv); " + init.path + " is a " + a);
    return startClassifierFrom(init, a, labels, seed);
}

ImageClassificationTask::ImageClassificationTask(ImageSplit split, PerceiverConfig config, bool augment)
    : split_(std::move(split)), config_(std::move(config)), augment_(augment) {
    if (split_.training.images.empty() || split_.held_out.images.empty())
        fail(ErrorKind::InvalidInput, "fine-tuning needs training and held-out images");
    if (static_cast<int64_t>(split_.training.labels.size()) != config_.num_labels())
        fail(ErrorKind::InvalidInput, "the data has " + std::to_string(split_.training.labels.size()) + " labels, the model " +
                                          std::to_string(config_.num_labels()));
}

ImageU8 ImageClassificationTask::augment(const ImageU8& image, uint64_t seed) {
    Rand r(seed);
    const double side = r.u(0.8, 1.0);
    const int w = std::max(1, static_cast<int>(std::lround(side * image.width))), h = std::max(1, static_cast<int>(std::lround(side * image.height)));
    ImageU8 out = crop(image, r.index(image.width - w + 1), r.index(image.height - h + 1), w, h);
    const bool flip = r.u() < 0.5;
    const double brightness = r.u(-20, 20), contrast = r.u(0.8, 1.2);
    for (int y = 0; y < h; ++y) {
        if (flip)
            for (int x = 0; x < w / 2; ++x) std::swap_ranges(out.at(x, y), out.at(x, y) + 3, out.at(w - 1 - x, y));
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c) out.at(x, y)[c] = clampByte((out.at(x, y)[c] - 128.0) * contrast + 128.0 + brightness);
    }
    return out;
}

torch::Tensor ImageClassificationTask::loss(TaskModel& model, std::mt19937_64& rng, int64_t batch) {
    std::vector<torch::Tensor> pixels;
    torch::Tensor labels = torch::empty({batch}, torch::kLong);
    const LabelledImages& t = split_.training;
    for (int64_t b = 0; b < batch; ++b) {
        const size_t i = static_cast<size_t>(rng() % t.images.size());
        const uint64_t seed = rng();
        pixels.push_back(prepareClassifierInput(model, augment_ ? augment(t.images[i], seed) : t.images[i]).pixel_values);
        labels[b] = t.classes[i];
    }
    ModelInputs in;
    in.inputs.tensor = torch::cat(pixels, 0);
    in.labels = labels.to(modelDevice(model));
    return model.forward(in, {}).loss;
}

Metrics ImageClassificationTask::evaluate(TaskModel& model) {
    c10::InferenceMode guard;
    const LabelledImages& h = split_.held_out;
    HeldOutScore score;
    for (size_t start = 0; start < h.images.size(); start += 32) {
        const size_t end = std::min(h.images.size(), start + 32);
        std::vector<torch::Tensor> pixels;
        for (size_t i = start; i < end; ++i) pixels.push_back(prepareClassifierInput(model, h.images[i]).pixel_values);
        ModelInputs in;
        in.inputs.tensor = torch::cat(pixels, 0);
        score.add(model.forward(in, {}).logits,  // (B, labels)
                  std::vector<int64_t>(h.classes.begin() + static_cast<std::ptrdiff_t>(start), h.classes.begin() + static_cast<std::ptrdiff_t>(end)));
    }
    return score.metrics();
}

}  // namespace perceiver
