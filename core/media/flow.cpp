#include "media/flow.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/input_file.h"
#include "media/image_header.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

namespace perceiver {

namespace {

constexpr float kFloTag = 202021.25f;
constexpr double kUnknown = 1e9;


// The Middlebury colour wheel: 55 colours, RY 15, YG 6, GC 4, CB 11, BM 13, MR 6.
const std::vector<std::array<double, 3>>& wheel() {
    static const std::vector<std::array<double, 3>> w = [] {
        std::vector<std::array<double, 3>> c;
        const int RY = 15, YG = 6, GC = 4, CB = 11, BM = 13, MR = 6;
        for (int i = 0; i < RY; ++i) c.push_back({255, std::floor(255.0 * i / RY), 0});
        for (int i = 0; i < YG; ++i) c.push_back({255 - std::floor(255.0 * i / YG), 255, 0});
        for (int i = 0; i < GC; ++i) c.push_back({0, 255, std::floor(255.0 * i / GC)});
        for (int i = 0; i < CB; ++i) c.push_back({0, 255 - std::floor(255.0 * i / CB), 255});
        for (int i = 0; i < BM; ++i) c.push_back({std::floor(255.0 * i / BM), 0, 255});
        for (int i = 0; i < MR; ++i) c.push_back({255, 0, 255 - std::floor(255.0 * i / MR)});
        return c;
    }();
    return w;
}

void colorOf(double fu, double fv, uint8_t* out) {  // fu, fv normalised by the max radius
    const auto& w = wheel();
    const int n = static_cast<int>(w.size());
    const double rad = std::sqrt(fu * fu + fv * fv);
    const double a = std::atan2(-fv, -fu) / M_PI;
    const double fk = (a + 1.0) / 2.0 * (n - 1);
    const int k0 = static_cast<int>(std::floor(fk));
    const int k1 = (k0 + 1) % n;
    const double f = fk - k0;
    for (int c = 0; c < 3; ++c) {
        double col = ((1 - f) * w[k0][c] + f * w[k1][c]) / 255.0;
        col = rad <= 1 ? 1 - rad * (1 - col) : col * 0.75;
        out[c] = static_cast<uint8_t>(std::floor(255.0 * col));
    }
}

void checkSame(const ImageU8& base, const FlowField& flow) {
    if (base.width != flow.width || base.height != flow.height)
        fail(ErrorKind::InvalidInput, "image " + std::to_string(base.width) + "x" + std::to_string(base.height) + " and flow " +
                                          std::to_string(flow.width) + "x" + std::to_string(flow.height) + " differ in size");
}

}  // namespace

bool isKnownFlow(float u, float v) { return std::isfinite(u) && std::isfinite(v) && std::fabs(u) < kUnknown && std::fabs(v) < kUnknown; }

void requireSameSize(int w, int h, int ew, int eh, const std::string& what, const std::string& expected) {
    if (w != ew || h != eh)
        fail(ErrorKind::InvalidInput, what + " is " + std::to_string(w) + "x" + std::to_string(h) + ", " + expected + " " +
                                          std::to_string(ew) + "x" + std::to_string(eh));
}

FlowField readFlo(const std::string& path) {
    uint64_t fileSize = 0;
    std::ifstream in = openInputFile(path, "flow file", ErrorKind::Media, &fileSize);  // no FIFO or folder
    float tag = 0;
    int32_t w = 0, h = 0;
    in.read(reinterpret_cast<char*>(&tag), 4).read(reinterpret_cast<char*>(&w), 4).read(reinterpret_cast<char*>(&h), 4);
    if (!in) fail(ErrorKind::Media, "flow file '" + path + "' is shorter than its 12-byte header");
    if (tag != kFloTag) fail(ErrorKind::Media, "'" + path + "' is not a Middlebury .flo file (tag 'PIEH' missing)");
    if (w <= 0 || h <= 0 || w > 100000 || h > 100000)
        fail(ErrorKind::Media, "flow file '" + path + "' declares an impossible size " + std::to_string(w) + "x" + std::to_string(h));
    const uint64_t dataBytes = static_cast<uint64_t>(w) * static_cast<uint64_t>(h) * 8;
    if (fileSize - 12 < dataBytes)  // checked before allocating: a 12-byte file may claim 30000x30000
        fail(ErrorKind::Media, "flow file '" + path + "' is truncated: " + std::to_string(fileSize - 12) + " of " +
                                   std::to_string(dataBytes) + " data bytes for " + std::to_string(w) + "x" + std::to_string(h));
    FlowField f;
    f.width = w;
    f.height = h;
    f.uv.resize(static_cast<size_t>(w) * h * 2);
    in.read(reinterpret_cast<char*>(f.uv.data()), static_cast<std::streamsize>(f.uv.size() * 4));
    if (static_cast<size_t>(in.gcount()) != f.uv.size() * 4)
        fail(ErrorKind::Media, "flow file '" + path + "' is truncated: " + std::to_string(in.gcount()) + " of " +
                                   std::to_string(f.uv.size() * 4) + " data bytes");
    return f;
}

void writeFlo(const std::string& path, const FlowField& f) {
    if (f.width <= 0 || f.height <= 0 || f.uv.size() != static_cast<size_t>(f.width) * f.height * 2)
        fail(ErrorKind::InvalidInput, "cannot write an empty or inconsistent flow field to '" + path + "'");
    AtomicFile out(path);
    const int32_t w = f.width, h = f.height;
    out.write(&kFloTag, 4);
    out.write(&w, 4);
    out.write(&h, 4);
    out.write(f.uv.data(), f.uv.size() * 4);
    out.commit();
}

FlowField readKittiFlow(const std::string& path) {
    const std::string bytes = readInputFile(path, "KITTI flow file", ErrorKind::Media, kMaxImageFileBytes);  // no FIFO, folder or giant
    const ImageHeader header = readImageHeader(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    if (header.format != "PNG") fail(ErrorKind::Media, "KITTI flow file '" + path + "' is not a PNG");
    if (!header.problem.empty()) fail(ErrorKind::Media, "KITTI flow file '" + path + "': " + header.problem);
    if (header.width == 0 || header.height == 0) fail(ErrorKind::Media, "KITTI flow file '" + path + "' declares an empty image");
    requireDecodablePixels(header.width, header.height, "KITTI flow file '" + path + "'");
    cv::Mat m;
    try {
        m = cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data())), cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        fail(ErrorKind::Media, "cannot decode KITTI flow file '" + path + "': " + e.what());
    }
    if (m.empty()) fail(ErrorKind::Media, "cannot decode KITTI flow file '" + path + "'");
    if (m.type() != CV_16UC3)
        fail(ErrorKind::Media, "KITTI flow file '" + path + "' is not a 16-bit RGB PNG (" + std::to_string(m.channels()) + " channels of " +
                                   (m.depth() == CV_16U ? "16" : "8") + " bits)");
    FlowField f;
    f.width = m.cols;
    f.height = m.rows;
    f.uv.resize(static_cast<size_t>(f.width) * f.height * 2);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (int y = 0; y < m.rows; ++y) {
        const uint16_t* row = m.ptr<uint16_t>(y);  // OpenCV's order: B (valid), G (v), R (u)
        for (int x = 0; x < m.cols; ++x) {
            const uint16_t* p = row + 3 * x;
            const size_t i = (static_cast<size_t>(y) * f.width + x) * 2;
            const bool valid = p[0] > 0;
            f.uv[i] = valid ? (static_cast<float>(p[2]) - 32768.0f) / 64.0f : nan;
            f.uv[i + 1] = valid ? (static_cast<float>(p[1]) - 32768.0f) / 64.0f : nan;
        }
    }
    return f;
}

