// A file written through a temporary beside it and renamed into place on commit(), so a crash
// or an error never leaves half a file. The destructor removes an uncommitted temporary.
// Thread-safety: one AtomicFile per thread; distinct paths are independent.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace perceiver {

class AtomicFile {
public:
    explicit AtomicFile(std::string path);  ///< throws Error(InvalidInput) if the temporary cannot be created
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, size_t bytes);  ///< throws Error(InvalidInput) on I/O failure
    void commit();                               ///< flush, fsync, rename over the target

private:
    std::string path_, temp_;
    std::FILE* file_ = nullptr;
};

}  // namespace perceiver
