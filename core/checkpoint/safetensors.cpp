#include "checkpoint/safetensors.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/json.h"
#include "common/mapped_file.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace perceiver {

namespace {

constexpr uint64_t kMaxHeaderBytes = 100ull << 20;  // the safetensors library's own limit

[[noreturn]] void bad(const std::string& path, const std::string& what) {
    fail(ErrorKind::Checkpoint, "safetensors file '" + path + "': " + what);
}

size_t elementSize(const std::string& dtype) {
    static const std::map<std::string, size_t> sizes = {
        {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8}, {"I32", 4},
        {"I16", 2}, {"I8", 1},  {"U8", 1},  {"BOOL", 1}};
    auto it = sizes.find(dtype);
    return it == sizes.end() ? 0 : it->second;
}

}  // namespace

torch::ScalarType safetensorsDtype(const std::string& dtype) {
    static const std::map<std::string, torch::ScalarType> types = {
        {"F64", torch::kFloat64}, {"F32", torch::kFloat32}, {"F16", torch::kFloat16},
        {"BF16", torch::kBFloat16}, {"I64", torch::kInt64}, {"I32", torch::kInt32},
        {"I16", torch::kInt16}, {"I8", torch::kInt8}, {"U8", torch::kUInt8}, {"BOOL", torch::kBool}};
    auto it = types.find(dtype);
    if (it == types.end()) fail(ErrorKind::Checkpoint, "unsupported safetensors dtype '" + dtype + "'");
    return it->second;
}

