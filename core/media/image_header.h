// What an encoded image says about itself, read before anything is decoded.
//
// Usage:
//   perceiver::ImageHeader h = perceiver::readImageHeader(bytes.data(), bytes.size());
//   if (!h.problem.empty()) fail(...h.problem...);                 // truncated / corrupt
//   if (h.width * h.height > kMaxImagePixels) fail(...);           // a decompression bomb
//
// A 48 KB PNG can declare 20000 x 20000 pixels (1.2 GB decoded); loadImage reads the declared
// size here and refuses it before OpenCV allocates anything. The structure is checked too, so
// that a broken file gets one message of ours instead of libpng's or libjpeg's own line on
// stderr (or, for a truncated JPEG, silently grey rows):
//   PNG   signature, every chunk inside the file with a correct CRC, IHDR first, IEND present
//   JPEG  SOI, a frame header (SOF), and an end-of-image marker after the last scan
//   BMP, GIF, WebP, TIFF, PNM   the declared width and height
// Other formats OpenCV reads come back as format "" (sizes 0), and OpenCV's own limit applies.
// No Qt, no torch, no OpenCV. Thread-safety: a pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace perceiver {

struct ImageHeader {
    std::string format;       ///< "PNG", "JPEG", "BMP", "GIF", "WebP", "TIFF", "PNM", or "" (unknown)
    uint64_t width = 0;       ///< as declared; 0 when unknown
    uint64_t height = 0;
    std::string problem;      ///< "" or what is wrong ("truncated: no IEND chunk", ...)
};

ImageHeader readImageHeader(const uint8_t* data, size_t size);

}  // namespace perceiver
