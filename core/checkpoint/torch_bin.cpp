#include "checkpoint/torch_bin.h"

#include "common/error.h"
#include "common/mapped_file.h"

#include <torch/torch.h>
#include <zlib.h>

#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <variant>

namespace perceiver {

namespace {

[[noreturn]] void bad(const std::string& what, const std::string& msg) {
    fail(ErrorKind::Checkpoint, what + ": " + msg);
}

template <typename T>
T readLE(const uint8_t* p) {
    T v{};
    std::memcpy(&v, p, sizeof(T));
    return v;
}

// ---------------------------------------------------------------------------------------------
// Restricted unpickler
// ---------------------------------------------------------------------------------------------

struct PyObject;
using Obj = std::shared_ptr<PyObject>;

struct StorageRef {
    std::string key;
    torch::ScalarType dtype;
    int64_t numel;
};

struct PyObject {
    enum Kind { None, Bool, Int, Float, Str, Bytes, Tuple, List, Dict, Global, Tensor, Storage, Mark } kind = None;
    bool b = false;
    int64_t i = 0;
    double f = 0;
    std::string s;                              // Str, Bytes, Global ("module.name")
    std::vector<Obj> items;                     // Tuple, List
    std::vector<std::pair<Obj, Obj>> dict;      // Dict (OrderedDict too)
    torch::Tensor tensor;
    StorageRef storage;
    uint32_t depth = 1;                         // nesting depth of the containers below, itself included
};

Obj make(PyObject::Kind k) {
    auto o = std::make_shared<PyObject>();
    o->kind = k;
    return o;
}

const std::map<std::string, torch::ScalarType>& storageTypes() {
    static const std::map<std::string, torch::ScalarType> types = {
        {"torch.FloatStorage", torch::kFloat32},   {"torch.DoubleStorage", torch::kFloat64},
        {"torch.HalfStorage", torch::kFloat16},    {"torch.BFloat16Storage", torch::kBFloat16},
        {"torch.LongStorage", torch::kInt64},      {"torch.IntStorage", torch::kInt32},
        {"torch.ShortStorage", torch::kInt16},     {"torch.CharStorage", torch::kInt8},
        {"torch.ByteStorage", torch::kUInt8},      {"torch.BoolStorage", torch::kBool}};
    return types;
}

const std::set<std::string>& allowedCallables() {
    static const std::set<std::string> names = {"collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
                                                "torch._utils._rebuild_parameter"};
    return names;
}

// A state dict nests four levels (dict → tensor args → size tuple → int); the bound only keeps
// the error specific. Freeing never recurses whatever the depth: see ~Unpickler.
constexpr uint32_t kMaxPickleDepth = 1000;

class Unpickler {
public:
    Unpickler(const uint8_t* data, size_t size, std::string what, StorageLoader loader)
        : p_(data), end_(data + size), what_(std::move(what)), loader_(std::move(loader)) {}
    // Every object lives in all_: the links between objects are cut first, so no destructor
    // recurses down a chain of 1M nested tuples and a list memoized into itself (a cycle of
    // shared_ptrs) is freed too.
    ~Unpickler() {
        for (auto& o : all_) {
            o->items.clear();
            o->dict.clear();
        }
    }
    Unpickler(const Unpickler&) = delete;
    Unpickler& operator=(const Unpickler&) = delete;

    Obj run();

private:
    const uint8_t* p_;
    const uint8_t* end_;
    std::string what_;
    StorageLoader loader_;
    std::vector<Obj> stack_;
    std::vector<size_t> marks_;
    std::map<uint64_t, Obj> memo_;
    std::map<std::string, torch::Tensor> storages_;
    std::vector<Obj> all_;

    Obj make(PyObject::Kind k) {
        Obj o = perceiver::make(k);
        all_.push_back(o);
        return o;
    }
    // `child` goes into the container `parent`: the depth bound, checked as the tree grows.
    void nest(PyObject& parent, const Obj& child) {
        if (child->depth + 1 > parent.depth) parent.depth = child->depth + 1;
        if (parent.depth > kMaxPickleDepth)
            error("objects nested deeper than " + std::to_string(kMaxPickleDepth) + " levels (a state dict needs 4)");
    }
    Obj container(PyObject::Kind k, std::vector<Obj> items) {
        Obj o = make(k);
        for (const auto& i : items) nest(*o, i);
        o->items = std::move(items);
        return o;
    }

