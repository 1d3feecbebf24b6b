#include "media/flow_analysis.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <sstream>

namespace perceiver {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();


void requireMaskSize(const std::vector<uint8_t>& mask, const FlowField& f, const std::string& what) {
    if (!mask.empty() && mask.size() != static_cast<size_t>(f.width) * f.height)
        fail(ErrorKind::InvalidInput, what + " has " + std::to_string(mask.size()) + " pixels, the flow " +
                                          std::to_string(static_cast<int64_t>(f.width) * f.height));
}

/// Bilinear RGB of `img` at (x, y) inside [0, W-1] x [0, H-1].
void sampleRgb(const ImageU8& img, double x, double y, double out[3]) {
    const int x0 = std::min(static_cast<int>(std::floor(x)), img.width - 1), y0 = std::min(static_cast<int>(std::floor(y)), img.height - 1);
    const int x1 = std::min(x0 + 1, img.width - 1), y1 = std::min(y0 + 1, img.height - 1);
    const double fx = x - x0, fy = y - y0;
    for (int c = 0; c < 3; ++c)
        out[c] = (1 - fy) * ((1 - fx) * img.at(x0, y0)[c] + fx * img.at(x1, y0)[c]) +
                 fy * ((1 - fx) * img.at(x0, y1)[c] + fx * img.at(x1, y1)[c]);
}

bool inside(double x, double y, int w, int h) { return x >= 0 && y >= 0 && x <= w - 1 && y <= h - 1; }

/// The forward-backward test of one pixel: 0 consistent, 1 inconsistent, 2 no target.
uint8_t fbTest(double x, double y, float u, float v, const FlowField& backward, double alpha, double beta) {
    if (!isKnownFlow(u, v)) return Consistency::Outside;
    float bu, bv;
    if (!sampleFlow(backward, x + u, y + v, bu, bv)) return Consistency::Outside;
    const double su = double(u) + bu, sv = double(v) + bv;
    const double lhs = su * su + sv * sv;
    const double rhs = alpha * (double(u) * u + double(v) * v + double(bu) * bu + double(bv) * bv) + beta;
    return lhs > rhs ? Consistency::Inconsistent : Consistency::Consistent;
}

/// Ranks (1-based, ties averaged) of `v`.
std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<size_t> order(v.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
        const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (size_t k = i; k <= j; ++k) r[order[k]] = rank;
        i = j + 1;
    }
    return r;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
    const double n = static_cast<double>(a.size());
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

// Viridis at 9 stops (matplotlib's _viridis_data at 0, 1/8, ..., 1), interpolated linearly.
constexpr std::array<std::array<double, 3>, 9> kViridis{{{68, 1, 84},
                                                          {71, 44, 122},
                                                          {59, 81, 139},
                                                          {44, 113, 142},
                                                          {33, 144, 141},
                                                          {39, 173, 129},
                                                          {92, 200, 99},
                                                          {170, 220, 50},
                                                          {253, 231, 37}}};

void viridis(double t, uint8_t* out) {
    t = std::clamp(t, 0.0, 1.0) * (kViridis.size() - 1);
    const size_t i = std::min(static_cast<size_t>(t), kViridis.size() - 2);
    const double f = t - static_cast<double>(i);
    for (int c = 0; c < 3; ++c) out[c] = static_cast<uint8_t>(std::lround((1 - f) * kViridis[i][c] + f * kViridis[i + 1][c]));
}

}  // namespace