void writeKittiFlow(const std::string& path, const FlowField& f) {
    if (f.width <= 0 || f.height <= 0 || f.uv.size() != static_cast<size_t>(f.width) * f.height * 2)
        fail(ErrorKind::InvalidInput, "cannot write an empty or inconsistent flow field to '" + path + "'");
    cv::Mat m(f.height, f.width, CV_16UC3);
    for (int y = 0; y < f.height; ++y) {
        uint16_t* row = m.ptr<uint16_t>(y);
        for (int x = 0; x < f.width; ++x) {
            const float u = f.u(x, y), v = f.v(x, y);
            uint16_t* p = row + 3 * x;
            if (!isKnownFlow(u, v)) {
                p[0] = p[1] = p[2] = 0;
                continue;
            }
            if (std::fabs(u) >= 512.0f || std::fabs(v) >= 512.0f)
                fail(ErrorKind::InvalidInput, "cannot write '" + path + "': the flow at (" + std::to_string(x) + ", " + std::to_string(y) +
                                                  ") exceeds KITTI's +-512 px range");
            p[0] = 1;
            p[1] = static_cast<uint16_t>(std::lround(v * 64.0f + 32768.0f));
            p[2] = static_cast<uint16_t>(std::lround(u * 64.0f + 32768.0f));
        }
    }
    std::vector<uint8_t> encoded;
    if (!cv::imencode(".png", m, encoded)) fail(ErrorKind::Media, "cannot encode '" + path + "' as a 16-bit PNG");
    AtomicFile out(path);
    out.write(encoded.data(), encoded.size());
    out.commit();
}