    [[noreturn]] void error(const std::string& msg) { bad(what_, "pickle: " + msg); }
    const uint8_t* take(size_t n) {
        if (static_cast<size_t>(end_ - p_) < n) error("truncated data");
        const uint8_t* r = p_;
        p_ += n;
        return r;
    }
    std::string line() {
        const uint8_t* nl = static_cast<const uint8_t*>(std::memchr(p_, '\n', end_ - p_));
        if (!nl) error("truncated data: unterminated text argument");
        std::string s(reinterpret_cast<const char*>(p_), nl - p_);
        p_ = nl + 1;
        return s;
    }
    Obj pop() {
        if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) error("stack underflow");
        Obj o = stack_.back();
        stack_.pop_back();
        return o;
    }
    Obj& top() {
        if (stack_.empty()) error("stack underflow");
        return stack_.back();
    }
    std::vector<Obj> popToMark() {
        if (marks_.empty()) error("no MARK on the stack");
        const size_t m = marks_.back();
        marks_.pop_back();
        std::vector<Obj> items(stack_.begin() + m, stack_.end());
        stack_.resize(m);
        return items;
    }
    void push(Obj o) {
        if (stack_.size() > 1000000) error("stack too deep");
        stack_.push_back(std::move(o));
    }
    Obj str(std::string s, PyObject::Kind k = PyObject::Str) {
        auto o = make(k);
        o->s = std::move(s);
        return o;
    }
    Obj integer(int64_t v) {
        auto o = make(PyObject::Int);
        o->i = v;
        return o;
    }
    void setItems(Obj& dict, const std::vector<Obj>& kv) {
        if (dict->kind != PyObject::Dict) error("SETITEMS on a non-dict");
        if (kv.size() % 2) error("SETITEMS with an odd number of items");
        for (size_t i = 0; i < kv.size(); i += 2) {
            nest(*dict, kv[i]);
            nest(*dict, kv[i + 1]);
            dict->dict.emplace_back(kv[i], kv[i + 1]);
        }
    }
    Obj global(const std::string& module, const std::string& name) {
        const std::string full = module + "." + name;
        if (!allowedCallables().count(full) && !storageTypes().count(full))
            error("refusing global '" + full + "': a state dict needs only OrderedDict, tensors and storages");
        auto o = make(PyObject::Global);
        o->s = full;
        return o;
    }
    Obj reduce(const Obj& callable, const Obj& args);
    Obj persistentLoad(const Obj& pid);
};

int64_t asInt(const Obj& o, const char* what, Unpickler*) {
    if (o->kind == PyObject::Int) return o->i;
    if (o->kind == PyObject::Bool) return o->b;
    fail(ErrorKind::Checkpoint, std::string("pickle: expected an integer for ") + what);
}

std::vector<int64_t> asIntTuple(const Obj& o, const char* what) {
    if (o->kind != PyObject::Tuple && o->kind != PyObject::List)
        fail(ErrorKind::Checkpoint, std::string("pickle: expected a tuple for ") + what);
    std::vector<int64_t> out;
    for (const auto& e : o->items) out.push_back(asInt(e, what, nullptr));
    return out;
}

Obj Unpickler::persistentLoad(const Obj& pid) {
    // ('storage', <storage type>, key, location, numel)
    if (pid->kind != PyObject::Tuple || pid->items.size() != 5 || pid->items[0]->kind != PyObject::Str ||
        pid->items[0]->s != "storage" || pid->items[1]->kind != PyObject::Global || pid->items[2]->kind != PyObject::Str)
        error("unexpected persistent id (expected ('storage', type, key, location, numel))");
    auto t = storageTypes().find(pid->items[1]->s);
    if (t == storageTypes().end()) error("persistent id names '" + pid->items[1]->s + "', not a storage type");
    auto o = make(PyObject::Storage);
    o->storage = {pid->items[2]->s, t->second, asInt(pid->items[4], "storage size", this)};
    if (o->storage.numel < 0) error("negative storage size");
    return o;
}

Obj Unpickler::reduce(const Obj& callable, const Obj& args) {
    if (callable->kind != PyObject::Global) error("REDUCE on a non-callable");
    if (args->kind != PyObject::Tuple) error("REDUCE arguments are not a tuple");
    const std::string& name = callable->s;
    const auto& a = args->items;
    if (name == "collections.OrderedDict") {
        if (!a.empty()) error("OrderedDict() with arguments is not supported");
        return make(PyObject::Dict);
    }
    if (name == "torch._utils._rebuild_tensor_v2") {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (a.size() < 6 || a[0]->kind != PyObject::Storage) error("_rebuild_tensor_v2: unexpected arguments");
        const StorageRef& ref = a[0]->storage;
        auto it = storages_.find(ref.key);
        if (it == storages_.end()) {
            torch::Tensor t = loader_(ref.key, ref.dtype, ref.numel);
            if (t.scalar_type() != ref.dtype || t.dim() != 1 || t.numel() != ref.numel)
                error("storage '" + ref.key + "' does not have the dtype and size its persistent id states");
            it = storages_.emplace(ref.key, t).first;
        }
        const torch::Tensor& storage = it->second;
        if (storage.scalar_type() != ref.dtype) error("storage '" + ref.key + "' is used with two dtypes");
        const int64_t offset = asInt(a[1], "storage offset", this);
        if (offset < 0) error("negative storage offset " + std::to_string(offset));  // before the extent arithmetic below
        const auto size = asIntTuple(a[2], "tensor size");
        const auto stride = asIntTuple(a[3], "tensor stride");
        if (size.size() != stride.size()) error("tensor size and stride differ in rank");
        // The largest element index touched must lie inside the storage.
        int64_t last = offset;
        bool empty = false;
        for (size_t d = 0; d < size.size(); ++d) {
            if (size[d] < 0 || stride[d] < 0) error("negative tensor size or stride");
            if (size[d] == 0) empty = true;
            else if (size[d] > 1 && stride[d] > (std::numeric_limits<int64_t>::max() - last) / (size[d] - 1))
                error("tensor extent overflows");
            else last += (size[d] - 1) * stride[d];
        }
        if (offset < 0 || (!empty && last >= storage.numel()))
            error("tensor view (offset " + std::to_string(offset) + ") runs past storage '" + ref.key + "' of " +
                  std::to_string(storage.numel()) + " elements");
        auto o = make(PyObject::Tensor);
        o->tensor = empty ? torch::empty(size, storage.options()) : storage.as_strided(size, stride, offset);
        return o;
    }
    if (name == "torch._utils._rebuild_parameter") {
        if (a.empty() || a[0]->kind != PyObject::Tensor) error("_rebuild_parameter: unexpected arguments");
        return a[0];
    }
    error("calling '" + name + "' is not allowed");
}

Obj Unpickler::run() {
    while (true) {
        const uint8_t op = *take(1);
        switch (op) {
            case 0x80: take(1); break;                                            // PROTO
            case 0x95: take(8); break;                                            // FRAME
            case '.': {                                                           // STOP
                if (stack_.size() != 1) error("malformed pickle (stack holds " + std::to_string(stack_.size()) + " items at STOP)");
                return stack_.back();
            }
            case '(': marks_.push_back(stack_.size()); break;                     // MARK
            case '}': push(make(PyObject::Dict)); break;                          // EMPTY_DICT
            case ']': push(make(PyObject::List)); break;                          // EMPTY_LIST
            case ')': push(make(PyObject::Tuple)); break;                         // EMPTY_TUPLE
            case 'N': push(make(PyObject::None)); break;                          // NONE
            case 0x88: case 0x89: { auto o = make(PyObject::Bool); o->b = op == 0x88; push(o); break; }
            case 'J': push(integer(readLE<int32_t>(take(4)))); break;             // BININT
            case 'K': push(integer(*take(1))); break;                             // BININT1
            case 'M': push(integer(readLE<uint16_t>(take(2)))); break;            // BININT2
            case 0x8a: {                                                          // LONG1
                const uint8_t n = *take(1);
                if (n > 8) error("integer wider than 64 bits");
                const uint8_t* b = take(n);
                uint64_t v = 0;
                for (int k = n - 1; k >= 0; --k) v = (v << 8) | b[k];
                if (n > 0 && n < 8 && (b[n - 1] & 0x80)) v |= ~uint64_t(0) << (8 * n);
                push(integer(static_cast<int64_t>(v)));
                break;
            }
            case 'G': {                                                           // BINFLOAT (big-endian)
                const uint8_t* b = take(8);
                uint64_t bits = 0;
                for (int k = 0; k < 8; ++k) bits = (bits << 8) | b[k];
                auto o = make(PyObject::Float);
                std::memcpy(&o->f, &bits, 8);
                push(o);
                break;
            }
            case 'X': { const uint32_t n = readLE<uint32_t>(take(4)); push(str(std::string(reinterpret_cast<const char*>(take(n)), n))); break; }
            case 0x8c: { const uint8_t n = *take(1); push(str(std::string(reinterpret_cast<const char*>(take(n)), n))); break; }
            case 'U': { const uint8_t n = *take(1); push(str(std::string(reinterpret_cast<const char*>(take(n)), n), PyObject::Bytes)); break; }
            case 'T': { const uint32_t n = readLE<uint32_t>(take(4)); push(str(std::string(reinterpret_cast<const char*>(take(n)), n), PyObject::Bytes)); break; }
            case 'C': { const uint8_t n = *take(1); push(str(std::string(reinterpret_cast<const char*>(take(n)), n), PyObject::Bytes)); break; }
            case 'B': { const uint32_t n = readLE<uint32_t>(take(4)); push(str(std::string(reinterpret_cast<const char*>(take(n)), n), PyObject::Bytes)); break; }
            case 'c': {                                                           // GLOBAL
                const std::string module = line();
                const std::string name = line();
                push(global(module, name));
                break;
            }
            case 0x93: {                                                          // STACK_GLOBAL
                Obj name = pop(), module = pop();
                if (name->kind != PyObject::Str || module->kind != PyObject::Str) error("STACK_GLOBAL needs two strings");
                push(global(module->s, name->s));
                break;
            }
            case 'q': memo_[*take(1)] = top(); break;                             // BINPUT
            case 'r': memo_[readLE<uint32_t>(take(4))] = top(); break;            // LONG_BINPUT
            case 0x94: memo_[memo_.size()] = top(); break;                        // MEMOIZE
            case 'h': case 'j': {                                                 // BINGET, LONG_BINGET
                const uint64_t k = op == 'h' ? *take(1) : readLE<uint32_t>(take(4));
                auto it = memo_.find(k);
                if (it == memo_.end()) error("memo key " + std::to_string(k) + " is not set");
                push(it->second);
                break;
            }
            case 't': push(container(PyObject::Tuple, popToMark())); break;      // TUPLE
            case 0x85: case 0x86: case 0x87: {                                    // TUPLE1..3
                std::vector<Obj> items(op - 0x84);
                for (size_t k = items.size(); k-- > 0;) items[k] = pop();
                push(container(PyObject::Tuple, std::move(items)));
                break;
            }
            case 'l': push(container(PyObject::List, popToMark())); break;       // LIST
            case 'a': { Obj v = pop(); Obj& l = top(); if (l->kind != PyObject::List) error("APPEND to a non-list"); nest(*l, v); l->items.push_back(v); break; }
            case 'e': { auto items = popToMark(); Obj& l = top(); if (l->kind != PyObject::List) error("APPENDS to a non-list"); for (auto& v : items) { nest(*l, v); l->items.push_back(v); } break; }
            case 'd': { auto o = make(PyObject::Dict); setItems(o, popToMark()); push(o); break; }  // DICT
            case 's': { Obj v = pop(); Obj k = pop(); setItems(top(), {k, v}); break; }            // SETITEM
            case 'u': { auto kv = popToMark(); setItems(top(), kv); break; }                       // SETITEMS
            case 'R': { Obj args = pop(); Obj callable = pop(); push(reduce(callable, args)); break; }
            case 'b': pop(); break;                                               // BUILD: state (e.g. _metadata) ignored
            case 'Q': push(persistentLoad(pop())); break;                         // BINPERSID
            case '0': pop(); break;                                               // POP
            case '2': push(top()); break;                                         // DUP
            default: {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02x", op);
                error(std::string("unsupported opcode ") + hex + " (a state dict does not need it)");
            }
        }
    }
}

}  // namespace