bool sampleFlow(const FlowField& f, double x, double y, float& u, float& v) {
    if (!inside(x, y, f.width, f.height)) return false;
    const int x0 = std::min(static_cast<int>(std::floor(x)), f.width - 1), y0 = std::min(static_cast<int>(std::floor(y)), f.height - 1);
    const int x1 = std::min(x0 + 1, f.width - 1), y1 = std::min(y0 + 1, f.height - 1);
    const double fx = x - x0, fy = y - y0;
    double su = 0, sv = 0;
    const int xs[2] = {x0, x1}, ys[2] = {y0, y1};
    const double wx[2] = {1 - fx, fx}, wy[2] = {1 - fy, fy};
    for (int j = 0; j < 2; ++j)
        for (int i = 0; i < 2; ++i) {
            const double w = wx[i] * wy[j];
            const float cu = f.u(xs[i], ys[j]), cv = f.v(xs[i], ys[j]);
            if (w == 0) continue;  // a neighbour with no weight may be unknown
            if (!isKnownFlow(cu, cv)) return false;
            su += w * cu;
            sv += w * cv;
        }
    u = static_cast<float>(su);
    v = static_cast<float>(sv);
    return true;
}

WarpCheck warpCheck(const ImageU8& first, const ImageU8& second, const FlowField& flow) {
    requireSameSize(second.width, second.height, first.width, first.height, "the second frame", "the first");
    requireSameSize(flow.width, flow.height, first.width, first.height, "the flow", "the frames");
    WarpCheck r;
    r.warped = ImageU8::filled(first.width, first.height, 255, 0, 255);
    r.error.width = first.width;
    r.error.height = first.height;
    r.error.values.assign(static_cast<size_t>(first.width) * first.height, kNaN);
    double sum = 0;
    int64_t in = 0;
    for (int y = 0; y < first.height; ++y)
        for (int x = 0; x < first.width; ++x) {
            const float u = flow.u(x, y), v = flow.v(x, y);
            if (!isKnownFlow(u, v) || !inside(x + double(u), y + double(v), second.width, second.height)) continue;
            double rgb[3];
            sampleRgb(second, x + double(u), y + double(v), rgb);
            double e = 0;
            uint8_t* w = r.warped.at(x, y);
            for (int c = 0; c < 3; ++c) {
                w[c] = static_cast<uint8_t>(std::lround(std::clamp(rgb[c], 0.0, 255.0)));
                e += std::fabs(first.at(x, y)[c] - rgb[c]);
            }
            e /= 3;
            r.error.values[static_cast<size_t>(y) * first.width + x] = static_cast<float>(e);
            sum += e;
            ++in;
        }
    const int64_t total = static_cast<int64_t>(first.width) * first.height;
    r.mean_error = in ? sum / static_cast<double>(in) : 0.0;
    r.outside_fraction = total ? static_cast<double>(total - in) / static_cast<double>(total) : 0.0;
    return r;
}

Consistency forwardBackwardConsistency(const FlowField& forward, const FlowField& backward, double alpha, double beta) {
    requireSameSize(backward.width, backward.height, forward.width, forward.height, "the backward flow", "the forward flow");
    if (!(alpha >= 0) || !(beta >= 0))
        fail(ErrorKind::InvalidInput, "the consistency thresholds must be at least 0, got alpha " + std::to_string(alpha) + ", beta " +
                                          std::to_string(beta));
    Consistency c;
    c.width = forward.width;
    c.height = forward.height;
    c.mask.resize(static_cast<size_t>(c.width) * c.height);
    for (int y = 0; y < c.height; ++y)
        for (int x = 0; x < c.width; ++x) {
            const uint8_t m = fbTest(x, y, forward.u(x, y), forward.v(x, y), backward, alpha, beta);
            c.mask[static_cast<size_t>(y) * c.width + x] = m;
            c.inconsistent += m == Consistency::Inconsistent;
            c.outside += m == Consistency::Outside;
        }
    const int64_t total = static_cast<int64_t>(c.mask.size());
    if (total > c.outside) c.inconsistent_fraction = static_cast<double>(c.inconsistent) / static_cast<double>(total - c.outside);
    if (total) c.outside_fraction = static_cast<double>(c.outside) / static_cast<double>(total);
    return c;
}

