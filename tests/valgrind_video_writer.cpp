// Run under valgrind by CTest (video_writer_valgrind): the MP4 writer with sound, on frames of
// 32 x 32 (3072 bytes of RGB). swscale's SIMD read 16 bytes past such a buffer on every frame
// (issue #15); FFmpeg is not instrumented by ASan, so only valgrind sees it. No torch, no Qt:
// the writer alone, so valgrind runs it in seconds. Exit 0 when written; valgrind's own exit
// code (--error-exitcode) fails the test on any invalid read.
#include "media/image.h"
#include "media/video.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

int main() {
    const std::string dir = (std::filesystem::temp_directory_path() / "perceiver-valgrind-video").string();
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/clip.mp4";
    {
        perceiver::VideoWriter writer(path, 32, 32, 25.0, 48000);
        for (int t = 0; t < 4; ++t) {
            perceiver::ImageU8 frame = perceiver::ImageU8::filled(32, 32, static_cast<uint8_t>(40 * t), 90, 200);
            writer.addFrame(frame);
            std::vector<float> tone(1920);
            for (size_t i = 0; i < tone.size(); ++i) tone[i] = 0.3f * std::sin(0.06f * static_cast<float>(i + 1920 * t));
            writer.addAudio(tone);
        }
        writer.finish();
    }
    const bool ok = std::filesystem::file_size(path) > 0;
    std::filesystem::remove_all(dir);
    std::puts(ok ? "written" : "empty file");
    return ok ? 0 : 1;
}
