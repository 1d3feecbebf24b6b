// The hostile corpus: broken and malicious checkpoint files each give one specific
// Error(Checkpoint) and never a crash. Built twice: plainly (test_hostile) and with
// AddressSanitizer + UndefinedBehaviorSanitizer over the readers (test_hostile_asan).
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "checkpoint/safetensors.h"
#include "checkpoint/state_dict.h"
#include "checkpoint/torch_bin.h"
#include "common/error.h"
#include "test_util.h"

#include <cstring>
#include <filesystem>
#include <fstream>

using namespace perceiver;
using testutil::errorOf;

namespace {

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string safetensorsWithHeader(const std::string& header, const std::string& data) {
    std::string s(8, '\0');
    const uint64_t n = header.size();
    std::memcpy(s.data(), &n, 8);
    return s + header + data;
}

void put16(std::string& s, uint16_t v) { s.append(reinterpret_cast<const char*>(&v), 2); }
void put32(std::string& s, uint32_t v) { s.append(reinterpret_cast<const char*>(&v), 4); }

// A zip archive of stored entries, as torch.save writes (CRC optionally corrupted).
std::string makeZip(const std::vector<std::pair<std::string, std::string>>& entries, bool badCrc = false,
                    uint16_t method = 0) {
    std::string zip, central;
    for (const auto& [name, data] : entries) {
        const uint32_t offset = static_cast<uint32_t>(zip.size());
        uint32_t crc = perceiver::crc32(reinterpret_cast<const uint8_t*>(data.data()), data.size());
        if (badCrc) crc ^= 1;
        put32(zip, 0x04034b50); put16(zip, 20); put16(zip, 0); put16(zip, method); put16(zip, 0); put16(zip, 0);
        put32(zip, crc); put32(zip, data.size()); put32(zip, data.size()); put16(zip, name.size()); put16(zip, 0);
        zip += name + data;
        put32(central, 0x02014b50); put16(central, 20); put16(central, 20); put16(central, 0); put16(central, method);
        put16(central, 0); put16(central, 0); put32(central, crc); put32(central, data.size()); put32(central, data.size());
        put16(central, name.size()); put16(central, 0); put16(central, 0); put16(central, 0); put16(central, 0);
        put32(central, 0); put32(central, offset);
        central += name;
    }
    const uint32_t cdOffset = static_cast<uint32_t>(zip.size());
    zip += central;
    put32(zip, 0x06054b50); put16(zip, 0); put16(zip, 0); put16(zip, entries.size()); put16(zip, entries.size());
    put32(zip, central.size()); put32(zip, cdOffset); put16(zip, 0);
    return zip;
}

// Protocol-2 pickle of {"w": FloatStorage tensor of 2 elements}, as torch.save writes it.
std::string unicode(const std::string& text) {
    std::string s = "X";
    put32(s, static_cast<uint32_t>(text.size()));
    return s + text;
}

std::string tensorPickle(const std::string& global = "torch._utils\n_rebuild_tensor_v2\n") {
    std::string p;
    p += '\x80'; p += '\x02';                                     // PROTO 2
    p += '}';                                                     // EMPTY_DICT
    p += unicode("w");
    p += "c" + global;                                            // GLOBAL rebuild function
    p += '(';                                                     // MARK: arguments
    p += '(';                                                     // MARK: persistent id
    p += unicode("storage") + "ctorch\nFloatStorage\n" + unicode("0") + unicode("cpu");
    p += 'K'; p += '\x02';                                        // numel 2
    p += 't';                                                     // TUPLE
    p += 'Q';                                                     // BINPERSID
    p += 'K'; p += '\x00';                                        // storage offset
    p += 'K'; p += '\x02'; p += '\x85';                           // size (2,)
    p += 'K'; p += '\x01'; p += '\x85';                           // stride (1,)
    p += '\x89';                                                  // requires_grad False
    p += "ccollections\nOrderedDict\n"; p += ')'; p += 'R';       // backward hooks
    p += 't';                                                     // TUPLE of arguments
    p += 'R';                                                     // REDUCE -> tensor
    p += 's';                                                     // SETITEM
    p += '.';                                                     // STOP
    return p;
}

std::string evalPickle() {
    std::string p;
    p += '\x80'; p += '\x02';
    p += "cbuiltins\neval\n" + unicode("1");
    p += '\x85'; p += 'R'; p += '.';
    return p;
}

std::string legacyFile() {
    std::string p;
    p += '\x80'; p += '\x02'; p += '\x8a'; p += '\x0a';
    for (int i = 0; i < 10; ++i) p += static_cast<char>(0x11 * i);
    p += '.';
    return p;
}

std::string intPickle() {
    std::string p;
    p += '\x80'; p += '\x02'; p += 'K'; p += '\x01'; p += '.';
    return p;
}

// 1M nested tuples: ')' then TUPLE1 over and over.
std::string nestedTuplesPickle(int depth) {
    std::string p("\x80\x02)", 3);
    p.append(depth, '\x85');
    return p + '.';
}

// A list that holds itself (DUP, APPEND): a cycle of references.
std::string selfListPickle() { return std::string("\x80\x02]2a.", 6); }

// n lists L0..Ln-1 memoized, then L(i+1) appended to Li in increasing i: each APPEND nests
// one level only, yet L0 ends up at the top of a chain n deep, which must be freed without
// recursing once per level.
std::string chainByMutationPickle(uint32_t n) {
    std::string p("\x80\x02", 2);
    for (uint32_t i = 0; i < n; ++i) { p += ']'; p += 'r'; put32(p, i); p += '0'; }
    for (uint32_t i = 0; i + 1 < n; ++i) { p += 'j'; put32(p, i); p += 'j'; put32(p, i + 1); p += 'a'; p += '0'; }
    p += 'j'; put32(p, 0);
    return p + '.';
}

std::string floats(std::initializer_list<float> v) {
    return std::string(reinterpret_cast<const char*>(v.begin()), v.size() * sizeof(float));
}

}  // namespace

