#include "common/mapped_file.h"

#include "common/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace perceiver {

std::shared_ptr<MappedFile> MappedFile::open(const std::string& path, const std::string& what) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(ErrorKind::Checkpoint, "cannot open " + what + " '" + path + "': " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        fail(ErrorKind::Checkpoint, what + " '" + path + "' is not a regular file");
    }
    std::shared_ptr<MappedFile> f(new MappedFile());
    f->path_ = path;
    f->size_ = static_cast<size_t>(st.st_size);
    if (f->size_ > 0) {
        void* map = ::mmap(nullptr, f->size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            fail(ErrorKind::Checkpoint, "cannot map " + what + " '" + path + "': " + std::strerror(err));
        }
        f->map_ = map;
    }
    ::close(fd);
    return f;
}

std::shared_ptr<MappedFile> MappedFile::fromBytes(std::string bytes, const std::string& path) {
    std::shared_ptr<MappedFile> f(new MappedFile());
    f->path_ = path;
    f->bytes_ = std::move(bytes);
    f->size_ = f->bytes_.size();
    return f;
}

MappedFile::~MappedFile() {
    if (map_) ::munmap(map_, size_);
}

}  // namespace perceiver
