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

struct AudioBuffer;

/// The project's video writer (FFmpeg): MPEG-4 Part 2 video (+ AAC audio at 48 kHz, mono) in
/// an .mp4 (or another container FFmpeg knows by extension). Frames and audio are streamed in;
/// the file is written under a temporary name and renamed into place by finish(), so an error
/// or a crash never leaves half a video. Odd sizes are padded by one edge pixel.
class VideoWriter {
public:
    /// audioRate: sample rate of the audio that addAudio() will receive (0 = no sound track).
    VideoWriter(const std::string& path, int width, int height, double fps, int audioRate = 0);
    ~VideoWriter();  ///< removes the temporary file unless finish() succeeded
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;

    void addFrame(const ImageU8& frame);
    void addAudio(const std::vector<float>& samples);  ///< mono, [-1, 1], at audioRate
    void finish();

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

/// Writes `frames` (and `audio`, when given and not empty) in one go with VideoWriter.
void writeVideo(const std::string& path, const std::vector<ImageU8>& frames, double fps, const AudioBuffer* audio = nullptr);

}  // namespace perceiver