class TestHostile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hostileSafetensors_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        auto bytes = [](const std::string& s) { return QByteArray(s.data(), static_cast<int>(s.size())); };
        QTest::newRow("empty file") << QByteArray() << "shorter than the 8-byte header length";
        QTest::newRow("absurd header length") << bytes(std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8) + "{}") << "exceeds the 100 MiB limit";
        QTest::newRow("header past end") << bytes(std::string("\x40\x00\x00\x00\x00\x00\x00\x00", 8) + "{}") << "runs past the end";
        QTest::newRow("not json") << bytes(safetensorsWithHeader("{nope", "")) << "not valid JSON";
        QTest::newRow("not object") << bytes(safetensorsWithHeader("[1]", "")) << "not a JSON object";
        QTest::newRow("bad dtype") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"Q8","shape":[1],"data_offsets":[0,1]}})", "x")) << "unsupported dtype 'Q8'";
        QTest::newRow("out of range") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", "1234")) << "out of range";
        QTest::newRow("size mismatch") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", "1234")) << "needs 8";
        QTest::newRow("overlap") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}})", "12345678")) << "overlap";
        QTest::newRow("reversed offsets") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}})", "1234")) << "out of range";
        QTest::newRow("negative shape") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", "1234")) << "is not a list of sizes";
        QTest::newRow("huge shape") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,4]}})", "1234")) << "absurdly large";
        QTest::newRow("deeply nested header") << bytes(safetensorsWithHeader("{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}", ""))
                                              << "header is nested deeper than 64 levels";
        QTest::newRow("duplicate key") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"a":{"dtype":"U8","shape":[4],"data_offsets":[4,8]}})", "12345678"))
                                       << "header is holding the key 'a' twice in one object";
        QTest::newRow("hole between tensors") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]}})", "123456"))
                                              << "bytes [2, 4) of the data section belong to no tensor";
        QTest::newRow("bytes after the tensors") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})", "1234"))
                                                 << "bytes [2, 4) of the data section belong to no tensor";
        QTest::newRow("missing fields") << bytes(safetensorsWithHeader(R"({"a":{"dtype":"F32"}})", "")) << "expected {dtype, shape, data_offsets}";
    }
    void hostileSafetensors() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const std::string path = testutil::tempDir("hostile") + "/bad.safetensors";
        writeFile(path, bytes.toStdString());
        const QString err = errorOf([&] { readStateDict(path); });
        QVERIFY2(err.startsWith("checkpoint: "), qPrintable(err));
        QVERIFY2(err.contains(expected), qPrintable(err));
        QVERIFY2(err.contains("bad.safetensors"), qPrintable(err));
    }

    void handMadePickle() {
        const std::string path = testutil::tempDir("bin") + "/ok.bin";
        writeFile(path, makeZip({{"archive/data.pkl", tensorPickle()}, {"archive/data/0", floats({1.5f, -2.0f})}}));
        const StateDict sd = readTorchBin(path);
        QCOMPARE(sd.size(), size_t(1));
        QVERIFY(torch::equal(sd.at("w"), torch::tensor({1.5f, -2.0f})));
    }

    void hostileTorchBin_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        auto bytes = [](const std::string& s) { return QByteArray(s.data(), static_cast<int>(s.size())); };
        const std::string data = floats({1.0f, 2.0f});
        QTest::newRow("os.system") << bytes(makeZip({{"archive/data.pkl", tensorPickle("os\nsystem\n")}, {"archive/data/0", data}})) << "refusing global 'os.system'";
        QTest::newRow("builtins.eval") << bytes(makeZip({{"archive/data.pkl", evalPickle()}})) << "refusing global 'builtins.eval'";
        QTest::newRow("legacy format") << bytes(legacyFile()) << "legacy (pre-1.6, non-zip)";
        QTest::newRow("not a zip") << bytes(std::string("hello world, not a checkpoint")) << "not a zip archive";
        QTest::newRow("bad crc") << bytes(makeZip({{"archive/data.pkl", tensorPickle()}, {"archive/data/0", data}}, true)) << "CRC-32 mismatch";
        QTest::newRow("compressed") << bytes(makeZip({{"archive/data.pkl", tensorPickle()}}, false, 8)) << "is compressed";
        QTest::newRow("missing storage") << bytes(makeZip({{"archive/data.pkl", tensorPickle()}})) << "has no entry 'archive/data/0'";
        QTest::newRow("short storage") << bytes(makeZip({{"archive/data.pkl", tensorPickle()}, {"archive/data/0", floats({1.0f})}})) << "holds 4 bytes";
        QTest::newRow("truncated pickle") << bytes(makeZip({{"archive/data.pkl", tensorPickle().substr(0, 40)}, {"archive/data/0", data}})) << "truncated";
        QTest::newRow("no data.pkl") << bytes(makeZip({{"archive/other", "x"}})) << "no '<archive>/data.pkl'";
        {
            // 46 bytes: a zip64 locator pointing far away and an end record asking for it. The
            // range check underflowed on files under 56 bytes and read base + 0x4141414141.
            std::string tiny;
            put32(tiny, 0x04034b50);  // a local header's signature, as every zip starts
            put32(tiny, 0x07064b50);
            put32(tiny, 0);
            put32(tiny, 0x41414141);
            put32(tiny, 0x41);
            put32(tiny, 1);
            put32(tiny, 0x06054b50);
            put16(tiny, 0);
            put16(tiny, 0);
            put16(tiny, 0xFFFF);
            put16(tiny, 0xFFFF);
            put32(tiny, 0xFFFFFFFF);
            put32(tiny, 0xFFFFFFFF);
            put16(tiny, 0);
            QTest::newRow("zip64 under 56 bytes") << bytes(tiny) << "zip64 end record out of range";
        }
        QTest::newRow("truncated zip") << bytes(makeZip({{"archive/data.pkl", tensorPickle()}}).substr(0, 60)) << "end-of-central-directory";
        {
            // Storage offset -1 (BININT): reported as such, not as an extent overflow.
            std::string pickle = tensorPickle();
            const std::string offset0("K\x00K\x02\x85", 5);
            pickle.replace(pickle.find(offset0), offset0.size(), std::string("J\xff\xff\xff\xffK\x02\x85", 8));
            QTest::newRow("negative storage offset") << bytes(makeZip({{"archive/data.pkl", pickle}, {"archive/data/0", data}})) << "negative storage offset -1";
        }
        QTest::newRow("not a dict") << bytes(makeZip({{"archive/data.pkl", intPickle()}})) << "not a dict of tensors";
        QTest::newRow("1M nested tuples") << bytes(makeZip({{"archive/data.pkl", nestedTuplesPickle(1000000)}}))
                                          << "objects nested deeper than 1000 levels";
        // Under LeakSanitizer (the PERCEIVER_SANITIZE build) this leaked the list.
        QTest::newRow("list memoized into itself") << bytes(makeZip({{"archive/data.pkl", selfListPickle()}})) << "not a dict of tensors";
        // Freed recursively, this overflowed the stack.
        QTest::newRow("300k-deep chain by mutation") << bytes(makeZip({{"archive/data.pkl", chainByMutationPickle(300000)}}))
                                                     << "not a dict of tensors";
    }
    void hostileTorchBin() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const std::string path = testutil::tempDir("hostile-bin") + "/pytorch_model.bin";
        writeFile(path, bytes.toStdString());
        const QString err = errorOf([&] { readStateDict(path); });
        QVERIFY2(err.startsWith("checkpoint: "), qPrintable(err));
        QVERIFY2(err.contains(expected), qPrintable(err));
    }

    void missingShard() {
        const std::string dir = testutil::tempDir("shards");
        const std::string src = testutil::fixture("parity/sequence_classification_sharded/");
        std::filesystem::copy_file(src + "model.safetensors.index.json", dir + "/model.safetensors.index.json");
        std::filesystem::copy_file(src + "model-00001-of-00002.safetensors", dir + "/model-00001-of-00002.safetensors");
        const QString err = errorOf([&] { readStateDict(dir); });
        QVERIFY2(err.contains("shard 'model-00002-of-00002.safetensors'") && err.contains("is missing"), qPrintable(err));
    }

};

QTEST_GUILESS_MAIN(TestHostile)
#include "test_hostile.moc"
