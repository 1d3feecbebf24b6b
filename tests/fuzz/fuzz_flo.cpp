// libFuzzer target: Middlebury .flo (header, declared size against the file, data), then the
// colour coding and statistics of what was read.
#include "common/error.h"
#include "fuzz_file.h"
#include "media/flow.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const perceiver::FlowField f = perceiver::readFlo(fuzzFile(data, size, "x.flo"));
        if (f.uv.size() <= (1u << 16)) (void)perceiver::flowToColor(f);
        (void)perceiver::flowStats(f);
    } catch (const perceiver::Error&) {
    }
    return 0;
}
