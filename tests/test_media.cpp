// Media: decoding, the PIL-exact bicubic resampler and PerceiverImageProcessor against the
// fixtures of HF's own processor; broken files give clean errors.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "checkpoint/safetensors.h"
#include "checkpoint/torch_bin.h"
#include "common/error.h"
#include "media/flow.h"
#include "media/image.h"
#include "media/image_processor.h"
#include "media/audio.h"
#include "media/video.h"
#include "test_util.h"

#include <sys/stat.h>

#include <filesystem>
#include <cmath>
#include <fstream>

using namespace perceiver;

namespace {

void putBE32(std::string& s, uint32_t v) {
    for (int k = 3; k >= 0; --k) s += static_cast<char>((v >> (8 * k)) & 0xFF);
}

// A PNG chunk with its CRC (optionally wrong).
std::string pngChunk(const std::string& type, const std::string& data, bool badCrc = false) {
    std::string c;
    putBE32(c, static_cast<uint32_t>(data.size()));
    const std::string body = type + data;
    c += body;
    putBE32(c, perceiver::crc32(reinterpret_cast<const uint8_t*>(body.data()), body.size()) ^ (badCrc ? 1u : 0u));
    return c;
}

// 48 bytes that declare `width` x `height` RGB pixels: a decompression bomb's header (its
// IDAT need not even be valid, nothing is inflated before the size is refused).
std::string pngDeclaring(uint32_t width, uint32_t height, bool badCrc = false, bool iend = true) {
    std::string ihdr;
    putBE32(ihdr, width);
    putBE32(ihdr, height);
    ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
    std::string png("\x89PNG\r\n\x1a\n", 8);
    png += pngChunk("IHDR", ihdr, badCrc) + pngChunk("IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8));
    return iend ? png + pngChunk("IEND", "") : png;
}

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

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

    // The project's FFmpeg writer: MPEG-4 video with an AAC sine tone; read back by the decoders.
    void videoWithSoundRoundTrip() {
        const std::string dir = testutil::tempDir("av");
        std::vector<ImageU8> frames;
        for (int i = 0; i < 10; ++i) frames.push_back(ImageU8::filled(33, 20, static_cast<uint8_t>(20 * i), 100, 200));  // odd width
        AudioBuffer tone;
        tone.sample_rate = 16000;
        for (int i = 0; i < 16000; ++i) tone.samples.push_back(0.5f * std::sin(2 * M_PI * 440.0 * i / 16000));
        writeVideo(dir + "/clip.mp4", frames, 10, &tone);
        VideoReader r(dir + "/clip.mp4");
        ImageU8 f;
        int n = 0;
        while (r.read(f)) ++n;
        QCOMPARE(n, 10);
        QCOMPARE(f.width, 34);  // padded to an even size for MPEG-4
        const AudioBuffer back = decodeAudio(dir + "/clip.mp4", 48000);
        QCOMPARE(back.sample_rate, 48000);
        QVERIFY2(back.seconds() > 0.95 && back.seconds() < 1.2, qPrintable(QString::number(back.seconds())));
        // The tone survives: count zero crossings in the middle half second.
        int crossings = 0;
        for (size_t i = 12000; i < 36000; ++i) crossings += (back.samples[i - 1] < 0) != (back.samples[i] < 0);
        QVERIFY2(std::abs(crossings - 440) < 10, qPrintable(QString::number(crossings)));
        // No temporary file left behind.
        int files = 0;
        for (const auto& e : std::filesystem::directory_iterator(dir)) { (void)e; ++files; }
        QCOMPARE(files, 1);
        // Without a sound track: an empty buffer, not an error.
        writeVideo(dir + "/silent.mp4", frames, 10);
        QVERIFY(decodeAudio(dir + "/silent.mp4", 48000).empty());
    }

    void wavRoundTrip() {
        AudioBuffer a;
        a.sample_rate = 8000;
        for (int i = 0; i < 100; ++i) a.samples.push_back(std::sin(i * 0.1f) * 0.9f);
        const std::string path = testutil::tempDir("wav") + "/a.wav";
        writeWav(path, a);
        const AudioBuffer b = readWav(path);
        QCOMPARE(b.sample_rate, 8000);
        QCOMPARE(b.samples.size(), a.samples.size());
        for (size_t i = 0; i < a.samples.size(); ++i) QVERIFY(std::abs(a.samples[i] - b.samples[i]) < 1.0 / 16000);  // 16-bit quantisation
        // And FFmpeg reads our WAV, resampling it.
        QCOMPARE(decodeAudio(path, 16000).samples.size() / 10, size_t(200) / 10);
        // A sound file has no video stream: a clean media error.
        try {
            VideoReader r(path);
            ImageU8 f;
            r.read(f);
            QFAIL("a WAV file was read as video");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Media);
        }
    }

