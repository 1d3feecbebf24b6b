#include "training/generators.h"

#include "common/error.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace perceiver {

namespace {

namespace fs = std::filesystem;

uint8_t clampByte(double v) { return static_cast<uint8_t>(std::lround(std::clamp(v, 0.0, 255.0))); }

// ---- shapes ----------------------------------------------------------------------------

const char* const kShapes[] = {"circle", "square", "triangle", "cross"};
const char* const kColours[] = {"red", "green", "blue", "yellow"};
const double kColourRgb[4][3] = {{215, 45, 40}, {45, 180, 70}, {45, 85, 225}, {235, 205, 40}};

/// Whether offset (dx, dy) from the centre lies in `shape` of radius r turned by theta.
bool insideShape(int shape, double dx, double dy, double r, double theta) {
    const double c = std::cos(theta), s = std::sin(theta);
    const double u = dx * c + dy * s, v = -dx * s + dy * c;
    switch (shape) {
        case 0: return u * u + v * v <= r * r;
        case 1: return std::abs(u) <= 0.75 * r && std::abs(v) <= 0.75 * r;
        case 2:
            for (int k = 0; k < 3; ++k) {
                const double a = 2.0 * M_PI * k / 3.0;
                if (u * std::cos(a) + v * std::sin(a) > 0.5 * r) return false;
            }
            return true;
        case 3: return (std::abs(u) <= r && std::abs(v) <= 0.3 * r) || (std::abs(v) <= r && std::abs(u) <= 0.3 * r);
        // The fine-tuning shapes (newShapeClassNames), none of them in the demo set.
        case 4: return u * u + v * v <= r * r && u * u + v * v >= 0.36 * r * r;                         // ring
        case 5: return std::abs(u) + std::abs(v) <= r;                                                  // diamond
        case 6: return std::abs(u) <= r && std::abs(v) <= 0.28 * r;                                     // bar
        default: return u * u + v * v <= r * r && (u - 0.45 * r) * (u - 0.45 * r) + v * v > 0.64 * r * r;  // crescent
    }
}

/// Draws `shape` anti-aliased (4 samples per pixel) over `img`.
void drawShape(ImageU8& img, int shape, const double rgb[3], double cx, double cy, double r, double theta) {
    const int x0 = std::max(0, static_cast<int>(cx - r - 2)), x1 = std::min(img.width - 1, static_cast<int>(cx + r + 2));
    const int y0 = std::max(0, static_cast<int>(cy - r - 2)), y1 = std::min(img.height - 1, static_cast<int>(cy + r + 2));
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            int hits = 0;
            for (int k = 0; k < 4; ++k) hits += insideShape(shape, x + 0.25 + 0.5 * (k % 2) - cx, y + 0.25 + 0.5 * (k / 2) - cy, r, theta);
            if (!hits) continue;
            const double a = hits / 4.0;
            uint8_t* p = img.at(x, y);
            for (int ch = 0; ch < 3; ++ch) p[ch] = clampByte((1 - a) * p[ch] + a * rgb[ch]);
        }
}

// ---- flow textures -----------------------------------------------------------------------

/// A smooth random colour texture defined everywhere, so a warped frame is exact.
struct Texture {
    struct Wave { double kx, ky, phase, amp[3]; };
    struct Blob { double x, y, inv2s2, amp[3]; };
    std::vector<Wave> waves;
    std::vector<Blob> blobs;
    double base[3];

