// The file types Perceiver Studio and the CLI open, by extension: one list for every front end
// (the studio's Open dialog, drops and pages, the CLI). Header-only, no dependencies, so the
// Qt widgets can use it too.
//
//   if (perceiver::isVideoPath("clip.MP4")) ...          // true
//   std::string f = perceiver::extensionPatterns(perceiver::kVideoExtensions);   // "*.mp4 *.avi ..."
// Thread-safety: constants and pure functions.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

namespace perceiver {

/// Containers FFmpeg reads that people use for clips (lower case, no dot).
inline constexpr std::array<std::string_view, 8> kVideoExtensions{"mp4", "avi", "mkv", "mov", "webm", "m4v", "mpg", "mpeg"};
/// Images OpenCV reads (lower case, no dot).
inline constexpr std::array<std::string_view, 9> kImageExtensions{"png", "jpg", "jpeg", "bmp", "webp", "tif", "tiff", "ppm", "pgm"};

/// The extension of `path` in lower case, without the dot ("" when it has none).
inline std::string lowerExtension(std::string_view path) {
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
    std::string ext(path.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

template <size_t N>
bool hasExtension(std::string_view path, const std::array<std::string_view, N>& extensions) {
    const std::string ext = lowerExtension(path);
    return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

inline bool isVideoPath(std::string_view path) { return hasExtension(path, kVideoExtensions); }
inline bool isImagePath(std::string_view path) { return hasExtension(path, kImageExtensions); }

/// "*.mp4 *.avi ..." for a file dialog's filter.
template <size_t N>
std::string extensionPatterns(const std::array<std::string_view, N>& extensions) {
    std::string out;
    for (const auto e : extensions) {
        if (!out.empty()) out += ' ';
        out += "*.";
        out += e;
    }
    return out;
}

}  // namespace perceiver
