// 8-bit RGB images: decoding (OpenCV), PNG writing, cropping and PIL's bicubic resampler.
//
// Usage:
//   perceiver::ImageU8 img = perceiver::loadImage("cat.jpg");      // RGB, HWC, uint8
//   perceiver::ImageU8 small = perceiver::resizeBicubicPil(img, 224, 224);
//   perceiver::saveImage("out.png", small);                       // atomic
//
// loadImage decodes like PIL's Image.open(...).convert("RGB"): grey is replicated, alpha is
// dropped, EXIF orientation is NOT applied (the reference pipelines do not apply it).
// resizeBicubicPil is a port of Pillow's two-pass fixed-point resampler (a = -0.5, kernel
// widened when downscaling, 22-bit coefficients, 8-bit rounding between passes): its output is
// bit-identical to PIL.Image.resize(..., BICUBIC).
// No Qt, no torch. Thread-safety: free functions on values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace perceiver {

struct ImageU8 {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;  ///< height * width * 3, row-major, RGB
    bool empty() const { return width == 0 || height == 0; }
    const uint8_t* at(int x, int y) const { return rgb.data() + (static_cast<size_t>(y) * width + x) * 3; }
    uint8_t* at(int x, int y) { return rgb.data() + (static_cast<size_t>(y) * width + x) * 3; }
    static ImageU8 filled(int width, int height, uint8_t r = 0, uint8_t g = 0, uint8_t b = 0);
};

/// The largest image decoded: 8192 x 8192 (192 MiB as RGB). A file declaring more is refused
/// before decoding (image_header.h), as is a file over kMaxImageFileBytes.
constexpr uint64_t kMaxImagePixels = uint64_t(1) << 26;
constexpr uint64_t kMaxImageFileBytes = uint64_t(1) << 30;
/// The one pixel rule for images, video frames and KITTI flow: throws Error(Media)
/// "<what> declares W x H pixels (N megapixels); images up to 67.1 megapixels are decoded"
/// when width * height > kMaxImagePixels.
void requireDecodablePixels(uint64_t width, uint64_t height, const std::string& what);

/// Decodes any format OpenCV reads (PNG, JPEG, BMP, TIFF, WebP, ...). Throws Error(Media)
/// naming the file and what is wrong (missing, empty, not an image, truncated).
ImageU8 loadImage(const std::string& path);
/// Decodes an encoded image held in memory (clipboard, drag & drop).
ImageU8 decodeImage(const std::vector<uint8_t>& bytes, const std::string& what);
/// Writes PNG (or any format OpenCV knows by extension) through a temporary + rename.
void saveImage(const std::string& path, const ImageU8& image);

ImageU8 crop(const ImageU8& image, int left, int top, int width, int height);
/// `left` and `right` next to each other (same height; throws Error(InvalidInput) otherwise).
ImageU8 sideBySide(const ImageU8& left, const ImageU8& right);
/// Pillow's Image.resize(size, Image.BICUBIC) on an RGB image, bit for bit.
ImageU8 resizeBicubicPil(const ImageU8& image, int width, int height);

}  // namespace perceiver