ImageU8 consistencyOverlay(const ImageU8& base, const Consistency& c) {
    requireSameSize(base.width, base.height, c.width, c.height, "the image", "the consistency mask");
    ImageU8 out = base;
    for (size_t i = 0; i < c.mask.size(); ++i) {
        if (c.mask[i] == Consistency::Consistent) continue;
        static constexpr uint8_t red[3] = {255, 30, 30}, blue[3] = {40, 90, 255};
        const uint8_t* tint = c.mask[i] == Consistency::Inconsistent ? red : blue;
        uint8_t* p = out.rgb.data() + i * 3;
        for (int k = 0; k < 3; ++k) p[k] = static_cast<uint8_t>((p[k] * 2 + tint[k] * 3) / 5);
    }
    return out;
}

ImageU8 kittiErrorImage(const FlowField& flow, const FlowField& truth, const std::vector<uint8_t>& nonOccluded) {
    requireSameSize(truth.width, truth.height, flow.width, flow.height, "the ground truth", "the flow");
    requireMaskSize(nonOccluded, flow, "the non-occluded mask");
    // devkit_flow/io_flow.h LC: [lower, upper) of n, then RGB.
    static constexpr double LC[10][5] = {{0, 0.0625, 49, 54, 149},      {0.0625, 0.125, 69, 117, 180}, {0.125, 0.25, 116, 173, 209},
                                         {0.25, 0.5, 171, 217, 233},    {0.5, 1, 224, 243, 248},       {1, 2, 254, 224, 144},
                                         {2, 4, 253, 174, 97},          {4, 8, 244, 109, 67},          {8, 16, 215, 48, 39},
                                         {16, 1e9, 165, 0, 38}};
    ImageU8 out = ImageU8::filled(flow.width, flow.height);
    for (int y = 0; y < flow.height; ++y)
        for (int x = 0; x < flow.width; ++x) {
            const float tu = truth.u(x, y), tv = truth.v(x, y);
            if (!isKnownFlow(tu, tv)) continue;
            const float fu = flow.u(x, y), fv = flow.v(x, y);
            const double err = isKnownFlow(fu, fv) ? std::hypot(double(fu) - tu, double(fv) - tv) : 1e9;
            const double mag = std::hypot(double(tu), double(tv));
            const double n = std::min(err / 3.0, mag > 0 ? 20.0 * err / mag : (err > 0 ? 1e9 : 0.0));
            int bin = 9;
            for (int i = 0; i < 10; ++i)
                if (n >= LC[i][0] && n < LC[i][1]) {
                    bin = i;
                    break;
                }
            const bool occluded = !nonOccluded.empty() && !nonOccluded[static_cast<size_t>(y) * flow.width + x];
            uint8_t* p = out.at(x, y);
            for (int c = 0; c < 3; ++c) p[c] = static_cast<uint8_t>(occluded ? LC[bin][2 + c] * 0.5 : LC[bin][2 + c]);
        }
    return out;
}

EndPointError endPointError(const FlowField& flow, const FlowField& truth, const std::vector<uint8_t>& include) {
    requireSameSize(truth.width, truth.height, flow.width, flow.height, "the ground truth", "the flow");
    requireMaskSize(include, flow, "the mask");
    if (include.empty()) return endPointError(flow, truth);
    FlowField masked = truth;  // pixels outside the mask become unknown truth, which the EPE skips
    for (size_t i = 0; i < include.size(); ++i)
        if (!include[i]) masked.uv[2 * i] = masked.uv[2 * i + 1] = kNaN;
    return endPointError(flow, masked);
}

FlowField flowDifference(const FlowField& a, const FlowField& b) {
    requireSameSize(b.width, b.height, a.width, a.height, "the second flow", "the first");
    FlowField d = a;
    for (size_t i = 0; i < a.uv.size(); i += 2) {
        const bool k = isKnownFlow(a.uv[i], a.uv[i + 1]) && isKnownFlow(b.uv[i], b.uv[i + 1]);
        d.uv[i] = k ? a.uv[i] - b.uv[i] : kNaN;
        d.uv[i + 1] = k ? a.uv[i + 1] - b.uv[i + 1] : kNaN;
    }
    return d;
}

