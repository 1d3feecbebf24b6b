// Raw numbers out: a float array written as NumPy .npy (float32, little-endian, C order,
// format version 1.0) or as CSV, by the path's extension, atomically (AtomicFile). The studio's
// "Export numbers" and any verb that writes arrays use it.
//
//   writeArrayFile("attention.npy", {24, 24}, weights);   // numpy.load gives a (24, 24) float32 array
//   writeArrayFile("matrix.csv", {32, 32}, values);       // 32 lines of 32 comma-separated numbers
//
// No torch. Thread-safety: free functions; distinct paths are independent.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace perceiver {

/// `data` row-major with `shape` (1 or 2 dimensions for CSV, any for .npy). CSV: one line per
/// row (a 1-D array: one value per line), values with 9 significant digits (float32 round-trips).
/// Throws Error(InvalidInput) for another extension, a shape whose product is not data.size(),
/// or a CSV of more than 2 dimensions; the path's errors as AtomicFile throws them.
void writeArrayFile(const std::string& path, const std::vector<int64_t>& shape, const std::vector<float>& data);

/// The .npy header for a float32 array of `shape` (magic, version 1.0, the padded dictionary).
std::string npyHeader(const std::vector<int64_t>& shape);

}  // namespace perceiver