    Texture(Rand& r, int width, int height) {
        for (double& b : base) b = r.u(90, 165);
        for (int i = 0; i < 10; ++i) {
            const double lambda = r.u(10, 30), dir = r.u(0, 2 * M_PI);
            Wave w{2 * M_PI / lambda * std::cos(dir), 2 * M_PI / lambda * std::sin(dir), r.u(0, 2 * M_PI), {}};
            for (double& a : w.amp) a = r.u(-28, 28);
            waves.push_back(w);
        }
        for (int i = 0; i < 8; ++i) {
            const double sigma = r.u(2.5, 7);
            Blob b{r.u(-8, width + 8), r.u(-8, height + 8), 1.0 / (2 * sigma * sigma), {}};
            for (double& a : b.amp) a = r.u(-70, 70);
            blobs.push_back(b);
        }
    }
    void at(double x, double y, double out[3]) const {
        for (int c = 0; c < 3; ++c) out[c] = base[c];
        for (const auto& w : waves) {
            const double s = std::sin(w.kx * x + w.ky * y + w.phase);
            for (int c = 0; c < 3; ++c) out[c] += w.amp[c] * s;
        }
        for (const auto& b : blobs) {
            const double e = std::exp(-((x - b.x) * (x - b.x) + (y - b.y) * (y - b.y)) * b.inv2s2);
            for (int c = 0; c < 3; ++c) out[c] += b.amp[c] * e;
        }
    }
};

// ---- corpus ------------------------------------------------------------------------------

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) fail(ErrorKind::Media, "cannot read the corpus file '" + p.string() + "'");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

/// A well-mixed seed for example `i` of a set seeded with `seed` (splitmix64).
uint64_t exampleSeed(uint64_t seed, uint64_t i) {
    uint64_t z = seed * 0x9E3779B97F4A7C15ull + i + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

const std::vector<std::string>& shapeClassNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const char* shape : kShapes)
            for (const char* colour : kColours) n.push_back(std::string(colour) + " " + shape);
        return n;
    }();
    return names;
}

namespace {

/// `shape` (insideShape) in colour `colour` (kColourRgb) over a noisy tinted background,
/// drawn from `r` in the demo set's order of draws.
ImageU8 renderShapeOnBackground(Rand& r, int shape, int colour, int size) {
    ImageU8 img = ImageU8::filled(size, size);
    const double grey = r.u(60, 190), gx = r.u(-40, 40) / size, gy = r.u(-40, 40) / size;
    double tint[3];
    for (double& t : tint) t = r.u(-15, 15);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            for (int c = 0; c < 3; ++c) img.at(x, y)[c] = clampByte(grey + tint[c] + gx * x + gy * y + 8 * r.normal());
    double rgb[3];
    for (int c = 0; c < 3; ++c) rgb[c] = std::clamp(kColourRgb[colour][c] + r.u(-20, 20), 0.0, 255.0);
    // Large and upright enough (+-25 degrees) to tell apart at the model's 24 pixels.
    drawShape(img, shape, rgb, r.u(0.38, 0.62) * size, r.u(0.38, 0.62) * size, r.u(0.25, 0.36) * size, r.u(-0.45, 0.45));
    return img;
}

}  // namespace

ImageU8 renderShapeImage(int cls, uint64_t seed, int size) {
    if (cls < 0 || cls >= 16) fail(ErrorKind::InvalidInput, "shape class " + std::to_string(cls) + " is not in [0, 16)");
    Rand r(seed);
    return renderShapeOnBackground(r, cls / 4, cls % 4, size);
}

const std::vector<std::string>& newShapeClassNames() {
    static const std::vector<std::string> names = {"ring", "diamond", "bar", "crescent"};
    return names;
}

ImageU8 renderNewShapeImage(int cls, uint64_t seed, int size) {
    if (cls < 0 || cls >= 4) fail(ErrorKind::InvalidInput, "new shape class " + std::to_string(cls) + " is not in [0, 4)");
    Rand r(seed);
    const int colour = r.index(4);  // any of the demo colours: the class is the shape alone
    return renderShapeOnBackground(r, 4 + cls, colour, size);
}

