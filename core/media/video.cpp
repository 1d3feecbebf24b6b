#include "media/video.h"

#include "common/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <filesystem>

namespace perceiver {

struct VideoReader::Impl {
    cv::VideoCapture cap;
    std::string path;
    int64_t index = 0;
};

VideoReader::VideoReader(const std::string& path) : d_(std::make_unique<Impl>()) {
    d_->path = path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) fail(ErrorKind::Media, "video file '" + path + "' does not exist");
    if (std::filesystem::file_size(path, ec) == 0) fail(ErrorKind::Media, "video file '" + path + "' is empty (0 bytes)");
    if (!d_->cap.open(path, cv::CAP_FFMPEG) || !d_->cap.isOpened())
        fail(ErrorKind::Media, "cannot open video '" + path + "': not a video FFmpeg can read, or it has no video stream");
}

VideoReader::~VideoReader() = default;

bool VideoReader::read(ImageU8& frame) {
    cv::Mat bgr;
    if (!d_->cap.read(bgr) || bgr.empty()) {
        if (d_->index == 0) fail(ErrorKind::Media, "video '" + d_->path + "' has no decodable video frame");
        return false;
    }
    if (bgr.type() != CV_8UC3) {
        cv::Mat c;
        if (bgr.channels() == 1) cv::cvtColor(bgr, c, cv::COLOR_GRAY2BGR);
        else bgr.convertTo(c, CV_8UC3);
        bgr = c;
    }
    frame.width = bgr.cols;
    frame.height = bgr.rows;
    frame.rgb.resize(static_cast<size_t>(bgr.cols) * bgr.rows * 3);
    cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, frame.rgb.data());
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    ++d_->index;
    return true;
}

double VideoReader::fps() const { return d_->cap.get(cv::CAP_PROP_FPS); }
int64_t VideoReader::frameCount() const { return static_cast<int64_t>(d_->cap.get(cv::CAP_PROP_FRAME_COUNT)); }
int VideoReader::width() const { return static_cast<int>(d_->cap.get(cv::CAP_PROP_FRAME_WIDTH)); }
int VideoReader::height() const { return static_cast<int>(d_->cap.get(cv::CAP_PROP_FRAME_HEIGHT)); }

void writeVideo(const std::string& path, const std::vector<ImageU8>& frames, double fps) {
    if (frames.empty()) fail(ErrorKind::InvalidInput, "no frames to write to '" + path + "'");
    const int w = frames.front().width, h = frames.front().height;
    const std::filesystem::path target(path);
    const std::string temp = (target.parent_path() / ("." + target.filename().string() + ".part" + target.extension().string())).string();
    {
        cv::VideoWriter writer(temp, cv::CAP_FFMPEG, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), fps, cv::Size(w, h));
        if (!writer.isOpened()) fail(ErrorKind::Media, "cannot create video '" + path + "'");
        for (size_t i = 0; i < frames.size(); ++i) {
            const ImageU8& f = frames[i];
            if (f.width != w || f.height != h) {
                writer.release();
                std::filesystem::remove(temp);
                fail(ErrorKind::InvalidInput, "frame " + std::to_string(i) + " is " + std::to_string(f.width) + "x" + std::to_string(f.height) +
                                                  ", the video is " + std::to_string(w) + "x" + std::to_string(h));
            }
            cv::Mat rgb(h, w, CV_8UC3, const_cast<uint8_t*>(f.rgb.data())), bgr;
            cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
            writer.write(bgr);
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, target, ec);
    if (ec) {
        std::filesystem::remove(temp);
        fail(ErrorKind::Media, "cannot write video '" + path + "': " + ec.message());
    }
}

}  // namespace perceiver
