// Media: decoding, the PIL-exact bicubic resampler and PerceiverImageProcessor against the
// fixtures of HF's own processor; broken files give clean errors.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "checkpoint/safetensors.h"
#include "common/error.h"
#include "media/image.h"
#include "media/image_processor.h"
#include "test_util.h"

#include <filesystem>
#include <fstream>

using namespace perceiver;

namespace {

ImageU8 fromTensor(const torch::Tensor& hwc) {
    ImageU8 img;
    img.height = static_cast<int>(hwc.size(0));
    img.width = static_cast<int>(hwc.size(1));
    const auto c = hwc.contiguous();
    img.rgb.assign(c.data_ptr<uint8_t>(), c.data_ptr<uint8_t>() + c.numel());
    return img;
}

}  // namespace

class TestMedia : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void imageProcessorMatchesHf_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : {"rgb_300x200", "rgb_64x96", "rgb_640x480", "gray_120x90"}) QTest::newRow(n) << n;
    }
    void imageProcessorMatchesHf() {
        QFETCH(QString, name);
        auto io = SafetensorsFile::open(testutil::fixture("image_processor/io.safetensors"));
        const std::string n = name.toStdString();
        // Decoding the PNG gives exactly PIL's convert("RGB") pixels.
        const ImageU8 decoded = loadImage(testutil::fixture("image_processor/" + n + ".png"));
        const ImageU8 reference = fromTensor(io->tensor("in." + n));
        QCOMPARE(decoded.width, reference.width);
        QCOMPARE(decoded.height, reference.height);
        QVERIFY(decoded.rgb == reference.rgb);
        // The processor: PIL-exact resize, so float32-level agreement.
        const std::vector<float> got = preprocessImage(decoded);
        const torch::Tensor t = torch::from_blob(const_cast<float*>(got.data()), {3, 224, 224}, torch::kFloat);
        const std::string err = testutil::compareTensors(t, io->tensor("out.pixel_values." + n), 1e-6, 0);
        QVERIFY2(err.empty(), err.c_str());
    }

    void centerCropGeometry() {
        const auto meta = testutil::readJson(testutil::fixture("image_processor/meta.json"));
        for (const auto& [name, info] : meta["images"].items()) {
            const auto hw = info["size_hw"].get<std::vector<int>>();
            const auto [left, top, side] = perceiverCenterCrop(hw[1], hw[0]);
            QCOMPARE(side, info["center_crop_hw"][0].get<int>());
            QCOMPARE(top, info["crop_top_left"][0].get<int>());
            QCOMPARE(left, info["crop_top_left"][1].get<int>());
        }
    }

    void resizeUpAndDownKeepsFlatColour() {
        const ImageU8 flat = ImageU8::filled(37, 23, 200, 10, 99);
        for (auto [w, h] : std::vector<std::pair<int, int>>{{224, 224}, {5, 3}, {37, 60}, {80, 23}}) {
            const ImageU8 r = resizeBicubicPil(flat, w, h);
            QCOMPARE(r.width, w);
            QCOMPARE(r.height, h);
            for (size_t i = 0; i < r.rgb.size(); i += 3) QVERIFY(r.rgb[i] == 200 && r.rgb[i + 1] == 10 && r.rgb[i + 2] == 99);
        }
    }

    void pngRoundTrip() {
        ImageU8 img = ImageU8::filled(5, 4);
        for (size_t i = 0; i < img.rgb.size(); ++i) img.rgb[i] = static_cast<uint8_t>(i * 7);
        const std::string path = testutil::tempDir("png") + "/x.png";
        saveImage(path, img);
        const ImageU8 back = loadImage(path);
        QVERIFY(back.rgb == img.rgb);
    }

    void brokenFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero bytes") << QByteArray() << "x.png" << "is empty (0 bytes)";
        QTest::newRow("text as png") << QByteArray("hello, not an image") << "x.png" << "not a supported image";
        std::ifstream in(testutil::fixture("image_processor/rgb_300x200.png"), std::ios::binary);
        std::string png((std::istreambuf_iterator<char>(in)), {});
        QTest::newRow("truncated png") << QByteArray(png.data(), 60) << "x.png" << "cannot decode image";
        QTest::newRow("wrong extension") << QByteArray(png.data(), static_cast<int>(png.size())) << "x.jpg" << "";
    }
    void brokenFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const std::string path = testutil::tempDir("broken") + "/" + file.toStdString();
        std::ofstream(path, std::ios::binary).write(bytes.constData(), bytes.size());
        try {
            const ImageU8 img = loadImage(path);
            QVERIFY2(expected.isEmpty(), "a broken file decoded");
            QCOMPARE(img.width, 300);  // a PNG named .jpg decodes by content
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Media);
            QVERIFY2(!expected.isEmpty() && QString(e.what()).contains(expected), e.what());
            QVERIFY2(QString(e.what()).contains(QString::fromStdString(path)), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestMedia)
#include "test_media.moc"
