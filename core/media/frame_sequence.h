// The frames of a clip, from a video file or from a folder of numbered images
// (frame_0001.png, frame_0002.png, ...: Sintel's and most datasets' layout), read one at a time.
//
// Usage:
//   perceiver::FrameSequence s("training/clean/alley_1");   // or "clip.mp4"
//   perceiver::ImageU8 frame;
//   while (s.read(frame)) std::puts(s.frameName(s.index() - 1).c_str());
// No Qt, no torch. Thread-safety: one sequence per thread.
#pragma once

#include "media/image.h"
#include "media/video.h"

#include <memory>
#include <string>
#include <vector>

namespace perceiver {

/// The image files of `dir` (kImageExtensions, file_types.h) in natural order: digit runs
/// compare as numbers, so frame_2 comes before frame_10. Throws Error(Media) when `dir` is not
/// a folder or holds no image.
std::vector<std::string> listFrameFiles(const std::string& dir);

/// "frame_10.png" < "frame_9.png" is false: digit runs compare by value, the rest bytewise.
bool naturalLess(const std::string& a, const std::string& b);

class FrameSequence {
public:
    /// A folder (listFrameFiles) or a video file (VideoReader). Throws Error(Media).
    explicit FrameSequence(const std::string& path);
    ~FrameSequence();
    FrameSequence(const FrameSequence&) = delete;
    FrameSequence& operator=(const FrameSequence&) = delete;

    /// The next frame as RGB; false after the last. A folder's frames must share the first
    /// frame's size: Error(Media) naming the file otherwise.
    bool read(ImageU8& frame);
    int64_t frameCount() const;    ///< a folder's exact count, a video's stated one (0 if unknown)
    int64_t index() const;         ///< frames read so far
    /// A folder frame's file name without extension ("frame_0001"), a video's "frame_00001".
    std::string frameName(int64_t i) const;
    bool isFolder() const;
    /// A video's frame rate, or `folderFps` for a folder (its images carry none).
    double fps(double folderFps = 10.0) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

}  // namespace perceiver
