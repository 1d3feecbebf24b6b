#include "common/atomic_file.h"

#include "common/error.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace perceiver {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
    std::string templ = path_ + ".tmp-XXXXXX";
    const int fd = ::mkstemp(templ.data());
    if (fd < 0) fail(ErrorKind::InvalidInput, "cannot create '" + path_ + "': " + std::strerror(errno));
    temp_ = templ;
    ::fchmod(fd, 0644);  // mkstemp's 0600 would make exports unreadable to others
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        ::close(fd);
        ::unlink(temp_.c_str());
        fail(ErrorKind::InvalidInput, "cannot write '" + path_ + "': " + std::strerror(errno));
    }
}

AtomicFile::~AtomicFile() {
    if (file_) {
        std::fclose(file_);
        ::unlink(temp_.c_str());
    }
}

void AtomicFile::write(const void* data, size_t bytes) {
    if (bytes && std::fwrite(data, 1, bytes, file_) != bytes)
        fail(ErrorKind::InvalidInput, "cannot write '" + path_ + "': " + std::strerror(errno));
}

void AtomicFile::commit() {
    const bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
    const int err = errno;
    std::fclose(file_);
    file_ = nullptr;
    if (!ok || std::rename(temp_.c_str(), path_.c_str()) != 0) {
        ::unlink(temp_.c_str());
        fail(ErrorKind::InvalidInput, "cannot write '" + path_ + "': " + std::strerror(ok ? errno : err));
    }
}

}  // namespace perceiver
