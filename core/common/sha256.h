// SHA-256 (FIPS 180-4), incremental. Used to verify downloaded LFS blobs against their etag.
// Thread-safety: one Sha256 object per thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace perceiver {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    /// Lower-case hex digest; the object must not be updated afterwards.
    std::string hexDigest();
    /// Digest of a whole file; throws Error(InvalidInput) when it cannot be read.
    static std::string ofFile(const std::string& path);

private:
    void block(const uint8_t* p);
    std::array<uint32_t, 8> h_;
    uint8_t buf_[64];
    size_t bufLen_ = 0;
    uint64_t total_ = 0;
};

}  // namespace perceiver
