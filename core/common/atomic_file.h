// A file written through a temporary beside it and renamed into place on commit(), so a crash
// or an error never leaves half a file. The destructor removes an uncommitted temporary.
// Thread-safety: one AtomicFile per thread; distinct paths are independent.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace perceiver {

/// Keeps `path`, a temporary file of ours, on the list that removeTemporariesOnSignals()
/// deletes when the process is interrupted; off the list again when destroyed or released
/// (after the rename into place). At most 64 at once; a longer path is not listed.
class TemporaryGuard {
public:
    TemporaryGuard() = default;
    explicit TemporaryGuard(const std::string& path) { hold(path); }
    ~TemporaryGuard() { release(); }
    /// Lists `path` (instead of what was listed before).
    void hold(const std::string& path);
    TemporaryGuard(const TemporaryGuard&) = delete;
    TemporaryGuard& operator=(const TemporaryGuard&) = delete;
    void release();

private:
    int slot_ = -1;
};

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that delete every listed temporary and
/// then end the process by the same signal (the CLI and the studio call it at start).
void removeTemporariesOnSignals();

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
    TemporaryGuard guard_;
};

/// Creates the folder `dir` (and its parents) for outputs; throws Error(InvalidInput) naming it
/// and the reason when it cannot (a file is in the way, no permission, read-only).
void createOutputFolder(const std::string& dir, const std::string& what = "output folder");

}  // namespace perceiver
