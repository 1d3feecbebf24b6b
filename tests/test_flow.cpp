// Flow research tools on constructed cases whose answers are known: the warp check, forward-
// backward consistency, KITTI's error image, masked EPE, comparison, correlation, point
// tracking, frame folders, the decoder's attention entropy and flow-eval on generated Sintel
// and KITTI datasets (resumed after a cancel).
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "common/error.h"
#include "common/progress.h"
#include "media/flow.h"
#include "media/flow_analysis.h"
#include "media/frame_sequence.h"
#include "media/image.h"
#include "model/model_factory.h"
#include "pipelines/flow_eval.h"
#include "pipelines/flow_views.h"
#include "pipelines/optical_flow.h"
#include "test_util.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

using namespace perceiver;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

FlowField constantFlow(int w, int h, float u, float v) {
    FlowField f;
    f.width = w;
    f.height = h;
    for (int i = 0; i < w * h; ++i) {
        f.uv.push_back(u);
        f.uv.push_back(v);
    }
    return f;
}

/// A texture of smooth random blobs (seeded), so the demo flow model can match it.
ImageU8 texture(int w, int h, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> U(0, 1);
    ImageU8 img = ImageU8::filled(w, h);
    std::vector<std::array<double, 6>> blobs;
    for (int i = 0; i < 40; ++i) blobs.push_back({U(rng) * w * 1.4 - 0.2 * w, U(rng) * h * 1.4 - 0.2 * h, 2 + 5 * U(rng), U(rng), U(rng), U(rng)});
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c) {
                double s = 40;
                for (const auto& b : blobs) s += 200 * b[3 + c] * std::exp(-((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1])) / (2 * b[2] * b[2]));
                img.at(x, y)[c] = static_cast<uint8_t>(std::clamp(s, 0.0, 255.0));
            }
    return img;
}

/// `img` moved by (dx, dy) whole pixels: out(x) = img(x - d), the edge repeated where it is uncovered.
ImageU8 shifted(const ImageU8& img, int dx, int dy) {
    ImageU8 out = img;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            const int sx = std::clamp(x - dx, 0, img.width - 1), sy = std::clamp(y - dy, 0, img.height - 1);
            std::copy(img.at(sx, sy), img.at(sx, sy) + 3, out.at(x, y));
        }
    return out;
}

std::string demoFlow() { return std::string(PERCEIVER_SOURCE_DIR) + "/resources/models/demo-flow"; }

/// The occluding square: a 10x10 square moving right by 4 px over a static background.
/// Returns forward and backward flows of a 40x30 frame.
std::pair<FlowField, FlowField> occludingSquare() {
    FlowField f = constantFlow(40, 30, 0, 0), b = constantFlow(40, 30, 0, 0);
    for (int y = 10; y < 20; ++y)
        for (int x = 10; x < 20; ++x) f.uv[(y * 40 + x) * 2] = 4;   // frame 1: the square at x 10..19
    for (int y = 10; y < 20; ++y)
        for (int x = 14; x < 24; ++x) b.uv[(y * 40 + x) * 2] = -4;  // frame 2: at x 14..23
    return {f, b};
}

}  // namespace

