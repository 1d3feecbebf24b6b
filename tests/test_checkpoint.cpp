// Checkpoint readers: safetensors (and hostile headers), pytorch_model.bin through the
// restricted unpickler (and hostile archives), shards, strict loading.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "checkpoint/hub_cache.h"
#include "checkpoint/safetensors.h"
#include "checkpoint/state_dict.h"
#include "checkpoint/torch_bin.h"
#include "common/error.h"
#include "model/model_factory.h"
#include "test_util.h"

#include <filesystem>
#include <fstream>

using namespace perceiver;

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

std::string floats(std::initializer_list<float> v) {
    return std::string(reinterpret_cast<const char*>(v.begin()), v.size() * sizeof(float));
}

template <typename F>
QString errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(std::string(errorKindName(e.kind())) + ": " + e.what());
    }
    return QString();
}

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void safetensorsRoundTrip() {
        const std::string dir = testutil::tempDir("st");
        const auto a = torch::randn({3, 4}), b = torch::arange(5, torch::kLong), h = torch::randn({2}).to(torch::kHalf);
        writeSafetensors(dir + "/x.safetensors", {{"a", a}, {"b", b}, {"h", h}}, {{"format", "pt"}});
        auto f = SafetensorsFile::open(dir + "/x.safetensors");
        QCOMPARE(f->metadata().at("format"), std::string("pt"));
        QVERIFY(torch::equal(f->tensor("a"), a));
        QVERIFY(torch::equal(f->tensor("b"), b));
        QVERIFY(torch::equal(f->tensor("h"), h));
        // Data laid out as the safetensors library: 8-byte dtypes first.
        QCOMPARE(f->tensors().front().name, std::string("b"));
        // No temporary left behind.
        int files = 0;
        for (auto& e : std::filesystem::directory_iterator(dir)) { (void)e; ++files; }
        QCOMPARE(files, 1);
    }

    void fixtureSafetensorsReadExactly() {
        // Offsets are authoritative; the fixture's own layout reads back every tensor.
        auto f = SafetensorsFile::open(testutil::fixture("parity/image_classification_conv/model.safetensors"));
        QCOMPARE(f->metadata().at("format"), std::string("pt"));
        QCOMPARE(f->tensor("perceiver.input_preprocessor.convnet.batchnorm.num_batches_tracked").scalar_type(), torch::kLong);
    }

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

    // pytorch_model.bin (torch 1.13 zip, pickle protocol 2) equals model.safetensors.
    void torchBinMatchesSafetensors() {
        const StateDict bin = readStateDict(testutil::fixture("parity/masked_lm_bin/pytorch_model.bin"));
        const StateDict st = readStateDict(testutil::fixture("parity/masked_lm/model.safetensors"));
        QCOMPARE(bin.size(), st.size());
        for (const auto& [name, t] : st) {
            QVERIFY2(bin.count(name), name.c_str());
            QVERIFY2(torch::equal(bin.at(name), t), name.c_str());
        }
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
        QTest::newRow("truncated zip") << bytes(makeZip({{"archive/data.pkl", tensorPickle()}}).substr(0, 60)) << "end-of-central-directory";
        QTest::newRow("not a dict") << bytes(makeZip({{"archive/data.pkl", intPickle()}})) << "not a dict of tensors";
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

    void strictLoadingNamesEveryProblem() {
        const std::string dir = testutil::fixture("parity/masked_lm");
        StateDict sd = readStateDict(dir);
        sd.erase("embedding_decoder.bias");
        sd["perceiver.extra.weight"] = torch::zeros({2});
        sd["perceiver.embeddings.latents"] = torch::zeros({3, 3});
        LoadedModel m = loadModel(dir);
        const QString err = errorOf([&] { loadStateDict(*m.model, sd, "edited"); });
        QVERIFY2(err.contains("missing keys (1)") && err.contains("embedding_decoder.bias (262,)"), qPrintable(err));
        QVERIFY2(err.contains("unexpected keys (1)") && err.contains("perceiver.extra.weight"), qPrintable(err));
        QVERIFY2(err.contains("perceiver.embeddings.latents: checkpoint (3, 3), model (12, 48)"), qPrintable(err));
    }

    void loadsHalfPrecisionWeights() {
        // F16 weights load into the float32 model (converted).
        const std::string dir = testutil::tempDir("half");
        const std::string src = testutil::fixture("parity/base_model/");
        std::filesystem::copy_file(src + "config.json", dir + "/config.json");
        const StateDict sd = readStateDict(src);
        std::vector<std::pair<std::string, torch::Tensor>> half;
        for (const auto& [n, t] : sd) half.emplace_back(n, t.is_floating_point() ? t.to(torch::kHalf) : t);
        writeSafetensors(dir + "/model.safetensors", half);
        LoadedModel m = loadModel(dir);
        const auto latents = m.model->named_parameters()["embeddings.latents"];
        QCOMPARE(latents.scalar_type(), torch::kFloat);
        QVERIFY(torch::allclose(latents, sd.at("embeddings.latents"), 1e-2, 1e-3));
    }

    // A hub id resolves in a cache laid out as huggingface_hub does (refs -> snapshots -> blobs).
    void hubCacheLayout() {
        const std::string cache = testutil::tempDir("hub");
        const std::string commit = "0123456789abcdef0123456789abcdef01234567";
        const auto repo = std::filesystem::path(cache) / "models--deepmind--language-perceiver";
        std::filesystem::create_directories(repo / "refs");
        std::filesystem::create_directories(repo / "blobs");
        std::filesystem::create_directories(repo / "snapshots" / commit);
        std::ofstream(repo / "refs" / "main") << commit;
        for (const char* f : {"config.json", "model.safetensors"}) {
            const auto blob = repo / "blobs" / (std::string("blob-") + f);
            std::filesystem::copy_file(testutil::fixture(std::string("parity/masked_lm/") + f), blob);
            std::filesystem::create_symlink(std::filesystem::path("../../blobs") / blob.filename(), repo / "snapshots" / commit / f);
        }
        ::setenv("HF_HUB_CACHE", cache.c_str(), 1);
        QCOMPARE(QString::fromStdString(hubCacheDir()), QString::fromStdString(cache));
        QCOMPARE(QString::fromStdString(resolveModelPath("deepmind/language-perceiver")),
                 QString::fromStdString((repo / "snapshots" / commit).string()));
        QCOMPARE(QString::fromStdString(resolveModelPath("deepmind/language-perceiver@" + commit)),
                 QString::fromStdString((repo / "snapshots" / commit).string()));
        LoadedModel m = loadModel("deepmind/language-perceiver");
        QCOMPARE(QString::fromStdString(m.model->className()), QString("PerceiverForMaskedLM"));
        const auto cached = listCachedModels();
        QCOMPARE(cached.size(), size_t(1));
        QCOMPARE(QString::fromStdString(cached[0].repo_id), QString("deepmind/language-perceiver"));
        const QString err = errorOf([] { resolveModelPath("deepmind/optical-flow-perceiver"); });
        QVERIFY2(err.contains("models--deepmind--optical-flow-perceiver/refs/main"), qPrintable(err));
        QVERIFY(!looksLikeRepoId("../etc/passwd"));
        QVERIFY(!looksLikeRepoId("a/b/c"));
        ::unsetenv("HF_HUB_CACHE");
        ::setenv("HF_HOME", "/tmp/hfhome", 1);
        QCOMPARE(QString::fromStdString(hubCacheDir()), QString("/tmp/hfhome/hub"));
        ::unsetenv("HF_HOME");
    }

    void noWeightsInFolder() {
        const std::string dir = testutil::tempDir("empty");
        const QString err = errorOf([&] { readStateDict(dir); });
        QVERIFY2(err.contains("no weights in") && err.contains("model.safetensors"), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
