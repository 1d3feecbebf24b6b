// libFuzzer target: config.json (size checks, the bounded JSON parser, every key's rule).
#include "common/error.h"
#include "config/config.h"
#include "fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const perceiver::PerceiverConfig c = perceiver::PerceiverConfig::fromFile(fuzzFile(data, size, "config.json"));
        (void)c.toJson().dump();
    } catch (const perceiver::Error&) {
    }
    return 0;
}
