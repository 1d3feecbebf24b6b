#include "common/array_file.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace perceiver {

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
    if (s.size() < tail.size()) return false;
    for (size_t i = 0; i < tail.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - tail.size() + i])) != tail[i]) return false;
    return true;
}

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "(";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + ")";
}

}  // namespace

std::string npyHeader(const std::vector<int64_t>& shape) {
    std::string tuple = "(";  // Python's tuple: "()", "(5,)", "(24, 24)"
    for (size_t i = 0; i < shape.size(); ++i) tuple += (i ? ", " : "") + std::to_string(shape[i]);
    tuple += shape.size() == 1 ? ",)" : ")";
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
    // Magic (6) + version (2) + header length (2) + dictionary + spaces + '\n': a multiple of 64.
    const size_t unpadded = 10 + dict.size() + 1;
    dict += std::string((64 - unpadded % 64) % 64, ' ') + "\n";
    std::string h = "\x93NUMPY";
    h += '\x01';
    h += '\x00';
    const uint16_t len = static_cast<uint16_t>(dict.size());
    h += static_cast<char>(len & 0xff);
    h += static_cast<char>(len >> 8);
    return h + dict;
}

void writeArrayFile(const std::string& path, const std::vector<int64_t>& shape, const std::vector<float>& data) {
    int64_t count = 1;
    for (const int64_t d : shape) {
        if (d < 0) fail(ErrorKind::InvalidInput, "array shape " + shapeText(shape) + " has a negative dimension");
        count *= d;
    }
    if (count != static_cast<int64_t>(data.size()))
        fail(ErrorKind::InvalidInput, "array shape " + shapeText(shape) + " holds " + std::to_string(count) + " values, not " + std::to_string(data.size()));
    const bool npy = endsWith(path, ".npy"), csv = endsWith(path, ".csv");
    if (!npy && !csv) fail(ErrorKind::InvalidInput, "'" + path + "': numbers are written as .npy or .csv");
    if (csv && shape.size() > 2) fail(ErrorKind::InvalidInput, "a CSV holds 1 or 2 dimensions, this array has shape " + shapeText(shape));
    AtomicFile f(path);
    if (npy) {
        const std::string h = npyHeader(shape);
        f.write(h.data(), h.size());
        f.write(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(float));  // little-endian here (x86-64, aarch64)
    } else {
        const int64_t cols = shape.size() == 2 ? shape[1] : 1;
        std::string line;
        char number[32];
        for (size_t i = 0; i < data.size(); ++i) {
            std::snprintf(number, sizeof number, "%.9g", static_cast<double>(data[i]));
            line += number;
            line += (static_cast<int64_t>(i + 1) % cols == 0) ? '\n' : ',';
            if (line.size() > 1 << 16) f.write(line.data(), line.size()), line.clear();
        }
        f.write(line.data(), line.size());
    }
    f.commit();
}

}  // namespace perceiver
