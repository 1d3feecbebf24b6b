#include "common/atomic_file.h"

#include "common/error.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

namespace perceiver {

namespace {

// The temporaries to delete on a signal: slots a handler can walk without locks or allocation.
// state: 0 free, 1 being written, 2 listed.
struct TemporarySlot {
    std::atomic<int> state{0};
    char path[4096];
};
TemporarySlot gTemporaries[64];

extern "C" void removeTemporariesAndDie(int sig) {
    for (auto& t : gTemporaries)
        if (t.state.load() == 2) ::unlink(t.path);  // async-signal-safe
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

}  // namespace

void TemporaryGuard::hold(const std::string& path) {
    release();
    if (path.size() >= sizeof(TemporarySlot::path)) return;
    for (int i = 0; i < static_cast<int>(std::size(gTemporaries)); ++i) {
        int expected = 0;
        if (!gTemporaries[i].state.compare_exchange_strong(expected, 1)) continue;
        std::memcpy(gTemporaries[i].path, path.c_str(), path.size() + 1);
        gTemporaries[i].state.store(2);
        slot_ = i;
        return;
    }
}

void TemporaryGuard::release() {
    if (slot_ >= 0) gTemporaries[slot_].state.store(0);
    slot_ = -1;
}

void removeTemporariesOnSignals() {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction sa {};
        sa.sa_handler = removeTemporariesAndDie;
        sigemptyset(&sa.sa_mask);
        ::sigaction(sig, &sa, nullptr);
    }
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
    std::string templ = path_ + ".tmp-XXXXXX";
    const int fd = ::mkstemp(templ.data());
    if (fd < 0) fail(ErrorKind::InvalidInput, "cannot create '" + path_ + "': " + std::strerror(errno));
    temp_ = templ;
    guard_.hold(temp_);  // deleted on SIGINT / SIGTERM too
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

void createOutputFolder(const std::string& dir, const std::string& what) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (!ec && !std::filesystem::is_directory(dir, ec)) ec = std::make_error_code(std::errc::not_a_directory);
    if (ec) fail(ErrorKind::InvalidInput, "cannot create the " + what + " '" + dir + "': " + ec.message());
}

}  // namespace perceiver