std::vector<uint8_t> maskFromImage(const ImageU8& image, bool invert) {
    std::vector<uint8_t> m(static_cast<size_t>(image.width) * image.height);
    for (size_t i = 0; i < m.size(); ++i) {
        const uint8_t* p = image.rgb.data() + i * 3;
        const bool set = (p[0] + p[1] + p[2]) >= 3 * 128;
        m[i] = set != invert;
    }
    return m;
}

ImageU8 scalarFieldImage(const ScalarField& s, double lo, double hi) {
    if (lo >= hi) {
        lo = std::numeric_limits<double>::infinity();
        hi = -lo;
        for (float v : s.values)
            if (std::isfinite(v)) {
                lo = std::min(lo, double(v));
                hi = std::max(hi, double(v));
            }
        if (!(lo < hi)) hi = lo + 1;  // constant (or empty) field
    }
    ImageU8 out = ImageU8::filled(s.width, s.height);
    for (size_t i = 0; i < s.values.size(); ++i)
        if (std::isfinite(s.values[i])) viridis((s.values[i] - lo) / (hi - lo), out.rgb.data() + i * 3);
    return out;
}

ImageU8 viridisBar(int width, int height) {
    ImageU8 out = ImageU8::filled(std::max(1, width), std::max(1, height));
    for (int x = 0; x < out.width; ++x) {
        uint8_t c[3];
        viridis(out.width > 1 ? double(x) / (out.width - 1) : 0.0, c);
        for (int y = 0; y < out.height; ++y) std::copy(c, c + 3, out.at(x, y));
    }
    return out;
}

Correlation correlateWithError(const ScalarField& field, const FlowField& flow, const FlowField& truth) {
    requireSameSize(truth.width, truth.height, flow.width, flow.height, "the ground truth", "the flow");
    requireSameSize(field.width, field.height, flow.width, flow.height, "the map", "the flow");
    std::vector<double> a, b;
    for (size_t i = 0; i < field.values.size(); ++i) {
        const float tu = truth.uv[2 * i], tv = truth.uv[2 * i + 1], fu = flow.uv[2 * i], fv = flow.uv[2 * i + 1];
        if (!std::isfinite(field.values[i]) || !isKnownFlow(tu, tv) || !isKnownFlow(fu, fv)) continue;
        a.push_back(field.values[i]);
        b.push_back(std::hypot(double(fu) - tu, double(fv) - tv));
    }
    Correlation c;
    c.pixels = static_cast<int64_t>(a.size());
    if (a.size() < 2) return c;
    c.pearson = pearson(a, b);
    c.spearman = pearson(ranks(a), ranks(b));
    return c;
}

PointTracker::PointTracker(int width, int height, const std::vector<std::pair<double, double>>& points, double alpha, double beta)
    : width_(width), height_(height), alpha_(alpha), beta_(beta) {
    for (const auto& [x, y] : points) {
        if (!inside(x, y, width, height)) {
            char text[160];
            std::snprintf(text, sizeof text, "point (%g, %g) lies outside the %dx%d frame (x in [0, %d], y in [0, %d])", x, y, width,
                          height, width - 1, height - 1);
            fail(ErrorKind::InvalidInput, text);
        }
        Track t;
        t.xs.push_back(x);
        t.ys.push_back(y);
        tracks_.push_back(std::move(t));
    }
}

void PointTracker::advance(const FlowField& forward, const FlowField* backward) {
    requireSameSize(forward.width, forward.height, width_, height_, "the flow", "the tracked frames");
    if (backward) requireSameSize(backward->width, backward->height, width_, height_, "the backward flow", "the tracked frames");
    for (Track& t : tracks_) {
        if (t.lost) continue;
        const double x = t.xs.back(), y = t.ys.back();
        float u, v;
        if (!sampleFlow(forward, x, y, u, v)) {
            t.lost = true;
            t.reason = "unknown flow";
            continue;
        }
        if (backward && fbTest(x, y, u, v, *backward, alpha_, beta_) == Consistency::Inconsistent) {
            t.lost = true;
            t.reason = "occluded (forward-backward check)";
            continue;
        }
        if (!inside(x + u, y + v, width_, height_)) {
            t.lost = true;
            t.reason = "left the frame";
            continue;
        }
        t.xs.push_back(x + u);
        t.ys.push_back(y + v);
    }
    ++frames_;
}

