// The studio's Service and its job model: lanes that do not wait for each other, first-in
// first-out order within a lane, cancels that are never lost, replaced views, errors as
// failed(), and random submit / cancel / page-switch / model-change storms (through the
// Service and through the real main window) in which every job ends in exactly one terminal
// signal and no Job is leaked. Built twice: plain (test_service) and under ThreadSanitizer
// (test_service_tsan), where any data race between the GUI thread and the workers fails it.
#include <QtTest/QtTest>

#include "attention_page.h"
#include "autoencode_page.h"
#include "classify_page.h"
#include "fill_mask_page.h"
#include "flow_page.h"
#include "main_window.h"
#include "service.h"

#include "common/error.h"
#include "media/audio.h"
#include "media/video.h"

#include <QComboBox>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTemporaryDir>

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <random>
#include <thread>

using namespace studio;

namespace {

QString fixture(const QString& name) { return QStringLiteral(PERCEIVER_TEST_DATA "/fixtures/parity/") + name; }

/// Every job the Service submits, and the signals each received.
class Ledger : public QObject {
public:
    struct Entry {
        QString title;
        int finished = 0, failed = 0;
        bool cancelled = false;
        int afterEnd = 0;  ///< progress / partial / started signals after the terminal one
        QVariant result;
    };
    explicit Ledger(Service* service) {
        connect(service, &Service::jobSubmitted, this, [this](Job* job) { watch(job); });
    }
    void watch(Job* job) {
        const quint64 id = job->id();
        entries[id].title = job->title();
        order << id;
        auto late = [this, id] {
            const Entry& e = entries[id];
            if (e.finished + e.failed > 0) ++entries[id].afterEnd;
        };
        connect(job, &Job::started, this, late);
        connect(job, &Job::progress, this, late);
        connect(job, &Job::partial, this, late);
        connect(job, &Job::finished, this, [this, id](const QVariant& r) {
            ++entries[id].finished;
            entries[id].result = r;
            ended << id;
        });
        connect(job, &Job::failed, this, [this, id](const QString&, bool cancelled) {
            ++entries[id].failed;
            entries[id].cancelled = cancelled;
            ended << id;
        });
    }
    /// "" when every job ended in exactly one terminal signal with nothing after it.
    QString violation() const {
        for (auto it = entries.begin(); it != entries.end(); ++it) {
            const Entry& e = it.value();
            if (e.finished + e.failed != 1 || e.afterEnd != 0)
                return QStringLiteral("job %1 (%2): %3 finished, %4 failed, %5 signals after the end")
                    .arg(it.key()).arg(e.title).arg(e.finished).arg(e.failed).arg(e.afterEnd);
        }
        return {};
    }
    int cancelledCount() const {
        int n = 0;
        for (const Entry& e : entries) n += e.cancelled ? 1 : 0;
        return n;
    }
    QHash<quint64, Entry> entries;
    QList<quint64> order, ended;
};

/// Work that runs until `release` is set or the job is cancelled (at most `limit`).
Service::Work gated(const std::atomic<bool>& release, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    return [&release, limit](JobContext& ctx) {
        const auto until = std::chrono::steady_clock::now() + limit;
        while (!release.load() && std::chrono::steady_clock::now() < until) {
            ctx.checkCancelled();
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        return QVariant(QStringLiteral("released"));
    };
}

/// Work of about `micros` microseconds that reports progress and sends partial results.
Service::Work busy(int micros) {
    return [micros](JobContext& ctx) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(micros);
        int step = 0;
        while (std::chrono::steady_clock::now() < until) {
            ctx.report(0.5, QStringLiteral("step %1").arg(step));
            if (step % 4 == 0) ctx.partial(step);
            ++step;
            std::this_thread::sleep_for(std::chrono::microseconds(50));
        }
        return QVariant(step);
    };
}

QImage texture(int w, int h, int dx = 0) {
    QImage img(w, h, QImage::Format_RGB888);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) img.setPixel(x, y, qRgb(((x - dx) * 37 + y * 11) & 255, ((x - dx) * (x - dx) + 3 * y) & 255, (y * 29 ^ (x - dx) * 7) & 255));
    return img;
}

