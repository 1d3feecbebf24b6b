// libFuzzer target: KITTI flow PNG (our PNG header / chunk / zlib checks, then OpenCV's
// 16-bit decode and the conversion), and the same bytes through the 8-bit image decoder.
#include "common/error.h"
#include "fuzz_file.h"
#include "media/flow.h"
#include "media/image.h"
#include "media/image_header.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    (void)perceiver::readImageHeader(data, size);
    try {
        (void)perceiver::readKittiFlow(fuzzFile(data, size, "kitti.png"));
    } catch (const perceiver::Error&) {
    }
    try {
        (void)perceiver::decodeImage(std::vector<uint8_t>(data, data + size), "fuzz input");
    } catch (const perceiver::Error&) {
    }
    return 0;
}
