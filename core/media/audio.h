// Audio: decoding any FFmpeg-readable file to mono float at a chosen rate, and WAV files.
//
// Usage:
//   perceiver::AudioBuffer a = perceiver::decodeAudio("clip.mp4", 48000);  // empty if no sound
//   perceiver::writeWav("out.wav", a);                                      // 16-bit PCM, atomic
// No Qt, no torch. Thread-safety: free functions on values.
#pragma once

#include <string>
#include <vector>

namespace perceiver {

struct AudioBuffer {
    int sample_rate = 0;
    std::vector<float> samples;  ///< mono, in [-1, 1]
    bool empty() const { return samples.empty(); }
    double seconds() const { return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0; }
};

/// All audio of `path` down-mixed to mono and resampled to `sampleRate` (FFmpeg swresample).
/// A file without an audio stream gives an empty buffer; an unreadable file throws Error(Media).
AudioBuffer decodeAudio(const std::string& path, int sampleRate);
/// 16-bit PCM mono WAV, written through a temporary file.
void writeWav(const std::string& path, const AudioBuffer& audio);
/// Reads a PCM (8/16/24/32-bit integer or 32-bit float) WAV, down-mixed to mono.
AudioBuffer readWav(const std::string& path);

}  // namespace perceiver
