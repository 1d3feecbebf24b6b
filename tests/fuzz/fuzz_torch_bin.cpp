// libFuzzer target: the zip reader + restricted unpickler on a whole pytorch_model.bin.
#include "checkpoint/torch_bin.h"
#include "common/error.h"
#include "common/mapped_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        perceiver::readTorchBin(
            perceiver::MappedFile::fromBytes(std::string(reinterpret_cast<const char*>(data), size), "fuzz.bin"));
    } catch (const perceiver::Error&) {
    }
    return 0;
}
