// LibTorch before Qt (Qt's `slots` macro breaks torch's headers).
#include "checkpoint/catalog.h"
#include "media/audio.h"
#include "media/image.h"
#include "media/video.h"
#include "model/model_factory.h"
#include "training/trainer.h"

#include <torch/torch.h>

#include "responsiveness_bench.h"

#include "attention_page.h"
#include "autoencode_page.h"
#include "classify_page.h"
#include "fill_mask_page.h"
#include "flow_page.h"
#include "main_window.h"
#include "service.h"
#include "text_classify_page.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>

namespace studio {

namespace {

/// The longest gap between the ticks of a 10 ms timer on the GUI thread while it is on.
class GapMeter : public QObject {
public:
    GapMeter() {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(10);
        connect(&timer_, &QTimer::timeout, this, [this] {
            const qint64 now = clock_.nsecsElapsed();
            const double gap = (now - last_) / 1e6;
            longest_ = std::max(longest_, gap);
            over50_ += gap > 50;
            last_ = now;
        });
    }
    /// Forgets the gaps measured so far.
    void reset() {
        longest_ = 0;
        over50_ = 0;
    }
    void start() {
        clock_.start();
        last_ = 0;
        timer_.start();
    }
    void stop() { timer_.stop(); }
    double longestMs() const { return longest_; }
    int over50() const { return over50_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = 0;
    double longest_ = 0;
    int over50_ = 0;
};

/// Runs the event loop until done() (checked every 5 ms) or timeoutMs; returns done().
bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    if (done()) return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return done();
}

/// A full-size model with random weights, written as a model folder under `dir`.
QString writeRandomModel(const QString& dir, const std::string& repo, const std::function<void(nlohmann::json&)>& edit = {}) {
    nlohmann::json j = perceiver::catalogConfig(repo).toJson();
    if (edit) edit(j);
    torch::manual_seed(0);
    auto model = perceiver::buildModel(perceiver::PerceiverConfig::fromJson(j));
    const QString folder = dir + QLatin1Char('/') + QString::fromStdString(repo.substr(repo.find('/') + 1)) +
                           (j["architectures"][0] == "PerceiverForSequenceClassification" ? QStringLiteral("-text-classifier") : QString());
    perceiver::saveModel(*model, folder.toStdString());
    return folder;
}

QImage noiseImage(int width, int height, uint32_t seed) {
    QImage img(width, height, QImage::Format_RGB888);
    std::mt19937 rng(seed);
    for (int y = 0; y < height; ++y) {
        uchar* line = img.scanLine(y);
        for (int x = 0; x < 3 * width; ++x) line[x] = static_cast<uchar>(rng() & 0xff);
    }
    return img;
}

/// 16 frames of 224² noise with 0.64 s of a 440 Hz tone at 48 kHz: one window of the real
/// multimodal model.
QString writeVideoWindow(const QString& dir) {
    std::vector<perceiver::ImageU8> frames;
    for (int t = 0; t < 16; ++t) {
        const QImage q = noiseImage(224, 224, 100 + t);
        perceiver::ImageU8 f = perceiver::ImageU8::filled(224, 224);
        for (int y = 0; y < 224; ++y) std::copy_n(q.constScanLine(y), 3 * 224, f.rgb.data() + 3 * 224 * y);
        frames.push_back(std::move(f));
    }
    perceiver::AudioBuffer tone;
    tone.sample_rate = 48000;
    for (int i = 0; i < 30720; ++i) tone.samples.push_back(0.4f * static_cast<float>(std::sin(2 * M_PI * 440 * i / 48000.0)));
    const QString path = dir + QStringLiteral("/window.mp4");
    perceiver::writeVideo(path.toStdString(), frames, 25, &tone);
    return path;
}

/// About 2,000 bytes of text with ten masked words (the language model reads 2,048).
QString longText(bool masked) {
    const QString sentence = QStringLiteral("The quick brown fox jumps over the lazy dog while the model reads every byte. ");
    QString text;
    for (int i = 0; text.size() + sentence.size() < 2000; ++i)
        text += masked && i % 2 == 0 ? QString(sentence).replace(QStringLiteral("brown"), QStringLiteral("[MASK]")) : sentence;
    return text;
}

struct PageRun {
    QString name, model, input;
    TaskPage* page = nullptr;
    std::function<bool()> prepare;  ///< sets the input and the model; false: the page did not take the model
};

struct Measured {
    QString name, model, input, error;
    double firstSeconds = 0, runSeconds = 0, cancelSeconds = -1, longestGapMs = 0;
    int gapsOver50 = 0;
};

/// Clicks Run and waits for the page to be free: the seconds, or -1 when it did not finish.
double runOnce(TaskPage* page, GapMeter& meter, double cancelAfter, double* cancelSeconds) {
    if (!page->runButton()->isEnabled()) return -1;
    QElapsedTimer t;
    meter.start();
    t.start();
    page->runButton()->click();
    if (cancelSeconds) {
        waitFor([&] { return !page->isBusy() || t.elapsed() >= cancelAfter * 1000; }, 600000);
        if (!page->isBusy()) {
            meter.stop();
            *cancelSeconds = -1;  // done before the click
            return t.elapsed() / 1000.0;
        }
        QElapsedTimer c;
        c.start();
        page->cancelButton()->click();
        waitFor([&] { return !page->isBusy(); }, 600000);
        *cancelSeconds = c.elapsed() / 1000.0;
    } else {
        waitFor([&] { return !page->isBusy(); }, 1800000);
    }
    const double seconds = t.elapsed() / 1000.0;
    waitFor([] { return false; }, 50);  // the meter's next tick: the page has shown the result
    meter.stop();
    return page->isBusy() ? -1 : seconds;
}

}  // namespace

QStringList responsivenessPages() {
    return {QStringLiteral("fill-mask"), QStringLiteral("classify-text"), QStringLiteral("classify"), QStringLiteral("flow"),
            QStringLiteral("autoencode"), QStringLiteral("attention")};
}

int runResponsivenessBench(MainWindow& window, const ResponsivenessOptions& options) {
    const QStringList pages = options.pages.isEmpty() ? responsivenessPages() : options.pages;
    for (const QString& p : pages)
        if (!responsivenessPages().contains(p)) {
            std::fprintf(stderr, "unknown page '%s' (one of %s)\n", qPrintable(p), qPrintable(responsivenessPages().join(QStringLiteral(", "))));
            return 2;
        }
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "cannot create a temporary folder: %s\n", qPrintable(dir.errorString()));
        return 1;
    }
    const auto wants = [&](const char* p) { return pages.contains(QLatin1String(p)); };
    std::fprintf(stderr, "writing the full-size models with random weights to %s…\n", qPrintable(dir.path()));
    QString language, textClassifier, vision, flow, multimodal, video;
    try {
        if (wants("fill-mask")) language = writeRandomModel(dir.path(), "deepmind/language-perceiver");
        if (wants("classify-text"))
            textClassifier = writeRandomModel(dir.path(), "deepmind/language-perceiver", [](nlohmann::json& j) {
                j["architectures"] = {"PerceiverForSequenceClassification"};
                j["id2label"] = {{"0", "negative"}, {"1", "positive"}};
                j["label2id"] = {{"negative", 0}, {"positive", 1}};
            });
        if (wants("classify") || wants("attention")) vision = writeRandomModel(dir.path(), "deepmind/vision-perceiver-learned");
        if (wants("flow")) flow = writeRandomModel(dir.path(), "deepmind/optical-flow-perceiver");
        if (wants("autoencode")) {
            multimodal = writeRandomModel(dir.path(), "deepmind/multimodal-perceiver");
            video = writeVideoWindow(dir.path());
        }
    } catch (const std::exception& e) {  // a full disk, say
        std::fprintf(stderr, "cannot write the models: %s\n", e.what());
        return 1;
    }
    for (const QString& m : {language, textClassifier, vision, flow, multimodal})
        if (!m.isEmpty() && !window.addModelFolder(m)) {
            std::fprintf(stderr, "the studio did not take the model folder %s\n", qPrintable(m));
            return 1;
        }

    std::vector<PageRun> runs;
    const QImage image = noiseImage(640, 480, 1);
    if (wants("fill-mask"))
        runs.push_back({QStringLiteral("fill-mask"), language, QStringLiteral("2,000 bytes, 10 masked words"), window.fillMaskPage(), [&] {
                            window.fillMaskPage()->editor()->setPlainText(longText(true));
                            return window.fillMaskPage()->selectModel(language);
                        }});
    if (wants("classify-text"))
        runs.push_back({QStringLiteral("classify-text"), textClassifier, QStringLiteral("2,000 bytes"), window.textClassifyPage(), [&] {
                            window.textClassifyPage()->editor()->setPlainText(longText(false));
                            return window.textClassifyPage()->selectModel(textClassifier);
                        }});
    if (wants("classify") || wants("attention"))
        runs.push_back({QStringLiteral("classify"), vision, QStringLiteral("640x480 image"), window.classifyPage(), [&] {
                            window.classifyPage()->setImage(image, QStringLiteral("noise"));
                            return window.classifyPage()->selectModel(vision);
                        }});
    if (wants("flow"))
        runs.push_back({QStringLiteral("flow"), flow, QStringLiteral("496x368 pair"), window.flowPage(), [&] {
                            window.flowPage()->setFrames(noiseImage(496, 368, 2), noiseImage(496, 368, 3), QStringLiteral("noise"));
                            return window.flowPage()->selectModel(flow);
                        }});
    if (wants("autoencode"))
        runs.push_back({QStringLiteral("autoencode"), multimodal, QStringLiteral("one 16-frame window of 224², 16 chunks"), window.autoencodePage(), [&] {
                            return window.autoencodePage()->openFile(video) && window.autoencodePage()->selectModel(multimodal);
                        }});
    if (wants("attention"))  // the inspector on the image page's last run
        runs.push_back({QStringLiteral("attention"), vision, QStringLiteral("the 640x480 image's run"), window.attentionPage(), [&] {
                            window.attentionPage()->selectSource(AttentionRequest::Image);
                            return window.attentionPage()->hasSource(AttentionRequest::Image);
                        }});

    GapMeter meter;
    std::vector<Measured> results;
    if (!options.json)
        std::printf("%-14s %-34s %-40s %8s %8s %10s %6s %10s\n", "page", "model (random weights)", "input", "first s", "run s", "longest ms",
                    ">50ms", "cancel s");
    int status = 0;
    for (const PageRun& r : runs) {
        Measured m;
        m.name = r.name;
        m.model = QFileInfo(r.model).fileName();
        m.input = r.input;
        window.tabs()->setCurrentWidget(r.page);
        // The input is read (a video's first frame, on the service) before Run is enabled.
        if (!r.prepare()) {
            m.error = QStringLiteral("the page did not take the model or the input");
        } else if (!waitFor([&] { return r.page->runButton()->isEnabled(); }, 60000)) {
            m.error = QStringLiteral("Run stayed disabled: ") + r.page->statusText();
        } else {
            // The first run loads the model (on the worker), the second finds it loaded, the
            // third is cancelled half-way (or after cancelAfter); the gaps are the three runs'.
            meter.reset();
            m.firstSeconds = runOnce(r.page, meter, 0, nullptr);
            m.runSeconds = m.firstSeconds < 0 ? -1 : runOnce(r.page, meter, 0, nullptr);
            if (auto* box = r.page->findChild<QMessageBox*>(QStringLiteral("errorDialog"))) {  // a job that failed is no figure
                m.error = QStringLiteral("failed: ") + box->text();
                box->close();
            } else if (m.runSeconds < 0) {
                m.error = QStringLiteral("did not finish: ") + r.page->statusText();
            }
            if (!m.error.isEmpty()) m.runSeconds = -1;
            else
                (void)runOnce(r.page, meter, std::min(options.cancelAfter, m.runSeconds / 2), &m.cancelSeconds);
            m.longestGapMs = meter.longestMs();
            m.gapsOver50 = meter.over50();
        }
        if (!m.error.isEmpty()) status = 1;
        if (!options.json) {
            if (!m.error.isEmpty()) std::printf("%-14s %s\n", qPrintable(m.name), qPrintable(m.error));
            else
                std::printf("%-14s %-34s %-40s %8.2f %8.2f %10.1f %6d %10.3f\n", qPrintable(m.name), qPrintable(m.model), qPrintable(m.input),
                            m.firstSeconds, m.runSeconds, m.longestGapMs, m.gapsOver50, m.cancelSeconds);
            std::fflush(stdout);
        }
        results.push_back(m);
    }
    if (options.json) {
        QJsonArray list;
        for (const Measured& m : results)
            list.append(QJsonObject{{QStringLiteral("page"), m.name}, {QStringLiteral("model"), m.model}, {QStringLiteral("input"), m.input},
                                    {QStringLiteral("first_run_seconds"), m.firstSeconds}, {QStringLiteral("run_seconds"), m.runSeconds},
                                    {QStringLiteral("longest_gap_ms"), m.longestGapMs}, {QStringLiteral("gaps_over_50ms"), m.gapsOver50},
                                    {QStringLiteral("cancel_seconds"), m.cancelSeconds}, {QStringLiteral("error"), m.error}});
        std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("threads"), window.service()->threads()},
                                                      {QStringLiteral("pages"), list}})
                                .toJson()
                                .constData());
    }
    return status;
}

}  // namespace studio
