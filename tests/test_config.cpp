// PerceiverConfig: both config.json forms, defaults, labels, lossless writing, clear errors.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <sys/stat.h>

#include "common/error.h"
#include "checkpoint/catalog.h"
#include "config/config.h"
#include "config/labels.h"
#include "model/model_factory.h"
#include "test_util.h"

#include <filesystem>
#include <fstream>

using namespace perceiver;
using nlohmann::json;

class TestConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fullFormRoundTrips_data() {
        QTest::addColumn<QString>("name");
        for (const auto& e : std::filesystem::directory_iterator(testutil::fixture("parity")))
            QTest::newRow(e.path().filename().c_str()) << QString::fromStdString(e.path().filename().string());
    }
    // The full form (every attribute) is written back key for key, value for value.
    void fullFormRoundTrips() {
        QFETCH(QString, name);
        const json original = testutil::readJson(testutil::fixture("parity/" + name.toStdString() + "/config.json"));
        const PerceiverConfig c = PerceiverConfig::fromJson(original);
        QCOMPARE(QString::fromStdString(c.toJson().dump()), QString::fromStdString(original.dump()));
    }

    void deepmindConfigs_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<int>("d_latents");
        QTest::addColumn<int>("num_labels");
        QTest::addColumn<int>("qk");
        QTest::newRow("language") << "language-perceiver.json" << "PerceiverForMaskedLM" << 1280 << 2 << 256;
        QTest::newRow("learned") << "vision-perceiver-learned.json" << "PerceiverForImageClassificationLearned" << 1024 << 1000 << 0;
        QTest::newRow("fourier") << "vision-perceiver-fourier.json" << "PerceiverForImageClassificationFourier" << 1024 << 1000 << 0;
        QTest::newRow("conv") << "vision-perceiver-conv.json" << "PerceiverForImageClassificationConvProcessing" << 1024 << 1000 << 0;
        QTest::newRow("flow") << "optical-flow-perceiver.json" << "PerceiverForOpticalFlow" << 512 << 2 << 0;
        QTest::newRow("multimodal") << "multimodal-perceiver.json" << "PerceiverForMultimodalAutoencoding" << 512 << 700 << 0;
    }
    // The diff form (what save_pretrained writes) falls back to the defaults.
    void deepmindConfigs() {
        QFETCH(QString, file);
        QFETCH(QString, architecture);
        QFETCH(int, d_latents);
        QFETCH(int, num_labels);
        QFETCH(int, qk);
        const PerceiverConfig c = PerceiverConfig::fromFile(testutil::fixture("configs/" + file.toStdString()));
        QCOMPARE(QString::fromStdString(c.architecture()), architecture);
        QCOMPARE(c.d_latents, d_latents);
        QCOMPARE(c.num_labels(), num_labels);
        QCOMPARE(c.qk_channels.value_or(0), qk);
        QCOMPARE(c.train_size, (std::vector<int64_t>{368, 496}));
        QCOMPARE(c.layer_norm_eps, 1e-12);
        // Lossless: parsing what we write gives the same config back.
        const PerceiverConfig again = PerceiverConfig::fromJson(c.toJson());
        QCOMPARE(QString::fromStdString(again.toJson().dump()), QString::fromStdString(c.toJson().dump()));
    }

    // The catalog's compiled-in configs are the fixtures' and its parameter counts are what
    // the built models have.
    void catalog_data() {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < publicCheckpoints().size(); ++i) QTest::newRow(publicCheckpoints()[i].repo_id.c_str()) << int(i);
    }
    void catalog() {
        QFETCH(int, index);
        const CatalogEntry& e = publicCheckpoints()[static_cast<size_t>(index)];
        const std::string file = e.repo_id.substr(e.repo_id.find('/') + 1) + ".json";
        QCOMPARE(QString::fromStdString(json::parse(e.config_json).dump()),
                 QString::fromStdString(testutil::readJson(testutil::fixture("configs/" + file)).dump()));
        const PerceiverConfig c = catalogConfig(e.repo_id);
        QCOMPARE(QString::fromStdString(c.architecture()), QString::fromStdString(e.architecture));
        auto model = buildModel(c);
        int64_t n = 0;
        for (const auto& p : model->parameters()) n += p.numel();
        QCOMPARE(n, e.parameters);
    }

    void defaultsWhenEmpty() {
        const PerceiverConfig c = PerceiverConfig::fromJson(json::object());
        QCOMPARE(c.num_latents, 256);
        QCOMPARE(c.d_latents, 1280);
        QCOMPARE(c.d_model, 768);
        QCOMPARE(c.num_self_attends_per_block, 26);
        QCOMPARE(c.num_labels(), 2);
        QCOMPARE(QString::fromStdString(c.label(1)), QString("LABEL_1"));
        QCOMPARE(c.output_shape, (std::vector<int64_t>{1, 16, 224, 224}));
        QCOMPARE(c.label_trainable_num_channels, 1024);
        QVERIFY(!c.qk_channels.has_value());
    }

    void unknownKeysKept() {
        json j = {{"d_model", 32}, {"my_custom_key", {{"a", 1}}}, {"num_labels", 3}};
        const json out = PerceiverConfig::fromJson(j).toJson();
        QCOMPARE(out["my_custom_key"]["a"].get<int>(), 1);
        QCOMPARE(out["id2label"].size(), size_t(3));
        QCOMPARE(out["label2id"]["LABEL_2"].get<int>(), 2);
        QVERIFY(!out.contains("num_labels"));
    }

    void id2labelWins() {
        json j = {{"num_labels", 5}, {"id2label", {{"0", "cat"}, {"1", "dog"}}}};
        const PerceiverConfig c = PerceiverConfig::fromJson(j);
        QCOMPARE(c.num_labels(), 2);
        QCOMPARE(QString::fromStdString(c.label(1)), QString("dog"));
    }

    void badValues_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("string int") << R"({"d_model": "768"})" << "'d_model': expected an integer";
        QTest::newRow("zero") << R"({"num_latents": 0})" << "'num_latents': expected an integer in [1, 65536], got 0";
        // Sizes from a broken or hostile file: refused by name before anything is allocated
        // (1e9 self-attention layers or labels grew past 12 GB, num_blocks 1e9 hung).
        QTest::newRow("1e9 self-attends") << R"({"num_self_attends_per_block": 1000000000})"
                                          << "'num_self_attends_per_block': expected an integer in [1, 1024], got 1000000000";
        QTest::newRow("1e9 blocks") << R"({"num_blocks": 1000000000})" << "'num_blocks': expected an integer in [1, 1024]";
        QTest::newRow("3e7 latents") << R"({"num_latents": 30000000})" << "'num_latents': expected an integer in [1, 65536], got 30000000";
        QTest::newRow("1e9 labels") << R"({"num_labels": 1000000000})" << "'num_labels': expected an integer in [1, 131072]";
        QTest::newRow("uint64 size") << R"({"d_latents": 18446744073709551615})" << "'d_latents': expected an integer in [1, 65536]";
        QTest::newRow("huge id2label key") << R"({"id2label": {"0": "a", "99999999999": "b"}})" << "is not a class index in [0, 131071]";
        QTest::newRow("huge qk_channels") << R"({"qk_channels": 1099511627776})" << "'qk_channels': expected an integer in [1, 65536] or null";
        QTest::newRow("huge train_size") << R"({"train_size": [368, 1000000]})" << "'train_size': expected a list of 2 integers in [1, 16384]";
        QTest::newRow("shape rule") << R"({"cross_attention_shape_for_attention": "x"})" << "\"kv\" or \"q\"";
        QTest::newRow("train size") << R"({"train_size": [368]})" << "'train_size': expected a list of 2";
        QTest::newRow("id2label key") << R"({"id2label": {"zero": "a"}})" << "not a class index";
        QTest::newRow("id2label gap") << R"({"id2label": {"0": "a", "2": "b"}})" << "index 1 is missing";
        QTest::newRow("problem type") << R"({"problem_type": "ranking"})" << "'problem_type'";
        QTest::newRow("not object") << R"([1, 2])" << "expected a JSON object";
    }
    void badValues() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        try {
            PerceiverConfig::fromJson(json::parse(text.toStdString()));
            QFAIL("accepted a bad config");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Config);
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
    }

    void imagenetNamesForVisionCheckpoints_data() {
        QTest::addColumn<QString>("repo");
        QTest::addColumn<QString>("label281");
        QTest::newRow("learned") << "deepmind/vision-perceiver-learned" << "tabby";
        QTest::newRow("fourier") << "deepmind/vision-perceiver-fourier" << "tabby";
        QTest::newRow("conv") << "deepmind/vision-perceiver-conv" << "tabby";
        QTest::newRow("multimodal keeps its own") << "deepmind/multimodal-perceiver" << "LABEL_281";
    }
    void imagenetNamesForVisionCheckpoints() {
        QFETCH(QString, repo);
        QFETCH(QString, label281);
        QCOMPARE(imagenetLabels().size(), size_t(1000));
        QCOMPARE(QString::fromStdString(imagenetLabels().front()), QString("tench"));
        QCOMPARE(QString::fromStdString(imagenetLabels().back()), QString("toilet tissue"));
        PerceiverConfig c = catalogConfig(repo.toStdString());
        QVERIFY(hasGenericLabels(c));
        applyKnownLabels(c);
        QCOMPARE(QString::fromStdString(c.label(281)), label281);
    }

    void namedLabelsAreKept() {
        PerceiverConfig c = PerceiverConfig::fromJson({{"architectures", {"PerceiverForImageClassificationConvProcessing"}}});
        c.setNumLabels(1000);
        c.id2label[0] = "my class";
        applyKnownLabels(c);
        QCOMPARE(QString::fromStdString(c.label(0)), QString("my class"));
        QCOMPARE(QString::fromStdString(c.label(1)), QString("LABEL_1"));
    }

    void labelFiles_data() {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("lines") << "a\nb b\r\nc\n\n" << QStringList{"a", "b b", "c"};
        QTest::newRow("json array") << R"(["a", "b", "c"])" << QStringList{"a", "b", "c"};
        QTest::newRow("id2label") << R"({"2": "c", "0": "a", "1": "b"})" << QStringList{"a", "b", "c"};
        QTest::newRow("config") << R"({"d_model": 4, "id2label": {"0": "a", "1": "b", "2": "c"}})" << QStringList{"a", "b", "c"};
    }
    void labelFiles() {
        QFETCH(QString, content);
        QFETCH(QStringList, expected);
        const std::string path = testutil::tempDir("labels") + "/labels.txt";
        std::ofstream(path, std::ios::binary) << content.toStdString();
        QStringList got;
        for (const auto& l : readLabelFile(path)) got << QString::fromStdString(l);
        QCOMPARE(got, expected);
        PerceiverConfig c = PerceiverConfig::fromJson({{"num_labels", 3}});
        setLabels(c, readLabelFile(path));
        QCOMPARE(QString::fromStdString(c.label(2)), QString("c"));
    }

    void badLabelFiles_data() {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << "\n\n" << "is empty";
        QTest::newRow("blank line") << "a\n\nb\n" << "line 2 is blank";
        QTest::newRow("bad json") << "[\"a\"," << "not valid JSON";
        QTest::newRow("bad key") << R"({"0": "a", "x": "b"})" << "key 'x' is not a class index";
        QTest::newRow("gap") << R"({"0": "a", "2": "b"})" << "key '2' is not a class index 0..1";
        QTest::newRow("not string") << R"(["a", 3])" << "entry 1 is not a string";
        QTest::newRow("wrong count") << "a\nb\n" << "has 2 names but the model has 3 classes";
    }
    void badLabelFiles() {
        QFETCH(QString, content);
        QFETCH(QString, expected);
        const std::string path = testutil::tempDir("badlabels") + "/labels.txt";
        std::ofstream(path, std::ios::binary) << content.toStdString();
        PerceiverConfig c = PerceiverConfig::fromJson({{"num_labels", 3}});
        const QString message = testutil::errorOf([&] { setLabels(c, readLabelFile(path)); });
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void pathsThatAreNotFiles_data() {
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        for (const char* reader : {"config file", "label file"}) {
            QTest::addRow("%s: missing", reader) << reader << "missing" << "does not exist";
            QTest::addRow("%s: folder", reader) << reader << "folder" << "is a folder, not a file";
            QTest::addRow("%s: FIFO", reader) << reader << "fifo" << "is not a regular file (a FIFO, socket or device)";
            QTest::addRow("%s: too large", reader) << reader << "huge" << "bytes; a " + QString(reader) + " is at most";
        }
    }
    void pathsThatAreNotFiles() {
        // Checked before a byte is read: a FIFO used to block forever, a folder was "not valid
        // JSON", a sparse 100 MB file was read whole.
        QFETCH(QString, reader);
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const std::string path = testutil::tempDir("notfiles") + "/input";
        if (kind == "folder") std::filesystem::create_directories(path);
        if (kind == "fifo") QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
        if (kind == "huge") {
            std::ofstream(path, std::ios::binary) << "{";
            std::filesystem::resize_file(path, 100u << 20);  // sparse: no disk, no memory
        }
        QElapsedTimer t;
        t.start();
        const QString message = testutil::errorOf([&] {
            if (reader == "config file") PerceiverConfig::fromFile(path);
            else readLabelFile(path);
        });
        QVERIFY2(message.contains(reader + " '" + QString::fromStdString(path) + "'") && message.contains(expected), qPrintable(message));
        QVERIFY(t.elapsed() < 2000);
    }

    void deeplyNestedJson_data() {
        QTest::addColumn<QString>("reader");
        QTest::newRow("config") << "config file";
        QTest::newRow("labels") << "label file";
    }
    void deeplyNestedJson() {
        // 100,000 nested lists parse, then overflowed the stack when copied or printed: refused
        // while parsing, with the depth named.
        QFETCH(QString, reader);
        const std::string path = testutil::tempDir("deepjson") + "/deep.json";
        std::ofstream(path, std::ios::binary) << "{\"id2label\": " << std::string(100000, '[') << std::string(100000, ']') << "}";
        const QString message = testutil::errorOf([&] {
            if (reader == "config file") PerceiverConfig::fromFile(path);
            else readLabelFile(path);
        });
        QVERIFY2(message.contains(reader + " '" + QString::fromStdString(path) + "' is nested deeper than 64 levels"), qPrintable(message));
    }

    void missingAndBrokenFiles() {
        const std::string dir = testutil::tempDir("config");
        try {
            PerceiverConfig::fromFile(dir + "/nope.json");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("config file '" + QString::fromStdString(dir) + "/nope.json' does not exist"), e.what());
        }
        std::ofstream(dir + "/bad.json") << "{ not json";
        try {
            PerceiverConfig::fromFile(dir + "/bad.json");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("is not valid JSON"));
        }
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "test_config.moc"
