// A read-only file mapped copy-on-write into memory. Tensors may alias it (they hold a
// shared_ptr), and writing to such a tensor only touches private pages, never the file.
// Thread-safety: immutable after open().
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace perceiver {

class MappedFile {
public:
    /// Maps `path`; throws Error(Checkpoint) naming the file (as `what`) when it cannot.
    static std::shared_ptr<MappedFile> open(const std::string& path, const std::string& what);
    /// Holds `bytes` in memory under the name `path` (tests, fuzz targets, downloads).
    static std::shared_ptr<MappedFile> fromBytes(std::string bytes, const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const {
        return map_ ? static_cast<const uint8_t*>(map_) : reinterpret_cast<const uint8_t*>(bytes_.data());
    }
    size_t size() const { return size_; }
    const std::string& path() const { return path_; }

private:
    MappedFile() = default;
    std::string path_;
    void* map_ = nullptr;
    size_t size_ = 0;
    std::string bytes_;  ///< fromBytes() storage (data() must stay writable-aliasable: a private copy)
};

}  // namespace perceiver