std::string safetensorsDtypeName(torch::ScalarType type) {
    switch (type) {
        case torch::kFloat64: return "F64";
        case torch::kFloat32: return "F32";
        case torch::kFloat16: return "F16";
        case torch::kBFloat16: return "BF16";
        case torch::kInt64: return "I64";
        case torch::kInt32: return "I32";
        case torch::kInt16: return "I16";
        case torch::kInt8: return "I8";
        case torch::kUInt8: return "U8";
        case torch::kBool: return "BOOL";
        default: fail(ErrorKind::InvalidInput, std::string("dtype ") + c10::toString(type) + " cannot be stored in safetensors");
    }
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::string& path) {
    return open(MappedFile::open(path, "safetensors file"));
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(std::shared_ptr<MappedFile> mapped) {
    const std::string& path = mapped->path();
    const uint64_t size = mapped->size();
    if (size < 8) bad(path, "file is " + std::to_string(size) + " bytes, shorter than the 8-byte header length");
    std::shared_ptr<SafetensorsFile> file(new SafetensorsFile());
    file->self_ = file;
    file->path_ = path;
    file->file_ = mapped;
    const auto* bytes = mapped->data();

    uint64_t headerLen = 0;
    std::memcpy(&headerLen, bytes, 8);  // little-endian on every platform we build for
    if (headerLen > kMaxHeaderBytes)
        bad(path, "header length " + std::to_string(headerLen) + " exceeds the 100 MiB limit");
    if (headerLen > size - 8)
        bad(path, "header length " + std::to_string(headerLen) + " runs past the end of the file (" +
                      std::to_string(size) + " bytes)");
    nlohmann::json header;
    std::string why;
    if (!parseJson(bytes + 8, bytes + 8 + headerLen, header, why, /*rejectDuplicateKeys*/ true)) bad(path, "header is " + why);
    if (!header.is_object()) bad(path, "header is not a JSON object");
    file->data_ = bytes + 8 + headerLen;
    const uint64_t dataSize = size - 8 - headerLen;

    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const auto& v = it.value();
        if (name == "__metadata__") {
            if (!v.is_object()) bad(path, "__metadata__ is not an object");
            for (auto m = v.begin(); m != v.end(); ++m) {
                if (!m.value().is_string()) bad(path, "__metadata__ value '" + m.key() + "' is not a string");
                file->metadata_[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") || !v.contains("data_offsets"))
            bad(path, "tensor '" + name + "': expected {dtype, shape, data_offsets}");
        SafetensorsEntry e;
        e.name = name;
        if (!v["dtype"].is_string()) bad(path, "tensor '" + name + "': dtype is not a string");
        e.dtype = v["dtype"].get<std::string>();
        const size_t esize = elementSize(e.dtype);
        if (esize == 0) bad(path, "tensor '" + name + "': unsupported dtype '" + e.dtype + "'");
        if (!v["shape"].is_array()) bad(path, "tensor '" + name + "': shape is not a list");
        uint64_t numel = 1;
        for (const auto& d : v["shape"]) {
            if (!d.is_number_unsigned()) bad(path, "tensor '" + name + "': shape " + v["shape"].dump() + " is not a list of sizes");
            const uint64_t dim = d.get<uint64_t>();
            if (dim > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
                (dim != 0 && numel > std::numeric_limits<uint64_t>::max() / dim / esize))
                bad(path, "tensor '" + name + "': shape " + v["shape"].dump() + " is absurdly large");
            numel *= dim;
            e.shape.push_back(static_cast<int64_t>(dim));
        }
        const auto& off = v["data_offsets"];
        if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() || !off[1].is_number_unsigned())
            bad(path, "tensor '" + name + "': data_offsets must be [begin, end]");
        e.begin = off[0].get<uint64_t>();
        e.end = off[1].get<uint64_t>();
        if (e.begin > e.end || e.end > dataSize)
            bad(path, "tensor '" + name + "': data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                          "] out of range of the " + std::to_string(dataSize) + "-byte data section");
        if (e.end - e.begin != numel * esize)
            bad(path, "tensor '" + name + "': " + std::to_string(e.end - e.begin) + " bytes stored, " + e.dtype +
                          " " + v["shape"].dump() + " needs " + std::to_string(numel * esize));
        file->entries_.push_back(std::move(e));
    }
    std::sort(file->entries_.begin(), file->entries_.end(),
              [](const SafetensorsEntry& a, const SafetensorsEntry& b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
    // The format's rule: the data section is entirely indexed, without holes or overlaps.
    uint64_t covered = 0;
    for (size_t i = 0; i < file->entries_.size(); ++i) {
        const auto& e = file->entries_[i];
        if (i > 0 && e.begin < file->entries_[i - 1].end)
            bad(path, "tensors '" + file->entries_[i - 1].name + "' and '" + e.name + "' overlap");
        if (e.begin != covered)
            bad(path, "bytes [" + std::to_string(covered) + ", " + std::to_string(e.begin) + ") of the data section belong to no tensor");
        covered = e.end;
        file->index_[e.name] = i;
    }
    if (covered != dataSize)
        bad(path, "bytes [" + std::to_string(covered) + ", " + std::to_string(dataSize) + ") of the data section belong to no tensor");
    return file;
}


torch::Tensor SafetensorsFile::tensor(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) bad(path_, "no tensor named '" + name + "'");
    const auto& e = entries_[it->second];
    const auto type = safetensorsDtype(e.dtype);
    const auto options = torch::TensorOptions().dtype(type);
    void* ptr = const_cast<uint8_t*>(data_ + e.begin);
    if (e.begin == e.end) return torch::empty(e.shape, options);
    if (reinterpret_cast<uintptr_t>(ptr) % elementSize(e.dtype) != 0) {
        // Unaligned data cannot be aliased safely: copy it.
        auto t = torch::empty(e.shape, options);
        std::memcpy(t.data_ptr(), ptr, e.end - e.begin);
        return t;
    }
    auto keep = self_.lock();
    return torch::from_blob(ptr, e.shape, [keep](void*) mutable { keep.reset(); }, options);
}

void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    // Layout as the safetensors library: by dtype size descending, then by name.
    std::vector<std::pair<std::string, torch::Tensor>> sorted;
    sorted.reserve(tensors.size());
    for (const auto& [name, t] : tensors) {
        if (!t.defined()) fail(ErrorKind::InvalidInput, "cannot write undefined tensor '" + name + "'");
        sorted.emplace_back(name, t.detach().to(torch::kCPU).contiguous());
    }
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        const auto sa = a.second.element_size(), sb = b.second.element_size();
        return sa != sb ? sa > sb : a.first < b.first;
    });
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    uint64_t offset = 0;
    for (const auto& [name, t] : sorted) {
        const uint64_t bytes = t.numel() * t.element_size();
        header[name] = {{"dtype", safetensorsDtypeName(t.scalar_type())},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string text = header.dump();
    while ((text.size() + 8) % 8 != 0) text.push_back(' ');  // pad so data starts 8-aligned
    AtomicFile out(path);
    const uint64_t len = text.size();
    out.write(&len, 8);
    out.write(text.data(), text.size());
    for (const auto& [name, t] : sorted) out.write(t.data_ptr(), t.numel() * t.element_size());
    out.commit();
}

}  // namespace perceiver
