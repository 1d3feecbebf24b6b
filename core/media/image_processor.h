// PerceiverImageProcessor (transformers 4.37.2) with its defaults: centre crop of side
// int(224/256 * min(H, W)) at top = (H - c) // 2, left = (W - c) // 2; PIL bicubic resize of
// the uint8 crop to 224x224; x * (1/255) in float64 cast to float32; (x - mean) / std in
// float32 with ImageNet mean / std; channels first.
//
// Usage:
//   perceiver::ImageU8 seen = perceiver::perceiverModelView(img);        // the 224² crop
//   std::vector<float> chw = perceiver::preprocessImage(img);             // (3, 224, 224)
// No Qt, no torch. Thread-safety: free functions on values.
#pragma once

#include "media/image.h"

#include <array>
#include <vector>

namespace perceiver {

struct ImageProcessorOptions {
    double crop_size = 256;  ///< crop_size {"height": 256, "width": 256}
    int size = 224;        ///< size {"height": 224, "width": 224}
    bool do_center_crop = true;
    bool do_resize = true;
    bool do_rescale = true;
    bool do_normalize = true;
    double rescale_factor = 1.0 / 255.0;
    std::array<float, 3> image_mean{0.485f, 0.456f, 0.406f};
    std::array<float, 3> image_std{0.229f, 0.224f, 0.225f};
};

/// The uint8 image the model sees: centre crop + resize (no rescale / normalise).
ImageU8 perceiverModelView(const ImageU8& image, const ImageProcessorOptions& options = {});
/// Crop rectangle (left, top, side) used by the centre crop.
std::array<int, 3> perceiverCenterCrop(int width, int height, const ImageProcessorOptions& options = {});
/// pixel_values of one image: 3 * size * size floats, channels first.
std::vector<float> preprocessImage(const ImageU8& image, const ImageProcessorOptions& options = {});
/// Pixels already at the model's size (e.g. a 368x496 flow tile): rescale + normalise only.
std::vector<float> normalizePixels(const ImageU8& image, const ImageProcessorOptions& options = {});

}  // namespace perceiver