ImageU8 flowToColor(const FlowField& f, double maxRadius) {
    if (maxRadius <= 0) {
        for (size_t i = 0; i < f.uv.size(); i += 2)
            if (isKnownFlow(f.uv[i], f.uv[i + 1])) maxRadius = std::max(maxRadius, std::hypot(double(f.uv[i]), double(f.uv[i + 1])));
    }
    const double norm = maxRadius > 0 ? maxRadius : 1.0;
    ImageU8 img = ImageU8::filled(f.width, f.height);
    for (int y = 0; y < f.height; ++y)
        for (int x = 0; x < f.width; ++x)
            if (isKnownFlow(f.u(x, y), f.v(x, y))) colorOf(f.u(x, y) / norm, f.v(x, y) / norm, img.at(x, y));
    return img;
}

ImageU8 flowColorWheel(int size) {
    ImageU8 img = ImageU8::filled(size, size, 255, 255, 255);
    const double r = (size - 1) / 2.0;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double u = (x - r) / r, v = (y - r) / r;
            if (u * u + v * v <= 1.0) colorOf(u, v, img.at(x, y));
        }
    return img;
}

ImageU8 withWheelLegend(const ImageU8& color) {
    ImageU8 out = color;
    const int size = std::max(16, std::min(color.width, color.height) / 5);
    if (size + 4 > color.width || size + 4 > color.height) return out;  // too small for a legend
    const ImageU8 legend = flowColorWheel(size);
    const int x0 = color.width - size - 2, y0 = color.height - size - 2;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double r = (size - 1) / 2.0, dx = x - r, dy = y - r;
            if (dx * dx + dy * dy <= (r + 1.5) * (r + 1.5)) {
                uint8_t* o = out.at(x0 + x, y0 + y);
                if (dx * dx + dy * dy <= r * r) std::copy_n(legend.at(x, y), 3, o);
                else o[0] = o[1] = o[2] = 255;  // a white rim
            }
        }
    return out;
}

ImageU8 flowMagnitude(const FlowField& f, double maxMagnitude) {
    std::vector<double> mag(static_cast<size_t>(f.width) * f.height, 0.0);
    double m = 0;
    for (size_t i = 0; i < mag.size(); ++i)
        if (isKnownFlow(f.uv[2 * i], f.uv[2 * i + 1])) m = std::max(m, mag[i] = std::hypot(double(f.uv[2 * i]), double(f.uv[2 * i + 1])));
    if (maxMagnitude > 0) m = maxMagnitude;
    ImageU8 img = ImageU8::filled(f.width, f.height);
    for (size_t i = 0; i < mag.size(); ++i) {
        const auto g = static_cast<uint8_t>(std::lround(255.0 * std::min(1.0, m > 0 ? mag[i] / m : 0.0)));
        img.rgb[3 * i] = img.rgb[3 * i + 1] = img.rgb[3 * i + 2] = g;
    }
    return img;
}

std::vector<FlowArrow> flowArrows(const FlowField& f, int step) {
    if (step < 1) fail(ErrorKind::InvalidInput, "arrow spacing must be at least 1 pixel");
    std::vector<FlowArrow> arrows;
    for (int y = step / 2; y < f.height; y += step)
        for (int x = step / 2; x < f.width; x += step)
            if (isKnownFlow(f.u(x, y), f.v(x, y))) arrows.push_back({double(x), double(y), double(f.u(x, y)), double(f.v(x, y))});
    return arrows;
}