std::vector<std::pair<double, double>> parsePoints(const std::string& text) {
    std::vector<std::pair<double, double>> points;
    std::string item;
    std::stringstream all(text);
    while (std::getline(all, item, ';')) {
        std::stringstream words(item);
        std::string word;
        while (words >> word) {  // "x,y" items, also separated by spaces
            const size_t comma = word.find(',');
            double x = 0, y = 0;
            size_t used = 0;
            bool ok = comma != std::string::npos && comma > 0 && comma + 1 < word.size();
            try {
                if (ok) {
                    x = std::stod(word.substr(0, comma), &used);
                    ok = used == comma;
                    y = std::stod(word.substr(comma + 1), &used);
                    ok = ok && used == word.size() - comma - 1 && std::isfinite(x) && std::isfinite(y);
                }
            } catch (const std::exception&) {
                ok = false;
            }
            if (!ok) fail(ErrorKind::InvalidInput, "point '" + word + "': expected X,Y in pixels (e.g. 12.5,40)");
            points.emplace_back(x, y);
        }
    }
    if (points.empty()) fail(ErrorKind::InvalidInput, "no points given: expected X,Y;X,Y;... in pixels");
    return points;
}

std::string tracksCsv(const std::vector<Track>& tracks) {
    std::string csv = "track,frame,x,y,status\n";
    char row[128];
    for (size_t i = 0; i < tracks.size(); ++i) {
        const Track& t = tracks[i];
        for (size_t f = 0; f < t.xs.size(); ++f) {
            std::snprintf(row, sizeof row, "%zu,%zu,%.3f,%.3f,tracked\n", i, f, t.xs[f], t.ys[f]);
            csv += row;
        }
        if (t.lost) {
            std::snprintf(row, sizeof row, "%zu,%zu,,,", i, t.xs.size());
            csv += row + ("lost: " + t.reason) + "\n";
        }
    }
    return csv;
}

void writeTracksCsv(const std::string& path, const std::vector<Track>& tracks) {
    const std::string csv = tracksCsv(tracks);
    AtomicFile f(path);
    f.write(csv.data(), csv.size());
    f.commit();
}

ImageU8 drawTracks(const ImageU8& base, const std::vector<Track>& tracks, int frame) {
    ImageU8 out = base;
    cv::Mat m(out.height, out.width, CV_8UC3, out.rgb.data());
    constexpr int kShift = 4;  // sub-pixel drawing: coordinates in 1/16 px
    auto at = [](double x, double y) { return cv::Point(static_cast<int>(std::lround(x * 16)), static_cast<int>(std::lround(y * 16))); };
    for (size_t i = 0; i < tracks.size(); ++i) {
        const Track& t = tracks[i];
        uint8_t c[3];
        viridis(tracks.size() > 1 ? double(i) / (tracks.size() - 1) : 0.5, c);
        const cv::Scalar colour(c[0], c[1], c[2]), dark(20, 20, 20);
        const int last = std::min<int>(frame, static_cast<int>(t.xs.size()) - 1);
        for (int f = 1; f <= last; ++f) cv::line(m, at(t.xs[f - 1], t.ys[f - 1]), at(t.xs[f], t.ys[f]), colour, 1, cv::LINE_AA, kShift);
        const cv::Point p = at(t.xs[last], t.ys[last]);
        if (t.lost && frame >= static_cast<int>(t.xs.size())) {  // lost before this frame: a cross where it was last seen
            cv::drawMarker(m, cv::Point(p.x >> kShift, p.y >> kShift), cv::Scalar(255, 40, 40), cv::MARKER_CROSS, 7, 2);
        } else {
            cv::circle(m, p, 3 << kShift, dark, -1, cv::LINE_AA, kShift);
            cv::circle(m, p, 2 << kShift, colour, -1, cv::LINE_AA, kShift);
        }
    }
    return out;
}

}  // namespace perceiver
