#include "media/image.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/input_file.h"
#include "media/image_header.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace perceiver {

namespace {

ImageU8 fromMat(const cv::Mat& bgr) {
    ImageU8 out;
    out.width = bgr.cols;
    out.height = bgr.rows;
    out.rgb.resize(static_cast<size_t>(bgr.cols) * bgr.rows * 3);
    cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, out.rgb.data());
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return out;
}

std::string megapixels(uint64_t pixels) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", static_cast<double>(pixels) / 1e6);
    return text;
}

ImageU8 decodeMat(const cv::Mat& encoded, const std::string& what) {
    cv::Mat bgr;
    try {
        bgr = cv::imdecode(encoded, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    } catch (const cv::Exception& e) {
        // OpenCV's own pixel limit, for a format readImageHeader does not know.
        if (std::string(e.what()).find("validateInputImageSize") != std::string::npos)
            fail(ErrorKind::Media, "image " + what + " declares more pixels than OpenCV decodes (limit: " +
                                       megapixels(kMaxImagePixels) + " megapixels)");
        fail(ErrorKind::Media, "cannot decode image " + what + ": " + e.what());
    }
    if (bgr.empty())
        fail(ErrorKind::Media, "cannot decode image " + what + ": not a supported image (PNG, JPEG, BMP, TIFF, WebP, ...) or truncated");
    return fromMat(bgr);
}

// --- Pillow's resampler (libImaging/Resample.c), 8 bits per channel -------------------------

constexpr int kPrecisionBits = 32 - 8 - 2;

double bicubic(double x) {
    constexpr double a = -0.5;
    x = std::fabs(x);
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

// precompute_coeffs + normalize_coeffs_8bpc: per output pixel its first input index, tap count
// and fixed-point weights.
int coefficients(int inSize, double in0, double in1, int outSize, std::vector<int>& bounds, std::vector<int32_t>& kk) {
    constexpr double support0 = 2.0;
    const double scale = (in1 - in0) / outSize;
    const double filterscale = std::max(scale, 1.0);
    const double support = support0 * filterscale;
    const int ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
    std::vector<double> pre(static_cast<size_t>(outSize) * ksize, 0.0);
    bounds.assign(static_cast<size_t>(outSize) * 2, 0);
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = in0 + (xx + 0.5) * scale;
        const double ss = 1.0 / filterscale;
        int xmin = static_cast<int>(center - support + 0.5);
        if (xmin < 0) xmin = 0;
        int xmax = static_cast<int>(center + support + 0.5);
        if (xmax > inSize) xmax = inSize;
        xmax -= xmin;
        double* k = &pre[static_cast<size_t>(xx) * ksize];
        double ww = 0.0;
        for (int x = 0; x < xmax; ++x) {
            const double w = bicubic((x + xmin - center + 0.5) * ss);
            k[x] = w;
            ww += w;
        }
        for (int x = 0; x < xmax; ++x)
            if (ww != 0.0) k[x] /= ww;
        bounds[xx * 2] = xmin;
        bounds[xx * 2 + 1] = xmax;
    }
    kk.resize(pre.size());
    for (size_t i = 0; i < pre.size(); ++i)
        kk[i] = pre[i] < 0 ? static_cast<int32_t>(-0.5 + pre[i] * (1 << kPrecisionBits))
                           : static_cast<int32_t>(0.5 + pre[i] * (1 << kPrecisionBits));
    return ksize;
}

inline uint8_t clip8(int32_t in) {
    if (in >= (1 << kPrecisionBits << 8)) return 255;
    if (in <= 0) return 0;
    return static_cast<uint8_t>(in >> kPrecisionBits);
}

}  // namespace

void requireDecodablePixels(uint64_t width, uint64_t height, const std::string& what) {
    if (width * height > kMaxImagePixels)
        fail(ErrorKind::Media, what + " declares " + std::to_string(width) + " x " + std::to_string(height) + " pixels (" +
                                   megapixels(width * height) + " megapixels); images up to " + megapixels(kMaxImagePixels) +
                                   " megapixels are decoded");
}

ImageU8 ImageU8::filled(int width, int height, uint8_t r, uint8_t g, uint8_t b) {
    ImageU8 img;
    img.width = width;
    img.height = height;
    img.rgb.resize(static_cast<size_t>(width) * height * 3);
    for (size_t i = 0; i < img.rgb.size(); i += 3) {
        img.rgb[i] = r;
        img.rgb[i + 1] = g;
        img.rgb[i + 2] = b;
    }
    return img;
}

ImageU8 loadImage(const std::string& path) {
    const uint64_t size = requireRegularFile(path, "image file", ErrorKind::Media);  // no FIFO or folder
    if (size == 0) fail(ErrorKind::Media, "image file '" + path + "' is empty (0 bytes)");
    if (size > kMaxImageFileBytes)  // a sparse 2.5 GB file was read whole, then failed inside OpenCV
        fail(ErrorKind::Media, "image file '" + path + "' is " + std::to_string(size >> 20) + " MiB; images up to " +
                                   std::to_string(kMaxImageFileBytes >> 20) + " MiB are read");
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    return decodeImage(bytes, "'" + path + "'");
}

