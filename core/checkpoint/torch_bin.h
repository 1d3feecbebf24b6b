// Reader for PyTorch's zip checkpoint format (torch.save since 1.6; HF's pytorch_model.bin).
//
// Usage:
//   perceiver::StateDict sd = perceiver::readTorchBin("pytorch_model.bin");
//
// The pickle is interpreted by a restricted unpickler that knows exactly the globals a state
// dict needs (collections.OrderedDict, torch._utils._rebuild_tensor_v2 / _rebuild_parameter,
// the typed storages); any other global (os.system, builtins.eval, ...) is refused with an
// error naming it, and nothing is ever executed. Storages alias the memory-mapped archive.
// The zip reader accepts stored (uncompressed) entries only, checks every offset and CRC-32,
// and rejects legacy (pre-zip) files with a clear message.
// Thread-safety: a free function; no shared state.
#pragma once

#include "checkpoint/state_dict.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace perceiver {

class MappedFile;

StateDict readTorchBin(const std::string& path);
/// The same for an already mapped (or in-memory) archive.
StateDict readTorchBin(std::shared_ptr<MappedFile> file);

/// Runs the restricted unpickler over a state-dict pickle (the archive's data.pkl).
/// `storage(key, dtype, numel)` returns the flat storage tensor a persistent id names.
using StorageLoader = std::function<torch::Tensor(const std::string& key, torch::ScalarType dtype, int64_t numel)>;
StateDict readPickledStateDict(const uint8_t* data, size_t size, const std::string& what, const StorageLoader& storage);

/// One entry of a zip archive (exposed for tests and the fuzz target).
struct ZipEntry {
    std::string name;
    uint64_t dataOffset = 0, size = 0;
    uint32_t crc32 = 0;
};
/// Parses the central directory of a zip archive held in memory; throws Error(Checkpoint).
std::vector<ZipEntry> readZipDirectory(const uint8_t* data, size_t size, const std::string& what);
uint32_t crc32(const uint8_t* data, size_t size);

}  // namespace perceiver