FlowSample makeFlowSample(uint64_t seed, int width, int height) {
    if (width < 1 || height < 1) fail(ErrorKind::InvalidInput, "a flow sample needs a positive size");
    Rand r(seed);
    const Texture tex(r, width, height);
    // Mostly a translation (what 3x3 patches of two frames can see), slightly warped.
    const double scale = r.u(0.99, 1.01), angle = r.u(-1, 1) * M_PI / 180, tx = r.u(-1.5, 1.5), ty = r.u(-1.5, 1.5);
    const double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
    const double a = scale * std::cos(angle), b = -scale * std::sin(angle), c = scale * std::sin(angle), d = scale * std::cos(angle);
    const double det = a * d - b * c;
    FlowSample s;
    s.first = ImageU8::filled(width, height);
    s.second = ImageU8::filled(width, height);
    s.flow.width = width;
    s.flow.height = height;
    s.flow.uv.resize(static_cast<size_t>(width) * height * 2);
    double rgb[3];
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            tex.at(x, y, rgb);
            for (int ch = 0; ch < 3; ++ch) s.first.at(x, y)[ch] = clampByte(rgb[ch]);
            // p -> A (p - c) + c + t: the flow at p is where it goes minus where it was.
            const double px = x - cx, py = y - cy;
            s.flow.uv[(static_cast<size_t>(y) * width + x) * 2] = static_cast<float>(a * px + b * py + cx + tx - x);
            s.flow.uv[(static_cast<size_t>(y) * width + x) * 2 + 1] = static_cast<float>(c * px + d * py + cy + ty - y);
            // second(q) = first(A^-1 (q - c - t) + c)
            const double qx = x - cx - tx, qy = y - cy - ty;
            tex.at((d * qx - b * qy) / det + cx, (-c * qx + a * qy) / det + cy, rgb);
            for (int ch = 0; ch < 3; ++ch) s.second.at(x, y)[ch] = clampByte(rgb[ch]);
        }
    return s;
}

const std::vector<std::string>& clipClassNames() {
    static const std::vector<std::string> names(std::begin(kShapes), std::end(kShapes));
    return names;
}

ClipSample makeClip(uint64_t seed, int frames, int side, int samplesPerFrame, int sampleRate) {
    if (frames < 1 || side < 4 || samplesPerFrame < 1 || sampleRate < 1) fail(ErrorKind::InvalidInput, "a clip needs frames, a side of 4 pixels or more and audio");
    Rand r(seed);
    ClipSample c;
    c.label = r.index(4);
    double bg[3], fg[3];
    for (double& v : bg) v = r.u(15, 110);
    for (double& v : fg) v = r.u(150, 255);
    const double radius = r.u(0.16, 0.26) * side;
    double x = r.u(0.3, 0.7) * side, y = r.u(0.3, 0.7) * side, theta = r.u(0, 2 * M_PI);
    const double vx = r.u(-0.07, 0.07) * side, vy = r.u(-0.07, 0.07) * side, spin = r.u(-0.3, 0.3);
    for (int t = 0; t < frames; ++t) {
        ImageU8 img = ImageU8::filled(side, side, clampByte(bg[0]), clampByte(bg[1]), clampByte(bg[2]));
        drawShape(img, c.label, fg, x, y, radius, theta);
        c.frames.push_back(std::move(img));
        x += vx;
        y += vy;
        theta += spin;
    }
    static const double pitch[4] = {262, 392, 587, 880};  // C4, G4, D5, A5
    const double f = pitch[c.label] * r.u(0.98, 1.02), amp = r.u(0.3, 0.5), phase = r.u(0, 2 * M_PI);
    c.audio.resize(static_cast<size_t>(frames) * samplesPerFrame);
    for (size_t n = 0; n < c.audio.size(); ++n)
        c.audio[n] = static_cast<float>(amp * std::sin(2 * M_PI * f * n / sampleRate + phase) + 0.01 * r.normal());
    return c;
}

Corpus readCorpus(const std::string& dir, const std::vector<std::string>& held_out) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        fail(ErrorKind::Media, "the corpus folder '" + dir + "' does not exist (Debian's base-files provides /usr/share/common-licenses)");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && !e.is_symlink()) files.push_back(e.path());  // GPL -> GPL-3 etc. once
    std::sort(files.begin(), files.end());
    Corpus c;
    for (const auto& f : files) {
        const bool held = std::find(held_out.begin(), held_out.end(), f.filename().string()) != held_out.end();
        (held ? c.held_out : c.training) += readFile(f) + "\n\n";
    }
    if (c.training.size() < 4096 || c.held_out.empty())
        fail(ErrorKind::Media, "the corpus in '" + dir + "' is too small or has no held-out file");
    return c;
}

}  // namespace perceiver
