// Task pipelines on the small fixture models: shapes, consistency with a direct forward pass
// prepared as the demos do, and specific errors.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "common/error.h"
#include "media/image.h"
#include "media/image_processor.h"
#include "model/model_factory.h"
#include "pipelines/classify.h"
#include "pipelines/fill_mask.h"
#include "test_util.h"
#include "tokenizer/tokenizer.h"

using namespace perceiver;

namespace {

LoadedModel fixtureModel(const std::string& name) { return loadModel(testutil::fixture("parity/" + name)); }

template <typename F>
QString errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

}  // namespace

class TestPipelines : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

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

    void classifyRejectsOtherModels() {
        LoadedModel m = fixtureModel("optical_flow");
        QVERIFY(errorOf([&] { classifyImage(*m.model, ImageU8::filled(30, 30)); }).contains("needs a Perceiver image classifier"));
    }
};

QTEST_GUILESS_MAIN(TestPipelines)
#include "test_pipelines.moc"