StateDict readPickledStateDict(const uint8_t* data, size_t size, const std::string& what, const StorageLoader& storage) {
    Unpickler unpickler(data, size, what, storage);
    Obj root = unpickler.run();
    if (root->kind != PyObject::Dict) bad(what, "the pickled object is not a dict of tensors");
    StateDict out;
    for (const auto& [k, v] : root->dict) {
        if (k->kind != PyObject::Str) bad(what, "a state-dict key is not a string");
        if (v->kind != PyObject::Tensor) bad(what, "entry '" + k->s + "' is not a tensor");
        out[k->s] = v->tensor;
    }
    return out;
}

uint32_t crc32(const uint8_t* data, size_t size) {
    uLong crc = ::crc32(0L, Z_NULL, 0);
    while (size > 0) {
        const uInt chunk = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
        crc = ::crc32(crc, data, chunk);
        data += chunk;
        size -= chunk;
    }
    return static_cast<uint32_t>(crc);
}

std::vector<ZipEntry> readZipDirectory(const uint8_t* data, size_t size, const std::string& what) {
    if (size < 22) bad(what, "too short to be a zip archive");
    // End of central directory: the last signature within the final 64 KiB + 22 bytes.
    const size_t scanFrom = size >= 65557 ? size - 65557 : 0;
    size_t eocd = std::numeric_limits<size_t>::max();
    for (size_t i = size - 22 + 1; i-- > scanFrom;)
        if (readLE<uint32_t>(data + i) == 0x06054b50) { eocd = i; break; }
    if (eocd == std::numeric_limits<size_t>::max()) bad(what, "no zip end-of-central-directory record");
    uint64_t count = readLE<uint16_t>(data + eocd + 10);
    uint64_t cdSize = readLE<uint32_t>(data + eocd + 12);
    uint64_t cdOffset = readLE<uint32_t>(data + eocd + 16);
    if (count == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF) {
        // Zip64: locator right before the EOCD points at the zip64 EOCD record.
        if (eocd < 20 || readLE<uint32_t>(data + eocd - 20) != 0x07064b50) bad(what, "zip64 locator missing");
        const uint64_t rec = readLE<uint64_t>(data + eocd - 20 + 8);
        if (size < 56 || rec > size - 56 || readLE<uint32_t>(data + rec) != 0x06064b50) bad(what, "zip64 end record out of range");
        count = readLE<uint64_t>(data + rec + 32);
        cdSize = readLE<uint64_t>(data + rec + 40);
        cdOffset = readLE<uint64_t>(data + rec + 48);
    }
    if (cdOffset > size || cdSize > size - cdOffset) bad(what, "central directory out of range");
    if (count > cdSize / 46) bad(what, "central directory claims " + std::to_string(count) + " entries in " + std::to_string(cdSize) + " bytes");
    std::vector<ZipEntry> entries;
    uint64_t p = cdOffset;
    const uint64_t cdEnd = cdOffset + cdSize;
    for (uint64_t n = 0; n < count; ++n) {
        if (p + 46 > cdEnd || readLE<uint32_t>(data + p) != 0x02014b50) bad(what, "corrupt central directory entry " + std::to_string(n));
        const uint16_t flags = readLE<uint16_t>(data + p + 8);
        const uint16_t method = readLE<uint16_t>(data + p + 10);
        ZipEntry e;
        e.crc32 = readLE<uint32_t>(data + p + 16);
        uint64_t csize = readLE<uint32_t>(data + p + 20);
        uint64_t usize = readLE<uint32_t>(data + p + 24);
        const uint16_t nameLen = readLE<uint16_t>(data + p + 28);
        const uint16_t extraLen = readLE<uint16_t>(data + p + 30);
        const uint16_t commentLen = readLE<uint16_t>(data + p + 32);
        uint64_t localOffset = readLE<uint32_t>(data + p + 42);
        if (p + 46 + nameLen + extraLen + commentLen > cdEnd) bad(what, "central directory entry " + std::to_string(n) + " overruns");
        e.name.assign(reinterpret_cast<const char*>(data + p + 46), nameLen);
        // Zip64 extra field: replaces the saturated 32-bit values in order.
        for (uint64_t x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
            const uint16_t id = readLE<uint16_t>(data + x), len = readLE<uint16_t>(data + x + 2);
            if (x + 4 + len > p + 46 + nameLen + extraLen) bad(what, "corrupt extra field in '" + e.name + "'");
            if (id == 0x0001) {
                uint64_t q = x + 4;
                auto next = [&](uint64_t& v) {
                    if (v != 0xFFFFFFFF) return;
                    if (q + 8 > x + 4 + len) bad(what, "short zip64 field in '" + e.name + "'");
                    v = readLE<uint64_t>(data + q);
                    q += 8;
                };
                next(usize);
                next(csize);
                next(localOffset);
            }
            x += 4 + len;
        }
        if (flags & 0x1) bad(what, "entry '" + e.name + "' is encrypted");
        if (method != 0)
            bad(what, "entry '" + e.name + "' is compressed (method " + std::to_string(method) +
                          "); torch.save writes stored entries only");
        if (csize != usize) bad(what, "entry '" + e.name + "' is stored but its sizes differ");
        if (localOffset > size - 30 || readLE<uint32_t>(data + localOffset) != 0x04034b50)
            bad(what, "local header of '" + e.name + "' out of range");
        const uint64_t dataOffset = localOffset + 30 + readLE<uint16_t>(data + localOffset + 26) + readLE<uint16_t>(data + localOffset + 28);
        if (dataOffset > size || usize > size - dataOffset) bad(what, "data of '" + e.name + "' runs past the end of the file");
        e.dataOffset = dataOffset;
        e.size = usize;
        entries.push_back(std::move(e));
        p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
}

StateDict readTorchBin(const std::string& path) { return readTorchBin(MappedFile::open(path, "PyTorch checkpoint")); }

StateDict readTorchBin(std::shared_ptr<MappedFile> file) {
    const std::string& path = file->path();
    const std::string what = "PyTorch checkpoint '" + path + "'";
    const uint8_t* data = file->data();
    const size_t size = file->size();
    if (size >= 2 && data[0] == 0x80 && data[1] <= 5)
        bad(what, "legacy (pre-1.6, non-zip) torch.save format is not supported; re-save it with a current "
                  "PyTorch (torch.save(torch.load(f), f2)) or convert it to safetensors");
    if (size < 4 || readLE<uint32_t>(data) != 0x04034b50) bad(what, "not a zip archive (PyTorch >= 1.6 format expected)");

    const auto entries = readZipDirectory(data, size, what);
    std::map<std::string, const ZipEntry*> byName;
    const ZipEntry* pkl = nullptr;
    for (const auto& e : entries) {
        byName[e.name] = &e;
        const auto slash = e.name.find('/');
        if (slash != std::string::npos && e.name.compare(slash, std::string::npos, "/data.pkl") == 0 &&
            e.name.find('/', slash + 1) == std::string::npos)
            pkl = &e;
    }
    if (!pkl) bad(what, "no '<archive>/data.pkl' entry");
    const std::string prefix = pkl->name.substr(0, pkl->name.size() - std::string("data.pkl").size());
    if (auto bo = byName.find(prefix + "byteorder"); bo != byName.end()) {
        const std::string order(reinterpret_cast<const char*>(data + bo->second->dataOffset), bo->second->size);
        if (order != "little") bad(what, "byte order '" + order + "' is not supported");
    }
    auto checked = [&](const ZipEntry& e) {
        if (crc32(data + e.dataOffset, e.size) != e.crc32) bad(what, "CRC-32 mismatch in entry '" + e.name + "' (file corrupt)");
        return data + e.dataOffset;
    };

    auto loader = [&](const std::string& key, torch::ScalarType dtype, int64_t numel) -> torch::Tensor {
        const StorageRef ref{key, dtype, numel};
        auto it = byName.find(prefix + "data/" + ref.key);
        if (it == byName.end()) bad(what, "storage '" + ref.key + "' has no entry '" + prefix + "data/" + ref.key + "'");
        const ZipEntry& e = *it->second;
        const size_t esize = c10::elementSize(ref.dtype);
        if (static_cast<uint64_t>(ref.numel) > e.size / esize || e.size != static_cast<uint64_t>(ref.numel) * esize)
            bad(what, "storage '" + ref.key + "' holds " + std::to_string(e.size) + " bytes, expected " +
                          std::to_string(ref.numel) + " x " + std::to_string(esize));
        const uint8_t* p = checked(e);
        const auto options = torch::TensorOptions().dtype(ref.dtype);
        if (ref.numel == 0) return torch::empty({0}, options);
        if (reinterpret_cast<uintptr_t>(p) % esize != 0) {
            auto t = torch::empty({ref.numel}, options);
            std::memcpy(t.data_ptr(), p, e.size);
            return t;
        }
        auto keep = file;
        return torch::from_blob(const_cast<uint8_t*>(p), {ref.numel}, [keep](void*) mutable { keep.reset(); }, options);
    };

    return readPickledStateDict(checked(*pkl), pkl->size, what, loader);
}

}  // namespace perceiver
