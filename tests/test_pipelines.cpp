// Task pipelines on the small fixture models: shapes, consistency with a direct forward pass
// prepared as the demos do, and specific errors.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "common/error.h"
#include "common/runtime.h"
#include "media/image.h"
#include "media/image_processor.h"
#include "model/model_factory.h"
#include "pipelines/attention.h"
#include "pipelines/autoencode.h"
#include "media/audio.h"
#include "pipelines/classify.h"
#include "pipelines/classify_text.h"
#include "checkpoint/safetensors.h"
#include "pipelines/fill_mask.h"
#include "pipelines/optical_flow.h"
#include "media/flow.h"
#include "media/video.h"
#include "test_inputs.h"
#include "test_util.h"
#include "tokenizer/tokenizer.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace perceiver;
using testutil::errorOf;
using testutil::fixtureModel;
using testutil::texture;

namespace {

torch::Tensor flowTensor(const FlowField& f) {
    return torch::from_blob(const_cast<float*>(f.uv.data()), {f.height, f.width, 2}, torch::kFloat).clone();
}

// The demo's compute_optical_flow loop, written independently for the test.
torch::Tensor demoFlow(TaskModel& model, const ImageU8& a, const ImageU8& b, int minOverlap) {
    const int th = static_cast<int>(model.config.train_size[0]), tw = static_cast<int>(model.config.train_size[1]);
    auto toT = [](const ImageU8& i) {
        return torch::from_blob(const_cast<uint8_t*>(i.rgb.data()), {i.height, i.width, 3}, torch::kUInt8).permute({2, 0, 1}).to(torch::kFloat) / 255 * 2 - 1;
    };
    const torch::Tensor imgs = torch::stack({toT(a), toT(b)}).unsqueeze(0);  // (1, 2, 3, H, W)
    const int H = a.height, W = a.width;
    std::vector<int> ys, xs;
    for (int y = 0; y < H - th; y += th - minOverlap) ys.push_back(y);
    ys.push_back(H - th);
    for (int x = 0; x < W - tw; x += tw - minOverlap) xs.push_back(x);
    xs.push_back(W - tw);
    torch::Tensor flows = torch::zeros({1, H, W, 2}), count = torch::zeros({1, H, W, 1});
    c10::InferenceMode guard;
    for (int y : ys)
        for (int x : xs) {
            torch::Tensor piece = imgs.index({"...", torch::indexing::Slice(y, y + th), torch::indexing::Slice(x, x + tw)}).reshape({2, 3, th, tw});
            torch::Tensor p = torch::nn::functional::pad(piece, torch::nn::functional::PadFuncOptions({1, 1, 1, 1}));
            p = p.unfold(2, 3, 1).unfold(3, 3, 1).permute({0, 4, 5, 1, 2, 3}).contiguous().view({1, 2, 27, th, tw});
            ModelInputs in;
            in.inputs.tensor = p;
            const torch::Tensor out = model.forward(in, {}).logits * 20;
            const torch::Tensor gx = torch::arange(tw).unsqueeze(0).expand({th, tw}).to(torch::kFloat);
            const torch::Tensor gy = torch::arange(th).unsqueeze(1).expand({th, tw}).to(torch::kFloat);
            const torch::Tensor w = torch::minimum(torch::minimum(gx + 1, tw - gx), torch::minimum(gy + 1, th - gy)).unsqueeze(0).unsqueeze(-1);
            flows.index({torch::indexing::Slice(), torch::indexing::Slice(y, y + th), torch::indexing::Slice(x, x + tw)}) += out * w;
            count.index({torch::indexing::Slice(), torch::indexing::Slice(y, y + th), torch::indexing::Slice(x, x + tw)}) += w;
        }
    return (flows / count)[0];
}

}  // namespace

