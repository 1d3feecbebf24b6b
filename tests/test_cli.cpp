// The `perceiver` command line: the tensor runner reproduces a fixture; bad input gives one
// specific error line, a non-zero exit code and no partial output file.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "checkpoint/safetensors.h"
#include "media/image.h"
#include "media/video.h"
#include "media/flow.h"
#include "model/precision.h"
#include "training/generators.h"

#include <nlohmann/json.hpp>
#include "test_util.h"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <random>
#include <filesystem>
#include <fstream>

namespace {

struct Result {
    int code = -1;
    QString out, err;
};

Result cli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(PERCEIVER_CLI), args);
    if (!p.waitForFinished(120000)) return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString fx(const std::string& rel) { return QString::fromStdString(testutil::fixture(rel)); }

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
    QString overview_;

    /// `perceiver --help` (exit 0), asked once for all of helpOfEveryVerb's rows: every start of
    /// the CLI loads LibTorch (1 s; under the sanitizers nearly 3 s with the leak check at exit).
    const QString& overview() {
        if (overview_.isEmpty()) {
            const Result r = cli({"--help"});
            if (r.code == 0) overview_ = r.out;
        }
        return overview_;
    }

private Q_SLOTS:
    void runReproducesFixture() {
        const QString out = QString::fromStdString(testutil::tempDir("cli") + "/out.safetensors");
        const Result r = cli({"--threads", "2", "run", "--model", fx("parity/multimodal_autoencoding"), "--inputs",
                              fx("parity/multimodal_autoencoding/io.safetensors"), "--out", out, "--output-attentions",
                              "--output-hidden-states", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto summary = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(summary["class"].get<std::string>(), std::string("PerceiverForMultimodalAutoencoding"));
        auto got = perceiver::SafetensorsFile::open(out.toStdString());
        auto ref = perceiver::SafetensorsFile::open(testutil::fixture("parity/multimodal_autoencoding/io.safetensors"));
        const auto meta = testutil::readJson(testutil::fixture("parity/multimodal_autoencoding/meta.json"));
        for (const auto& name : meta["outputs"]) {
            const std::string n = name.get<std::string>();
            QVERIFY2(got->contains(n), n.c_str());
            const std::string err = testutil::compareTensors(got->tensor(n), ref->tensor(n), meta["atol"], meta["rtol"]);
            QVERIFY2(err.empty(), (n + ": " + err).c_str());
        }
    }

    // `run --precision bf16` on the CPU: where the CPU has no bf16 units it runs fp32 and says
    // so on stderr (the outputs equal the fp32 run's); with PERCEIVER_EMULATE_BF16=1, or on a
    // CPU with the units, the logits move, within bf16's error (test_parity's bounds).
    void runBf16OnTheCpu() {
        const std::string dir = testutil::tempDir("cli-bf16");
        const QString io = fx("parity/masked_lm/io.safetensors");
        auto run = [&](const QString& out, const QString& precision, bool emulate) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            if (emulate) env.insert(QStringLiteral("PERCEIVER_EMULATE_BF16"), QStringLiteral("1"));
            else env.remove(QStringLiteral("PERCEIVER_EMULATE_BF16"));
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(PERCEIVER_CLI), {"run", "--model", fx("parity/masked_lm"), "--inputs", io, "--out", out, "--precision", precision});
            p.waitForFinished(120000);
            return Result{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
        };
        const QString fp32 = QString::fromStdString(dir + "/fp32.safetensors"), bf16 = QString::fromStdString(dir + "/bf16.safetensors"),
                      emulated = QString::fromStdString(dir + "/emulated.safetensors");
        const Result a = run(fp32, "fp32", false), b = run(bf16, "bf16", false), c = run(emulated, "bf16", true);
        QVERIFY2(a.code == 0 && b.code == 0 && c.code == 0, qPrintable(a.err + b.err + c.err));
        QVERIFY(!a.err.contains(QStringLiteral("bf16")));
        const torch::Tensor ref = perceiver::SafetensorsFile::open(fp32.toStdString())->tensor("out.logits");
        const torch::Tensor plain = perceiver::SafetensorsFile::open(bf16.toStdString())->tensor("out.logits");
        const torch::Tensor low = perceiver::SafetensorsFile::open(emulated.toStdString())->tensor("out.logits");
        if (!perceiver::cpuHasBf16()) {  // fp32, said on stderr
            QVERIFY2(b.err.contains(QStringLiteral("this CPU has no bf16 units (AVX-512 BF16 or AMX): running fp32")), qPrintable(b.err));
            QVERIFY(torch::equal(plain, ref));
            QVERIFY2(c.err.contains(QStringLiteral("emulated")), qPrintable(c.err));
        } else {
            QVERIFY(!torch::equal(plain, ref));
        }
        const double moved = (low - ref).abs().max().item<double>(), scale = ref.abs().max().item<double>();
        QVERIFY2(moved > 0 && moved <= 0.025 * scale, qPrintable(QString::number(moved / scale)));
    }

    void runWithConstructor() {
        const std::string dir = testutil::tempDir("cli-ctor");
        const auto meta = testutil::readJson(testutil::fixture("parity/base_model_basic_decoder/meta.json"));
        std::ofstream(dir + "/ctor.json") << nlohmann::json{{"constructor", meta["constructor"]}}.dump();
        const Result r = cli({"run", "--model", fx("parity/base_model_basic_decoder"), "--inputs",
                              fx("parity/base_model_basic_decoder/io.safetensors"), "--out",
                              QString::fromStdString(dir + "/out.safetensors"), "--constructor", QString::fromStdString(dir + "/ctor.json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("out.logits [2, 5, 7]"));
        QVERIFY(r.out.contains("out.last_hidden_state"));
    }

    void badInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("expected");
        const QString io = fx("parity/masked_lm/io.safetensors");
        QTest::newRow("no such model") << QStringList{"run", "--model", "/nonexistent/model", "--inputs", io, "--out", "OUT"} << 5 << "does not exist";
        QTest::newRow("no inputs file") << QStringList{"run", "--model", fx("parity/masked_lm"), "--inputs", "/nonexistent.safetensors", "--out", "OUT"} << 3 << "cannot open";
        QTest::newRow("wrong inputs") << QStringList{"run", "--model", fx("parity/optical_flow"), "--inputs", fx("parity/base_model/io.safetensors"), "--out", "OUT"} << 3 << "space_to_depth";
        QTest::newRow("missing option") << QStringList{"run", "--model", fx("parity/masked_lm")} << 2 << "missing --inputs";
        QTest::newRow("unknown option") << QStringList{"run", "--modle", "x"} << 2 << "unknown option --modle";
        QTest::newRow("non-numeric option") << QStringList{"classify", "--model", fx("parity/masked_lm"), "--top-k", "abc", "x.png"} << 2 << "--top-k takes an integer, got 'abc'";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "unknown command 'frobnicate'";
        QTest::newRow("config not json") << QStringList{"run", "--model", "BROKEN_CONFIG", "--inputs", io, "--out", "OUT"} << 4 << "not valid JSON";
        QTest::newRow("unknown architecture") << QStringList{"run", "--model", "UNKNOWN_ARCH", "--inputs", io, "--out", "OUT"} << 4 << "unknown architecture 'PerceiverForTimeTravel'";
        QTest::newRow("fp16 on the CPU") << QStringList{"run", "--model", fx("parity/masked_lm"), "--inputs", io, "--out", "OUT", "--precision", "fp16"} << 3 << "precision fp16 needs a CUDA device";
        QTest::newRow("unknown precision") << QStringList{"bench", "--precision", "fp8"} << 3 << "unknown precision 'fp8' (fp32, bf16, fp16)";
        QTest::newRow("bench on a missing GPU") << QStringList{"bench", "--device", "cuda", "--only", "mlm"} << 3 << "no CUDA";
        QTest::newRow("unwritable output") << QStringList{"run", "--model", fx("parity/masked_lm"), "--inputs", io, "--out", "/nonexistent-dir/out.safetensors"} << 3 << "cannot create";
    }
    void badInput() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, expected);
        const std::string dir = testutil::tempDir("cli-bad");
        // Models with a broken config / unknown class, made on the fly.
        std::filesystem::create_directories(dir + "/broken");
        std::ofstream(dir + "/broken/config.json") << "{ nope";
        std::filesystem::create_directories(dir + "/unknown");
        std::ofstream(dir + "/unknown/config.json") << R"({"architectures": ["PerceiverForTimeTravel"]})";
        for (auto& a : args) {
            if (a == "OUT") a = QString::fromStdString(dir + "/out.safetensors");
            if (a == "BROKEN_CONFIG") a = QString::fromStdString(dir + "/broken");
            if (a == "UNKNOWN_ARCH") a = QString::fromStdString(dir + "/unknown");
        }
        const Result r = cli(args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
        QVERIFY(!std::filesystem::exists(dir + "/out.safetensors"));
        for (const auto& e : std::filesystem::directory_iterator(dir))
            QVERIFY2(e.path().filename().string().find(".tmp-") == std::string::npos, "temporary file left behind");
    }

    // convert: pytorch_model.bin -> the byte-identical file save_pretrained(safe_serialization=True) writes.
    void convertBinToSafetensors() {
        const QString out = QString::fromStdString(testutil::tempDir("convert") + "/model.safetensors");
        const Result r = cli({"convert", fx("parity/masked_lm_bin/pytorch_model.bin"), out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile a(out), b(fx("parity/masked_lm/model.safetensors"));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY2(a.readAll() == b.readAll(), "converted file differs from HF's model.safetensors");
    }

    // The task verbs on fixture models write real files.
    void taskVerbs() {
        const QString dir = QString::fromStdString(testutil::tempDir("verbs"));
        Result r = cli({"attention", "--model", fx("parity/masked_lm"), "--text", "a <b> & c", "--out-dir", dir, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile html(dir + "/text.html");
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray page = html.readAll();
        QVERIFY(page.contains(">&lt;</span>") && page.contains(">&amp;</span>") && !page.contains("<b>"));  // one span per byte, escaped
        r = cli({"attention", "--model", fx("parity/image_classification_learned"), "--image", fx("image_processor/rgb_64x96.png"), "--out-dir", dir});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(dir + "/overlay.png") && QFile::exists(dir + "/self_layer_00.png"));
        r = cli({"classify", "--model", fx("parity/image_classification_conv"), fx("image_processor/gray_120x90.png"), "--json", "--save-view", dir + "/view.png"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(nlohmann::json::parse(r.out.toStdString())["top"].size(), size_t(5));
        r = cli({"flow", "--model", fx("parity/optical_flow"), "--min-overlap", "4", fx("image_processor/rgb_64x96.png"),
                 fx("image_processor/rgb_64x96.png"), "--flo", dir + "/f.flo", "--color", dir + "/f.png", "--gt", dir + "/f.flo"});
        QVERIFY2(r.code == 6, qPrintable(r.err));  // the ground truth does not exist yet: a media error, nothing written
        QVERIFY(!QFile::exists(dir + "/f.flo"));
        r = cli({"flow", "--model", fx("parity/optical_flow"), "--min-overlap", "4", fx("image_processor/rgb_64x96.png"),
                 fx("image_processor/rgb_64x96.png"), "--flo", dir + "/f.flo", "--color", dir + "/f.png", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(dir + "/f.flo") && QFile::exists(dir + "/f.png"));
        // Its own flow as ground truth, as .flo and as KITTI PNG: EPE 0 (within KITTI's 1/64 px
        // steps), every pixel within 1 px, no Fl-all outlier, all of them in one speed band.
        perceiver::writeKittiFlow((dir + "/f_kitti.png").toStdString(), perceiver::readFlo((dir + "/f.flo").toStdString()));
        for (const QString gt : {dir + "/f.flo", dir + "/f_kitti.png"}) {
            r = cli({"flow", "--model", fx("parity/optical_flow"), "--min-overlap", "4", fx("image_processor/rgb_64x96.png"),
                     fx("image_processor/rgb_64x96.png"), "--gt", gt, "--json"});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            const auto epe = nlohmann::json::parse(r.out.toStdString())["epe"];
            QVERIFY2(epe["mean"].get<double>() < 0.5 / 64 * 1.5, qPrintable(QString::fromStdString(epe.dump())));
            QCOMPARE(epe["valid_pixels"].get<int64_t>(), int64_t(64 * 96));
            QCOMPARE(epe["acc_1px"].get<double>(), 1.0);
            QCOMPARE(epe["fl_all"].get<double>(), 0.0);
            const auto speed = epe["by_speed"];
            QCOMPARE(speed["s0-10"]["pixels"].get<int64_t>() + speed["s10-40"]["pixels"].get<int64_t>() + speed["s40+"]["pixels"].get<int64_t>(),
                     int64_t(64 * 96));
        }
        r = cli({"autoencode", "--model", fx("parity/multimodal_autoencoding"), fx("tokenizer/meta.json")});
        QCOMPARE(r.code, 6);  // not a video: a media error
        // A video's first window: one overlay per frame and the audio track.
        std::vector<perceiver::ImageU8> frames(5, perceiver::loadImage(fx("image_processor/rgb_64x96.png").toStdString()));
        perceiver::writeVideo((dir + "/clip.mp4").toStdString(), frames, 25);
        r = cli({"attention", "--model", fx("parity/multimodal_autoencoding"), "--video", dir + "/clip.mp4", "--out-dir", dir + "/video", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        for (const char* f : {"/video/frame_00_overlay.png", "/video/frame_03_overlay.png", "/video/audio.png", "/video/self_layer_00.png"})
            QVERIFY2(QFile::exists(dir + f), f);
        QVERIFY(!QFile::exists(dir + "/video/frame_04_overlay.png"));  // the window holds num_frames = 4
        // A still image is a one-frame video; more chunks than audio points leave some chunks empty.
        r = cli({"autoencode", "--model", fx("parity/multimodal_autoencoding"), fx("image_processor/rgb_64x96.png"), "--out",
                 dir + "/recon.mp4", "--wav", dir + "/recon.wav", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(dir + "/recon.mp4") && QFile::exists(dir + "/recon.wav"));
        {  // one window: its own label is the mean over the windows
            const auto j = nlohmann::json::parse(r.out.toStdString());
            QCOMPARE(j["windows"].size(), size_t(1));
            QCOMPARE(j["windows"][0]["label"]["label"], j["top"][0]["label"]);
            QCOMPARE(j["windows"][0]["label"]["probability"].get<double>(), j["top"][0]["probability"].get<double>());
        }
        r = cli({"fill-mask", "--model", fx("parity/masked_lm"), "no masks"});
        QCOMPARE(r.code, 3);
    }

    // classify-text: the JSON of classify (a top list), the kind from problem_type, a long text
    // cut with a notice, --file, --labels, an intervention; bad input refused before any run.
    void classifyText() {
        const QString model = fx("parity/sequence_classification");
        Result r = cli({"classify-text", "--model", model, "--json", "--top-k", "2", "Hello there"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["problem"].get<std::string>(), std::string("single-label"));
        QCOMPARE(j["top"].size(), size_t(2));
        QCOMPARE(j["bytes"].get<int>(), 11);
        QCOMPARE(j["truncated"].get<bool>(), false);
        QCOMPARE(j["predicted"], nlohmann::json::array({j["top"][0]["label"]}));
        QVERIFY(j["top"][0]["probability"].get<double>() >= j["top"][1]["probability"].get<double>());
        r = cli({"classify-text", "--model", model, "--json", "Hello there"});  // all three: a softmax
        j = nlohmann::json::parse(r.out.toStdString());
        double sum = 0;
        for (const auto& c : j["top"]) sum += c["probability"].get<double>();
        QVERIFY(std::abs(sum - 1) < 1e-9);
        const double helloTop = j["top"][0]["probability"].get<double>();

        // A 100-byte file: the first 62 bytes are read, a notice on stderr and in the JSON.
        const std::string dir = testutil::tempDir("classify-text");
        std::ofstream(dir + "/long.txt") << std::string(100, 'z');
        r = cli({"classify-text", "--model", model, "--json", "--file", QString::fromStdString(dir + "/long.txt")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["truncated"].get<bool>(), true);
        QCOMPARE(j["read_bytes"].get<int>(), 62);
        QVERIFY2(r.err.contains("note: the text is 100 bytes; the model reads its first 62"), qPrintable(r.err));
        QCOMPARE(j["notices"].size(), size_t(1));

        // Multi-label (the same weights, problem_type set): a sigmoid per label; those at or over
        // the threshold predicted. Regression: values.
        for (const char* problem : {"multi_label_classification", "regression"}) {
            const std::string m = dir + "/" + problem;
            std::filesystem::create_directories(m);
            std::filesystem::copy_file(testutil::fixture("parity/sequence_classification/model.safetensors"), m + "/model.safetensors");
            auto config = testutil::readJson(testutil::fixture("parity/sequence_classification/config.json"));
            config["problem_type"] = problem;
            std::ofstream(m + "/config.json") << config.dump();
            r = cli({"classify-text", "--model", QString::fromStdString(m), "--json", "--threshold", "0.45", "Hello there"});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            j = nlohmann::json::parse(r.out.toStdString());
            if (std::string(problem) == "regression") {
                QCOMPARE(j["problem"].get<std::string>(), std::string("regression"));
                QVERIFY(j["top"][0].contains("value") && !j.contains("predicted"));
                continue;
            }
            QCOMPARE(j["problem"].get<std::string>(), std::string("multi-label"));
            QCOMPARE(j["threshold"].get<double>(), 0.45);
            nlohmann::json expected = nlohmann::json::array();
            sum = 0;
            for (const auto& c : j["top"]) {
                const double p = c["probability"].get<double>();
                QVERIFY(p > 0 && p < 1);
                sum += p;
                if (p >= 0.45) expected.push_back(c["label"]);
            }
            QVERIFY(std::abs(sum - 1) > 1e-3);  // sigmoids, not a softmax
            QCOMPARE(j["predicted"], expected);
            r = cli({"classify-text", "--model", QString::fromStdString(m), "Hello there", "--threshold", "0"});
            QVERIFY2(r.code == 0 && r.out.count(QLatin1Char('*')) == 4, qPrintable(r.out));  // every label, and the legend
        }

        // --labels renames the classes; an intervention changes the scores and says so.
        std::ofstream(dir + "/names.txt") << "bad\nso-so\ngood\n";
        r = cli({"classify-text", "--model", model, "--labels", QString::fromStdString(dir + "/names.txt"), "--json", "Hello there"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        j = nlohmann::json::parse(r.out.toStdString());
        for (const auto& c : j["top"]) QVERIFY(c["label"] == "bad" || c["label"] == "so-so" || c["label"] == "good");
        r = cli({"classify-text", "--model", model, "--json", "--ablate-latents", "0-5", "Hello there"});
        QVERIFY2(r.code == 0 && r.err.contains("intervention: latents 0"), qPrintable(r.err));
        QVERIFY(nlohmann::json::parse(r.out.toStdString())["top"][0]["probability"].get<double>() != helloTop);

        r = cli({"classify-text", "Hello"});
        QVERIFY2(r.code == 2 && r.err.contains("needs --model"), qPrintable(r.err));
        r = cli({"classify-text", "--model", model});
        QVERIFY2(r.code == 2 && r.err.contains("one TEXT, or --file F"), qPrintable(r.err));
        r = cli({"classify-text", "--model", model, "--file", QString::fromStdString(dir + "/long.txt"), "also text"});
        QCOMPARE(r.code, 2);
        r = cli({"classify-text", "--model", model, "--threshold", "1.5", "x"});
        QVERIFY2(r.code == 3 && r.err.contains("--threshold must be between 0 and 1, got 1.5"), qPrintable(r.err));
        r = cli({"classify-text", "--model", model, "--file", QString::fromStdString(dir + "/missing.txt")});
        QVERIFY2(r.code == 3 && r.err.contains("missing.txt"), qPrintable(r.err));
        r = cli({"classify-text", "--model", fx("parity/masked_lm"), "x"});
        QVERIFY2(r.code == 4 && r.err.contains("needs a PerceiverForSequenceClassification"), qPrintable(r.err));
    }

    // finetune --task text: the demo language model fine-tuned (encoder frozen) on a generated
    // three-topic corpus reaches a recorded held-out accuracy, its new head named, and the model
    // it writes classifies; bad data is refused before any training, nothing written.
    void finetuneText() {
        const std::string dir = testutil::tempDir("finetune");
        const std::vector<std::pair<std::string, std::vector<std::string>>> topics = {
            {"weather", {"rain", "snow", "wind", "cloud", "storm", "sunny", "cold", "warm", "fog", "thunder"}},
            {"food", {"bread", "cheese", "apple", "soup", "rice", "butter", "salad", "cake", "honey", "pasta"}},
            {"sport", {"football", "tennis", "goal", "match", "team", "runner", "score", "coach", "race", "ball"}}};
        const std::vector<std::string> filler = {"the", "a", "today", "we", "saw", "some", "very", "and", "with", "after", "before", "our"};
        std::mt19937 rng(1);
        {
            std::ofstream csv(dir + "/topics.csv");
            csv << "id,text,label\n";
            for (int i = 0; i < 300; ++i) {
                const auto& [label, words] = topics[rng() % 3];
                std::vector<std::string> w;
                for (int k = 0; k < 6; ++k) w.push_back(filler[rng() % filler.size()]);
                for (int k = 0; k < 2; ++k) w.push_back(words[rng() % words.size()]);
                std::shuffle(w.begin(), w.end(), rng);
                std::string text;
                for (const auto& x : w) text += (text.empty() ? "" : " ") + x;
                csv << i << ",\"" << text << "\"," << label << "\n";
            }
        }
        const QString out = QString::fromStdString(dir + "/model");
#ifdef PERCEIVER_SANITIZED
        // Instrumented, 20 steps run the same code; the plain build measures the accuracy.
        const QString steps = QStringLiteral("20");
#else
        const QString steps = QStringLiteral("150");
#endif
        Result r = cli({"--threads", "2", "finetune", "--task", "text", "--data", QString::fromStdString(dir + "/topics.csv"), "--out", out,
                        "--steps", steps, "--freeze-encoder", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        qInfo("held-out accuracy %.3f (kept step %lld) in %.1f s", j["metrics"]["accuracy"].get<double>(), j["best_step"].get<long long>(),
              j["seconds"].get<double>());
#ifndef PERCEIVER_SANITIZED
        QVERIFY2(j["metrics"]["accuracy"].get<double>() >= 0.75, qPrintable(QString::fromStdString(j.dump())));  // 3 classes: chance 0.33
#endif
        QCOMPARE(j["labels"], nlohmann::json::array({"food", "sport", "weather"}));
        for (const auto& key : j["reinitialised"]) QVERIFY2(key.get<std::string>().rfind("perceiver.decoder.", 0) == 0, key.get<std::string>().c_str());
        QVERIFY(!j["reinitialised"].empty());
        QVERIFY(j["unused"].dump().find("embedding_decoder") != std::string::npos);  // the masked LM's own head
        r = cli({"classify-text", "--model", out, "--json", "we saw the team and a coach"});  // (a sentence as the generator writes them)
        QVERIFY2(r.code == 0, qPrintable(r.err));
#ifndef PERCEIVER_SANITIZED
        QCOMPARE(nlohmann::json::parse(r.out.toStdString())["top"][0]["label"].get<std::string>(), std::string("sport"));
#endif

        const std::vector<std::pair<std::string, std::string>> bad = {
            {"", "is empty"},
            {"text,class\na,b\n", "has no \"label\" column"},
            {"text,label\nhello,x\nthere,x\n", "every text has the label \"x\""},
            {"text,label\nhello,x\nthere\n", "line 3: 1 field(s)"},
            {"text,label\nhello,x\n\"open,y\n", "never closed"},
            {"text,label\n,x\nthere,y\n", "line 2: the text is empty"},
            {"text,label\nhello,x\nthere,y\n", "the class \"x\" has 1 text(s)"}};
        for (const auto& [content, message] : bad) {
            std::ofstream(dir + "/bad.csv") << content;
            r = cli({"finetune", "--task", "text", "--data", QString::fromStdString(dir + "/bad.csv"), "--out", QString::fromStdString(dir + "/none")});
            QVERIFY2(r.code == 3 && r.err.contains(QString::fromStdString(message)), qPrintable(r.err));
            QVERIFY(!QFileInfo::exists(QString::fromStdString(dir + "/none")));
        }
        r = cli({"finetune", "--task", "audio", "--data", "x", "--out", "y"});
        QVERIFY2(r.code == 2 && r.err.contains("takes image or text, got 'audio'"), qPrintable(r.err));
        r = cli({"finetune", "--task", "text", "--data", QString::fromStdString(dir + "/topics.csv"), "--out", QString::fromStdString(dir + "/none"),
                 "--init", fx("parity/optical_flow")});
        QVERIFY2(r.code == 4 && r.err.contains("starts from a byte model"), qPrintable(r.err));
    }

    // finetune --task image: the demo shapes model, its encoder frozen, on a generated ImageFolder
    // of two new shapes (a seeded split): its new head named, a kept checkpoint that --resume
    // continues, a model that classifies with the new labels; bad folders refused, nothing written.
    void finetuneImage() {
        using perceiver::exampleSeed, perceiver::newShapeClassNames, perceiver::renderNewShapeImage, perceiver::saveImage;
        const std::string dir = testutil::tempDir("finetune-image");
        for (int c : {0, 2})  // ring, bar
            for (int i = 0; i < 16; ++i) {
                const std::string folder = dir + "/data/" + newShapeClassNames()[static_cast<size_t>(c)];
                std::filesystem::create_directories(folder);
                saveImage(folder + "/" + std::to_string(i) + ".png", renderNewShapeImage(c, exampleSeed(3, static_cast<uint64_t>(c * 100 + i)), 48));
            }
        const QString data = QString::fromStdString(dir + "/data"), out = QString::fromStdString(dir + "/model"), kept = QString::fromStdString(dir + "/kept");
        Result r = cli({"--threads", "2", "finetune", "--task", "image", "--data", data, "--out", out, "--checkpoint", kept, "--steps", "40",
                        "--eval-every", "10", "--batch-size", "8", "--lr", "0.003", "--freeze-encoder", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        qInfo("held-out accuracy %.3f (kept step %lld) in %.1f s", j["metrics"]["accuracy"].get<double>(), j["best_step"].get<long long>(),
              j["seconds"].get<double>());
        QCOMPARE(j["labels"], nlohmann::json::array({"bar", "ring"}));
        QCOMPARE(j["training_examples"].get<int>(), 26);  // 20 % of 16 per class held out: 3
        QCOMPARE(j["held_out_examples"].get<int>(), 6);
        QCOMPARE(j["reinitialised"], nlohmann::json::array({"perceiver.decoder.decoder.final_layer.bias", "perceiver.decoder.decoder.final_layer.weight"}));
        QVERIFY(j["trainable_parameters"].get<int64_t>() < j["parameters"].get<int64_t>() / 2);
        // It learned: the kept head is better on the held-out images than the fresh one.
        QVERIFY2(j["metrics"]["loss"].get<double>() < j["start_metrics"]["loss"].get<double>(), qPrintable(QString::fromStdString(j.dump())));
        QVERIFY2(j["metrics"]["accuracy"].get<double>() >= j["start_metrics"]["accuracy"].get<double>(), qPrintable(QString::fromStdString(j.dump())));
        QVERIFY(j["best_step"].get<int64_t>() > 0);
        r = cli({"classify", "--model", out, "--json", QString::fromStdString(dir + "/data/bar/0.png")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const std::string top = nlohmann::json::parse(r.out.toStdString())["top"][0]["label"].get<std::string>();
        QVERIFY2(top == "bar" || top == "ring", top.c_str());
        // --resume continues at the kept step + 1 and says so.
        const int64_t best = j["best_step"].get<int64_t>();
        r = cli({"--threads", "2", "finetune", "--task", "image", "--data", data, "--out", QString::fromStdString(dir + "/again"), "--resume", kept,
                 "--steps", QString::number(best + 2), "--batch-size", "8"});
        QVERIFY2(r.code == 0 && r.err.contains(QStringLiteral("resumed at step %1").arg(best + 1)), qPrintable(r.err));

        std::filesystem::create_directories(dir + "/one/ring");
        saveImage(dir + "/one/ring/a.png", renderNewShapeImage(0, 1, 16));
        std::filesystem::create_directories(dir + "/empty/ring");
        std::filesystem::create_directories(dir + "/empty/bar");
        saveImage(dir + "/empty/ring/a.png", renderNewShapeImage(0, 1, 16));
        for (const auto& [folder, message] : std::vector<std::pair<std::string, std::string>>{
                 {"/one", "has one class (\"ring\")"}, {"/empty", "'" + dir + "/empty/bar' has no images"}, {"/none", "does not exist"}}) {
            r = cli({"finetune", "--task", "image", "--data", QString::fromStdString(dir + folder), "--out", QString::fromStdString(dir + "/bad")});
            QVERIFY2(r.code == 3 && r.err.contains(QString::fromStdString(message)), qPrintable(r.err));
            QVERIFY(!QFileInfo::exists(QString::fromStdString(dir + "/bad")));
        }
        r = cli({"finetune", "--task", "image", "--data", data, "--out", QString::fromStdString(dir + "/bad"), "--held-out-data", "x.csv"});
        QVERIFY2(r.code == 2 && r.err.contains("DIR/train + DIR/val"), qPrintable(r.err));
    }

    // `trace` on each demo model and sample: each hop sums to 1, the files named are written, the
    // text's first [MASK] is the default; the interventions on a task verb change its output, are
    // said on stderr, and bad values are refused before any work.
    void traceAndInterventions() {
        const std::string samples = std::string(PERCEIVER_SOURCE_DIR) + "/resources/samples/";
        const QString s = QString::fromStdString(samples);
        const std::string dir = testutil::tempDir("trace");
        struct Case {
            const char* name;
            QStringList args;
            const char* output;
        };
        const std::vector<Case> cases = {
            {"text", {"--text", "the GNU General Public [MASK][MASK][MASK][MASK][MASK][MASK][MASK]"}, "token 23 ('[MASK]')"},
            {"image", {"--image", s + "shapes-blue-square.png"}, "class "},
            {"flow", {s + "flow-frame1.png", s + "flow-frame2.png", "--pixel", "60,40"}, "pixel (60, 40)"},
            {"video", {"--video", s + "clips.mp4", "--pixel", "1,10,12"}, "pixel (10, 12) of frame 1"},
            {"audio", {"--video", s + "clips.mp4", "--audio-sample", "100"}, "audio sample 100"},
            {"label", {"--video", s + "clips.mp4", "--label"}, "the label"},
        };
        for (const Case& c : cases) {
            const QString out = QString::fromStdString(dir + "/" + c.name);
            Result r = cli(QStringList{"trace"} + c.args + QStringList{"--out-dir", out, "--json"});
            QVERIFY2(r.code == 0, qPrintable(QString::fromLatin1(c.name) + ": " + r.err));
            const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
            QVERIFY2(j["output"].get<std::string>().rfind(c.output, 0) == 0, j["output"].get<std::string>().c_str());
            for (const char* hop : {"decoder_mean", "latents", "latents_plain", "inputs", "inputs_plain"})
                QVERIFY2(std::fabs(j["hops"][hop]["sum"].get<double>() - 1) < 1e-4, hop);
            for (const auto& h : j["hops"]["decoder"]["sums"]) QVERIFY(std::fabs(h.get<double>() - 1) < 1e-4);
            QCOMPARE(j["hops"]["latents"]["weights"].size(), j["latents"].get<size_t>());
            QCOMPARE(j["hops"]["inputs"]["weights"].size(), j["inputs"].get<size_t>());
            for (const auto& f : j["files"]) QVERIFY2(QFile::exists(QString::fromStdString(f.get<std::string>())), f.get<std::string>().c_str());
            QCOMPARE(testutil::readJson(out.toStdString() + "/trace.json")["output"], j["output"]);
        }
        // One input, one video target, well-formed pixels: usage errors before the model loads.
        Result r = cli({"trace", "--text", "a", "--image", s + "shapes-blue-square.png", "--out-dir", QString::fromStdString(dir + "/x")});
        QCOMPARE(r.code, 2);
        r = cli({"trace", s + "flow-frame1.png", s + "flow-frame2.png", "--pixel", "1,2,3", "--out-dir", QString::fromStdString(dir + "/x")});
        QVERIFY(r.code == 2 && r.err.contains("--pixel takes X,Y"));
        r = cli({"trace", "--video", s + "clips.mp4", "--label", "--audio-sample", "3", "--out-dir", QString::fromStdString(dir + "/x")});
        QVERIFY(r.code == 2 && r.err.contains("one of --pixel F,X,Y, --audio-sample N or --label"));
        r = cli({"trace", s + "flow-frame1.png", s + "flow-frame2.png", "--pixel", "500,2", "--out-dir", QString::fromStdString(dir + "/x")});
        QVERIFY(r.code == 3 && r.err.contains("outside the 128x96 frame"));
        QVERIFY(!QFile::exists(QString::fromStdString(dir + "/x")));

        // Interventions on classify: the probabilities move, stderr says what was done. (Measured
        // as the log-ratio of the top two classes, their logit difference: demo-shapes is sure of
        // this sample, p = 0.9997, where the top probability barely moves and 1 - p cancels.)
        auto top = [&](const QStringList& extra, QString* err = nullptr) {
            Result c = cli(QStringList{"classify", s + "shapes-blue-square.png", "--json"} + extra);
            if (err) *err = c.err;
            if (c.code != 0) return std::nan("");
            const nlohmann::json best = nlohmann::json::parse(c.out.toStdString())["top"];
            return std::log(best[0]["probability"].get<double>() / best[1]["probability"].get<double>());
        };
        QString err;
        const double plain = top({});
        const double ablated = top({"--ablate-latents", "13,25", "--ablate-after-layer", "3"}, &err);  // 13: what demo-shapes' decoder reads most
        QVERIFY(std::isfinite(plain) && std::isfinite(ablated));
        QVERIFY2(std::fabs(plain - ablated) > 1e-3, qPrintable(QString::number(plain)));
        QVERIFY2(err.contains("intervention: latents 13, 25 ablated after layer 3"), qPrintable(err));
        const double masked = top({"--head-mask", "0:0,1:1"}, &err);
        QVERIFY(std::isfinite(masked) && std::fabs(plain - masked) > 1e-4);
        QVERIFY2(err.contains("heads 0:0, 1:1 masked"), qPrintable(err));
        r = cli({"classify", s + "shapes-blue-square.png", "--head-mask", "0:99"});
        QVERIFY(r.code == 3 && r.err.contains("head 99 out of range"));
        r = cli({"classify", s + "shapes-blue-square.png", "--ablate-after-layer", "2"});
        QVERIFY(r.code == 2 && r.err.contains("--ablate-after-layer needs --ablate-latents"));
        r = cli({"fill-mask", "ab[MASK]", "--ablate-latents", "x"});
        QVERIFY2(r.code == 2 && r.err.contains("--ablate-latents are numbers or ranges"), qPrintable(r.err));
        // Dropped inputs: the top-left quarter of the 24 x 24 token grid hidden from the latents.
        QStringList quarter;
        for (int row = 0; row < 12; ++row) quarter << QStringLiteral("%1-%2").arg(row * 24).arg(row * 24 + 11);
        const double dropped = top({"--drop-inputs", quarter.join(',')}, &err);
        QVERIFY(std::isfinite(dropped) && std::fabs(plain - dropped) > 1e-4);
        QVERIFY2(err.contains("intervention: 144 input positions dropped"), qPrintable(err));
        r = cli({"classify", s + "shapes-blue-square.png", "--drop-inputs", "576"});
        QVERIFY2(r.code == 3 && r.err.contains("dropped input position 576 out of range: this input has 576 positions"), qPrintable(r.err));

        // rank-latents: every latent once, the largest |change| first; a chosen few give the same values.
        r = cli({"rank-latents", "--image", s + "shapes-blue-square.png", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const nlohmann::json all = nlohmann::json::parse(r.out.toStdString());
        std::ifstream shapesConfig(std::string(PERCEIVER_SOURCE_DIR) + "/resources/models/demo-shapes/config.json");
        QCOMPARE(all["effects"].size(), nlohmann::json::parse(shapesConfig)["num_latents"].get<size_t>());  // every latent of demo-shapes
        for (size_t i = 1; i < all["effects"].size(); ++i)
            QVERIFY(std::fabs(all["effects"][i]["delta"].get<double>()) <= std::fabs(all["effects"][i - 1]["delta"].get<double>()));
        const int64_t first = all["effects"][0]["latent"].get<int64_t>();
        r = cli({"rank-latents", "--image", s + "shapes-blue-square.png", "--latents", QString::number(first), "--json"});
        const nlohmann::json one = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(one["effects"].size(), size_t(1));
        QVERIFY(std::fabs(one["effects"][0]["value"].get<double>() - all["effects"][0]["value"].get<double>()) < 1e-5);
        r = cli({"rank-latents", "--text", "the GNU General Public [MASK]icense", "--after-layer", "2", "--top", "3"});
        QVERIFY2(r.code == 0 && r.out.contains("token 23 ('[MASK]')") && r.out.count("\n  latent ") == 3, qPrintable(r.out + r.err));
        r = cli({"rank-latents", "--image", s + "shapes-blue-square.png", "--after-layer", "99"});
        QVERIFY2(r.code == 3 && r.err.contains("not after layer 99"), qPrintable(r.err));
    }

    // `attribute` on each demo model and sample: Integrated Gradients complete within 1 % (the
    // default nodes, refined where needed), one signed weight per input element, the files
    // written; gradient x input; bad options refused before any work.
    void attributeVerb() {
        const QString s = QString::fromStdString(std::string(PERCEIVER_SOURCE_DIR) + "/resources/samples/");
        const std::string dir = testutil::tempDir("attribute");
        const std::vector<std::pair<const char*, QStringList>> cases = {
            {"text", {"--text", "the GNU General Public [MASK][MASK][MASK][MASK][MASK][MASK][MASK]"}},
            {"image", {"--image", s + "shapes-blue-square.png"}},
            {"image, blurred baseline", {"--image", s + "shapes-red-circle.png", "--baseline", "blur"}},
            {"flow u", {s + "flow-frame1.png", s + "flow-frame2.png", "--pixel", "60,40", "--component", "u"}},
            {"video label", {"--video", s + "clips.mp4", "--label", "--baseline", "mean"}},
            {"video pixel", {"--video", s + "clips.mp4", "--pixel", "2,8,8"}},
        };
        int n = 0;
        for (const auto& [name, args] : cases) {
            const QString out = QString::fromStdString(dir + "/" + std::to_string(n++));
            Result r = cli(QStringList{"attribute"} + args + QStringList{"--out-dir", out, "--json"});
            QVERIFY2(r.code == 0, qPrintable(QString::fromLatin1(name) + ": " + r.err));
            const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
            const double err = j["completeness_error"].get<double>();
            QVERIFY2(std::fabs(err) < 0.01, qPrintable(QStringLiteral("%1: %2").arg(QString::fromLatin1(name)).arg(err)));
            double sum = 0;
            for (const auto& w : j["weights"]) sum += w.get<double>();
            const double delta = j["value"].get<double>() - j["baseline_value"].get<double>();
            QVERIFY2(std::fabs(sum - delta) < 0.011 * std::fabs(delta) + 1e-6, name);  // per element, the sum still holds
            for (const auto& f : j["files"]) QVERIFY2(QFile::exists(QString::fromStdString(f.get<std::string>())), f.get<std::string>().c_str());
        }
        Result r = cli({"attribute", "--image", s + "shapes-blue-square.png", "--method", "grad-x-input", "--out-dir",
                        QString::fromStdString(dir + "/gxi"), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(nlohmann::json::parse(r.out.toStdString())["method"].get<std::string>(), std::string("gradient x input"));
        const QString none = QString::fromStdString(dir + "/none");
        r = cli({"attribute", "--image", s + "shapes-blue-square.png", "--method", "shap", "--out-dir", none});
        QVERIFY(r.code == 3 && r.err.contains("unknown attribution method 'shap'"));
        r = cli({"attribute", "--text", "ab", "--baseline", "blur", "--out-dir", none});
        QVERIFY(r.code == 3 && r.err.contains("not text"));
        r = cli({"attribute", "--image", s + "shapes-blue-square.png", "--steps", "0", "--out-dir", none});
        QVERIFY(r.code == 3 && r.err.contains("--steps must be between 1 and 1024"));
        r = cli({"attribute", s + "flow-frame1.png", s + "flow-frame2.png", "--pixel", "1,1", "--component", "w", "--out-dir", none});
        QVERIFY(r.code == 2 && r.err.contains("--component takes u, v or magnitude"));
        QVERIFY(!QFile::exists(none));
    }

    // The flow research verbs end to end with the demo flow model on its sample pair: every view
    // as a file, flow-eval's numbers equal to `flow --gt`'s in both layouts (the journal gone
    // once the report is written), and a pattern translating 1 px per frame tracked by ~2 px.
    void flowResearchVerbs() {
        namespace fs = std::filesystem;
        const std::string samples = std::string(PERCEIVER_SOURCE_DIR) + "/resources/samples/";
        const QString a = QString::fromStdString(samples + "flow-frame1.png"), b = QString::fromStdString(samples + "flow-frame2.png"),
                      gt = QString::fromStdString(samples + "flow-truth.flo");
        const std::string dir = testutil::tempDir("flowverbs");
        const QString views = QString::fromStdString(dir + "/views");
        Result r = cli({"flow", a, b, "--gt", gt, "--backward", "--entropy", "--compare", gt, "--out-dir", views, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["files"].size(), size_t(13));  // flow.flo, backward.flo and the 11 views
        for (const char* f : {"flow", "arrows", "magnitude", "warped", "warp_error", "consistency", "epe", "kitti_error", "other", "difference", "entropy"})
            QVERIFY2(QFile::exists(views + "/" + f + ".png"), f);
        QCOMPARE(j["versus_other"]["mean"].get<double>(), j["epe"]["mean"].get<double>());  // the other flow is the truth
        QVERIFY(j["consistency"]["inconsistent_fraction"].get<double>() < 0.05);          // a smooth warp: consistent
        QVERIFY(j["warp"]["mean_photometric_error"].get<double>() > 0);
        QVERIFY(j["entropy"]["mean"].get<double>() > 0 && j["entropy"]["vs_error"]["pixels"].get<int64_t>() == 128 * 96);
        // The plain estimate (--entropy decodes in query chunks: the same flow to float rounding).
        r = cli({"flow", a, b, "--gt", gt, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const double epe = nlohmann::json::parse(r.out.toStdString())["epe"]["mean"].get<double>();
        QVERIFY(std::fabs(epe - j["epe"]["mean"].get<double>()) < 1e-6);

        // The pair as a one-pair Sintel and KITTI dataset.
        const std::string sintel = dir + "/sintel", kitti = dir + "/kitti";
        fs::create_directories(sintel + "/training/clean/scene_1");
        fs::create_directories(sintel + "/training/flow/scene_1");
        fs::copy_file(a.toStdString(), sintel + "/training/clean/scene_1/frame_0001.png");
        fs::copy_file(b.toStdString(), sintel + "/training/clean/scene_1/frame_0002.png");
        fs::copy_file(gt.toStdString(), sintel + "/training/flow/scene_1/frame_0001.flo");
        fs::create_directories(kitti + "/training/image_2");
        fs::create_directories(kitti + "/training/flow_occ");
        fs::copy_file(a.toStdString(), kitti + "/training/image_2/000000_10.png");
        fs::copy_file(b.toStdString(), kitti + "/training/image_2/000000_11.png");
        perceiver::writeKittiFlow(kitti + "/training/flow_occ/000000_10.png", perceiver::readFlo(gt.toStdString()));
        r = cli({"flow", a, b, "--gt", QString::fromStdString(kitti + "/training/flow_occ/000000_10.png"), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const double kittiEpe = nlohmann::json::parse(r.out.toStdString())["epe"]["mean"].get<double>();
        for (const auto& [root, expected] : {std::pair{sintel, epe}, std::pair{kitti, kittiEpe}}) {
            const QString report = QString::fromStdString(root + "/report.json");
            r = cli({"flow-eval", QString::fromStdString(root), "--out", report, "--json"});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            const nlohmann::json e = nlohmann::json::parse(r.out.toStdString());
            QCOMPARE(e["pairs"].size(), size_t(1));
            QCOMPARE(e["summary"]["epe"]["mean"].get<double>(), expected);
            QCOMPARE(testutil::readJson(report.toStdString())["summary"]["epe"]["mean"].get<double>(), expected);
            QVERIFY(!QFile::exists(report + ".partial"));
        }
        r = cli({"flow-eval", QString::fromStdString(sintel), "--out", QString::fromStdString(dir + "/r.csv")});
        QVERIFY2(r.code == 0 && r.out.contains("scene_1") && QFile::exists(QString::fromStdString(dir + "/r.csv")), qPrintable(r.err));

        // Tracking through a folder of frames moving right by 1 px each.
        const perceiver::ImageU8 base = perceiver::loadImage(a.toStdString());
        fs::create_directories(dir + "/frames");
        for (int k = 0; k < 3; ++k) {
            perceiver::ImageU8 f = base;
            for (int y = 0; y < f.height; ++y)
                for (int x = 0; x < f.width; ++x) std::copy(base.at(std::max(0, x - k), y), base.at(std::max(0, x - k), y) + 3, f.at(x, y));
            perceiver::saveImage(dir + "/frames/frame_" + std::to_string(k + 1) + ".png", f);
        }
        const QString tracks = QString::fromStdString(dir + "/tracks");
        r = cli({"track", "--video", QString::fromStdString(dir + "/frames"), "--points", "40,30;80.5,60", "--out-dir", tracks, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const nlohmann::json t = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(t["pairs"].get<int>(), 2);
        for (const auto& track : t["tracks"]) {
            QVERIFY(!track["lost"].get<bool>());
            const double dx = track["end"][0].get<double>() - track["start"][0].get<double>();
            const double dy = track["end"][1].get<double>() - track["start"][1].get<double>();
            QVERIFY2(std::fabs(dx - 2) < 0.5 && std::fabs(dy) < 0.5, qPrintable(QString("moved %1, %2").arg(dx).arg(dy)));
        }
        for (const char* f : {"/tracks.csv", "/tracks.png", "/tracks.mp4"}) QVERIFY2(QFile::exists(tracks + f), f);

        // Errors name what is wrong, before any work.
        r = cli({"track", "--video", QString::fromStdString(dir + "/frames"), "--points", "400,30", "--out-dir", QString::fromStdString(dir + "/t2")});
        QVERIFY2(r.code == 3 && r.err.contains("lies outside the 128x96 frame"), qPrintable(r.err));
        QVERIFY(!QFile::exists(QString::fromStdString(dir + "/t2")));
        r = cli({"flow-eval", QString::fromStdString(dir + "/frames")});
        QVERIFY2(r.code == 6 && r.err.contains("neither a Sintel dataset"), qPrintable(r.err));
        r = cli({"flow-eval", QString::fromStdString(sintel), "--out", QString::fromStdString(dir + "/r.txt")});
        QVERIFY2(r.code == 3 && r.err.contains("expected a .json or .csv"), qPrintable(r.err));
    }

    void helpOfEveryVerb_data() {
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QStringList>("options");  // some of the options its help must list
        QTest::newRow("run") << "run" << QStringList{"--inputs IO.safetensors", "--constructor FILE", "--precision"};
        QTest::newRow("fill-mask") << "fill-mask" << QStringList{"--mask-range", "--top-k K"};
        QTest::newRow("classify") << "classify" << QStringList{"--save-view", "--labels FILE"};
        QTest::newRow("finetune") << "finetune" << QStringList{"--data DIR|FILE", "--freeze-encoder", "--resume DIR", "--checkpoint DIR", "--held-out-data FILE", "--init MODEL"};
        QTest::newRow("classify-text") << "classify-text" << QStringList{"--threshold P", "--file F", "--labels FILE", "--head-mask"};
        QTest::newRow("flow") << "flow" << QStringList{"--min-overlap PX", "--arrow-step N", "--gt GT.flo", "--out-dir DIR", "--backward", "--compare"};
        QTest::newRow("flow-eval") << "flow-eval" << QStringList{"--format sintel|kitti", "--split clean|final", "--out REPORT.json"};
        QTest::newRow("track") << "track" << QStringList{"--points X,Y;...", "--no-check", "--video VIDEO|DIR"};
        QTest::newRow("autoencode") << "autoencode" << QStringList{"--side-by-side", "--chunks N", "--wav"};
        QTest::newRow("attention") << "attention" << QStringList{"--rollout", "--opacity A", "--out-dir DIR"};
        QTest::newRow("train") << "train" << QStringList{"--task mlm|shapes|flow|clips", "--init DIR", "--eval-every N"};
        QTest::newRow("evaluate") << "evaluate" << QStringList{"--task", "--model MODEL"};
        QTest::newRow("samples") << "samples" << QStringList{"--out DIR"};
        QTest::newRow("bench") << "bench" << QStringList{"--profile", "--only"};
        QTest::newRow("models") << "models" << QStringList{"--json"};
        QTest::newRow("download") << "download" << QStringList{"--revision R", "--endpoint URL"};
        QTest::newRow("convert") << "convert" << QStringList{"--json"};
        QTest::newRow("tokenize") << "tokenize" << QStringList{"--decode", "--no-special"};
    }
    void helpOfEveryVerb() {
        // Every verb answers --help (exit 0, nothing run), written from the same table the parser
        // reads; the overview lists the verb.
        QFETCH(QString, verb);
        QFETCH(QStringList, options);
        Result r = cli({verb, "--help"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("Usage: perceiver " + verb), qPrintable(r.out));
        for (const QString& o : options) QVERIFY2(r.out.contains(o), qPrintable(o + " missing in:\n" + r.out));
        QVERIFY(r.out.contains("-h, --help"));
        QCOMPARE(cli({verb, "-h"}).out, r.out);
        QCOMPARE(cli({"help", verb}).out, r.out);
        QVERIFY2(overview().contains("\n  " + verb + " "), qPrintable(overview()));
        QVERIFY(overview().contains("Exit codes: 0 ok, 2 usage"));
    }

    void userErrorsAreNotInternal() {
        // An output folder that is a file: one clear line, exit 3 (it was rc 70, filesystem_error).
        const QString dir = QString::fromStdString(testutil::tempDir("cli-user-errors"));
        const QString file = dir + "/a-file";
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        f.close();
        Result r = cli({"attention", "--model", fx("parity/masked_lm"), "--text", "hi", "--out-dir", file});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("cannot create the output folder '" + file + "'"), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        r = cli({"samples", "--out", file + "/sub"});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("cannot create the output folder"), qPrintable(r.err));
        // --json with bytes that are not UTF-8 in the text (masking the second byte of "é" leaves
        // a lone 0xC3): U+FFFD in the JSON, exit 0 (it was nlohmann's type_error 316, rc 70).
        r = cli({"fill-mask", "--model", fx("parity/masked_lm"), "--json", "--mask-range", "4:5", QString::fromUtf8("café x")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QChar(0xFFFD)), qPrintable(r.out));
        QVERIFY(nlohmann::json::parse(r.out.toStdString())["masks"].size() == 1);
    }

    void optionsOutOfRange_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("expected");
        const QString img = fx("image_processor/rgb_64x96.png");
        const QString flow = fx("parity/optical_flow");
        // Each of these hung, returned NaN or wrote outputs before failing.
        QTest::newRow("negative overlap") << QStringList{"flow", "--model", flow, "--min-overlap", "-5", img, img} << 3 << "--min-overlap must be at least 0";
        QTest::newRow("arrow step 0") << QStringList{"flow", "--model", flow, img, img, "--flo", "OUT_FLO", "--arrows", "OUT_PNG", "--arrow-step", "0"} << 3 << "--arrow-step must be at least 1";
        QTest::newRow("ground truth of another size") << QStringList{"flow", "--model", flow, img, img, "--flo", "OUT_FLO", "--gt", "SMALL_GT"} << 3 << "is 3x2, the frames 64x96";
        QTest::newRow("2e9 chunks") << QStringList{"autoencode", "--model", fx("parity/multimodal_autoencoding"), "--chunks", "2000000000", img} << 3 << "between 1 and 65536";
        QTest::newRow("opacity nan") << QStringList{"attention", "--model", fx("parity/image_classification_learned"), "--image", img, "--opacity", "nan", "--out-dir", "OUT_DIR"} << 3 << "opacity must be between 0 and 1";
        QTest::newRow("100000 threads") << QStringList{"--threads", "100000", "version"} << 2 << "--threads takes 0 (all cores) to 1024";
    }
    void optionsOutOfRange() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, expected);
        const std::string dir = testutil::tempDir("cli-range");
        perceiver::FlowField small;
        small.width = 3;
        small.height = 2;
        small.uv.assign(12, 0.0f);
        perceiver::writeFlo(dir + "/small.flo", small);
        for (auto& a : args) {
            if (a == "OUT_FLO") a = QString::fromStdString(dir + "/out.flo");
            if (a == "OUT_PNG") a = QString::fromStdString(dir + "/out.png");
            if (a == "OUT_DIR") a = QString::fromStdString(dir + "/att");
            if (a == "SMALL_GT") a = QString::fromStdString(dir + "/small.flo");
        }
        const Result r = cli(args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        for (const char* f : {"/out.flo", "/out.png", "/att/overlay.png"})  // nothing written before the check
            QVERIFY2(!QFile::exists(QString::fromStdString(dir) + f), f);
    }

    void interruptedRunLeavesNoTemporary() {
        // SIGTERM while autoencode writes its MP4 (and SIGINT likewise): the hidden .part.mp4 file
        // goes with the process, the target never appears.
        const QString dir = QString::fromStdString(testutil::tempDir("cli-signal"));
        std::vector<perceiver::ImageU8> frames(400, perceiver::loadImage(fx("image_processor/rgb_64x96.png").toStdString()));
        perceiver::writeVideo((dir + "/long.mp4").toStdString(), frames, 25);
        for (const bool interrupt : {false, true}) {
            QProcess p;
            p.start(QStringLiteral(PERCEIVER_CLI), {"autoencode", "--model", fx("parity/multimodal_autoencoding"), dir + "/long.mp4",
                                                    "--out", dir + "/recon.mp4", "--chunks", "64"});
            QVERIFY(p.waitForStarted());
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir + "/.recon.mp4.part.mp4"), 60000);
            if (interrupt) ::kill(pid_t(p.processId()), SIGINT);
            else p.terminate();
            QVERIFY(p.waitForFinished(20000));
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);  // ended by the signal, after cleaning up
            const QStringList left = QDir(dir).entryList(QDir::Files | QDir::Hidden);
            QCOMPARE(left, QStringList{"long.mp4"});
        }
    }

    void usageErrorsExitWithTwo() {
        // The help says 2 for usage: an unknown option, a missing value, a wrong argument count.
        Result r = cli({"flow", "--arrow-step"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("option --arrow-step needs a value") && r.err.contains("see perceiver flow --help"), qPrintable(r.err));
        r = cli({"tokenize"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("tokenize takes one TEXT"), qPrintable(r.err));
        r = cli({});
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.contains("Commands:"));
    }

    void tokenize() {
        Result r = cli({"tokenize", "hi"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.trimmed(), QString("4,110,111,5"));
        r = cli({"tokenize", "--decode", "--no-special", "4,110,111,5"});
        QCOMPARE(r.out.trimmed(), QString("hi"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
