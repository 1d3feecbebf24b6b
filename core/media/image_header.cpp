#include "media/image_header.h"
#include "media/image.h"

#include <zlib.h>

#include <cctype>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace perceiver {

namespace {

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
uint32_t be16(const uint8_t* p) { return uint32_t(p[0]) << 8 | p[1]; }
uint32_t le32(const uint8_t* p) { return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]; }
uint32_t le16(const uint8_t* p) { return uint32_t(p[1]) << 8 | p[0]; }

std::string printable(const uint8_t* p, size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += (p[i] >= 0x20 && p[i] < 0x7f) ? static_cast<char>(p[i]) : '?';
    return s;
}

// Inflates the IDAT chunks into a scratch buffer (nothing kept): libpng prints its own
// "libpng error: IDAT: invalid stored block lengths" on stderr before OpenCV gives up, so a
// corrupt stream is found here first. Returns the problem, or "".
std::string checkImageData(const std::vector<std::pair<const uint8_t*, size_t>>& idat, uint64_t expected) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return {};
    std::vector<uint8_t> scratch(1 << 16);
    uint64_t produced = 0;
    int rc = Z_OK;
    for (size_t i = 0; i < idat.size() && rc != Z_STREAM_END; ++i) {
        z.next_in = const_cast<Bytef*>(idat[i].first);
        z.avail_in = static_cast<uInt>(idat[i].second);
        while (z.avail_in > 0 && rc != Z_STREAM_END) {
            z.next_out = scratch.data();
            z.avail_out = static_cast<uInt>(scratch.size());
            rc = inflate(&z, Z_NO_FLUSH);
            produced += scratch.size() - z.avail_out;
            if (rc != Z_OK && rc != Z_STREAM_END) {
                const std::string why = z.msg ? z.msg : "error " + std::to_string(rc);
                inflateEnd(&z);
                return "corrupt: the image data (IDAT) is not a valid zlib stream (" + why + ")";
            }
            if (expected > 0 && produced > expected) break;  // more than enough: libpng ignores the rest
        }
        if (expected > 0 && produced > expected) break;
    }
    inflateEnd(&z);
    if (expected > 0 && produced < expected)
        return "truncated: the image data holds " + std::to_string(produced) + " of the " + std::to_string(expected) + " bytes its size needs";
    if (expected == 0 && rc != Z_STREAM_END) return "truncated: the image data (IDAT) ends inside its zlib stream";
    return {};
}

void png(const uint8_t* d, size_t size, ImageHeader& h) {
    h.format = "PNG";
    size_t pos = 8;
    bool first = true;
    std::vector<std::pair<const uint8_t*, size_t>> idat;
    uint64_t expected = 0;  // bytes of the filtered scanlines (non-interlaced images only)
    while (true) {
        if (size - pos < 12) {
            h.problem = "truncated: the file ends at byte " + std::to_string(size) + " before the IEND chunk";
            return;
        }
        const uint32_t length = be32(d + pos);
        const std::string type = printable(d + pos + 4, 4);
        if (length > 0x7fffffffu || length > size - pos - 12) {
            h.problem = "truncated or corrupt: chunk '" + type + "' at byte " + std::to_string(pos) + " claims " +
                        std::to_string(length) + " bytes, past the end of the file";
            return;
        }
        uLong crc = ::crc32(0L, Z_NULL, 0);
        crc = ::crc32(crc, d + pos + 4, static_cast<uInt>(length + 4));
        if (static_cast<uint32_t>(crc) != be32(d + pos + 8 + length)) {
            h.problem = "corrupt: chunk '" + type + "' at byte " + std::to_string(pos) + " fails its CRC check";
            return;
        }
        if (first) {
            if (type != "IHDR" || length != 13) {
                h.problem = "corrupt: the first chunk is '" + type + "', not a 13-byte IHDR";
                return;
            }
            h.width = be32(d + pos + 8);
            h.height = be32(d + pos + 12);
            const uint32_t depth = d[pos + 16], colour = d[pos + 17], interlace = d[pos + 20];
            const uint32_t channels = colour == 0 ? 1 : colour == 2 ? 3 : colour == 3 ? 1 : colour == 4 ? 2 : colour == 6 ? 4 : 0;
            if (interlace == 0 && channels > 0 && h.width < (1u << 24) && h.height < (1u << 24))
                expected = h.height * (1 + (h.width * channels * depth + 7) / 8);
            first = false;
        }
        if (type == "IDAT") idat.emplace_back(d + pos + 8, length);
        if (type == "IEND") {
            if (idat.empty()) h.problem = "corrupt: no image data (IDAT chunk)";
            else if (h.width * h.height <= kMaxImagePixels) h.problem = checkImageData(idat, expected);  // a bomb is refused unread
            return;
        }
        pos += 12 + length;
    }
}