QString writeClip(const QString& dir, int frames) {
    std::vector<perceiver::ImageU8> images;
    for (int t = 0; t < frames; ++t) {
        perceiver::ImageU8 f = perceiver::ImageU8::filled(32, 24);
        for (size_t i = 0; i < f.rgb.size(); ++i) f.rgb[i] = uint8_t((i * 7 + size_t(t) * 13) & 255);
        images.push_back(f);
    }
    perceiver::AudioBuffer tone;
    tone.sample_rate = 8000;
    for (int i = 0; i < 8000 * frames / 25; ++i) tone.samples.push_back(0.4f * float(std::sin(2 * M_PI * 440 * i / 8000.0)));
    const QString path = dir + QStringLiteral("/clip.mp4");
    perceiver::writeVideo(path.toStdString(), images, 25, &tone);
    return path;
}

/// Waits until every submitted job has delivered its terminal signal and the Jobs are deleted.
bool drain(Service& service, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (service.outstandingJobs() > 0 && t.elapsed() < timeoutMs) QTest::qWait(5);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return service.outstandingJobs() == 0;
}

constexpr int kTimeout = 120000;

}  // namespace

class TestService : public QObject {
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> home_;

private Q_SLOTS:
    void initTestCase() {
        home_ = std::make_unique<QTemporaryDir>();
        qputenv("HF_HUB_CACHE", (home_->path() + QStringLiteral("/hub")).toUtf8());
        qputenv("HF_ENDPOINT", "http://127.0.0.1:9");
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void cleanup() {
        // Each test stands alone: no Job of it outlives it.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCOMPARE(Job::liveCount(), 0);
    }

    void lanesDoNotWaitForEachOther() {
        Service service;
        Ledger ledger(&service);
        std::atomic<bool> release{false};
        Job* compute = service.submit(Lane::Compute, QStringLiteral("long model run"), gated(release));
        const quint64 computeId = compute->id();
        // Io and immediate work finishes while the compute lane is taken...
        Job* io = service.submit(Lane::Io, QStringLiteral("export"), [](JobContext&) { return QVariant(1); });
        Job* view = service.submit(Lane::Immediate, QStringLiteral("view"), [](JobContext&) { return QVariant(2); });
        const quint64 ioId = io->id(), viewId = view->id();
        // ...and a second compute job waits behind the first.
        Job* second = service.submit(Lane::Compute, QStringLiteral("second run"), [](JobContext&) { return QVariant(3); });
        const quint64 secondId = second->id();
        QTRY_COMPARE_WITH_TIMEOUT(ledger.entries[ioId].finished, 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ledger.entries[viewId].finished, 1, 10000);
        QCOMPARE(ledger.entries[ioId].result.toInt(), 1);
        QCOMPARE(ledger.entries[viewId].result.toInt(), 2);
        QTest::qWait(50);
        QCOMPARE(ledger.entries[computeId].finished + ledger.entries[computeId].failed, 0);  // still running
        QCOMPARE(ledger.entries[secondId].finished, 0);                                        // still waiting
        QVERIFY(!service.isIdle());
        release = true;
        QVERIFY(drain(service, 10000));
        QCOMPARE(ledger.entries[computeId].result.toString(), QStringLiteral("released"));
        QCOMPARE(ledger.entries[secondId].result.toInt(), 3);
        QCOMPARE(ledger.ended.indexOf(computeId) < ledger.ended.indexOf(secondId), true);
        QVERIFY(service.isIdle());
        QVERIFY2(ledger.violation().isEmpty(), qPrintable(ledger.violation()));
    }

    void eachLaneIsFirstInFirstOut_data() {
        QTest::addColumn<int>("lane");
        QTest::newRow("compute") << int(Lane::Compute);
        QTest::newRow("io") << int(Lane::Io);
        QTest::newRow("immediate") << int(Lane::Immediate);
    }
    void eachLaneIsFirstInFirstOut() {
        QFETCH(int, lane);
        Service service;
        Ledger ledger(&service);
        std::mutex m;
        QList<int> ran;
        QList<quint64> ids;
        for (int i = 0; i < 25; ++i)
            ids << service.submit(Lane(lane), QStringLiteral("job %1").arg(i), [i, &m, &ran](JobContext&) {
                std::this_thread::sleep_for(std::chrono::microseconds(300));
                std::lock_guard<std::mutex> lock(m);
                ran << i;
                return QVariant(i);
            })->id();
        QVERIFY(drain(service, 20000));
        QList<int> expected;
        for (int i = 0; i < 25; ++i) expected << i;
        QCOMPARE(ran, expected);        // run in submission order
        QCOMPARE(ledger.ended, ids);    // and answered in it
        QVERIFY2(ledger.violation().isEmpty(), qPrintable(ledger.violation()));
    }

    void aCancelIsNeverLost() {
        // Cancels land at every moment of a job's life: before it leaves the queue, while the
        // worker takes it, while it starts, while it runs. Each ends cancelled, within a second.
        Service service;
        Ledger ledger(&service);
        const std::atomic<bool> never{false};
        std::mt19937 rng(7);
        for (int i = 0; i < 300; ++i) {
            Job* job = service.submit(Lane::Compute, QStringLiteral("cancel me"), gated(never, std::chrono::seconds(5)));
            const quint64 id = job->id();
            const int delay = int(rng() % 4);
            if (delay == 1) std::this_thread::sleep_for(std::chrono::microseconds(rng() % 400));
            if (delay == 2) QCoreApplication::processEvents();
            if (delay == 3) std::this_thread::sleep_for(std::chrono::microseconds(1000 + rng() % 2000));
            QElapsedTimer t;
            t.start();
            job->cancel();
            QTRY_VERIFY_WITH_TIMEOUT(ledger.entries[id].failed + ledger.entries[id].finished == 1, 5000);
            QVERIFY2(ledger.entries[id].cancelled, qPrintable(QStringLiteral("job %1 (delay kind %2) was not cancelled").arg(i).arg(delay)));
            QVERIFY(t.elapsed() < 1000);
        }
        QVERIFY(drain(service, 10000));
        QCOMPARE(ledger.cancelledCount(), 300);
        QVERIFY2(ledger.violation().isEmpty(), qPrintable(ledger.violation()));
    }

    void aNewerViewReplacesWaitingOnes() {
        Service service;
        Ledger ledger(&service);
        std::atomic<bool> release{false};
        service.submit(Lane::Immediate, QStringLiteral("slow view"), gated(release));
        QList<quint64> views;
        for (int i = 0; i < 3; ++i)
            views << service.submit(Lane::Immediate, QStringLiteral("view"), [i](JobContext&) { return QVariant(i); }, QStringLiteral("slider"))->id();
        const quint64 other = service.submit(Lane::Immediate, QStringLiteral("other view"), [](JobContext&) { return QVariant(9); },
                                             QStringLiteral("other"))->id();
        release = true;
        QVERIFY(drain(service, 10000));
        QVERIFY(ledger.entries[views[0]].cancelled);
        QVERIFY(ledger.entries[views[1]].cancelled);
        QCOMPARE(ledger.entries[views[2]].finished, 1);
        QCOMPARE(ledger.entries[views[2]].result.toInt(), 2);
        QCOMPARE(ledger.entries[other].result.toInt(), 9);  // another key is not replaced
        QVERIFY2(ledger.violation().isEmpty(), qPrintable(ledger.violation()));
    }

    void errorsEndAsFailed_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("cancelled");
        QTest::newRow("core error") << 0 << "the frame 3 of 'x.mp4' is empty" << false;
        QTest::newRow("cancelled") << 1 << "Cancelled." << true;
        QTest::newRow("std exception") << 2 << "Internal error: out of range" << false;
        QTest::newRow("unknown") << 3 << "Internal error of unknown kind." << false;
    }
    void errorsEndAsFailed() {
        QFETCH(int, kind);
        QFETCH(QString, message);
        QFETCH(bool, cancelled);
        Service service;
        const auto job = JobHandle<int>(service.submit(Lane::Compute, QStringLiteral("fails"), [kind](JobContext&) -> QVariant {
            if (kind == 0) throw perceiver::Error(perceiver::ErrorKind::Media, "the frame 3 of 'x.mp4' is empty");
            if (kind == 1) throw perceiver::Error(perceiver::ErrorKind::Cancelled, "cancelled");
            if (kind == 2) throw std::out_of_range("out of range");
            throw 42;
        }));
        QString got;
        bool gotCancelled = !cancelled;
        int finished = 0;
        job.onFailed(this, [&](const QString& m, bool c) {
            got = m;
            gotCancelled = c;
        });
        job.onFinished(this, [&](int) { ++finished; });
        QVERIFY(drain(service, 10000));
        QCOMPARE(got, message);
        QCOMPARE(gotCancelled, cancelled);
        QCOMPARE(finished, 0);
    }

