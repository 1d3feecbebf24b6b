// Checkpoint readers: safetensors, pytorch_model.bin through the restricted unpickler, shards,
// the hub cache layout, strict loading. The hostile corpus is in test_hostile.cpp.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "checkpoint/hub_cache.h"
#include "checkpoint/safetensors.h"
#include "checkpoint/state_dict.h"
#include "common/array_file.h"
#include "common/error.h"
#include "model/model_factory.h"
#include "test_util.h"

#include <cstring>
#include <filesystem>
#include <fstream>

using namespace perceiver;
using testutil::errorOf;

namespace {

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Raw numbers (the studio's Export numbers): .npy as numpy writes it for float32 — the
    // header a multiple of 64 bytes with the shape as a Python tuple, then the values — and CSV
    // with one line per row; bad shapes and extensions refused with nothing written.
    void arrayFiles_data() {
        QTest::addColumn<QVector<qint64>>("shape");
        QTest::addColumn<QString>("tuple");
        QTest::newRow("2-D") << QVector<qint64>{2, 3} << "(2, 3)";
        QTest::newRow("1-D") << QVector<qint64>{6} << "(6,)";
        QTest::newRow("3-D") << QVector<qint64>{1, 2, 3} << "(1, 2, 3)";
    }
    void arrayFiles() {
        QFETCH(QVector<qint64>, shape);
        QFETCH(QString, tuple);
        const std::string dir = testutil::tempDir("arrays");
        const std::vector<int64_t> dims(shape.begin(), shape.end());
        const std::vector<float> v = {0.5f, -1.25f, 3e-8f, 1e6f, 2.0f / 3.0f, 0.0f};
        writeArrayFile(dir + "/a.npy", dims, v);
        std::ifstream in(dir + "/a.npy", std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QCOMPARE(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
        const size_t header = 10 + (uint8_t(bytes[8]) | uint8_t(bytes[9]) << 8);
        QCOMPARE(header % 64, size_t(0));
        QCOMPARE(bytes.substr(10, header - 10).find("{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple.toStdString() + ", }"), size_t(0));
        QCOMPARE(bytes[header - 1], '\n');
        QCOMPARE(bytes.size(), header + v.size() * 4);
        QCOMPARE(std::memcmp(bytes.data() + header, v.data(), v.size() * 4), 0);
        if (dims.size() <= 2) {
            writeArrayFile(dir + "/a.csv", dims, v);
            std::ifstream c(dir + "/a.csv");
            std::vector<std::string> lines;
            for (std::string line; std::getline(c, line);) lines.push_back(line);
            QCOMPARE(lines.size(), size_t(dims.size() == 2 ? 2 : 6));
            if (dims.size() == 2) QCOMPARE(lines[0], std::string("0.5,-1.25,2.99999989e-08"));
            // 9 significant digits: every float32 comes back exactly.
            QCOMPARE(std::stof(dims.size() == 2 ? lines[1].substr(lines[1].find(',') + 1, lines[1].rfind(',') - lines[1].find(',') - 1) : lines[4]), v[4]);
        } else {
            QVERIFY(errorOf([&] { writeArrayFile(dir + "/b.csv", dims, v); }).contains("1 or 2 dimensions"));
        }
        QVERIFY(errorOf([&] { writeArrayFile(dir + "/c.npy", {4}, v); }).contains("holds 4 values, not 6"));
        QVERIFY(errorOf([&] { writeArrayFile(dir + "/c.txt", dims, v); }).contains(".npy or .csv"));
        QVERIFY(!std::filesystem::exists(dir + "/b.csv") && !std::filesystem::exists(dir + "/c.npy") && !std::filesystem::exists(dir + "/c.txt"));
    }

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

    // pytorch_model.bin.index.json with .bin shards.
    void shardedTorchBin() {
        const std::string dir = testutil::tempDir("binshards");
        const StateDict st = readStateDict(testutil::fixture("parity/masked_lm/model.safetensors"));
        std::filesystem::copy_file(testutil::fixture("parity/masked_lm_bin/pytorch_model.bin"), dir + "/pytorch_model-00001-of-00001.bin");
        nlohmann::json index = {{"metadata", {{"total_size", 0}}}, {"weight_map", nlohmann::json::object()}};
        for (const auto& [name, t] : st) index["weight_map"][name] = "pytorch_model-00001-of-00001.bin";
        std::ofstream(dir + "/pytorch_model.bin.index.json") << index.dump(2);
        const StateDict sd = readStateDict(dir);
        QCOMPARE(sd.size(), st.size());
        for (const auto& [name, t] : st) QVERIFY2(torch::equal(sd.at(name), t), name.c_str());
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

    // The model list's Parameters column: every value the weights hold, as the built model has them.
    void storedValueCounts_data() {
        QTest::addColumn<QString>("folder");
        QTest::newRow("safetensors") << "parity/masked_lm";
        QTest::newRow("with buffers") << "parity/image_classification_conv";  // batch norm's running statistics
        QTest::newRow("pytorch_model.bin") << "parity/masked_lm_bin";
        QTest::newRow("safetensors shards") << "parity/sequence_classification_sharded";
    }
    void storedValueCounts() {
        QFETCH(QString, folder);
        const std::string dir = testutil::fixture(folder.toStdString());
        const LoadedModel m = loadModel(dir);
        int64_t expected = 0;
        for (const auto& [name, t] : moduleStateDict(*m.model)) expected += t.numel();
        QVERIFY(expected > 1000);
        QCOMPARE(storedValueCount(dir), expected);
    }
    void storedValueCountUnknown() {
        QCOMPARE(storedValueCount(testutil::fixture("parity/masked_lm_bin"), 1000), int64_t(0));  // a .bin over the limit
        QCOMPARE(storedValueCount(testutil::tempDir("nothing")), int64_t(0));
        const std::string dir = testutil::tempDir("broken");
        std::ofstream(dir + "/model.safetensors") << "not a header";
        QCOMPARE(storedValueCount(dir), int64_t(0));  // unreadable: no number, no exception
    }

    void noWeightsInFolder() {
        const std::string dir = testutil::tempDir("empty");
        const QString err = errorOf([&] { readStateDict(dir); });
        QVERIFY2(err.contains("no weights in") && err.contains("model.safetensors"), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
