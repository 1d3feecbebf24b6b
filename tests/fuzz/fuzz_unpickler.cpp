// libFuzzer target: the restricted unpickler alone (input = a data.pkl), storages of zeros.
#include "checkpoint/torch_bin.h"
#include "common/error.h"

#include <torch/torch.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        perceiver::readPickledStateDict(data, size, "fuzz.pkl", [](const std::string&, torch::ScalarType dtype, int64_t numel) {
            if (numel > (1 << 20)) throw perceiver::Error(perceiver::ErrorKind::Checkpoint, "storage too large for the fuzzer");
            return torch::zeros({numel}, torch::TensorOptions().dtype(dtype));
        });
    } catch (const perceiver::Error&) {
    }
    return 0;
}
