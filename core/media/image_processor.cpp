#include "media/image_processor.h"

#include "common/error.h"

#include <algorithm>

namespace perceiver {

std::array<int, 3> perceiverCenterCrop(int width, int height, const ImageProcessorOptions& o) {
    const int minDim = std::min(width, height);
    // (size / crop_size) * min_dim in Python floats, then int(): truncation.
    const int side = static_cast<int>(static_cast<double>(o.size) / o.crop_size * minDim);
    return {(width - side) / 2, (height - side) / 2, side};
}

ImageU8 perceiverModelView(const ImageU8& image, const ImageProcessorOptions& o) {
    if (image.empty()) fail(ErrorKind::InvalidInput, "image processor: empty image");
    ImageU8 x = image;
    if (o.do_center_crop) {
        const auto [left, top, side] = perceiverCenterCrop(image.width, image.height, o);
        if (side <= 0) fail(ErrorKind::InvalidInput, "image processor: the image is too small to crop");
        x = crop(image, left, top, side, side);
    }
    if (o.do_resize) x = resizeBicubicPil(x, o.size, o.size);
    return x;
}

std::vector<float> normalizePixels(const ImageU8& x, const ImageProcessorOptions& o) {
    const size_t plane = static_cast<size_t>(x.width) * x.height;
    std::vector<float> out(plane * 3);
    for (size_t i = 0; i < plane; ++i) {
        for (int c = 0; c < 3; ++c) {
            float v = x.rgb[i * 3 + c];
            if (o.do_rescale) v = static_cast<float>(static_cast<double>(x.rgb[i * 3 + c]) * o.rescale_factor);
            if (o.do_normalize) v = (v - o.image_mean[c]) / o.image_std[c];
            out[c * plane + i] = v;
        }
    }
    return out;
}

std::vector<float> preprocessImage(const ImageU8& image, const ImageProcessorOptions& o) {
    return normalizePixels(perceiverModelView(image, o), o);
}

}  // namespace perceiver
