// The data of the demo tasks: seeded generators of shape images, flow pairs (smooth random
// textures under a known affine warp) and clips (a moving shape with a tone), and the reader
// of the masked LM's corpus. The generated images are also the samples the studio opens with
// (perceiver samples).
//
// Usage:
//   perceiver::ImageU8 img = perceiver::renderShapeImage(5, 42, 64);  // a "green square", 64x64
//   perceiver::FlowSample pair = perceiver::makeFlowSample(7, 32, 24);
//   perceiver::ClipSample clip = perceiver::makeClip(9, 4, 32, 320, 8000);
//
// Every generator is a pure function of its seed: std::mt19937_64 (whose output the standard
// fixes) mapped to floats by Rand below (the standard's distributions are not portable), so
// the held-out sets are the same on every machine (test_demo_models pins them by hash).
// Seeds with the top bit set are the training side, seeds with it clear the held-out side.
// Thread-safety: free functions on values; a Rand belongs to one thread.
#pragma once

#include "media/flow.h"
#include "media/image.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace perceiver {

/// Uniform floats from mt19937_64's bits (the standard fixes the engine, not the
/// distributions), so every generated set is the same on every machine.
struct Rand {
    std::mt19937_64 engine;
    explicit Rand(uint64_t seed) : engine(seed) {}
    double u() { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }  ///< [0, 1), 53 bits
    double u(double a, double b) { return a + (b - a) * u(); }
    int index(int n) { return static_cast<int>(engine() % static_cast<uint64_t>(n)); }  ///< [0, n)
    double normal() { return std::sqrt(-2.0 * std::log(1.0 - u())) * std::cos(2.0 * M_PI * u()); }  ///< Box-Muller
};

/// A well-mixed seed for example `i` of a set seeded with `seed` (splitmix64).
uint64_t exampleSeed(uint64_t seed, uint64_t i);

// ---- shapes ----------------------------------------------------------------------------

const std::vector<std::string>& shapeClassNames();  ///< "red circle", ... (16: colour + 4 * shape)
/// An image of class `cls` (index into shapeClassNames) of size x size pixels: the shape
/// (random size, place and tilt within +-25 degrees) over a noisy tinted background.
/// Throws Error(InvalidInput) for a class outside [0, 16).
ImageU8 renderShapeImage(int cls, uint64_t seed, int size);
/// Four shapes the demo model never saw, for fine-tuning it: "ring", "diamond", "bar", "crescent".
const std::vector<std::string>& newShapeClassNames();
/// An image of new shape `cls` (index into newShapeClassNames) in any of the four demo colours,
/// drawn like renderShapeImage. Throws Error(InvalidInput) for a class outside [0, 4).
ImageU8 renderNewShapeImage(int cls, uint64_t seed, int size);

// ---- flow pairs --------------------------------------------------------------------------

struct FlowSample {
    ImageU8 first, second;  ///< width x height each
    FlowField flow;         ///< pixels, from first to second, width x height
};
/// A smooth random colour texture and the same texture under a random affine warp (+-1.5 px
/// translation, +-1 degree, +-1 % scale), with the exact flow. Throws Error(InvalidInput) for
/// a size under 1.
FlowSample makeFlowSample(uint64_t seed, int width, int height);

// ---- clips -------------------------------------------------------------------------------

const std::vector<std::string>& clipClassNames();  ///< the shapes of the clips (4)
struct ClipSample {
    std::vector<ImageU8> frames;  ///< `frames` images of side x side
    std::vector<float> audio;     ///< mono, frames * samples_per_frame samples in about [-0.55, 0.55]
    int label = 0;                ///< index into clipClassNames
};
/// A shape moving and turning over a plain background, with a tone whose pitch names the
/// shape. Throws Error(InvalidInput) without frames, audio or a side of 4 pixels.
ClipSample makeClip(uint64_t seed, int frames, int side, int samples_per_frame, int sample_rate);

// ---- the masked LM's corpus --------------------------------------------------------------

struct Corpus {
    std::string training;  ///< the other files, in name order, each followed by "\n\n"
    std::string held_out;  ///< the held-out files, likewise
};
/// Reads the regular files (not symlinks: Debian's GPL -> GPL-3 is read once) of `dir`.
/// Throws Error(Media) for a missing folder or an unreadable file, or when the training text
/// is under 4 KiB or nothing is held out.
Corpus readCorpus(const std::string& dir, const std::vector<std::string>& held_out);

}  // namespace perceiver