class TestFlow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A pure translation warps back to zero error; the pixels whose target leaves the frame
    // are counted, not scored. Sub-pixel: a linear ramp, which bilinear sampling reproduces.
    void warpTranslation_data() {
        QTest::addColumn<double>("dx");
        QTest::addColumn<double>("dy");
        QTest::newRow("right 3, down 2") << 3.0 << 2.0;
        QTest::newRow("left 4, up 1") << -4.0 << -1.0;
        QTest::newRow("none") << 0.0 << 0.0;
        QTest::newRow("half pixel on a ramp") << 2.5 << 0.0;
    }
    void warpTranslation() {
        QFETCH(double, dx);
        QFETCH(double, dy);
        const int W = 48, H = 32;
        const bool ramp = dx != std::floor(dx);
        ImageU8 a = texture(W, H, 7), b;
        if (ramp) {  // I1 = 2x + 10, I2(x) = I1(x - 2.5): integers, and linear, so bilinear is exact
            for (int y = 0; y < H; ++y)
                for (int x = 0; x < W; ++x) std::fill(a.at(x, y), a.at(x, y) + 3, static_cast<uint8_t>(2 * x + 10));
            b = a;
            for (int y = 0; y < H; ++y)
                for (int x = 0; x < W; ++x) std::fill(b.at(x, y), b.at(x, y) + 3, static_cast<uint8_t>(std::max(0.0, 2 * (x - dx) + 10)));
        } else {
            b = shifted(a, static_cast<int>(dx), static_cast<int>(dy));
        }
        const WarpCheck w = warpCheck(a, b, constantFlow(W, H, float(dx), float(dy)));
        QCOMPARE(w.mean_error, 0.0);
        const double inX = std::floor(W - std::fabs(dx)), inY = H - std::fabs(dy);  // targets inside [0, W-1] x [0, H-1]
        QCOMPARE(w.outside_fraction, 1.0 - inX * inY / (W * H));
        // The wrong flow (none) leaves the motion's error: the check sees it.
        if (dx != 0 || dy != 0) QVERIFY(warpCheck(a, b, constantFlow(W, H, 0, 0)).mean_error > 1.0);
    }

    // A flow and its exact inverse are fully consistent where a check is possible.
    void consistencyOfInverse() {
        const int W = 40, H = 30;
        const Consistency c = forwardBackwardConsistency(constantFlow(W, H, 3, -2), constantFlow(W, H, -3, 2));
        QCOMPARE(c.inconsistent, int64_t(0));
        QCOMPARE(c.inconsistent_fraction, 0.0);
        QCOMPARE(c.outside, int64_t(W * H - (W - 3) * (H - 2)));
        // The same flow twice (not its inverse) is inconsistent everywhere it can be checked.
        const Consistency bad = forwardBackwardConsistency(constantFlow(W, H, 3, -2), constantFlow(W, H, 3, -2));
        QCOMPARE(bad.inconsistent_fraction, 1.0);
    }

    // The occluding square: exactly the 4-px strip of background it covers is inconsistent.
    void consistencyOccludingSquare() {
        const auto [f, b] = occludingSquare();
        const Consistency c = forwardBackwardConsistency(f, b);
        QCOMPARE(c.inconsistent, int64_t(4 * 10));
        for (int y = 0; y < 30; ++y)
            for (int x = 0; x < 40; ++x) {
                const bool strip = y >= 10 && y < 20 && x >= 20 && x < 24;
                QCOMPARE(c.mask[y * 40 + x] == Consistency::Inconsistent, strip);
            }
        QCOMPARE(c.outside, int64_t(0));
        const ImageU8 overlay = consistencyOverlay(ImageU8::filled(40, 30, 100, 100, 100), c);
        QVERIFY(overlay.at(21, 15)[0] > 150 && overlay.at(21, 15)[1] < 100);  // red tint
        QCOMPARE(int(overlay.at(5, 5)[0]), 100);                               // untouched
    }

    // KITTI's colours: each error lands in its devkit bin, occluded pixels are halved, unknown black.
    void kittiErrorColours() {
        FlowField truth = constantFlow(5, 1, 10, 0), flow = truth;
        flow.uv[0 * 2 + 1] = 0.1f;  // EPE 0.1: n = min(0.033, 0.2) -> bin 0 (49, 54, 149)
        flow.uv[1 * 2 + 1] = 1.0f;  // EPE 1: n = min(0.33, 2) = 0.33 -> bin 3 (171, 217, 233)
        flow.uv[2 * 2 + 1] = 9.0f;  // EPE 9: n = min(3, 18) = 3 -> bin 6 (253, 174, 97): an Fl outlier
        flow.uv[3 * 2 + 1] = 9.0f;  // the same, occluded: halved
        truth.uv[4 * 2] = kNaN;     // unknown truth
        const ImageU8 img = kittiErrorImage(flow, truth, {1, 1, 1, 0, 1});
        auto rgb = [&](int x) { return std::array<int, 3>{img.at(x, 0)[0], img.at(x, 0)[1], img.at(x, 0)[2]}; };
        QCOMPARE(rgb(0), (std::array<int, 3>{49, 54, 149}));
        QCOMPARE(rgb(1), (std::array<int, 3>{171, 217, 233}));
        QCOMPARE(rgb(2), (std::array<int, 3>{253, 174, 97}));
        QCOMPARE(rgb(3), (std::array<int, 3>{126, 87, 48}));
        QCOMPARE(rgb(4), (std::array<int, 3>{0, 0, 0}));
        QVERIFY(endPointError(flow, truth).fl_all > 0);  // the same pixels are Fl-all outliers
    }

    // Non-occluded EPE leaves out the masked pixels; the difference of two flows is their EPE.
    void maskedEndPointErrorAndComparison() {
        FlowField truth = constantFlow(4, 1, 1, 0), flow = truth;
        flow.uv[3 * 2] = 5;  // one pixel 4 px off
        const EndPointError all = endPointError(flow, truth), noc = endPointError(flow, truth, {1, 1, 1, 0});
        QCOMPARE(all.mean, 1.0);
        QCOMPARE(noc.mean, 0.0);
        QCOMPARE(noc.valid, int64_t(3));
        const FlowField d = flowDifference(flow, truth);
        QCOMPARE(d.u(3, 0), 4.0f);
        QCOMPARE(d.u(0, 0), 0.0f);
        QCOMPARE(endPointError(flow, truth, {}).mean, all.mean);
        QVERIFY(testutil::errorOf([&] { endPointError(flow, truth, {1, 1}); }).contains("has 2 pixels, the flow 4"));
    }

    void correlation_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("pearson");
        QTest::addColumn<double>("spearman");
        QTest::newRow("the error itself") << 0 << 1.0 << 1.0;
        QTest::newRow("its cube: monotone") << 1 << -2.0 << 1.0;  // pearson < 1 (checked below)
        QTest::newRow("reversed") << 2 << -1.0 << -1.0;
    }
    void correlation() {
        QFETCH(int, kind);
        QFETCH(double, pearson);
        QFETCH(double, spearman);
        FlowField truth = constantFlow(6, 1, 0, 0), flow = truth;
        ScalarField s{6, 1, {}};
        for (int i = 0; i < 6; ++i) {
            flow.uv[i * 2] = float(i);  // error i
            s.values.push_back(kind == 0 ? float(i) : kind == 1 ? float(i * i * i) : float(-i));
        }
        const Correlation c = correlateWithError(s, flow, truth);
        QCOMPARE(c.pixels, int64_t(6));
        QVERIFY(std::fabs(c.spearman - spearman) < 1e-12);
        if (pearson > -1.5) QVERIFY(std::fabs(c.pearson - pearson) < 1e-12);
        else QVERIFY(c.pearson > 0.8 && c.pearson < 0.99);
    }

    // Tracks of a translating pattern move by the translation; they stop where the flow says
    // they leave the frame or are occluded.
    void trackTranslation() {
        const int W = 40, H = 30;
        PointTracker t(W, H, {{5.25, 10.5}, {30, 3}, {20, 15}});
        const FlowField f = constantFlow(W, H, 2.5f, -1.0f), back = constantFlow(W, H, -2.5f, 1.0f);
        for (int k = 0; k < 5; ++k) t.advance(f, &back);
        const Track& a = t.tracks()[0];
        QCOMPARE(int(a.xs.size()), 6);
        QVERIFY(!a.lost);
        for (int k = 0; k < 6; ++k) {
            QCOMPARE(a.xs[k], 5.25 + 2.5 * k);
            QCOMPARE(a.ys[k], 10.5 - 1.0 * k);
        }
        const Track& b = t.tracks()[1];  // y 3 -> 2 -> 1 -> 0 -> -1: lost on the fourth step
        QVERIFY(b.lost);
        QCOMPARE(b.reason, std::string("left the frame"));
        QCOMPARE(int(b.xs.size()), 4);
        // The occluding square: a background point in the covered strip stops there.
        const auto [sf, sb] = occludingSquare();
        PointTracker occ(40, 30, {{21, 15}, {12, 12}});
        occ.advance(sf, &sb);
        QVERIFY(occ.tracks()[0].lost);
        QCOMPARE(occ.tracks()[0].reason, std::string("occluded (forward-backward check)"));
        QCOMPARE(occ.tracks()[1].xs.back(), 16.0);  // on the square: moved with it
        // Without the check the occluded point runs on.
        PointTracker blind(40, 30, {{21, 15}});
        blind.advance(sf, nullptr);
        QVERIFY(!blind.tracks()[0].lost);
        QVERIFY(testutil::errorOf([] { PointTracker(40, 30, {{40.5, 2}}); }).contains("lies outside the 40x30 frame"));
        // CSV: one row per position, the loss with its reason.
        const std::string dir = testutil::tempDir("tracks");
        writeTracksCsv(dir + "/t.csv", t.tracks());
        std::ifstream in(dir + "/t.csv");
        const std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QVERIFY(csv.rfind("track,frame,x,y,status\n0,0,5.250,10.500,tracked\n", 0) == 0);
        QVERIFY(csv.find("1,4,,,lost: left the frame\n") != std::string::npos);
        const ImageU8 drawn = drawTracks(ImageU8::filled(W, H), t.tracks(), 5);
        QVERIFY(drawn.rgb != ImageU8::filled(W, H).rgb);
    }

    void parsePoints_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("count");  // -1: an error
        QTest::newRow("one") << "12.5,40" << 1;
        QTest::newRow("semicolons") << "1,2;3,4;5.5,6" << 3;
        QTest::newRow("spaces") << "1,2 3,4" << 2;
        QTest::newRow("no comma") << "12" << -1;
        QTest::newRow("junk") << "1,2x" << -1;
        QTest::newRow("empty") << "" << -1;
        QTest::newRow("nan") << "nan,1" << -1;
    }
    void parsePoints() {
        QFETCH(QString, text);
        QFETCH(int, count);
        if (count < 0) {
            QVERIFY(!testutil::errorOf([&] { perceiver::parsePoints(text.toStdString()); }).isEmpty());
            return;
        }
        QCOMPARE(int(perceiver::parsePoints(text.toStdString()).size()), count);
    }

    // Folders of frames read in natural order (frame_2 before frame_10), one size throughout.
    void frameFolder() {
        const std::string dir = testutil::tempDir("frames");
        for (int i : {10, 2, 1}) saveImage(dir + "/frame_" + std::to_string(i) + ".png", ImageU8::filled(8, 6, uint8_t(i)));
        std::ofstream(dir + "/notes.txt") << "not a frame";
        FrameSequence s(dir);
        QCOMPARE(s.frameCount(), int64_t(3));
        ImageU8 f;
        std::vector<int> order;
        while (s.read(f)) order.push_back(f.rgb[0]);
        QCOMPARE(order, (std::vector<int>{1, 2, 10}));
        QCOMPARE(s.frameName(2), std::string("frame_10"));
        QVERIFY(naturalLess("a9", "a10") && !naturalLess("a10", "a9") && naturalLess("a", "a1"));
        saveImage(dir + "/frame_11.png", ImageU8::filled(9, 6));
        FrameSequence bad(dir);
        QVERIFY(testutil::errorOf([&] { while (bad.read(f)) {} }).contains("frame_11.png' is 9x6, the first frame 8x6"));
        QVERIFY(testutil::errorOf([&] { FrameSequence(testutil::tempDir("empty")); }).contains("holds no image frames"));
    }

    // The entropy path (encode once, decode query chunks with maps) gives the same flow as the
    // plain forward, for any chunk size; the entropy is a normalised one in [0, 1].
    void entropyKeepsTheFlow() {
        LoadedModel m = loadModel(demoFlow());
        const ImageU8 a = texture(40, 30, 3), b = shifted(a, 1, 0);
        FlowOptions plain = defaultFlowOptions(*m.model);
        const FlowResult r = estimateFlow(*m.model, a, b, plain);
        QVERIFY(r.entropy.values.empty());
        for (int64_t chunk : {int64_t(100), int64_t(4096)}) {
            FlowOptions o = plain;
            o.entropy = true;
            o.query_chunk = chunk;
            const FlowResult e = estimateFlow(*m.model, a, b, o);
            QCOMPARE(int(e.entropy.values.size()), 40 * 30);
            double maxDiff = 0;
            for (size_t i = 0; i < r.flow.uv.size(); ++i) maxDiff = std::max(maxDiff, double(std::fabs(r.flow.uv[i] - e.flow.uv[i])));
            QVERIFY2(maxDiff < 1e-5, qPrintable(QString::number(maxDiff)));
            for (float v : e.entropy.values) QVERIFY(v >= 0 && v <= 1.0001f);
        }
    }

    // Every view the input allows, under its key; sizes checked.
    void analysisViews() {
        const auto [f, b] = occludingSquare();
        FlowViewInput in;
        in.first = texture(40, 30, 1);
        in.second = texture(40, 30, 2);
        in.flow = f;
        FlowAnalysis a = analyzeFlow(in);
        QCOMPARE(int(a.views.size()), 5);  // flow, arrows, magnitude, warped, warp_error
        in.backward = b;
        in.truth = f;
        in.other = b;
        in.entropy = ScalarField{40, 30, std::vector<float>(1200, 0.5f)};
        a = analyzeFlow(in);
        std::vector<std::string> keys;
        for (const auto& v : a.views) keys.push_back(v.key);
        QCOMPARE(keys, (std::vector<std::string>{"flow", "arrows", "magnitude", "warped", "warp_error", "consistency", "epe", "kitti_error",
                                                 "other", "difference", "entropy"}));
        QCOMPARE(a.consistency->inconsistent, int64_t(40));
        QCOMPARE(a.epe->mean, 0.0);
        QCOMPARE(*a.mean_entropy, 0.5);
        const nlohmann::json j = flowAnalysisJson(a);
        QCOMPARE(j["consistency"]["inconsistent_pixels"].get<int64_t>(), int64_t(40));
        in.truth = constantFlow(41, 30, 0, 0);
        QVERIFY(testutil::errorOf([&] { analyzeFlow(in); }).contains("the ground truth is 41x30, the flow 40x30"));
    }

    // flow-eval on generated datasets with known flow: each pair's numbers are estimateFlow's
    // with the flow verb's tiling; scenes and the total weight pixels alike; a cancelled run
    // resumes from its journal with the same report.
    void evaluateDatasets_data() {
        QTest::addColumn<QString>("format");
        QTest::newRow("sintel") << "sintel";
        QTest::newRow("kitti") << "kitti";
    }
    void evaluateDatasets() {
        QFETCH(QString, format);
        namespace fs = std::filesystem;
        const std::string root = testutil::tempDir("flowdata_" + format.toStdString());
        const int W = 40, H = 30;
        std::vector<std::pair<int, int>> motions = {{1, 0}, {0, 1}, {-1, 1}};
        if (format == "sintel") {
            for (int s = 0; s < 2; ++s) {
                const std::string scene = s == 0 ? "alley_1" : "bamboo_2";
                fs::create_directories(root + "/training/clean/" + scene);
                fs::create_directories(root + "/training/flow/" + scene);
                fs::create_directories(root + "/training/occlusions/" + scene);
                ImageU8 frame = texture(W, H, 10 + s);
                for (int i = 1; i <= 3; ++i) {  // frames 1..3: two pairs per scene
                    char name[32];
                    std::snprintf(name, sizeof name, "frame_%04d", i);
                    saveImage(root + "/training/clean/" + scene + "/" + name + ".png", frame);
                    if (i == 3) break;
                    const auto [dx, dy] = motions[(s + i) % 3];
                    writeFlo(root + "/training/flow/" + scene + "/" + name + ".flo", constantFlow(W, H, float(dx), float(dy)));
                    ImageU8 occ = ImageU8::filled(W, H);
                    for (int y = 0; y < H; ++y) std::fill(occ.at(0, y), occ.at(0, y) + 3, uint8_t(255));  // column 0 occluded
                    saveImage(root + "/training/occlusions/" + scene + "/" + name + ".png", occ);
                    frame = shifted(frame, dx, dy);
                }
            }
        } else {
            fs::create_directories(root + "/training/image_2");
            fs::create_directories(root + "/training/flow_occ");
            fs::create_directories(root + "/training/flow_noc");
            for (int i = 0; i < 3; ++i) {
                char id[16];
                std::snprintf(id, sizeof id, "%06d", i);
                const auto [dx, dy] = motions[i];
                const ImageU8 a = texture(W, H, 20 + i);
                saveImage(root + "/training/image_2/" + id + "_10.png", a);
                saveImage(root + "/training/image_2/" + id + "_11.png", shifted(a, dx, dy));
                FlowField occ = constantFlow(W, H, float(dx), float(dy)), noc = occ;
                for (int x = 0; x < W; ++x) occ.uv[x * 2] = kNaN;      // the top row has no ground truth (sparse, like LiDAR)
                for (int y = 0; y < H; ++y) noc.uv[(y * W) * 2] = kNaN;  // noc: neither has column 0
                for (int x = 0; x < W; ++x) noc.uv[x * 2] = kNaN;
                writeKittiFlow(root + "/training/flow_occ/" + id + "_10.png", occ);
                writeKittiFlow(root + "/training/flow_noc/" + id + "_10.png", noc);
            }
        }
        const FlowDataset f = detectFlowDataset(root);
        QCOMPARE(std::string(flowDatasetName(f)), format.toStdString());
        const std::vector<FlowEvalPair> pairs = findFlowPairs(root, f, "clean");
        QCOMPARE(int(pairs.size()), format == "sintel" ? 4 : 3);

        LoadedModel m = loadModel(demoFlow());
        FlowEvalOptions o;
        o.flow = defaultFlowOptions(*m.model);
        o.format = f;
        o.dataset = root;
        o.split = "clean";
        o.model_id = demoFlow();
        const FlowEvalReport full = evaluateFlowDataset(*m.model, pairs, o, nullptr);
        QCOMPARE(int(full.pairs.size()), int(pairs.size()));
        std::vector<EndPointError> parts;
        for (size_t i = 0; i < pairs.size(); ++i) {  // the flow verb's numbers, pair by pair
            const FlowResult r = estimateFlow(*m.model, loadImage(pairs[i].first), loadImage(pairs[i].second), defaultFlowOptions(*m.model));
            const EndPointError e = endPointError(r.flow, readFlowFile(pairs[i].truth));
            QCOMPARE(full.pairs[i].all.mean, e.mean);
            QCOMPARE(full.pairs[i].all.valid, int64_t(format == "sintel" ? W * H : W * (H - 1)));
            QCOMPARE(full.pairs[i].noc.valid, int64_t(format == "sintel" ? (W - 1) * H : (W - 1) * (H - 1)));
            QVERIFY2(e.mean < 0.6, qPrintable(QString::number(e.mean)));  // the demo model sees 1 px motion
            parts.push_back(e);
        }
        double sum = 0;
        int64_t n = 0;
        for (const auto& e : parts) sum += e.mean * e.valid, n += e.valid;
        QVERIFY(std::fabs(full.summary.all.mean - sum / n) < 1e-12);
        QCOMPARE(int(full.scenes.size()), format == "sintel" ? 2 : 1);
        QCOMPARE(full.scenes[0].pairs, int64_t(format == "sintel" ? 2 : 3));

        // Cancelled after the first pair, resumed: the same numbers, one pair from the journal.
        const std::string journal = root + "/report.json.partial";
        o.journal = journal;
        Progress progress;
        QVERIFY(testutil::errorOf([&] {
                    evaluateFlowDataset(*m.model, pairs, o, [&](const FlowPairMetrics&) { progress.cancel(); }, &progress);
                }).contains("ancel"));
        const FlowEvalReport resumed = evaluateFlowDataset(*m.model, pairs, o, nullptr);
        QCOMPARE(resumed.resumed, int64_t(1));
        QVERIFY(resumed.pairs[0].resumed && !resumed.pairs[1].resumed);
        for (size_t i = 0; i < pairs.size(); ++i) QCOMPARE(resumed.pairs[i].all.mean, full.pairs[i].all.mean);
        QCOMPARE(resumed.summary.all.mean, full.summary.all.mean);
        // A kill while a line was written: the torn line is skipped and what follows is read.
        {
            std::ifstream in(journal);
            std::vector<std::string> lines;
            for (std::string line; std::getline(in, line);) lines.push_back(line);
            QCOMPARE(int(lines.size()), 1 + int(pairs.size()));  // the header and one line per pair
            std::ofstream out(journal, std::ios::trunc);
            out << lines[0] << "\n" << lines[1] << "\n" << lines[2].substr(0, lines[2].size() / 2);  // no newline
        }
        QCOMPARE(evaluateFlowDataset(*m.model, pairs, o, nullptr).resumed, int64_t(1));
        const FlowEvalReport whole = evaluateFlowDataset(*m.model, pairs, o, nullptr);
        QCOMPARE(whole.resumed, int64_t(pairs.size()));
        QCOMPARE(whole.summary.all.mean, full.summary.all.mean);
        // Another tiling may not reuse those pairs.
        FlowEvalOptions other = o;
        other.flow.min_overlap += 2;
        QVERIFY(testutil::errorOf([&] { evaluateFlowDataset(*m.model, pairs, other, nullptr); }).contains("was written with min_overlap"));
        // Reports: JSON and CSV, atomic.
        writeFlowEvalReport(root + "/report.json", full);
        writeFlowEvalReport(root + "/report.csv", full);
        const nlohmann::json j = testutil::readJson(root + "/report.json");
        QCOMPARE(j["summary"]["epe"]["mean"].get<double>(), full.summary.all.mean);
        QCOMPARE(int(j["pairs"].size()), int(pairs.size()));
        std::ifstream csv(root + "/report.csv");
        int rows = 0;
        for (std::string line; std::getline(csv, line);) ++rows;
        QCOMPARE(rows, 1 + int(pairs.size()) + int(full.scenes.size()) + 1);
        // An incomplete dataset names the missing file.
        fs::remove(pairs.back().truth);
        QVERIFY(testutil::errorOf([&] { findFlowPairs(root, f, "clean"); }).contains("is missing"));
    }
};

QTEST_GUILESS_MAIN(TestFlow)
#include "test_flow.moc"