    void aThrowingReceiverDoesNotStopTheMail() {
        // A page's slot that throws on a result is logged; the application and the next job's
        // result go on (the exception would otherwise cross GLib's dispatcher and end the process).
        Service service;
        const auto first = JobHandle<int>(service.submit(Lane::Compute, QStringLiteral("first"), [](JobContext&) -> QVariant { return 1; }));
        const auto second = JobHandle<int>(service.submit(Lane::Compute, QStringLiteral("second"), [](JobContext&) -> QVariant { return 2; }));
        int got = 0;
        first.onFinished(this, [](int) { throw std::runtime_error("the receiver broke"); });
        second.onFinished(this, [&](int v) { got = v; });
        QTest::ignoreMessage(QtWarningMsg, "Service: a receiver of a job's result failed: the receiver broke");
        QVERIFY(drain(service, 10000));
        QCOMPARE(got, 2);
    }

    void typedHandleDeliversTheResult() {
        Service service;
        QVERIFY(service.addFolder(fixture(QStringLiteral("image_classification_learned")), nullptr));
        ClassifyRequest r;
        r.model = fixture(QStringLiteral("image_classification_learned"));
        r.image = texture(64, 48);
        r.topK = 3;
        ClassifyResult result;
        double lastProgress = -1;
        const auto job = service.classify(r);
        job.onFinished(this, [&](const ClassifyResult& c) { result = c; })
            .onProgress(this, [&](double f, const QString&) { lastProgress = f; });
        QVERIFY(drain(service, kTimeout));
        QCOMPARE(result.top.size(), 3);
        QCOMPARE(result.architecture, QStringLiteral("PerceiverForImageClassificationLearned"));
        QVERIFY(result.top[0].probability >= result.top[1].probability);
        QVERIFY(lastProgress >= 0);
    }