bool isFrameHeader(uint8_t m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

void jpeg(const uint8_t* d, size_t size, ImageHeader& h) {
    h.format = "JPEG";
    const std::string truncated = "truncated: the JPEG data ends at byte " + std::to_string(size) + " before its end-of-image marker";
    size_t pos = 2;
    bool frame = false;
    while (true) {
        if (pos >= size || d[pos] != 0xFF) {
            h.problem = pos >= size ? truncated : "corrupt: no JPEG marker at byte " + std::to_string(pos);
            return;
        }
        while (pos < size && d[pos] == 0xFF) ++pos;  // fill bytes
        if (pos >= size) { h.problem = truncated; return; }
        const uint8_t m = d[pos++];
        if (m == 0xD9) {
            if (!frame) h.problem = "corrupt: the JPEG ends before any frame header";
            return;
        }
        if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) continue;  // standalone markers
        if (size - pos < 2) { h.problem = truncated; return; }
        const uint32_t length = be16(d + pos);
        if (length < 2 || length > size - pos) { h.problem = truncated; return; }
        if (isFrameHeader(m)) {
            if (length < 8) { h.problem = "corrupt: a JPEG frame header of " + std::to_string(length) + " bytes"; return; }
            h.height = be16(d + pos + 3);
            h.width = be16(d + pos + 5);
            frame = true;
        }
        pos += length;
        if (m == 0xDA) {  // a scan: entropy-coded data up to the next marker that is not RSTn / stuffing
            if (!frame) { h.problem = "corrupt: a JPEG scan before any frame header"; return; }
            while (true) {
                const void* ff = pos < size ? std::memchr(d + pos, 0xFF, size - pos) : nullptr;
                if (!ff) { h.problem = truncated; return; }
                pos = static_cast<const uint8_t*>(ff) - d;
                if (pos + 1 >= size) { h.problem = truncated; return; }
                const uint8_t next = d[pos + 1];
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) { pos += next == 0xFF ? 1 : 2; continue; }
                break;
            }
        }
    }
}

void bmp(const uint8_t* d, size_t size, ImageHeader& h) {
    h.format = "BMP";
    if (size < 26) { h.problem = "truncated: the BMP header ends at byte " + std::to_string(size); return; }
    const uint32_t dib = le32(d + 14);
    if (dib == 12) {
        h.width = le16(d + 18);
        h.height = le16(d + 20);
    } else {
        const int32_t w = static_cast<int32_t>(le32(d + 18)), ht = static_cast<int32_t>(le32(d + 22));
        h.width = static_cast<uint64_t>(w < 0 ? -int64_t(w) : w);
        h.height = static_cast<uint64_t>(ht < 0 ? -int64_t(ht) : ht);  // negative: rows top-down
    }
}

void webp(const uint8_t* d, size_t size, ImageHeader& h) {
    h.format = "WebP";
    if (size < 30) { h.problem = "truncated: the WebP header ends at byte " + std::to_string(size); return; }
    const std::string chunk(reinterpret_cast<const char*>(d + 12), 4);
    if (chunk == "VP8X") {
        h.width = 1 + (d[24] | d[25] << 8 | uint32_t(d[26]) << 16);
        h.height = 1 + (d[27] | d[28] << 8 | uint32_t(d[29]) << 16);
    } else if (chunk == "VP8L" && d[20] == 0x2f) {
        const uint32_t bits = le32(d + 21);
        h.width = 1 + (bits & 0x3fff);
        h.height = 1 + ((bits >> 14) & 0x3fff);
    } else if (chunk == "VP8 " && d[23] == 0x9d && d[24] == 0x01 && d[25] == 0x2a) {
        h.width = le16(d + 26) & 0x3fff;
        h.height = le16(d + 28) & 0x3fff;
    }
}

void tiff(const uint8_t* d, size_t size, ImageHeader& h) {
    h.format = "TIFF";
    const bool little = d[0] == 'I';
    auto u16 = [&](size_t at) { return little ? le16(d + at) : be16(d + at); };
    auto u32 = [&](size_t at) { return little ? le32(d + at) : be32(d + at); };
    const uint32_t ifd = u32(4);
    if (ifd > size || size - ifd < 2) { h.problem = "corrupt: the first TIFF directory lies outside the file"; return; }
    const uint32_t count = u16(ifd);
    if ((size - ifd - 2) / 12 < count) { h.problem = "truncated: the first TIFF directory runs past the end of the file"; return; }
    for (uint32_t i = 0; i < count; ++i) {
        const size_t e = ifd + 2 + size_t(i) * 12;
        const uint32_t tag = u16(e), type = u16(e + 2);
        const uint64_t value = type == 3 ? u16(e + 8) : type == 4 ? u32(e + 8) : 0;
        if (tag == 256) h.width = value;
        if (tag == 257) h.height = value;
    }
}

void pnm(const uint8_t* d, size_t size, ImageHeader& h) {
    h.format = "PNM";
    size_t pos = 2;
    uint64_t values[2] = {0, 0};
    for (uint64_t& v : values) {
        while (pos < size && (std::isspace(d[pos]) || d[pos] == '#')) {
            if (d[pos] == '#')
                while (pos < size && d[pos] != '\n') ++pos;
            else
                ++pos;
        }
        if (pos >= size || !std::isdigit(d[pos])) { h.problem = "corrupt: no size in the PNM header"; return; }
        while (pos < size && std::isdigit(d[pos]) && v < (uint64_t(1) << 40)) v = v * 10 + (d[pos++] - '0');
    }
    h.width = values[0];
    h.height = values[1];
}

}  // namespace

ImageHeader readImageHeader(const uint8_t* d, size_t size) {
    ImageHeader h;
    static const uint8_t kPng[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (size >= 8 && std::memcmp(d, kPng, 8) == 0) png(d, size, h);
    else if (size >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) jpeg(d, size, h);
    else if (size >= 2 && d[0] == 'B' && d[1] == 'M') bmp(d, size, h);
    else if (size >= 16 && std::memcmp(d, "RIFF", 4) == 0 && std::memcmp(d + 8, "WEBP", 4) == 0) webp(d, size, h);
    else if (size >= 8 && ((d[0] == 'I' && d[1] == 'I' && d[2] == 42 && d[3] == 0) || (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && d[3] == 42)))
        tiff(d, size, h);
    else if (size >= 3 && d[0] == 'P' && d[1] >= '1' && d[1] <= '6' && std::isspace(d[2])) pnm(d, size, h);
    return h;
}

}  // namespace perceiver