    void brokenMedia_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero bytes") << QByteArray() << "is empty (0 bytes)";
        QTest::newRow("text") << QByteArray("this is not a video at all, just text") << "cannot";
    }
    void brokenMedia() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const std::string path = testutil::tempDir("badav") + "/clip.mp4";
        std::ofstream(path, std::ios::binary).write(bytes.constData(), bytes.size());
        for (int which = 0; which < 2; ++which) {
            try {
                if (which == 0) decodeAudio(path, 48000);
                else VideoReader r(path);
                QFAIL("broken media accepted");
            } catch (const Error& e) {
                QCOMPARE(e.kind(), ErrorKind::Media);
                QVERIFY2(QString(e.what()).contains(expected), e.what());
            }
        }
    }

    void pathsThatAreNotFiles_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing") << "missing" << "does not exist";
        QTest::newRow("folder") << "folder" << "is a folder, not a file";  // was "does not exist"
        QTest::newRow("FIFO") << "fifo" << "is not a regular file (a FIFO, socket or device)";
    }
    void pathsThatAreNotFiles() {
        // Images, videos and sound say what the path is instead of "does not exist".
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const std::string path = testutil::tempDir("media-notfiles") + "/input.mp4";
        if (kind == "folder") std::filesystem::create_directories(path);
        if (kind == "fifo") QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
        for (const char* what : {"image file", "video file", "media file"}) {
            try {
                if (std::string(what) == "image file") loadImage(path);
                else if (std::string(what) == "video file") VideoReader r(path);
                else decodeAudio(path, 48000);
                QFAIL("accepted");
            } catch (const Error& e) {
                QCOMPARE(e.kind(), ErrorKind::Media);
                QVERIFY2(QString(e.what()).contains(QString(what) + " '" + QString::fromStdString(path) + "' " + expected), e.what());
            }
        }
    }

    void brokenFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero bytes") << QByteArray() << "x.png" << "is empty (0 bytes)";
        QTest::newRow("text as png") << QByteArray("hello, not an image") << "x.png" << "not a supported image";
        std::ifstream in(testutil::fixture("image_processor/rgb_300x200.png"), std::ios::binary);
        std::string png((std::istreambuf_iterator<char>(in)), {});
        QTest::newRow("truncated png") << QByteArray(png.data(), 60) << "x.png" << "truncated or corrupt: chunk 'IDAT' at byte 33";
        QTest::newRow("wrong extension") << QByteArray(png.data(), static_cast<int>(png.size())) << "x.jpg" << "";
        auto bytes = [](const std::string& s) { return QByteArray(s.data(), static_cast<int>(s.size())); };
        // Decompression bombs: refused from the header, before OpenCV allocates (a 48 KB PNG of
        // 20000 x 20000 took 3.3 GB to classify).
        QTest::newRow("png bomb") << bytes(pngDeclaring(20000, 20000)) << "x.png"
                                  << "PNG image '" "%1" "' declares 20000 x 20000 pixels (400.0 megapixels); images up to 67.1 megapixels";
        std::string bmp = "BM" + std::string(12, '\0');
        bmp += std::string("\x28\x00\x00\x00", 4) + std::string("\x30\x75\x00\x00", 4) + std::string("\xd0\x8a\xff\xff", 4) + std::string(30, '\0');
        QTest::newRow("bmp bomb, top-down") << bytes(bmp) << "x.bmp" << "declares 30000 x 30000 pixels";
        // Broken files get our one message, not libpng's own line on stderr first.
        QTest::newRow("png bad crc") << bytes(pngDeclaring(8, 8, true)) << "x.png" << "chunk 'IHDR' at byte 8 fails its CRC check";
        QTest::newRow("png without IEND") << bytes(pngDeclaring(8, 8, false, false)) << "x.png" << "before the IEND chunk";
        // A truncated JPEG decoded "successfully" with grey rows; now it is named as truncated.
        const std::string dir = testutil::tempDir("jpeg");
        saveImage(dir + "/whole.jpg", ImageU8::filled(64, 48, 200, 30, 90));
        const std::string jpeg = readBytes(dir + "/whole.jpg");
        QTest::newRow("whole jpeg") << bytes(jpeg) << "y.jpg" << "";
        QTest::newRow("truncated jpeg") << bytes(jpeg.substr(0, jpeg.size() * 2 / 3)) << "x.jpg"
                                        << "truncated: the JPEG data ends at byte " + QString::number(jpeg.size() * 2 / 3) + " before its end-of-image marker";
    }
    void brokenFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const std::string path = testutil::tempDir("broken") + "/" + file.toStdString();
        std::ofstream(path, std::ios::binary).write(bytes.constData(), bytes.size());
        if (expected.contains("%1")) expected = expected.arg(QString::fromStdString(path));
        try {
            const ImageU8 img = loadImage(path);
            QVERIFY2(expected.isEmpty(), "a broken file decoded");
            QCOMPARE(img.width, file == "y.jpg" ? 64 : 300);  // a PNG named .jpg decodes by content
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Media);
            QVERIFY2(!expected.isEmpty() && QString(e.what()).contains(expected), e.what());
            QVERIFY2(QString(e.what()).contains(QString::fromStdString(path)), e.what());
        }
    }

    // A sparse 2.5 GB file was read whole (4.2 GB RSS), then failed in an OpenCV assertion.
    void hugeImageFile() {
        const std::string path = testutil::tempDir("sparse") + "/huge.png";
        { std::ofstream(path, std::ios::binary).write("\x89PNG", 4); }
        std::filesystem::resize_file(path, (uint64_t(5) << 29));  // 2.5 GiB, no disk used
        try {
            loadImage(path);
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("is 2560 MiB; images up to 1024 MiB are read"), e.what());
        }
    }

    // A track far longer than asked for is decoded only as far as read(): the reader hands
    // out exactly the samples decodeAudio gives, window by window, with bounded memory.
    void audioReaderWindows() {
        const std::string dir = testutil::tempDir("audio-reader");
        AudioBuffer tone;
        tone.sample_rate = 16000;
        for (int i = 0; i < 16000 * 3; ++i) tone.samples.push_back(0.5f * std::sin(i * 0.05f));
        writeWav(dir + "/tone.wav", tone);
        const AudioBuffer whole = decodeAudio(dir + "/tone.wav", 8000);
        QVERIFY(whole.samples.size() > 23000);
        AudioReader reader(dir + "/tone.wav", 8000);
        QVERIFY(reader.hasAudio());
        std::vector<float> window;
        QCOMPARE(reader.read(window, 1000), size_t(1000));
        QCOMPARE(reader.skip(5000), size_t(5000));
        QCOMPARE(reader.read(window, 1000), size_t(1000));
        for (size_t i = 0; i < 1000; ++i) {
            QCOMPARE(window[i], whole.samples[i]);
            QCOMPARE(window[1000 + i], whole.samples[6000 + i]);
        }
        std::vector<float> rest;
        QCOMPARE(reader.read(rest, 1u << 30), whole.samples.size() - 7000);  // to the end, no further
        QCOMPARE(reader.read(rest, 10), size_t(0));
    }

    // KITTI's 16-bit flow PNG: written and read back to 1/64 px, invalid pixels as NaN (skipped
    // by the end-point error), an 8-bit PNG refused by name.
    void kittiFlowRoundTrip() {
        const std::string dir = testutil::tempDir("kitti");
        FlowField f;
        f.width = 5;
        f.height = 3;
        for (int i = 0; i < 15; ++i) {
            f.uv.push_back(0.37f * i - 2.0f);
            f.uv.push_back(-1.5f * i + 7.25f);
        }
        f.uv[2 * 7] = std::numeric_limits<float>::quiet_NaN();  // pixel (2, 1) unknown
        writeKittiFlow(dir + "/flow.png", f);
        const FlowField back = readKittiFlow(dir + "/flow.png");
        QCOMPARE(back.width, 5);
        QCOMPARE(back.height, 3);
        for (int i = 0; i < 15; ++i) {
            if (i == 7) {
                QVERIFY(std::isnan(back.uv[14]) && std::isnan(back.uv[15]));
                continue;
            }
            QVERIFY2(std::fabs(back.uv[2 * i] - f.uv[2 * i]) <= 0.5f / 64 && std::fabs(back.uv[2 * i + 1] - f.uv[2 * i + 1]) <= 0.5f / 64,
                     qPrintable(QString::number(i)));
        }
        QCOMPARE(endPointError(back, back).valid, int64_t(14));
        saveImage(dir + "/rgb8.png", ImageU8::filled(4, 4, 1, 2, 3));
        try {
            readKittiFlow(dir + "/rgb8.png");
            QFAIL("accepted an 8-bit PNG");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("is not a 16-bit RGB PNG (3 channels of 8 bits)"), e.what());
        }
        f.uv[0] = 600.0f;
        try {
            writeKittiFlow(dir + "/big.png", f);
            QFAIL("wrote 600 px");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("exceeds KITTI's +-512 px range"), e.what());
        }
        QVERIFY(!std::filesystem::exists(dir + "/big.png"));
    }

    // The standard numbers on a field built so each is known: 10 pixels, truth speeds 2 / 20 /
    // 50 px, errors 0.5 / 2 / 4 / 6 px, one pixel unknown.
    void endPointErrorStatistics() {
        FlowField truth, flow;
        truth.width = flow.width = 10;
        truth.height = flow.height = 1;
        const float speed[10] = {2, 2, 2, 2, 20, 20, 20, 50, 50, 0};
        const float error[10] = {0.5f, 0.5f, 2, 6, 0.5f, 4, 6, 2, 4, 0};
        for (int i = 0; i < 10; ++i) {
            truth.uv.push_back(speed[i]);
            truth.uv.push_back(0);
            flow.uv.push_back(speed[i]);
            flow.uv.push_back(error[i]);  // an error across the motion: EPE = error
        }
        truth.uv[18] = std::numeric_limits<float>::quiet_NaN();  // pixel 9 unknown
        const EndPointError e = endPointError(flow, truth);
        QCOMPARE(e.valid, int64_t(9));
        QCOMPARE(e.mean, (0.5 + 0.5 + 2 + 6 + 0.5 + 4 + 6 + 2 + 4) / 9.0);
        QCOMPARE(e.max, 6.0);
        QCOMPARE(e.acc1, 3 / 9.0);
        QCOMPARE(e.acc3, 5 / 9.0);
        QCOMPARE(e.acc5, 7 / 9.0);
        // Fl-all: EPE > 3 px and > 5 % of |truth|: 6 @ 2, 4 @ 20, 6 @ 20 (4 @ 50 is 8 %: counts too) = 4.
        QCOMPARE(e.fl_all, 4 / 9.0);
        QCOMPARE(e.n0_10, int64_t(4));
        QCOMPARE(e.n10_40, int64_t(3));
        QCOMPARE(e.n40_plus, int64_t(2));
        QCOMPARE(e.s0_10, (0.5 + 0.5 + 2 + 6) / 4.0);
        QCOMPARE(e.s10_40, (0.5 + 4 + 6) / 3.0);
        QCOMPARE(e.s40_plus, 3.0);
        // A KITTI PNG is read as ground truth by its extension.
        const std::string dir = testutil::tempDir("gt");
        writeKittiFlow(dir + "/gt.png", truth);
        writeFlo(dir + "/gt.flo", truth);
        QCOMPARE(endPointError(flow, readFlowFile(dir + "/gt.png")).valid, int64_t(9));
        QCOMPARE(endPointError(flow, readFlowFile(dir + "/gt.flo")).mean, e.mean);
    }
};

QTEST_GUILESS_MAIN(TestMedia)
#include "test_media.moc"