    void randomEventsThroughTheService() {
        // Four pages submitting, cancelling and changing models at random, with real models on
        // the compute lane beside synthetic work on all three lanes.
        Service service;
        service.setThreads(1);
        Ledger ledger(&service);
        for (const char* f : {"image_classification_learned", "image_classification_fourier", "masked_lm"})
            QVERIFY(service.addFolder(fixture(QString::fromLatin1(f)), nullptr));
        std::mt19937 rng(2026);
        QPointer<Job> pages[4];
        const QImage image = texture(40, 30);
        int real = 0;
        for (int event = 0; event < 3000; ++event) {
            const int page = int(rng() % 4);
            const int what = int(rng() % 100);
            if (what < 40) {
                const Lane lane = Lane(rng() % 3);
                const QString key = lane == Lane::Immediate && rng() % 2 ? QStringLiteral("view %1").arg(page) : QString();
                pages[page] = service.submit(lane, QStringLiteral("synthetic"), busy(int(rng() % 1500)), key);
            } else if (what < 46 && (!pages[page] || pages[page]->isDone())) {
                ++real;  // a model change: the classifiers and the language model take turns in the two-entry cache
                const int model = int(rng() % 3);
                if (model < 2) {
                    ClassifyRequest r;
                    r.model = fixture(model ? QStringLiteral("image_classification_fourier") : QStringLiteral("image_classification_learned"));
                    r.image = image;
                    pages[page] = service.classify(r).job();
                } else {
                    FillMaskRequest r;
                    r.model = fixture(QStringLiteral("masked_lm"));
                    r.text = QStringLiteral("Hello [MASK]orld");
                    pages[page] = service.fillMask(r).job();
                }
            } else if (what < 66) {
                if (pages[page]) pages[page]->cancel();
            } else if (what < 67) {
                if (rng() % 5 == 0) service.cancelAll();
            } else if (what < 70) {
                service.setDevice(QStringLiteral("cpu"));
            } else if (what < 90) {
                QCoreApplication::processEvents();
            } else {
                QTest::qWait(1);  // let the lanes work off their queues
            }
        }
        QVERIFY(drain(service, kTimeout));
        QVERIFY2(ledger.violation().isEmpty(), qPrintable(ledger.violation()));
        QVERIFY(ledger.entries.size() > 1000);
        QVERIFY(ledger.cancelledCount() > 100);
        QVERIFY(real > 50);
        QVERIFY(service.isIdle());
        qInfo("%lld jobs, %d cancelled, %d real model runs", qlonglong(ledger.entries.size()), ledger.cancelledCount(), real);
    }

