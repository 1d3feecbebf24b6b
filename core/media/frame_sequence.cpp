#include "media/frame_sequence.h"

#include "common/error.h"
#include "media/file_types.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

namespace perceiver {

namespace fs = std::filesystem;

bool naturalLess(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
            size_t ie = i, je = j;
            while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
            while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
            size_t is = i, js = j;  // leading zeros do not count, then the longer run is larger
            while (is + 1 < ie && a[is] == '0') ++is;
            while (js + 1 < je && b[js] == '0') ++js;
            if (ie - is != je - js) return ie - is < je - js;
            if (const int c = a.compare(is, ie - is, b, js, je - js); c != 0) return c < 0;
            if (ie - i != je - j) return ie - i < je - j;  // "01" before "1"... by length, for a total order
            i = ie;
            j = je;
            continue;
        }
        if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

std::vector<std::string> listFrameFiles(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) fail(ErrorKind::Media, "'" + dir + "' is not a folder of frames");
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file(ec) && isImagePath(name)) names.push_back(name);
    }
    if (ec) fail(ErrorKind::Media, "cannot list the folder '" + dir + "': " + ec.message());
    if (names.empty())
        fail(ErrorKind::Media, "folder '" + dir + "' holds no image frames (expected frame_0001.png, ... in " +
                                   extensionPatterns(kImageExtensions) + ")");
    std::sort(names.begin(), names.end(), naturalLess);
    std::vector<std::string> paths;
    for (const auto& n : names) paths.push_back((fs::path(dir) / n).string());
    return paths;
}

struct FrameSequence::Impl {
    std::vector<std::string> files;  // a folder
    std::optional<VideoReader> video;
    int64_t index = 0;
    int width = 0, height = 0;
};

FrameSequence::FrameSequence(const std::string& path) : d_(std::make_unique<Impl>()) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) d_->files = listFrameFiles(path);
    else d_->video.emplace(path);
}

FrameSequence::~FrameSequence() = default;

bool FrameSequence::read(ImageU8& frame) {
    if (d_->video) {
        if (!d_->video->read(frame)) return false;
        ++d_->index;
        return true;
    }
    if (d_->index >= static_cast<int64_t>(d_->files.size())) return false;
    const std::string& file = d_->files[static_cast<size_t>(d_->index)];
    frame = loadImage(file);
    if (d_->index == 0) {
        d_->width = frame.width;
        d_->height = frame.height;
    } else if (frame.width != d_->width || frame.height != d_->height) {
        fail(ErrorKind::Media, "frame '" + file + "' is " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                                   ", the first frame " + std::to_string(d_->width) + "x" + std::to_string(d_->height));
    }
    ++d_->index;
    return true;
}

int64_t FrameSequence::frameCount() const { return d_->video ? d_->video->frameCount() : static_cast<int64_t>(d_->files.size()); }
int64_t FrameSequence::index() const { return d_->index; }
bool FrameSequence::isFolder() const { return !d_->video; }

double FrameSequence::fps(double folderFps) const {
    const double f = d_->video ? d_->video->fps() : 0.0;
    return f > 0 && std::isfinite(f) ? f : folderFps;
}

std::string FrameSequence::frameName(int64_t i) const {
    if (!d_->video && i >= 0 && i < static_cast<int64_t>(d_->files.size())) return fs::path(d_->files[static_cast<size_t>(i)]).stem().string();
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05lld", static_cast<long long>(i));
    return name;
}

}  // namespace perceiver
