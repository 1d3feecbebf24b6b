// Reading video frames (OpenCV's FFmpeg backend), one at a time, in bounded memory.
//
// Usage:
//   perceiver::VideoReader r("clip.mp4");     // throws Error(Media) naming the file
//   perceiver::ImageU8 frame;
//   while (r.read(frame)) ...;                 // RGB frames
// Thread-safety: one reader per thread.
#pragma once

#include "media/image.h"

#include <memory>
#include <string>
#include <vector>

namespace perceiver {

class VideoReader {
public:
    explicit VideoReader(const std::string& path);
    ~VideoReader();
    VideoReader(const VideoReader&) = delete;
    VideoReader& operator=(const VideoReader&) = delete;

    /// Next frame as RGB; false at the end of the stream.
    bool read(ImageU8& frame);
    double fps() const;
    int64_t frameCount() const;  ///< as the container states it (may be approximate, 0 if unknown)
    int width() const;
    int height() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

/// Writes RGB frames (all of one size) as a video (MPEG-4 Part 2 in .mp4/.avi, MJPEG in .mjpg)
/// through a temporary file renamed into place. Throws Error(Media) when it cannot.
void writeVideo(const std::string& path, const std::vector<ImageU8>& frames, double fps);

}  // namespace perceiver
