// Reading and writing the safetensors format (https://huggingface.co/docs/safetensors).
//
// Usage:
//   auto file = perceiver::SafetensorsFile::open("model.safetensors");   // mmap + validate
//   for (const auto& info : file->tensors()) ...;                          // name, dtype, shape
//   torch::Tensor w = file->tensor("perceiver.embeddings.latents");        // zero-copy view
//   perceiver::writeSafetensors("out.safetensors", {{"out.logits", t}}, {{"case", "x"}});
//
// The file is memory-mapped copy-on-write: tensors returned by tensor() alias the mapping (no
// second copy of an 800 MB checkpoint) and keep it alive; writing to them never touches the file.
// Every header is validated before any tensor is handed out: header length, JSON shape, dtype,
// shape, in-range and non-overlapping data offsets whose size matches dtype x shape. Violations
// throw Error(Checkpoint) naming the file and the tensor.
// Thread-safety: a SafetensorsFile is immutable after open(); tensor() may be called from any thread.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace perceiver {

class MappedFile;

struct SafetensorsEntry {
    std::string name;
    std::string dtype;             ///< "F32", "F16", "BF16", "I64", ...
    std::vector<int64_t> shape;
    uint64_t begin = 0, end = 0;   ///< byte offsets into the data section
};

class SafetensorsFile {
public:
    static std::shared_ptr<SafetensorsFile> open(const std::string& path);
    /// Parses an already mapped (or in-memory) file.
    static std::shared_ptr<SafetensorsFile> open(std::shared_ptr<MappedFile> file);
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::string& path() const { return path_; }
    /// Entries in the order of their data offsets.
    const std::vector<SafetensorsEntry>& tensors() const { return entries_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    bool contains(const std::string& name) const { return index_.count(name) != 0; }
    /// The tensor `name` in its stored dtype and shape, aliasing the mapping.
    torch::Tensor tensor(const std::string& name) const;

private:
    SafetensorsFile() = default;
    std::string path_;
    std::shared_ptr<MappedFile> file_;
    const uint8_t* data_ = nullptr;  ///< start of the data section
    std::vector<SafetensorsEntry> entries_;
    std::map<std::string, size_t> index_;
    std::map<std::string, std::string> metadata_;
    std::weak_ptr<SafetensorsFile> self_;
};

/// Maps a safetensors dtype string to a torch dtype; throws Error(Checkpoint) for unknown ones.
torch::ScalarType safetensorsDtype(const std::string& dtype);
std::string safetensorsDtypeName(torch::ScalarType type);

/// Writes `tensors` (in the given order of names; data laid out as the safetensors library
/// does: dtype size descending, then name) atomically: a temporary file beside `path` is
/// renamed over it only when complete. Throws Error(InvalidInput) on an I/O failure.
void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace perceiver
