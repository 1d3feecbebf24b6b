// Audio: decoding any FFmpeg-readable file to mono float at a chosen rate, and WAV files.
//
// Usage:
//   perceiver::AudioBuffer a = perceiver::decodeAudio("clip.mp4", 48000);  // empty if no sound
//   perceiver::writeWav("out.wav", a);                                      // 16-bit PCM, atomic
// No Qt, no torch. Thread-safety: free functions on values.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace perceiver {

struct AudioBuffer {
    int sample_rate = 0;
    std::vector<float> samples;  ///< mono, in [-1, 1]
    bool empty() const { return samples.empty(); }
    double seconds() const { return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0; }
};

/// The audio of a media file, decoded as it is read: mono, resampled to `sampleRate`, clamped
/// to [-1, 1]. Memory stays bounded by what read() is asked for, whatever length the file
/// declares (a 21 MB file can declare 10 hours). A file without an audio stream reads as
/// empty; an unreadable file throws Error(Media) from the constructor.
/// Thread-safety: one thread at a time.
class AudioReader {
public:
    AudioReader(const std::string& path, int sampleRate);
    ~AudioReader();
    AudioReader(const AudioReader&) = delete;
    AudioReader& operator=(const AudioReader&) = delete;

    /// Appends up to `count` further samples to `out`; fewer only at the end of the track.
    /// Returns how many were appended.
    size_t read(std::vector<float>& out, size_t count);
    /// Skips up to `count` samples (decoded, not kept); returns how many were skipped.
    size_t skip(size_t count);
    bool hasAudio() const;
    int sampleRate() const { return sampleRate_; }

private:
    struct State;
    std::unique_ptr<State> s_;
    int sampleRate_;
    bool fill(size_t wanted);  // decodes until `wanted` samples are buffered or the track ends
};

/// All audio of `path` down-mixed to mono and resampled to `sampleRate` (FFmpeg swresample).
/// A file without an audio stream gives an empty buffer; an unreadable file throws Error(Media).
/// Decodes the whole track: prefer AudioReader for files of unknown length.
AudioBuffer decodeAudio(const std::string& path, int sampleRate);
/// 16-bit PCM mono WAV, written through a temporary file.
void writeWav(const std::string& path, const AudioBuffer& audio);
/// Reads a PCM (8/16/24/32-bit integer or 32-bit float) WAV, down-mixed to mono.
AudioBuffer readWav(const std::string& path);

}  // namespace perceiver
