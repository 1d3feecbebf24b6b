// Opening the small input files people point core at (config.json, label lists, .flo, shard
// indexes): one check, before any byte is read, that the path is a regular file, so a FIFO
// never blocks, a folder is not reported as "not valid JSON", a missing file says so, and a
// huge file is refused by its size instead of being read into memory.
//
//   const std::string text = readInputFile(path, "config file", ErrorKind::Config, 16 << 20);
//   std::ifstream in = openInputFile(path, "flow file", ErrorKind::Media);   // then read it
// Errors name the file and what it is instead: "config file 'x' is a folder, not a file".
// Thread-safety: free functions.
#pragma once

#include "common/error.h"

#include <cstdint>
#include <fstream>
#include <string>

namespace perceiver {

/// Throws Error(kind) naming `what` and `path` unless it is a regular file (after links);
/// returns its size in bytes.
uint64_t requireRegularFile(const std::string& path, const std::string& what, ErrorKind kind);

/// Throws Error(kind) naming `what` and `path` unless it is a regular file (after links) that
/// can be opened; returns it opened for binary reading.
/// `size`, when given, receives the file's size in bytes.
std::ifstream openInputFile(const std::string& path, const std::string& what, ErrorKind kind, uint64_t* size = nullptr);

/// The whole of a regular file of at most `maxBytes` bytes (checked before reading).
std::string readInputFile(const std::string& path, const std::string& what, ErrorKind kind, uint64_t maxBytes);

}  // namespace perceiver