    void randomEventsThroughTheWindow() {
        // A person clicking around the real window at random: Run and Cancel on every page,
        // tab switches, model changes, inspector views.
        QTemporaryDir dir;
        std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>();
        window->service()->setThreads(1);
        Ledger ledger(window->service());
        for (const char* f : {"masked_lm", "image_classification_learned", "image_classification_conv", "optical_flow", "multimodal_autoencoding"})
            QVERIFY(window->addModelFolder(fixture(QString::fromLatin1(f))));
        window->fillMaskPage()->editor()->setPlainText(QStringLiteral("Hello [MASK][MASK]rld"));
        window->classifyPage()->setImage(texture(40, 30), QStringLiteral("texture"));
        const QString a = dir.filePath(QStringLiteral("a.png")), b = dir.filePath(QStringLiteral("b.png"));
        QVERIFY(texture(40, 28).save(a) && texture(40, 28, 1).save(b));
        QVERIFY(window->flowPage()->openFrames(a, b));
        QVERIFY(window->autoencodePage()->openFile(writeClip(dir.path(), 4)));
        const QList<TaskPage*> pages{window->fillMaskPage(), window->classifyPage(), window->flowPage(), window->autoencodePage(),
                                     window->attentionPage()};
        std::mt19937 rng(14);
        for (int event = 0; event < 3000; ++event) {
            TaskPage* page = pages[int(rng() % pages.size())];
            const int what = int(rng() % 100);
            if (what < 25) {
                if (page->runButton()->isEnabled()) page->runButton()->click();
            } else if (what < 35) {
                if (page->cancelButton()->isEnabled()) page->cancelButton()->click();
            } else if (what < 60) {
                window->tabs()->setCurrentIndex(int(rng() % window->tabs()->count()));
            } else if (what < 70) {
                QComboBox* box = page->modelBox();
                auto* model = qobject_cast<QStandardItemModel*>(box->model());
                const int i = box->count() ? int(rng() % box->count()) : -1;
                if (i >= 0 && (!model || model->item(i)->isEnabled())) box->setCurrentIndex(i);
            } else if (what < 80) {
                AttentionPage* inspector = window->attentionPage();
                const AttentionSummary s = inspector->summary();
                if (s.maps) inspector->setChoice(int(rng() % (s.crossHeads + 1)) - 1, int(rng() % (s.latents + 1)) - 1, rng() % 2, 0);
            } else {
                QTest::qWait(int(rng() % 4));
            }
            for (QWidget* w : QApplication::topLevelWidgets())  // error dialogs of bad combinations
                if (auto* box = qobject_cast<QMessageBox*>(w)) box->close();
        }
        QVERIFY(drain(*window->service(), kTimeout));
        QVERIFY2(ledger.violation().isEmpty(), qPrintable(ledger.violation()));
        for (TaskPage* page : pages) QVERIFY2(!page->isBusy(), page->metaObject()->className());
        QVERIFY2(ledger.entries.size() > 50, qPrintable(QString::number(ledger.entries.size())));  // (how many depends on the machine: a busy page does not submit)
        qInfo("%lld jobs from the window, %d cancelled", qlonglong(ledger.entries.size()), ledger.cancelledCount());
        window.reset();
        QCOMPARE(Job::liveCount(), 0);
    }

    void destroyingTheServiceStopsItsWorkers() {
        // A running and a waiting job when the window closes: the destructor cancels and joins.
        std::atomic<bool> never{false};
        QElapsedTimer t;
        t.start();
        {
            Service service;
            service.submit(Lane::Compute, QStringLiteral("runs"), gated(never));
            service.submit(Lane::Compute, QStringLiteral("waits"), gated(never));
            service.submit(Lane::Io, QStringLiteral("io"), gated(never));
            QTest::qWait(20);
        }
        QVERIFY(t.elapsed() < 3000);
        QCOMPARE(Job::liveCount(), 0);
    }
};

QTEST_MAIN(TestService)
#include "test_service.moc"
