// libFuzzer target: the safetensors header / offset parser and tensor views.
#include "checkpoint/safetensors.h"
#include "common/error.h"
#include "common/mapped_file.h"

#include <torch/torch.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        auto file = perceiver::SafetensorsFile::open(
            perceiver::MappedFile::fromBytes(std::string(reinterpret_cast<const char*>(data), size), "fuzz.safetensors"));
        for (const auto& e : file->tensors()) {
            torch::Tensor t = file->tensor(e.name);
            if (t.numel() > 0) (void)t.flatten()[t.numel() - 1].item<double>();  // touch the last element
        }
    } catch (const perceiver::Error&) {
    }
    return 0;
}
