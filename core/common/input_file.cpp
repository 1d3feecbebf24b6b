#include "common/input_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace perceiver {

uint64_t requireRegularFile(const std::string& path, const std::string& what, ErrorKind kind) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || st.type() == fs::file_type::not_found) {
        if (ec && ec != std::errc::no_such_file_or_directory)
            fail(kind, "cannot read " + what + " '" + path + "': " + ec.message());
        fail(kind, what + " '" + path + "' does not exist");
    }
    if (st.type() == fs::file_type::directory) fail(kind, what + " '" + path + "' is a folder, not a file");
    if (st.type() != fs::file_type::regular)
        fail(kind, what + " '" + path + "' is not a regular file (a FIFO, socket or device): refusing to read it");
    const uint64_t size = fs::file_size(path, ec);
    if (ec) fail(kind, "cannot read " + what + " '" + path + "': " + ec.message());
    return size;
}

std::ifstream openInputFile(const std::string& path, const std::string& what, ErrorKind kind, uint64_t* size) {
    const uint64_t bytes = requireRegularFile(path, what, kind);
    if (size) *size = bytes;
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(kind, "cannot open " + what + " '" + path + "': " + std::strerror(errno));
    return in;
}

std::string readInputFile(const std::string& path, const std::string& what, ErrorKind kind, uint64_t maxBytes) {
    uint64_t size = 0;
    std::ifstream in = openInputFile(path, what, kind, &size);
    if (size > maxBytes)
        fail(kind, what + " '" + path + "' is " + std::to_string(size) + " bytes; a " + what + " is at most " + std::to_string(maxBytes));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace perceiver