class TestPipelines : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { perceiver::setThreads(2); }  // as the apps run: 2 threads, denormals flushed

    // The set-up installs OpenBLAS: LibTorch must not run on the reference BLAS (10x slower).
    void fastBlas() {
        const std::string lib = blasLibrary();
        QVERIFY2(!lib.empty(), "no BLAS library mapped after a matmul");
        QVERIFY2(!referenceBlas(), lib.c_str());
        QVERIFY(QString::fromStdString(runtimeSummary()).contains(QString::fromStdString(lib)));
    }

    // Unpadded input gives what the demo's padded-to-max_position_embeddings input gives.
    void fillMaskMatchesPaddedDemoInput() {
        LoadedModel m = fixtureModel("masked_lm");
        const std::string text = "The [MASK][MASK]t sat";
        const FillMaskResult r = fillMask(*m.model, text, 4);
        QCOMPARE(r.masks.size(), size_t(2));
        QCOMPARE(r.masks[0].byte_index, int64_t(4));
        QCOMPARE(r.masks[1].byte_index, int64_t(5));
        for (const auto& mk : r.masks) {
            QCOMPARE(mk.candidates.size(), size_t(4));
            for (size_t i = 1; i < mk.candidates.size(); ++i) QVERIFY(mk.candidates[i - 1].probability >= mk.candidates[i].probability);
        }
        // Demo-style: pad to max_position_embeddings with [PAD] and an attention mask.
        const auto enc = PerceiverTokenizer().encodeBatch({text}, {PerceiverTokenizer::Padding::MaxLength,
                                                                   static_cast<size_t>(m.config.max_position_embeddings), false, true});
        ModelInputs in;
        in.inputs.tensor = torch::tensor(enc.input_ids[0], torch::kLong).unsqueeze(0);
        in.attention_mask = torch::tensor(enc.attention_mask[0], torch::kLong).unsqueeze(0);
        c10::InferenceMode guard;
        const auto probs = torch::softmax(m.model->forward(in, {}).logits[0].to(torch::kDouble), -1);
        for (const auto& mk : r.masks) {
            QCOMPARE(probs[mk.token_index].argmax().item<int64_t>(), mk.candidates[0].id);
            QVERIFY(std::abs(probs[mk.token_index][mk.candidates[0].id].item<double>() - mk.candidates[0].probability) < 1e-5);
        }
        // The filled text is the input with the best bytes in place of the masks.
        std::vector<int64_t> ids = r.input_ids;
        for (const auto& mk : r.masks) ids[mk.token_index] = mk.candidates[0].id;
        QCOMPARE(QString::fromStdString(r.filled_text),
                 QString::fromStdString(PerceiverTokenizer().decode(std::vector<int64_t>(ids.begin() + 1, ids.end() - 1), true, false)));
    }

    void maskByteRangesOnUtf8() {
        QCOMPARE(QString::fromStdString(maskByteRanges("caf\xc3\xa9!", {{3, 5}})), QString("caf[MASK][MASK]!"));
        QVERIFY(errorOf([] { maskByteRanges("abc", {{2, 9}}); }).contains("outside the 3-byte text"));
    }

    void fillMaskErrors() {
        LoadedModel m = fixtureModel("masked_lm");
        QVERIFY(errorOf([&] { fillMask(*m.model, "no mask here"); }).contains("has no [MASK]"));
        QVERIFY(errorOf([&] { fillMask(*m.model, std::string(100, 'x') + "[MASK]"); }).contains("reads at most 62"));
        LoadedModel other = fixtureModel("sequence_classification");
        QVERIFY(errorOf([&] { fillMask(*other.model, "a[MASK]"); }).contains("needs a PerceiverForMaskedLM"));
    }

    // classifyText on the texts of HF's own run (the fixture's two rows, one padded there, fed
    // unpadded here): the scores are HF's logits through softmax, sigmoid or nothing, as
    // problem_type says, within the logits' tolerance (|dp| <= |dlogit| for either function).
    void classifyTextMatchesReference_data() {
        QTest::addColumn<QString>("problem");  // "" = none (3 labels: single-label)
        QTest::addColumn<int>("row");
        for (int row : {0, 1}) {
            const QByteArray r = "row " + QByteArray::number(row);
            QTest::newRow(r + " no problem_type") << "" << row;
            QTest::newRow(r + " single") << "single_label_classification" << row;
            QTest::newRow(r + " multi") << "multi_label_classification" << row;
            QTest::newRow(r + " regression") << "regression" << row;
        }
    }
    void classifyTextMatchesReference() {
        QFETCH(QString, problem);
        QFETCH(int, row);
        const std::string dir = testutil::fixture("parity/sequence_classification");
        const auto io = SafetensorsFile::open(dir + "/io.safetensors");
        const torch::Tensor ids = io->tensor("in.inputs")[row], mask = io->tensor("in.attention_mask")[row];
        const torch::Tensor logits = io->tensor("out.logits")[row].to(torch::kDouble);  // (3): HF's
        std::string text;  // the row's bytes between [CLS] and [SEP]
        for (int64_t i = 1; i < mask.sum().item<int64_t>() - 1; ++i) text += static_cast<char>(ids[i].item<int64_t>() - PerceiverTokenizer::kByteOffset);
        LoadedModel m = loadModel(dir);
        if (!problem.isEmpty()) m.model->config.problem_type = problem.toStdString();
        TextClassifyOptions o;
        o.top_k = 3;
        o.threshold = 0.55;
        const TextClassifyResult r = classifyText(*m.model, text, o);
        QCOMPARE(r.dropped_bytes, int64_t(0));
        QVERIFY(r.notices.empty());
        QCOMPARE(r.input_ids.size(), size_t(mask.sum().item<int64_t>()));
        const TextClassKind kind = problem == "multi_label_classification" ? TextClassKind::MultiLabel
                                   : problem == "regression"               ? TextClassKind::Regression
                                                                           : TextClassKind::SingleLabel;
        QCOMPARE(int(r.kind), int(kind));
        const torch::Tensor expected = kind == TextClassKind::SingleLabel ? torch::softmax(logits, 0)
                                       : kind == TextClassKind::MultiLabel ? torch::sigmoid(logits)
                                                                           : logits;
        const double atol = testutil::readJson(dir + "/meta.json")["atol_per_output"]["out.logits"].get<double>();
        QCOMPARE(r.values.size(), size_t(3));
        QCOMPARE(r.top.size(), size_t(3));
        for (int i = 0; i < 3; ++i) QVERIFY2(std::abs(r.values[i] - expected[i].item<double>()) <= atol, qPrintable(QString::number(i)));
        for (size_t j = 1; j < r.top.size(); ++j) QVERIFY(r.top[j - 1].probability >= r.top[j].probability);
        QCOMPARE(r.top[0].index, expected.argmax().item<int64_t>());
        QCOMPARE(QString::fromStdString(r.top[0].label), QString::fromStdString(m.config.label(r.top[0].index)));
        std::vector<std::string> predicted;  // single: the top; multi: at or over 0.55, best first
        if (kind == TextClassKind::SingleLabel) predicted.push_back(r.top[0].label);
        if (kind == TextClassKind::MultiLabel)
            for (const auto& c : r.top)
                if (expected[c.index].item<double>() >= 0.55) predicted.push_back(c.label);
        QCOMPARE(r.predicted, predicted);
    }

    // Past max_position_embeddings - 2 bytes the text is cut as HF's tokenizer cuts it with
    // truncation=True: the first bytes, then [SEP]; the result says how many bytes were left out.
    void classifyTextTruncatesLongText() {
        LoadedModel m = fixtureModel("sequence_classification");  // 64 positions: 62 bytes
        std::string text;
        for (int i = 0; i < 100; ++i) text += static_cast<char>('a' + i % 26);
        const TextClassifyResult r = classifyText(*m.model, text);
        QCOMPARE(r.text_bytes, int64_t(100));
        QCOMPARE(r.dropped_bytes, int64_t(38));
        QCOMPARE(r.input_ids.size(), size_t(64));
        QCOMPARE(r.input_ids.front(), PerceiverTokenizer::kCls);
        QCOMPARE(r.input_ids.back(), PerceiverTokenizer::kSep);
        PerceiverTokenizer::EncodeOptions cut;  // the tokenizer's own truncation=True, max_length=64
        cut.truncation = true;
        cut.max_length = 64;
        QCOMPARE(r.input_ids, PerceiverTokenizer().encodeBatch({text}, cut).input_ids.at(0));
        QCOMPARE(r.notices.size(), size_t(1));
        QVERIFY2(QString::fromStdString(r.notices[0]).contains("reads its first 62: the last 38 were left out"), r.notices[0].c_str());
        const TextClassifyResult first = classifyText(*m.model, text.substr(0, 62));  // what was read: the same scores
        QCOMPARE(first.dropped_bytes, int64_t(0));
        for (size_t i = 0; i < r.values.size(); ++i) QCOMPARE(r.values[i], first.values[i]);
        QVERIFY(first.values != classifyText(*m.model, text.substr(38)).values);  // (the text's end would differ)
        // The inspector reads the same bytes (one rule for the classifier's input).
        QCOMPARE(attendText(*m.model, text).token_ids, r.input_ids);
        // A masked LM is not cut: its masks could be past the limit.
        LoadedModel lm = fixtureModel("masked_lm");
        QVERIFY(errorOf([&] { attendText(*lm.model, text + "[MASK]"); }).contains("reads at most 62"));
    }

    void classifyTextErrors() {
        LoadedModel m = fixtureModel("sequence_classification");
        TextClassifyOptions o;
        o.threshold = 1.5;
        QVERIFY(errorOf([&] { classifyText(*m.model, "text", o); }).contains("threshold must be between 0 and 1"));
        o.threshold = std::nan("");
        QVERIFY(errorOf([&] { classifyText(*m.model, "text", o); }).contains("threshold must be between 0 and 1"));
        LoadedModel lm = fixtureModel("masked_lm");
        QVERIFY(errorOf([&] { classifyText(*lm.model, "text"); }).contains("needs a PerceiverForSequenceClassification, this model is a PerceiverForMaskedLM"));
        // No problem_type: one output is a regression (HF's loss rule), several are single-label.
        PerceiverConfig c = m.config;
        QCOMPARE(int(textClassKind(c)), int(TextClassKind::SingleLabel));
        c.setNumLabels(1);
        QCOMPARE(int(textClassKind(c)), int(TextClassKind::Regression));
        c.problem_type = "multi_label_classification";
        QCOMPARE(int(textClassKind(c)), int(TextClassKind::MultiLabel));
    }

    void classifyEachClassifier_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("side");
        QTest::newRow("learned") << "image_classification_learned" << 10;  // config.image_size
        QTest::newRow("fourier") << "image_classification_fourier" << 224;
        QTest::newRow("conv") << "image_classification_conv" << 224;
    }
    void classifyEachClassifier() {
        QFETCH(QString, name);
        QFETCH(int, side);
        LoadedModel m = fixtureModel(name.toStdString());
        const ImageU8 img = loadImage(testutil::fixture("image_processor/rgb_640x480.png"));
        const ClassifyResult r = classifyImage(*m.model, img, 3);
        QCOMPARE(r.model_view.width, side);
        QCOMPARE(r.top.size(), size_t(3));
        double sum = 0;
        for (const auto& c : r.top) sum += c.probability;
        QVERIFY(sum <= 1.0 + 1e-9 && r.top[0].probability >= r.top[1].probability);
        QCOMPARE(QString::fromStdString(r.top[0].label), QString("LABEL_%1").arg(r.top[0].index));
        // Same as feeding the processor's pixel_values directly.
        ImageProcessorOptions o;
        o.size = side;
        o.crop_size = side * 256.0 / 224.0;
        std::vector<float> chw = preprocessImage(img, o);
        ModelInputs in;
        in.inputs.tensor = torch::from_blob(chw.data(), {1, 3, side, side}, torch::kFloat);
        c10::InferenceMode guard;
        const auto probs = torch::softmax(m.model->forward(in, {}).logits[0].to(torch::kDouble), -1);
        QVERIFY(std::abs(probs[r.top[0].index].item<double>() - r.top[0].probability) < 1e-9);
    }

    void flowTileStarts_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<QVector<int>>("starts");
        QTest::newRow("one window") << 368 << QVector<int>{0};
        QTest::newRow("two") << 436 << QVector<int>{0, 68};
        QTest::newRow("three") << 1000 << QVector<int>{0, 348, 632};
    }
    void flowTileStarts() {
        QFETCH(int, size);
        QFETCH(QVector<int>, starts);
        const auto got = perceiver::flowTileStarts(size, 368, 20);
        QCOMPARE(QVector<int>(got.begin(), got.end()), starts);
    }

    // One window covering the frame: exactly the model's output x 20.
    void flowSingleWindowEqualsModel() {
        LoadedModel m = fixtureModel("optical_flow");  // train_size 12 x 16
        const ImageU8 a = texture(16, 12), b = texture(16, 12, 1, 0);
        const FlowResult r = estimateFlow(*m.model, a, b);
        QCOMPARE(r.tile_ys.size() * r.tile_xs.size(), size_t(1));
        const std::string err = testutil::compareTensors(flowTensor(r.flow), demoFlow(*m.model, a, b, 20), 1e-6, 1e-6);
        QVERIFY2(err.empty(), err.c_str());
    }

    // Larger frames: the tiled, blended flow equals the demo's loop; batching tiles changes nothing.
    void flowTilingMatchesDemo_data() {
        QTest::addColumn<int>("batch");
        QTest::newRow("one window per pass") << 1;
        QTest::newRow("four windows per pass") << 4;
    }
    void flowTilingMatchesDemo() {
        QFETCH(int, batch);
        LoadedModel m = fixtureModel("optical_flow");
        const ImageU8 a = texture(41, 30), b = texture(41, 30, 2, 1);
        FlowOptions o;
        o.min_overlap = 5;
        o.tile_batch = batch;
        const FlowResult r = estimateFlow(*m.model, a, b, o);
        QVERIFY(r.tile_ys.size() > 1 && r.tile_xs.size() > 1);
        const std::string err = testutil::compareTensors(flowTensor(r.flow), demoFlow(*m.model, a, b, 5), 1e-5, 1e-5);
        QVERIFY2(err.empty(), err.c_str());
    }

    // Frames of several windows: a first look (the pair scaled down to one window, its flow
    // scaled back up), then the windows as they are blended over it, at most 8 times spread
    // over the 16 windows; the result is the same to the bit, a pair of one window and the
    // flow 2 -> 1 show nothing (fails when the first look is not the scaled-down flow, or a
    // preview is missing, extra or comes after the result).
    void flowPreviewsFirstLookThenWindows() {
        LoadedModel m = fixtureModel("optical_flow");  // train_size 12 x 16
        const ImageU8 a = texture(41, 30), b = texture(41, 30, 2, 1);
        FlowOptions o;
        o.min_overlap = 5;
        const FlowResult plain = estimateFlow(*m.model, a, b, o);
        const int windows = static_cast<int>(plain.tile_ys.size() * plain.tile_xs.size());
        QCOMPARE(windows, 16);
        std::vector<FlowPreview> previews;
        o.preview = [&](const FlowPreview& p) { previews.push_back(p); };
        o.backward = true;
        const FlowResult r = estimateFlow(*m.model, a, b, o);
        QVERIFY(r.flow.uv == plain.flow.uv);
        // The first look, then after windows 1, 3, ..., 15 (ceil(8 e / 16) rises; never the last).
        const std::vector<int> done{0, 1, 3, 5, 7, 9, 11, 13, 15};
        QCOMPARE(previews.size(), done.size());
        for (size_t i = 0; i < done.size(); ++i) {
            QCOMPARE(previews[i].windows_done, done[i]);
            QCOMPARE(previews[i].windows, windows);
            QCOMPARE(previews[i].flow.width, 41);
            QCOMPARE(previews[i].flow.height, 30);
        }
        // The first look: 41 x 30 fits 12 x 16 at 0.39 -> 16 x 12; upsampled, u x 41/16, v x 30/12.
        const FlowResult small = estimateFlow(*m.model, resizeBicubicPil(a, 16, 12), resizeBicubicPil(b, 16, 12));
        torch::Tensor up = torch::nn::functional::interpolate(
            flowTensor(small.flow).permute({2, 0, 1}).unsqueeze(0),
            torch::nn::functional::InterpolateFuncOptions().size(std::vector<int64_t>{30, 41}).mode(torch::kBilinear).align_corners(false))[0];
        up = torch::stack({up[0] * (41.0 / 16), up[1] * (30.0 / 12)}, -1);
        std::string err = testutil::compareTensors(flowTensor(previews[0].flow), up, 1e-6, 1e-6);
        QVERIFY2(err.empty(), err.c_str());
        // The last preview lacks only the last window: the result outside it, the first look
        // where no other window reaches.
        const int ly = plain.tile_ys.back(), lx = plain.tile_xs.back();
        const torch::Tensor last = flowTensor(previews.back().flow), result = flowTensor(plain.flow);
        QVERIFY(torch::equal(last.slice(0, 0, ly), result.slice(0, 0, ly)));
        QVERIFY(torch::equal(last.slice(1, 0, lx), result.slice(1, 0, lx)));
        const int otherY = plain.tile_ys[plain.tile_ys.size() - 2] + 12, otherX = plain.tile_xs[plain.tile_xs.size() - 2] + 16;
        QVERIFY(torch::equal(last.slice(0, otherY).slice(1, otherX), flowTensor(previews[0].flow).slice(0, otherY).slice(1, otherX)));
        QVERIFY(!torch::equal(last.slice(0, ly).slice(1, lx), result.slice(0, ly).slice(1, lx)));
        // One window: nothing to preview.
        previews.clear();
        (void)estimateFlow(*m.model, texture(16, 12), texture(16, 12, 1, 0), o);
        QVERIFY(previews.empty());
    }

    void flowSmallFramesArePadded() {
        LoadedModel m = fixtureModel("optical_flow");
        const FlowResult r = estimateFlow(*m.model, texture(10, 7), texture(10, 7, 1, 1));
        QCOMPARE(r.flow.width, 10);
        QCOMPARE(r.flow.height, 7);
        for (float v : r.flow.uv) QVERIFY(std::isfinite(v));
    }

    void flowCancelAndErrors() {
        LoadedModel m = fixtureModel("optical_flow");
        Progress cancelled;
        cancelled.cancel();
        try {
            FlowOptions o;
            o.min_overlap = 4;  // the fixture's windows are 12 x 16
            estimateFlow(*m.model, texture(40, 30), texture(40, 30), o, &cancelled);
            QFAIL("not cancelled");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Cancelled);
        }
        QVERIFY(errorOf([&] { estimateFlow(*m.model, texture(16, 12), texture(17, 12)); }).contains("frames differ in size"));
        LoadedModel mlm = fixtureModel("masked_lm");
        QVERIFY(errorOf([&] { estimateFlow(*mlm.model, texture(16, 12), texture(16, 12)); }).contains("needs a PerceiverForOpticalFlow"));
    }

    void flowOfVideoPairs() {
        LoadedModel m = fixtureModel("optical_flow");
        const std::string path = testutil::tempDir("video") + "/moving.mp4";
        writeVideo(path, {texture(32, 24), texture(32, 24, 1, 0), texture(32, 24, 2, 0)}, 10);
        std::vector<int64_t> seen;
        FlowOptions o;
        o.min_overlap = 4;
        std::vector<std::string> stages;
        Progress progress([&](double, const std::string& stage) { stages.push_back(stage); });
        size_t tiles = 0;
        const int64_t pairs = estimateVideoFlow(*m.model, path, o, [&](int64_t i, const ImageU8& a, const ImageU8&, const FlowResult& r) {
            seen.push_back(i);
            QCOMPARE(r.flow.width, a.width);
            tiles = r.tile_ys.size() * r.tile_xs.size();
        }, &progress);
        // Each window's stage names its pair and both counts (#18 item 10).
        const std::string windows = "frame pair 2 of 2: window 1 of " + std::to_string(tiles);
        QVERIFY2(std::find(stages.begin(), stages.end(), windows) != stages.end(), windows.c_str());
        QCOMPARE(pairs, int64_t(2));
        QCOMPARE(seen, (std::vector<int64_t>{0, 1}));
        QVERIFY(errorOf([&] { estimateVideoFlow(*m.model, testutil::fixture("image_processor/meta.json"), {}, {}); }).contains("cannot open video"));
    }

    void flowFiles() {
        FlowField f;
        f.width = 3;
        f.height = 2;
        f.uv = {1, 0, -1, 0, 0, 1, 0, -1, 0, 0, 2e9f, 0};
        const std::string dir = testutil::tempDir("flo");
        writeFlo(dir + "/a.flo", f);
        const FlowField back = readFlo(dir + "/a.flo");
        QCOMPARE(back.width, 3);
        QVERIFY(back.uv == f.uv);
        std::ofstream(dir + "/bad.flo") << "not a flow file";
        QVERIFY(errorOf([&] { readFlo(dir + "/bad.flo"); }).contains("not a Middlebury .flo"));
        {
            std::ifstream in(dir + "/a.flo", std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), {});
            std::ofstream(dir + "/cut.flo", std::ios::binary) << bytes.substr(0, bytes.size() - 5);
        }
        QVERIFY(errorOf([&] { readFlo(dir + "/cut.flo"); }).contains("truncated"));
        {
            // A 12-byte header claiming 30000 x 30000: refused by the file's size, before the
            // 7 GB it used to zero-fill.
            std::ofstream big(dir + "/claims.flo", std::ios::binary);
            const float tag = 202021.25f;
            const int32_t side = 30000;
            big.write(reinterpret_cast<const char*>(&tag), 4).write(reinterpret_cast<const char*>(&side), 4).write(reinterpret_cast<const char*>(&side), 4);
        }
        const QString claims = errorOf([&] { readFlo(dir + "/claims.flo"); });
        QVERIFY2(claims.contains("is truncated: 0 of 7200000000 data bytes for 30000x30000"), qPrintable(claims));
        std::filesystem::create_directories(dir + "/folder.flo");
        QVERIFY(errorOf([&] { readFlo(dir + "/folder.flo"); }).contains("is a folder, not a file"));
        QCOMPARE(::mkfifo((dir + "/fifo.flo").c_str(), 0600), 0);
        QVERIFY(errorOf([&] { readFlo(dir + "/fifo.flo"); }).contains("is not a regular file"));  // it used to block
        // Colours: zero flow is white, unknown flow black, rightward flow red-dominant.
        const ImageU8 c = flowToColor(f);
        const uint8_t* zero = c.at(1, 1);
        QVERIFY(zero[0] == 255 && zero[1] == 255 && zero[2] == 255);
        const uint8_t* unknown = c.at(2, 1);
        QVERIFY(unknown[0] == 0 && unknown[1] == 0 && unknown[2] == 0);
        const uint8_t* right = c.at(0, 0);
        QVERIFY(right[0] > right[1] && right[0] > right[2]);
        // EPE skips unknown truth.
        FlowField g = f;
        g.uv[0] = 4;  // (4, 0) vs (1, 0): error 3 at one pixel of five known
        const EndPointError e = endPointError(f, g);
        QCOMPARE(e.valid, int64_t(5));
        QVERIFY(std::abs(e.mean - 3.0 / 5.0) < 1e-12);
        QCOMPARE(withWheelLegend(ImageU8::filled(200, 100)).width, 200);
    }

    void attentionMaps_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("gridRows");
        QTest::addColumn<int>("gridCols");
        QTest::newRow("masked lm") << "masked_lm" << 1 << 11;              // [CLS] 9 bytes [SEP]
        QTest::newRow("sequence") << "sequence_classification" << 1 << 11;
        QTest::newRow("learned") << "image_classification_learned" << 10 << 10;
        QTest::newRow("conv") << "image_classification_conv" << 55 << 55;   // 224 -> 112 -> 55
        QTest::newRow("flow") << "optical_flow" << 12 << 16;
        QTest::newRow("multimodal") << "multimodal_autoencoding" << 4 << 4;  // per frame: image_size^2 patches
    }
    void attentionMaps() {
        QFETCH(QString, name);
        QFETCH(int, gridRows);
        QFETCH(int, gridCols);
        LoadedModel m = fixtureModel(name.toStdString());
        AttentionMaps r;
        if (name == "masked_lm" || name == "sequence_classification") r = attendText(*m.model, "some text");
        else if (name == "optical_flow") r = attendFlow(*m.model, texture(20, 14), texture(20, 14, 1, 0));
        else if (name == "multimodal_autoencoding") r = attendVideo(*m.model, std::vector<ImageU8>(4, texture(30, 20)), std::vector<float>(32, 0.25f));
        else r = attendImage(*m.model, loadImage(testutil::fixture("image_processor/rgb_300x200.png")));
        QCOMPARE(r.grid, (std::vector<int64_t>{gridRows, gridCols}));
        if (!r.video_grid.empty()) {  // [8 audio patches][4 frames x 4 x 4][label]
            QCOMPARE(r.cross.size(2), int64_t(8 + 4 * gridRows * gridCols + 1));
            QCOMPARE(r.video_grid, (std::vector<int64_t>{4, gridRows, gridCols}));
            QCOMPARE(r.frames.size(), size_t(4));
            QCOMPARE(r.audio.size(), size_t(32));
            const auto w = inputWeights(r, 0, 2, false);
            const auto f1 = frameWeights(r, w, 1);
            QCOMPARE(f1.size(), size_t(gridRows * gridCols));
            QCOMPARE(f1[0], w[8 + gridRows * gridCols]);
            QCOMPARE(audioWeights(r, w).size(), size_t(8));
            const ImageU8 wave = waveformImage(r.audio, audioWeights(r, w), 200, 40);
            QCOMPARE(wave.width, 200);
            const uint8_t* trace = wave.at(100, int(20 - 0.25 * 19));  // the 0.25 level, drawn in cyan
            QVERIFY(trace[0] == 0 && trace[1] == 200 && trace[2] == 255);
            QVERIFY(errorOf([&] { frameWeights(r, w, 4); }).contains("out of range"));
            QVERIFY(r.decoder.size(1) > 0);  // the decoded 1/128 of the points (and the label)
        } else {
            QCOMPARE(r.cross.size(2), int64_t(gridRows) * gridCols);
        }
        QCOMPARE(r.cross.size(1), m.config.num_latents);
        QCOMPARE(int64_t(r.self.size()), m.config.num_blocks * m.config.num_self_attends_per_block);
        // Every attention row is a distribution.
        auto rowsSumToOne = [](const FloatArray& a) {
            const int64_t cols = a.shape.back();
            for (size_t i = 0; i < a.data.size(); i += cols) {
                double s = 0;
                for (int64_t c = 0; c < cols; ++c) s += a.data[i + c];
                if (std::abs(s - 1) > 1e-4) return false;
            }
            return true;
        };
        QVERIFY(rowsSumToOne(r.cross));
        for (const auto& l : r.self) QVERIFY(rowsSumToOne(l));
        QVERIFY(rowsSumToOne(attentionRollout(r)));
        for (bool rollout : {false, true}) {
            const auto w = inputWeights(r, -1, -1, rollout);
            QCOMPARE(int64_t(w.size()), r.cross.size(2));
            double s = 0;
            for (float v : w) s += v;
            QVERIFY(std::abs(s - 1) < 1e-4);
        }
        // One latent of one head is that row of the map.
        const auto row = inputWeights(r, 0, 1, false);
        for (int64_t i = 0; i < r.cross.size(2); ++i) QCOMPARE(row[i], r.cross.data[1 * r.cross.size(2) + i]);
        if (!r.view.empty()) {
            const ImageU8 heat = heatmapImage(row, r.grid, r.view.width, r.view.height);
            QCOMPARE(overlayHeatmap(r.view, heat, 0.5).width, r.view.width);
        }
        QVERIFY(errorOf([&] { inputWeights(r, 99, -1, false); }).contains("out of range"));
    }

    // Chunked decoding of a window equals decoding it in one pass.
    void autoencodeChunksEqualOnePass() {
        LoadedModel m = fixtureModel("multimodal_autoencoding");  // 4 frames of 16x16, 32 samples
        const AutoencodeGeometry g = autoencodeGeometry(*m.model);
        QCOMPARE(g.frames, 4);
        QCOMPARE(g.input_side, 16);
        QCOMPARE(g.samples_per_window, 32);
        std::vector<ImageU8> frames;
        for (int t = 0; t < 4; ++t) frames.push_back(texture(40, 30, t, 0));
        std::vector<float> audio(32);
        for (int i = 0; i < 32; ++i) audio[i] = std::sin(i * 0.7f) * 0.5f;
        AutoencodeOptions one, many;
        one.chunks = 1;
        many.chunks = 7;  // does not divide the 1024 image points: uneven chunks
        const AutoencodeWindow a = autoencodeWindow(*m.model, frames, audio, one), b = autoencodeWindow(*m.model, frames, audio, many);
        QCOMPARE(a.reconstruction.size(), size_t(4));
        QCOMPARE(a.reconstruction[0].width, 16);
        QCOMPARE(a.audio_out.size(), size_t(32));
        for (size_t t = 0; t < 4; ++t) {
            int maxDiff = 0;
            for (size_t i = 0; i < a.reconstruction[t].rgb.size(); ++i)
                maxDiff = std::max(maxDiff, std::abs(int(a.reconstruction[t].rgb[i]) - int(b.reconstruction[t].rgb[i])));
            QVERIFY(maxDiff <= 1);  // same floats up to rounding at the 8-bit step
        }
        for (size_t i = 0; i < 32; ++i) QVERIFY(std::abs(a.audio_out[i] - b.audio_out[i]) < 1e-5);
        QCOMPARE(a.top[0].index, b.top[0].index);
        QVERIFY(std::isfinite(a.psnr) && a.psnr > 0);
    }

    // A cancel reaches inside one forward pass (progress.h's CancelScope, which the studio's
    // Service opens around every job): the model checks between its layers and attention chunks.
    void cancelReachesInsideAForward() {
        LoadedModel m = fixtureModel("masked_lm");
        ModelInputs in;
        in.inputs.tensor = torch::randint(6, 262, {1, 16}, torch::kLong);
        c10::InferenceMode guard;
        Progress cancelled, running;
        cancelled.cancel();
        const auto forward = [&] { return errorOf([&] { (void)m.model->forward(in, {}); }); };
        {
            const CancelScope scope(&cancelled);
            QVERIFY2(forward().contains(QStringLiteral("cancelled by the user")), qPrintable(forward()));
            {
                const CancelScope inner(&running);  // the innermost scope counts
                QCOMPARE(forward(), QString());
            }
            QVERIFY(!forward().isEmpty());
        }
        QCOMPARE(forward(), QString());  // no scope: nothing checks
    }

    // Progressive decoding (#20): coarse passes first change nothing of the result, and each
    // preview shows the points decoded so far exactly, each filling its stride x stride block.
    void autoencodeProgressive() {
        // demo-clips (4 frames of 32x32): the fixture's random outputs all clip to 0 or 255.
        LoadedModel m = loadModel(PERCEIVER_SOURCE_DIR "/resources/models/demo-clips");
        const int side = 32;
        std::vector<ImageU8> frames;
        for (int t = 0; t < 4; ++t) frames.push_back(texture(40, 30, t, 0));
        std::vector<float> audio(1280);
        for (int i = 0; i < 1280; ++i) audio[i] = std::sin(i * 0.3f) * 0.5f;
        AutoencodeOptions raster, progressive;
        raster.chunks = progressive.chunks = 64;  // chunks of 64 points both ways (4 passes: 1 + 3 + 12 + 48 chunks)
        raster.progressive = false;
        std::vector<AutoencodePreview> previews;
        progressive.preview = [&](const AutoencodePreview& p) { previews.push_back(p); };
        std::vector<std::string> stages;
        Progress progress([&](double, const std::string& stage) { stages.push_back(stage); });
        const AutoencodeWindow a = autoencodeWindow(*m.model, frames, audio, raster);
        const AutoencodeWindow b = autoencodeWindow(*m.model, frames, audio, progressive, &progress);
        // The same result: the same bytes, samples and probabilities. (The floats behind the
        // bytes agree to about 1e-9: a point's decoder query sits elsewhere in its chunk's
        // tensors, which changes the last bits as any chunking does: autoencodeChunksEqualOnePass.)
        int unclipped = 0;
        for (size_t t = 0; t < 4; ++t) {
            QCOMPARE(b.reconstruction[t].rgb, a.reconstruction[t].rgb);
            for (uint8_t v : a.reconstruction[t].rgb) unclipped += v > 0 && v < 255;
        }
        QVERIFY2(unclipped > 4 * side * side, qPrintable(QString::number(unclipped)));  // (of 12,288 values: not clipped alike)
        QCOMPARE(b.audio_out, a.audio_out);
        QCOMPARE(b.label_probabilities, a.label_probabilities);
        QVERIFY2(std::abs(b.psnr - a.psnr) < 1e-6, qPrintable(QStringLiteral("%1 dB against %2").arg(b.psnr, 0, 'g', 12).arg(a.psnr, 0, 'g', 12)));
        QVERIFY(std::find(stages.begin(), stages.end(), "decoding chunk 64 of 64") != stages.end());
        QCOMPARE(previews.size(), size_t(3));
        QCOMPARE(previews[0].stride, 8);
        QCOMPARE(previews[0].decoded, 1.0 / 64);
        QCOMPARE(previews[1].stride, 4);
        QCOMPARE(previews[1].decoded, 1.0 / 16);
        QCOMPARE(previews[2].stride, 2);
        QCOMPARE(previews[2].decoded, 1.0 / 4);
        for (const AutoencodePreview& p : previews) {
            QCOMPARE(p.reconstruction.size(), size_t(4));
            QCOMPARE(p.input[2].rgb, a.input[2].rgb);
            QCOMPARE(p.top[0].index, a.top[0].index);
            QVERIFY(std::abs(p.top[0].probability - a.top[0].probability) < 1e-6);  // (read from an earlier chunk)
            int differs = 0;
            for (size_t t = 0; t < 4; ++t)
                for (int y = 0; y < side; ++y)
                    for (int x = 0; x < side; ++x)
                        for (int c = 0; c < 3; ++c) {
                            const uint8_t shown = p.reconstruction[t].rgb[(y * side + x) * 3 + c];
                            QCOMPARE(shown, a.reconstruction[t].rgb[((y - y % p.stride) * side + x - x % p.stride) * 3 + c]);
                            differs += shown != a.reconstruction[t].rgb[(y * side + x) * 3 + c];
                        }
            QVERIFY(differs > 0);  // coarse: not the final frames
        }
    }

    void autoencodeVideoWindows() {
        LoadedModel m = fixtureModel("multimodal_autoencoding");
        const std::string dir = testutil::tempDir("ae");
        std::vector<ImageU8> frames;
        for (int t = 0; t < 9; ++t) frames.push_back(texture(40, 30, t, 0));
        AudioBuffer tone;
        tone.sample_rate = 8000;
        for (int i = 0; i < 8000 * 9 / 25; ++i) tone.samples.push_back(0.4f * std::sin(2 * M_PI * 50 * i / 8000.0));
        writeVideo(dir + "/clip.mp4", frames, 25, &tone);
        std::vector<int> valid;
        int lastProgress = -1;
        bool monotonic = true;
        std::vector<std::string> stages;
        Progress progress([&](double f, const std::string& stage) {
            stages.push_back(stage);
            const int p = static_cast<int>(f * 1000);
            monotonic = monotonic && p >= lastProgress;
            lastProgress = p;
        });
        AutoencodeOptions o;
        o.chunks = 4;
        std::vector<std::pair<int, int>> previews;  // window, frames
        o.preview = [&](const AutoencodePreview& p) { previews.push_back({p.window, int(p.reconstruction.size())}); };
        const AutoencodeResult r = autoencodeVideo(*m.model, dir + "/clip.mp4", o, [&](const AutoencodeWindow& w) {
            valid.push_back(w.valid_frames);
            QCOMPARE(int(w.reconstruction.size()), w.valid_frames);
            QCOMPARE(w.audio_out.size(), size_t(w.valid_frames * 8));
        }, &progress);
        QCOMPARE(valid, (std::vector<int>{4, 4, 1}));  // 9 frames: the last window padded and trimmed
        QCOMPARE(r.frames, 9);
        QCOMPARE(r.top.size(), size_t(5));
        QVERIFY(monotonic && lastProgress == 1000);
        // 4 chunks asked: the 1/64 and 1/16 passes (16 and 48 points) get one each, so 6.
        QVERIFY(std::find(stages.begin(), stages.end(), "window 3 of 3: decoding chunk 6 of 6") != stages.end());
        QCOMPARE(previews, (std::vector<std::pair<int, int>>{{0, 4}, {0, 4}, {0, 4}, {1, 4}, {1, 4}, {1, 4}, {2, 1}, {2, 1}, {2, 1}}));
        Progress cancelled;
        cancelled.cancel();
        try {
            autoencodeVideo(*m.model, dir + "/clip.mp4", o, [](const AutoencodeWindow&) {}, &cancelled);
            QFAIL("not cancelled");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Cancelled);
        }
        LoadedModel flow = fixtureModel("optical_flow");
        QVERIFY(errorOf([&] { autoencodeVideo(*flow.model, dir + "/clip.mp4", o, {}); }).contains("needs a PerceiverForMultimodalAutoencoding"));
    }

    // The time left of a job, as the studio's progress line and the CLI's bar say it.
    void timeLeft() {
        TimeLeft t;
        QCOMPARE(t.update(0.0, 100), -1.0);   // loading the model: no rate yet
        QCOMPARE(t.update(0.10, 130), -1.0);  // the first step starts the clock (the load does not count)
        QCOMPARE(t.update(0.11, 131), -1.0);  // too early: 1 s, 1 %
        QCOMPARE(t.update(0.30, 150), 20.0 * 0.70 / 0.20);  // 20 s for 20 %: 70 % left in 70 s
        QCOMPARE(t.update(1.0, 160), 0.0);
        QCOMPARE(t.update(0.05, 161), -1.0);  // started over
        QCOMPARE(durationText(3), std::string("about 5 s"));
        QCOMPARE(durationText(42), std::string("about 45 s"));
        QCOMPARE(durationText(7.4 * 60), std::string("about 7 min"));
        QCOMPARE(durationText(65 * 60), std::string("about 1 h 05 min"));
    }

    void classifyRejectsOtherModels() {
        LoadedModel m = fixtureModel("optical_flow");
        QVERIFY(errorOf([&] { classifyImage(*m.model, ImageU8::filled(30, 30)); }).contains("needs a Perceiver image classifier"));
    }
};

QTEST_GUILESS_MAIN(TestPipelines)
#include "test_pipelines.moc"