ImageU8 drawFlowArrows(const ImageU8& base, const FlowField& f, int step, double scale) {
    checkSame(base, f);
    ImageU8 out = base;
    cv::Mat m(out.height, out.width, CV_8UC3, out.rgb.data());
    for (const FlowArrow& a : flowArrows(f, step)) {
        const cv::Point2d to(a.x + scale * a.u, a.y + scale * a.v);
        cv::arrowedLine(m, cv::Point(int(a.x), int(a.y)), to, cv::Scalar(255, 255, 255), 2, cv::LINE_AA, 0, 0.3);
        cv::arrowedLine(m, cv::Point(int(a.x), int(a.y)), to, cv::Scalar(20, 20, 20), 1, cv::LINE_AA, 0, 0.3);
    }
    return out;
}

namespace {
void requireSameSize(const FlowField& f, const FlowField& t) {
    if (f.width != t.width || f.height != t.height)
        fail(ErrorKind::InvalidInput, "flow " + std::to_string(f.width) + "x" + std::to_string(f.height) + " and ground truth " +
                                          std::to_string(t.width) + "x" + std::to_string(t.height) + " differ in size");
}
}  // namespace

FlowStats flowStats(const FlowField& f) {
    FlowStats s;
    double sum = 0;
    for (size_t i = 0; i < f.uv.size(); i += 2) {
        const double m = std::hypot(double(f.uv[i]), double(f.uv[i + 1]));
        sum += m;
        s.max = std::max(s.max, m);
    }
    s.mean = sum / std::max<size_t>(1, f.uv.size() / 2);
    return s;
}

ImageU8 endPointErrorImage(const FlowField& f, const FlowField& t) {
    requireSameSize(f, t);
    FlowField diff = f;
    for (size_t i = 0; i < f.uv.size(); i += 2) {
        const bool k = isKnownFlow(t.uv[i], t.uv[i + 1]);
        diff.uv[i] = k ? f.uv[i] - t.uv[i] : 0.0f;
        diff.uv[i + 1] = k ? f.uv[i + 1] - t.uv[i + 1] : 0.0f;
    }
    return flowMagnitude(diff);
}

EndPointError endPointError(const FlowField& f, const FlowField& t) {
    requireSameSize(f, t);
    EndPointError e;
    double sum = 0, speedSum[3] = {0, 0, 0};
    int64_t below[3] = {0, 0, 0}, outliers = 0, speedCount[3] = {0, 0, 0};
    for (size_t i = 0; i < f.uv.size(); i += 2) {
        if (!isKnownFlow(t.uv[i], t.uv[i + 1])) continue;
        const double d = std::hypot(double(f.uv[i]) - t.uv[i], double(f.uv[i + 1]) - t.uv[i + 1]);
        const double speed = std::hypot(double(t.uv[i]), double(t.uv[i + 1]));
        sum += d;
        e.max = std::max(e.max, d);
        ++e.valid;
        below[0] += d < 1;
        below[1] += d < 3;
        below[2] += d < 5;
        outliers += d > 3 && d > 0.05 * speed;
        const int band = speed < 10 ? 0 : speed < 40 ? 1 : 2;
        speedSum[band] += d;
        ++speedCount[band];
    }
    if (e.valid == 0) return e;
    const double n = static_cast<double>(e.valid);
    e.mean = sum / n;
    e.acc1 = below[0] / n;
    e.acc3 = below[1] / n;
    e.acc5 = below[2] / n;
    e.fl_all = outliers / n;
    e.n0_10 = speedCount[0];
    e.n10_40 = speedCount[1];
    e.n40_plus = speedCount[2];
    if (speedCount[0]) e.s0_10 = speedSum[0] / speedCount[0];
    if (speedCount[1]) e.s10_40 = speedSum[1] / speedCount[1];
    if (speedCount[2]) e.s40_plus = speedSum[2] / speedCount[2];
    return e;
}

FlowField readFlowFile(const std::string& path) {
    std::string ext = path.size() >= 4 ? path.substr(path.size() - 4) : "";
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".png" ? readKittiFlow(path) : readFlo(path);
}

}  // namespace perceiver