ImageU8 decodeImage(const std::vector<uint8_t>& bytes, const std::string& what) {
    if (bytes.empty()) fail(ErrorKind::Media, "cannot decode image " + what + ": no data");
    if (bytes.size() > kMaxImageFileBytes)
        fail(ErrorKind::Media, "cannot decode image " + what + ": " + std::to_string(bytes.size() >> 20) + " MiB of data; images up to " +
                                   std::to_string(kMaxImageFileBytes >> 20) + " MiB are read");
    // Before OpenCV allocates: what the file declares (a 48 KB PNG can declare 20000 x 20000)
    // and whether it is whole (libpng / libjpeg would print their own line, or decode a
    // truncated JPEG with grey rows and no error).
    const ImageHeader header = readImageHeader(bytes.data(), bytes.size());
    if (!header.problem.empty()) fail(ErrorKind::Media, "cannot decode " + header.format + " image " + what + ": " + header.problem);
    requireDecodablePixels(header.width, header.height, header.format + " image " + what);
    return decodeMat(cv::Mat(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<uint8_t*>(bytes.data())), what);
}

void saveImage(const std::string& path, const ImageU8& image) {
    if (image.empty()) fail(ErrorKind::InvalidInput, "cannot save an empty image to '" + path + "'");
    const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::string ext = std::filesystem::path(path).extension().string();
    if (ext.empty()) ext = ".png";
    std::vector<uint8_t> encoded;
    try {
        if (!cv::imencode(ext, bgr, encoded)) fail(ErrorKind::Media, "cannot encode '" + path + "' as " + ext);
    } catch (const cv::Exception& e) {
        fail(ErrorKind::Media, "cannot encode '" + path + "': " + e.what());
    }
    AtomicFile out(path);
    out.write(encoded.data(), encoded.size());
    out.commit();
}

ImageU8 sideBySide(const ImageU8& left, const ImageU8& right) {
    if (left.height != right.height)
        fail(ErrorKind::InvalidInput, "side by side: images of heights " + std::to_string(left.height) + " and " + std::to_string(right.height));
    ImageU8 out = ImageU8::filled(left.width + right.width, left.height);
    for (int y = 0; y < out.height; ++y) {
        std::copy_n(left.at(0, y), static_cast<size_t>(left.width) * 3, out.at(0, y));
        std::copy_n(right.at(0, y), static_cast<size_t>(right.width) * 3, out.at(left.width, y));
    }
    return out;
}

ImageU8 crop(const ImageU8& image, int left, int top, int width, int height) {
    if (left < 0 || top < 0 || width <= 0 || height <= 0 || left + width > image.width || top + height > image.height)
        fail(ErrorKind::InvalidInput, "crop (" + std::to_string(left) + ", " + std::to_string(top) + ", " + std::to_string(width) + "x" +
                                          std::to_string(height) + ") outside the " + std::to_string(image.width) + "x" +
                                          std::to_string(image.height) + " image");
    ImageU8 out;
    out.width = width;
    out.height = height;
    out.rgb.resize(static_cast<size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y) std::copy_n(image.at(left, top + y), static_cast<size_t>(width) * 3, out.at(0, y));
    return out;
}

ImageU8 resizeBicubicPil(const ImageU8& in, int width, int height) {
    if (in.empty() || width <= 0 || height <= 0) fail(ErrorKind::InvalidInput, "resize of an empty image or to an empty size");
    if (width == in.width && height == in.height) return in;  // PIL copies
    std::vector<int> bh, bv;
    std::vector<int32_t> kh, kv;
    const int ksh = coefficients(in.width, 0, in.width, width, bh, kh);
    const int ksv = coefficients(in.height, 0, in.height, height, bv, kv);
    const bool needH = width != in.width, needV = height != in.height;
    const int yFirst = bv[0];
    const int yLast = bv[height * 2 - 2] + bv[height * 2 - 1];

    ImageU8 temp;
    const ImageU8* src = &in;
    if (needH) {
        if (needV)
            for (int i = 0; i < height; ++i) bv[i * 2] -= yFirst;
        const int rows = needV ? yLast - yFirst : in.height;
        const int offset = needV ? yFirst : 0;
        temp.width = width;
        temp.height = rows;
        temp.rgb.resize(static_cast<size_t>(width) * rows * 3);
        for (int yy = 0; yy < rows; ++yy) {
            for (int xx = 0; xx < width; ++xx) {
                const int xmin = bh[xx * 2], xmax = bh[xx * 2 + 1];
                const int32_t* k = &kh[static_cast<size_t>(xx) * ksh];
                int32_t s0 = 1 << (kPrecisionBits - 1), s1 = s0, s2 = s0;
                for (int x = 0; x < xmax; ++x) {
                    const uint8_t* p = in.at(x + xmin, yy + offset);
                    s0 += p[0] * k[x];
                    s1 += p[1] * k[x];
                    s2 += p[2] * k[x];
                }
                uint8_t* o = temp.at(xx, yy);
                o[0] = clip8(s0);
                o[1] = clip8(s1);
                o[2] = clip8(s2);
            }
        }
        src = &temp;
    }
    if (!needV) return temp;
    ImageU8 out;
    out.width = width;
    out.height = height;
    out.rgb.resize(static_cast<size_t>(width) * height * 3);
    for (int yy = 0; yy < height; ++yy) {
        const int ymin = bv[yy * 2], ymax = bv[yy * 2 + 1];
        const int32_t* k = &kv[static_cast<size_t>(yy) * ksv];
        for (int xx = 0; xx < width; ++xx) {
            int32_t s0 = 1 << (kPrecisionBits - 1), s1 = s0, s2 = s0;
            for (int y = 0; y < ymax; ++y) {
                const uint8_t* p = src->at(xx, y + ymin);
                s0 += p[0] * k[y];
                s1 += p[1] * k[y];
                s2 += p[2] * k[y];
            }
            uint8_t* o = out.at(xx, yy);
            o[0] = clip8(s0);
            o[1] = clip8(s1);
            o[2] = clip8(s2);
        }
    }
    return out;
}

}  // namespace perceiver
