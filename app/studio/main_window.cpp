#include "main_window.h"

#include "attention_page.h"
#include "autoencode_page.h"
#include "classify_page.h"
#include "fill_mask_page.h"
#include "flow_page.h"
#include "model_manager.h"
#include "service.h"
#include "text_classify_page.h"
#include "train_page.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSharedPointer>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>

#include <optional>

namespace studio {

namespace {

constexpr int kMaxRecent = 10;

QString humanBytes(qint64 bytes) {
    return bytes >= (qint64(1) << 30) ? QStringLiteral("%1 GB").arg(bytes / double(1 << 30), 0, 'f', 2)
                                      : QStringLiteral("%1 MB").arg(bytes / double(1 << 20), 0, 'f', 0);
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Perceiver Studio"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/perceiver-studio.png")));
    setAcceptDrops(true);
    service_ = new Service(this);
    createPages();
    createMenus();
    createStatusBar();
    connectService();
    readSettings();
    updateModels();
    if (Service::referenceBlas())
        statusBar()->showMessage(tr("Warning: LibTorch uses the slow reference BLAS; install libopenblas0-pthread for ~10x faster models."));
}

MainWindow::~MainWindow() = default;

void MainWindow::createPages() {
    tabs_ = new QTabWidget;
    tabs_->setDocumentMode(true);
    fillMask_ = new FillMaskPage;
    textClassify_ = new TextClassifyPage;
    classify_ = new ClassifyPage;
    flow_ = new FlowPage;
    autoencode_ = new AutoencodePage;
    attention_ = new AttentionPage;
    train_ = new TrainPage;
    manager_ = new ModelManager;
    tabs_->addTab(fillMask_, tr("Masked &text"));
    tabs_->addTab(textClassify_, tr("Te&xt classification"));
    tabs_->addTab(classify_, tr("&Image classification"));
    tabs_->addTab(flow_, tr("Optical &flow"));
    tabs_->addTab(autoencode_, tr("&Autoencoding"));
    tabs_->addTab(attention_, tr("Atte&ntion"));
    tabs_->addTab(train_, tr("T&rain"));
    tabs_->addTab(manager_, tr("&Models"));
    tabs_->setTabToolTip(0, tr("Fill masked bytes with PerceiverForMaskedLM"));
    tabs_->setTabToolTip(tabs_->indexOf(textClassify_), tr("Classify a text with PerceiverForSequenceClassification"));
    tabs_->setTabToolTip(tabs_->indexOf(classify_), tr("Classify an image with the learned, Fourier or conv image classifier"));
    tabs_->setTabToolTip(tabs_->indexOf(flow_), tr("Optical flow between two frames or through a video"));
    tabs_->setTabToolTip(tabs_->indexOf(autoencode_), tr("Reconstruct video and audio with the multimodal autoencoder"));
    tabs_->setTabToolTip(tabs_->indexOf(attention_), tr("Inspect the attention of the last run of a task"));
    tabs_->setTabToolTip(tabs_->indexOf(train_), tr("Fine-tune a classifier on your own images or texts and watch it learn"));
    tabs_->setTabToolTip(tabs_->indexOf(manager_), tr("Download, find and open models; device and threads"));
    setCentralWidget(tabs_);

    for (TaskPage* page : {static_cast<TaskPage*>(fillMask_), static_cast<TaskPage*>(textClassify_), static_cast<TaskPage*>(classify_), static_cast<TaskPage*>(flow_),
                           static_cast<TaskPage*>(autoencode_), static_cast<TaskPage*>(attention_), static_cast<TaskPage*>(train_)}) {
        connect(page, &TaskPage::cancelRequested, this, [this, page] {
            if (Job* job = running_.value(page)) job->cancel();
        });
        connect(page, &TaskPage::fileOpened, this, [this, page](const QStringList& paths) {
            addRecentFile(page == fillMask_ ? QStringLiteral("text") : page == textClassify_ ? QStringLiteral("classify-text")
                          : page == classify_ ? QStringLiteral("image")
                          : page == flow_   ? QStringLiteral("flow") : QStringLiteral("video"),
                          paths);
        });
        connect(page, &TaskPage::modelManagerRequested, this, [this] { tabs_->setCurrentWidget(manager_); });
        connect(page, &TaskPage::modelChanged, this, [this, page] {
            savedModel_.remove(page);  // a choice made now replaces last session's
            updateStatusBar();
        });
    }
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::updateStatusBar);

    // Task runs whose input the attention inspector can reuse are remembered with it.
    auto input = [](AttentionRequest::Kind kind, const QString& model) {
        AttentionRequest a;
        a.kind = kind;
        a.model = model;
        return a;
    };
    connect(train_, &TrainPage::trainRequested, this, &MainWindow::train);
    connect(train_, &TrainPage::exampleDataRequested, this, [this](const QString& dir) {
        train_->setStatus(tr("Writing the example images…"));
        service_->writeExampleShapes(dir)
            .onFinished(train_, [this](const QString& written) {
                train_->setDataPath(written);
                for (const ModelInfo& m : service_->models())
                    if (m.origin == QLatin1String("demo") && m.architecture == QLatin1String("PerceiverForImageClassificationLearned")) train_->selectModel(m.spec);
                train_->setStatus(tr("Example data: four shapes the demo shapes model never saw (ring, diamond, bar, crescent), 40 training and "
                                     "15 held-out images each, in %1. Press Start.").arg(written));
            })
            .onFailed(train_, [this](const QString& message, bool) { train_->showError(tr("Cannot write the example images"), message); });
    });
    connect(fillMask_, &FillMaskPage::runRequested, this, [this, input](const FillMaskRequest& r) {
        AttentionRequest a = input(AttentionRequest::Text, r.model);
        a.text = r.text;
        track(service_->fillMask(r).job(), fillMask_, &a);
    });
    connect(textClassify_, &TextClassifyPage::runRequested, this, [this, input](const TextClassifyRequest& r) {
        AttentionRequest a = input(AttentionRequest::Text, r.model);
        a.text = r.text;
        track(service_->classifyText(r).job(), textClassify_, &a);
    });
    connect(classify_, &ClassifyPage::runRequested, this, [this, input](const ClassifyRequest& r) {
        AttentionRequest a = input(AttentionRequest::Image, r.model);
        a.image = r.image;
        track(service_->classify(r).job(), classify_, &a);
    });
    connect(flow_, &FlowPage::runRequested, this, [this, input](const FlowRequest& r) {
        AttentionRequest a = input(AttentionRequest::Flow, r.model);
        a.image = r.first;
        a.second = r.second;
        const auto job = service_->flow(r);
        job.onPartial<FlowFrame>(flow_, [this](const FlowFrame& f) { flow_->addFrame(f); });  // a video's pairs, as they come
        job.onPartial<FlowPreview>(flow_, [this](const FlowPreview& p) { flow_->showPreview(p); });  // a large pair: first look, windows
        track(job.job(), flow_, r.video.isEmpty() ? &a : nullptr);  // (videos: pairs only)
    });
    connect(autoencode_, &AutoencodePage::runRequested, this, [this, input](const AutoencodeRequest& r) {
        AttentionRequest a = input(AttentionRequest::Video, r.model);
        a.video = r.video;
        const auto job = service_->autoencode(r);
        job.onPartial<AutoencodePreview>(autoencode_, [this](const AutoencodePreview& p) { autoencode_->showPreview(p); });  // coarse first
        track(job.job(), autoencode_, &a);
    });
    connect(autoencode_, &AutoencodePage::labelFileChosen, this, [this](const QString& model, const QString& path) {
        QString error;
        if (service_->setLabelFile(model, path, &error)) autoencode_->setStatus(tr("Class names from %1 (used from the next run).").arg(path));
        else autoencode_->showError(tr("Cannot use these label names"), error);
    });
    connect(attention_, &AttentionPage::runRequested, this, [this](const AttentionRequest& r) { track(service_->attention(r).job(), attention_); });
    connect(attention_, &AttentionPage::traceRequested, this, [this](const TraceRequest& r) { track(service_->trace(r).job(), attention_); });
    connect(attention_, &AttentionPage::attributionRequested, this,
            [this](const AttributionRequest& r) { track(service_->attribute(r).job(), attention_); });
    connect(attention_, &AttentionPage::interventionRequested, this,
            [this](const InterventionRequest& r) { track(service_->intervene(r).job(), attention_); });
    connect(attention_, &AttentionPage::rankRequested, this, [this](const LatentRankRequest& r) { track(service_->rankLatents(r).job(), attention_); });
    connect(attention_, &AttentionPage::viewRequested, this, [this](const AttentionViewRequest& r) {
        service_->attentionView(r)
            .onFinished(attention_, [this](const AttentionView& v) { attention_->showView(v); })
            .onFailed(attention_, [this](const QString& message, bool cancelled) {
                if (!cancelled) attention_->setStatus(message);  // (cancelled: replaced by a newer view)
            });
    });
    connect(flow_, &FlowPage::posterRequested, this, [this](const QString& video) {
        service_->posterFrame(video)
            .onFinished(flow_, [this, video](const QImage& frame) { flow_->setPoster(video, frame); })
            .onFailed(flow_, [this, video](const QString& message, bool cancelled) {
                if (!cancelled) flow_->videoFailed(video, message);
            });
    });
    connect(flow_, &FlowPage::reanalysisRequested, this, [this](const FlowReanalysisRequest& r) {
        service_->reanalyzeFlow(r)
            .onFinished(flow_, [this](const FlowFrame& f) { flow_->applyReanalysis(f); })
            .onFailed(flow_, [this](const QString& message, bool cancelled) {
                if (!cancelled) flow_->reanalysisFailed(message);
            });
    });
    connect(flow_, &FlowPage::flowFileSizeRequested, this, [this](const QString& path) {
        service_->flowFileSize(path)
            .onFinished(flow_, [this, path](const QSize& size) { flow_->setFlowFileSize(path, size); })
            .onFailed(flow_, [this, path](const QString& message, bool cancelled) {
                if (!cancelled) flow_->flowFileFailed(path, message);
            });
    });
    connect(autoencode_, &AutoencodePage::posterRequested, this, [this](const QString& video) {
        service_->posterFrame(video)
            .onFinished(autoencode_, [this, video](const QImage& frame) { autoencode_->setPoster(video, frame); })
            .onFailed(autoencode_, [this, video](const QString& message, bool cancelled) {
                if (!cancelled) autoencode_->videoFailed(video, message);
            });
    });
    flow_->setArrowSampler(&Service::flowArrowLines);
    flow_->setColorWheel(Service::flowColorWheel(256));
    auto exported = [this](const JobHandle<QString>& job) {
        job.onFinished(flow_, [this](const QString& path) { flow_->setStatus(tr("Saved %1").arg(path)); })
            .onFailed(flow_, [this](const QString& message, bool cancelled) {
                if (cancelled) flow_->setStatus(message);
                else flow_->showError(tr("Export failed"), message);
            });
    };
    connect(flow_, &FlowPage::exportFloRequested, this, [this, exported](const FlowFrame& f, const QString& path) {
        exported(service_->saveFlo(f, path));
    });
    connect(flow_, &FlowPage::exportVideoRequested, this, [this, exported](const QList<QImage>& frames, const QString& path, double fps) {
        exported(service_->saveVideo(frames, path, fps));
    });

    connect(attention_, &AttentionPage::exportNumbersRequested, this, [this](const QVector<float>& values, const QVector<qint64>& shape, const QString& path) {
        service_->saveArray(values, shape, path)
            .onFinished(attention_, [this](const QString& saved) { attention_->setStatus(tr("Saved %1").arg(saved)); })
            .onFailed(attention_, [this](const QString& message, bool cancelled) {
                if (cancelled) attention_->setStatus(message);
                else attention_->showError(tr("Export failed"), message);
            });
    });

    connect(manager_, &ModelManager::downloadRequested, this, [this](const QString& repo) {
        const auto job = service_->download(repo);
        download_ = job.job();
        manager_->setDownloading(true);
        manager_->setStatus(tr("Waiting to download %1…").arg(repo));
        job.onProgress(manager_, [this](double f, const QString& stage) { manager_->setProgress(f, stage); })
            .onFinished(manager_, [this](const DownloadResult& r) {
                manager_->setDownloading(false);
                manager_->setStatus(r.bytes > 0 ? tr("Downloaded %1 (%2).").arg(r.repo, humanBytes(r.bytes)) : tr("%1 is up to date.").arg(r.repo));
                service_->refreshModels();
            })
            .onFailed(manager_, [this](const QString& message, bool cancelled) {
                manager_->setDownloading(false);
                manager_->setStatus(message);
                if (!cancelled) QMessageBox::warning(this, tr("Download failed"), message);
            });
    });
    connect(manager_, &ModelManager::cancelRequested, this, [this] {
        if (download_) download_->cancel();
    });
    connect(manager_, &ModelManager::folderOpened, this, &MainWindow::addModelFolder);
    connect(manager_, &ModelManager::refreshRequested, service_, &Service::refreshModels);
    connect(manager_, &ModelManager::deviceChanged, this, [this](const QString& d) {
        service_->setDevice(d);
        updateStatusBar();
    });
    connect(manager_, &ModelManager::threadsChanged, service_, &Service::setThreads);
}

void MainWindow::track(Job* job, TaskPage* page, const AttentionRequest* inspectorInput) {
    running_.insert(page, job);
    page->setBusy(true);
    const QString title = job->title();
    page->setStatus(service_->isWaiting(job->id()) ? tr("Queued: another job is running…") : tr("%1…").arg(title));
    // Waiting: say behind what, and how far that job is (its step and time left), as it goes.
    for (auto it = running_.cbegin(); it != running_.cend(); ++it) {
        Job* ahead = it.value();
        // (A job ahead that has not started yet counts too: its progress comes once it starts.
        // Skipping it lost the line when this job was tracked before the worker took that one.)
        if (!ahead || ahead == job || ahead->lane() != job->lane() || !service_->isWaiting(job->id())) continue;
        const QPointer<Job> waiting(job);
        connect(ahead, &Job::progress, page, [this, page, waiting, what = ahead->title()](double, const QString& stage) {
            if (waiting && service_->isWaiting(waiting->id())) page->setStatus(tr("Queued behind %1: %2").arg(what, stage));
        });
    }
    connect(job, &Job::started, page, [page, title] { page->setStatus(tr("%1…").arg(title)); });
    connect(job, &Job::progress, page, &TaskPage::setProgress);
    const std::optional<AttentionRequest> source = inspectorInput ? std::optional<AttentionRequest>(*inspectorInput) : std::nullopt;
    connect(job, &Job::finished, page, [this, page, source, job](const QVariant& result) {
        running_.remove(page);
        page->setBusy(false);
        page->setProgress(1.0, QString());
        page->presentResult(result);
        // NaN / Inf weights or outputs: the result is shown, and says it is not to be trusted.
        if (const QStringList warnings = job->warnings(); !warnings.isEmpty()) {
            page->setStatus(tr("Warning: %1").arg(warnings.join(QStringLiteral(" "))));
            statusBar()->showMessage(tr("Warning: %1").arg(warnings.first()), 15000);
        }
        if (source) {
            const QString input = page->resultInput();
            const QString what = page == textClassify_                     ? tr("Text classification, last run: %1").arg(input)
                                 : source->kind == AttentionRequest::Text    ? tr("Masked text, last run: %1").arg(input)
                                 : source->kind == AttentionRequest::Image ? tr("Image classification, last run: %1").arg(input)
                                 : source->kind == AttentionRequest::Flow  ? tr("Optical flow, last run (first window): %1").arg(input)
                                                                           : tr("Autoencoding, last run (first window): %1").arg(input);
            attention_->setSource(*source, what);
            if (page == inspectSample_) {  // the samples: the inspector shows what the first page's model read
                inspectSample_.clear();
                attention_->selectSource(source->kind);
                if (attention_->runButton()->isEnabled() && !attention_->isBusy()) attention_->runButton()->click();
            }
        }
        updateStatusBar();
    });
    connect(job, &Job::failed, page, [this, page](const QString& message, bool cancelled) {
        running_.remove(page);
        page->setBusy(false);
        page->presentFailure(message, cancelled);
    });
}

void MainWindow::train(const TrainRequest& request) {
    JobHandle<TrainResult> job = service_->train(request);
    track(job.job(), train_);
    connect(job.job(), &Job::partial, train_, [this](const QVariant& v) {  // (two kinds: dispatched by type)
        if (v.metaType() == QMetaType::fromType<TrainStarted>()) train_->showStarted(v.value<TrainStarted>());
        else if (v.metaType() == QMetaType::fromType<TrainPoint>()) train_->addPoint(v.value<TrainPoint>());
    });
    job.onFinished(train_, [this](const TrainResult& r) {
        QString error;
        if (!service_->addFolder(r.out, &error)) train_->setStatus(error);  // on the task pages and in the manager from now on
    });
    job.onFailed(train_, [this](const QString&, bool cancelled) { train_->runEnded(cancelled); });
}

void MainWindow::connectService() {
    connect(service_, &Service::modelsChanged, this, &MainWindow::updateModels);
    connect(service_, &Service::modelLoaded, this, [this](const QString& spec, const QString& device) {
        lastModel_ = QStringLiteral("%1 (%2)").arg(spec, device);
        updateStatusBar();
    });
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::openDialog);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Open an image, a video, a .flo file or a model folder"));
    QAction* openModel = file->addAction(tr("Open &model folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open model folder"));
        if (!dir.isEmpty()) addModelFolder(dir);
    });
    openModel->setStatusTip(tr("A folder with config.json and the weights"));
    recentMenu_ = file->addMenu(tr("Open &recent"));
    QAction* samples = file->addAction(tr("Open &samples"), this, &MainWindow::openSamplesAsking);
    samples->setStatusTip(tr("A sample input on every page, run with the built-in demo models"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < tabs_->count(); ++i) {
        QAction* a = view->addAction(tabs_->tabText(i).remove(QLatin1Char('&')), this, [this, i] { tabs_->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::ALT | (Qt::Key_1 + i)));
    }
    view->addSeparator();
    QMenu* language = view->addMenu(tr("&Language"));
    auto* group = new QActionGroup(language);
    const QString current = QSettings().value(QStringLiteral("language")).toString();
    const QList<QPair<QString, QString>> languages{
        {QString(), tr("System default")}, {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("de"), QStringLiteral("Deutsch")}, {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
    for (const auto& [code, name] : languages) {
        QAction* a = language->addAction(name);
        a->setCheckable(true);
        a->setChecked(code == current);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = code] {
            // (queued: the switch rebuilds this menu, and the action must not die in its own signal)
            QMetaObject::invokeMethod(this, [this, code] { switchLanguage(code); }, Qt::QueuedConnection);
        });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Perceiver Studio"), this, &MainWindow::about);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    updateRecentMenu();
}

void MainWindow::createStatusBar() {
    modelLabel_ = new QLabel;
    deviceLabel_ = new QLabel;
    memoryLabel_ = new QLabel;
    memoryLabel_->setToolTip(tr("Memory this process uses"));
    statusBar()->addPermanentWidget(modelLabel_);
    statusBar()->addPermanentWidget(deviceLabel_);
    statusBar()->addPermanentWidget(memoryLabel_);
    auto* timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &MainWindow::updateStatusBar);
    timer->start(2000);
    updateStatusBar();
}

void MainWindow::updateStatusBar() {
    QString model;
    if (auto* page = qobject_cast<TaskPage*>(tabs_->currentWidget()))
        if (!page->currentModel().isEmpty()) model = page->modelBox()->currentText();
    modelLabel_->setText(model.isEmpty() ? lastModel_ : tr("Model: %1").arg(model));
    deviceLabel_->setText(tr("%1, %n thread(s)", nullptr, service_->threads()).arg(service_->device().toUpper()));
    const qint64 rss = Service::residentBytes();
    memoryLabel_->setText(rss > 0 ? tr("Memory: %1").arg(humanBytes(rss)) : QString());
}

void MainWindow::updateModels() {
    const QList<ModelInfo> models = service_->models();
    for (TaskPage* page : findChildren<TaskPage*>()) page->setModels(models);
    manager_->setModels(models);
    // Last session's choice wins once it is offered (demo models and downloads appear later).
    // (selectModel() emits modelChanged, which edits savedModel_: iterate over a copy.)
    const QHash<TaskPage*, QString> saved = savedModel_;
    for (auto it = saved.begin(); it != saved.end(); ++it)
        if (it.key()->selectModel(it.value())) savedModel_.remove(it.key());
}

bool MainWindow::addModelFolder(const QString& path) {
    QString error;
    if (!service_->addFolder(path, &error)) {
        QMessageBox::warning(this, tr("Not a model folder"), error);
        return false;
    }
    manager_->setStatus(tr("Added %1.").arg(path));
    return true;
}

bool MainWindow::openPath(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) {
        QMessageBox::warning(this, tr("Cannot open"), tr("“%1” does not exist.").arg(path));
        return false;
    }
    if (info.isDir()) return addModelFolder(path);
    const QString ext = info.suffix().toLower();
    TaskPage* page = nullptr;
    if (ext == QLatin1String("flo")) page = flow_;
    else if (TaskPage::isVideoFile(path)) page = tabs_->currentWidget() == flow_ ? static_cast<TaskPage*>(flow_) : static_cast<TaskPage*>(autoencode_);
    else if (ext == QLatin1String("txt") && tabs_->currentWidget() == textClassify_) page = textClassify_;
    else if (ext == QLatin1String("txt")) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            QMessageBox::warning(this, tr("Cannot open"), tr("Cannot read “%1”: %2.").arg(path, f.errorString()));
            return false;
        }
        fillMask_->editor()->setPlainText(QString::fromUtf8(f.read(1 << 20)));
        tabs_->setCurrentWidget(fillMask_);
        addRecentFile(QStringLiteral("text"), {path});
        return true;
    } else page = tabs_->currentWidget() == flow_ ? static_cast<TaskPage*>(flow_) : static_cast<TaskPage*>(classify_);
    tabs_->setCurrentWidget(page);
    return page->openFile(path);
}

void MainWindow::setSampleDirectory(const QString& dir) { sampleDir_ = dir; }

void MainWindow::openSamplesAsking() {
    auto open = [this](bool replaceText) {
        if (openSamples(replaceText) == 0 && !sampleDir_.isEmpty())
            statusBar()->showMessage(tr("The samples are open; no demo model to run them with."), 5000);
    };
    // The user's own text (typed, not opened or filled in) is not replaced without asking.
    const QPlainTextEdit* editor = fillMask_->editor();
    if (!editor->document()->isModified() || editor->toPlainText().trimmed().isEmpty()) return open(true);
    auto* box = new QMessageBox(QMessageBox::Question, tr("Open samples"),
                                tr("The masked-text editor holds your own text. Replace it with the sample text?"), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("replaceTextQuestion"));
    box->addButton(tr("&Replace"), QMessageBox::AcceptRole);
    QPushButton* keep = box->addButton(tr("&Keep my text"), QMessageBox::RejectRole);
    box->setDefaultButton(keep);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [box, keep, open] { open(box->clickedButton() != keep && box->clickedButton() != nullptr); });
    box->open();  // window-modal, not blocking
}

int MainWindow::openSamples(bool replaceText) {
    const QDir d(sampleDir_);
    if (sampleDir_.isEmpty() || !d.exists()) {
        statusBar()->showMessage(tr("No sample inputs found (resources/samples)."), 5000);
        return 0;
    }
    const QList<TaskPage*> pages{fillMask_, textClassify_, classify_, flow_, autoencode_};
    // (Samples are not the user's files: addRecentFile() leaves them out.)
    QFile text(d.filePath(QStringLiteral("fill-mask.txt")));
    if (replaceText && text.open(QIODevice::ReadOnly)) fillMask_->editor()->setPlainText(QString::fromUtf8(text.readAll()).trimmed());
    QFile review(d.filePath(QStringLiteral("classify-text.txt")));
    if (textClassify_->editor()->toPlainText().isEmpty() && review.open(QIODevice::ReadOnly))
        textClassify_->editor()->setPlainText(QString::fromUtf8(review.readAll()).trimmed());
    const QStringList shapes = d.entryList({QStringLiteral("shapes-*.png")}, QDir::Files, QDir::Name);
    if (!shapes.isEmpty()) classify_->openFile(d.filePath(shapes.first()));
    for (const char* name : {"flow-frame1.png", "flow-frame2.png", "flow-truth.flo"})
        if (d.exists(QLatin1String(name))) flow_->openFile(d.filePath(QLatin1String(name)));
    if (d.exists(QStringLiteral("clips.mp4"))) autoencode_->openFile(d.filePath(QStringLiteral("clips.mp4")));
    int started = 0;
    inspectSample_.clear();
    for (TaskPage* page : pages)
        if (page->currentModelIsDemo() && page->runButton()->isEnabled() && !page->isBusy()) {
            page->runButton()->click();
            if (page == fillMask_) inspectSample_ = page;  // the inspector runs on it when it is done
            ++started;
        }
    tabs_->setCurrentWidget(fillMask_);
    return started;
}

void MainWindow::openDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open"), QSettings().value(QStringLiteral("lastDir")).toString(),
        tr("Everything Perceiver Studio opens (%1 %2 *.flo *.txt);;All files (*)").arg(TaskPage::imagePatterns(), TaskPage::videoPatterns()));
    if (path.isEmpty()) return;
    QSettings().setValue(QStringLiteral("lastDir"), QFileInfo(path).absolutePath());
    openPath(path);
}

namespace {

/// The recent files: entries {page, paths}, newest first. (An entry of an older version is a
/// bare path: no page, opened as File > Open would.)
QList<QVariantMap> readRecent() {
    QList<QVariantMap> out;
    for (const QVariant& v : QSettings().value(QStringLiteral("recentFiles")).toList()) {
        QVariantMap e = v.toMap();
        if (e.isEmpty() && !v.toString().isEmpty()) e = {{QStringLiteral("paths"), QStringList{v.toString()}}};
        if (!e.value(QStringLiteral("paths")).toStringList().isEmpty()) out << e;
    }
    return out;
}

void writeRecent(const QList<QVariantMap>& entries) {
    QVariantList list;
    for (const QVariantMap& e : entries) list << e;
    QSettings().setValue(QStringLiteral("recentFiles"), list);
}

}  // namespace

void MainWindow::addRecentFile(const QString& page, const QStringList& paths) {
    if (paths.isEmpty()) return;
    const QString samples = sampleDir_.isEmpty() ? QString() : QDir(sampleDir_).absolutePath() + QLatin1Char('/');
    if (!samples.isEmpty() && QFileInfo(paths.first()).absoluteFilePath().startsWith(samples)) return;  // not the user's files
    QList<QVariantMap> recent = readRecent();
    const QVariantMap entry{{QStringLiteral("page"), page}, {QStringLiteral("paths"), paths}};
    recent.removeIf([&](const QVariantMap& e) { return e.value(QStringLiteral("paths")).toStringList() == paths; });
    recent.prepend(entry);
    while (recent.size() > kMaxRecent) recent.removeLast();
    writeRecent(recent);
    updateRecentMenu();
}

bool MainWindow::openRecent(const QString& page, const QStringList& paths) {
    for (const QString& p : paths)
        if (!QFileInfo::exists(p)) {
            QList<QVariantMap> recent = readRecent();
            recent.removeIf([&](const QVariantMap& e) { return e.value(QStringLiteral("paths")).toStringList() == paths; });
            writeRecent(recent);
            updateRecentMenu();
            QMessageBox::warning(this, tr("Cannot open"), tr("“%1” does not exist any more; it is removed from the recent files.").arg(p));
            return false;
        }
    TaskPage* target = page == QLatin1String("image")           ? static_cast<TaskPage*>(classify_)
                       : page == QLatin1String("classify-text") ? static_cast<TaskPage*>(textClassify_)
                       : page == QLatin1String("flow") ? static_cast<TaskPage*>(flow_)
                       : page == QLatin1String("video") ? static_cast<TaskPage*>(autoencode_) : nullptr;
    if (!target) return openPath(paths.first());  // text files, and entries without a page
    tabs_->setCurrentWidget(target);
    if (target == flow_ && paths.size() == 2) return flow_->openFrames(paths[0], paths[1]);
    return target == flow_ ? flow_->openFile(paths.first()) : target->openFile(paths.first());
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QList<QVariantMap> recent = readRecent();
    for (int i = 0; i < recent.size(); ++i) {
        const QString page = recent[i].value(QStringLiteral("page")).toString();
        const QStringList paths = recent[i].value(QStringLiteral("paths")).toStringList();
        QStringList names;
        for (const QString& p : paths) names << QFileInfo(p).fileName();
        QAction* a = recentMenu_->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(names.join(QStringLiteral(" + "))), this,
                                            [this, page, paths] { openRecent(page, paths); });
        a->setToolTip(paths.join(QLatin1Char('\n')));
        a->setStatusTip(paths.join(QStringLiteral(", ")));
        a->setData(page);
    }
    recentMenu_->setEnabled(!recent.isEmpty());
    if (!recent.isEmpty()) {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("&Clear list"), this, [this] {
            QSettings().remove(QStringLiteral("recentFiles"));
            updateRecentMenu();
        });
    }
}

void MainWindow::about() {
    QMessageBox::about(this, tr("About Perceiver Studio"),
                       tr("<h3>Perceiver Studio %1</h3>"
                          "<p>Explore DeepMind's Perceiver and Perceiver IO models exactly as Hugging Face Transformers defines them: "
                          "masked text, image classification, optical flow, video and audio autoencoding, attention.</p>"
                          "<p>%2<br>Qt %3</p>")
                           .arg(QApplication::applicationVersion(), Service::runtimeSummary().toHtmlEscaped(), QString::fromLatin1(qVersion())));
}

void MainWindow::installTranslations(const QString& code) {
    static QPointer<QTranslator> ours, qt;  // the ones installed, replaced by the next switch
    for (QPointer<QTranslator>* t : {&ours, &qt})
        if (*t) {
            QApplication::removeTranslator(*t);
            delete t->data();
        }
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    ours = new QTranslator(qApp);
    if (ours->load(locale, QStringLiteral("perceiver-studio"), QStringLiteral("_"), QStringLiteral(":/i18n"))) QApplication::installTranslator(ours);
    qt = new QTranslator(qApp);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

bool MainWindow::switchLanguage(const QString& code, bool ask) {
    QSettings().setValue(QStringLiteral("language"), code);
    if (!service_->isIdle()) {
        statusBar()->showMessage(tr("The language changes when no job runs (or at the next start): switching rebuilds the pages."), 8000);
        return false;
    }
    bool results = false;
    for (TaskPage* page : findChildren<TaskPage*>()) results = results || !page->resultSourceText().isEmpty();
    if (ask && results &&
        QMessageBox::question(this, tr("Switch the language"),
                              tr("Switching the language rebuilds the pages: your inputs stay, the results shown are cleared. Switch now?")) !=
            QMessageBox::Yes) {
        statusBar()->showMessage(tr("The language changes at the next start."), 6000);
        return false;
    }
    // What the user put on the pages, and which models and tab they chose.
    writeSettings();
    const QString text = fillMask_->editor()->toPlainText();
    const bool typed = fillMask_->editor()->document()->isModified();
    const QString classifyText = textClassify_->editor()->toPlainText();
    const QImage image = classify_->image();
    const QString imageSource = classify_->imageSource();
    const QImage first = flow_->firstImage(), second = flow_->secondImage();
    const QString frames = flow_->framesLabel(), flowVideo = flow_->videoPath(), truth = flow_->groundTruth(), other = flow_->compareWith();
    const QString video = autoencode_->video();

    installTranslations(code);
    delete centralWidget();  // every page, with its connections
    menuBar()->clear();
    running_.clear();
    savedModel_.clear();
    createPages();
    createMenus();
    setWindowTitle(tr("Perceiver Studio"));
    readPageSettings();
    updateModels();
    fillMask_->editor()->setPlainText(text);
    fillMask_->editor()->document()->setModified(typed);
    textClassify_->editor()->setPlainText(classifyText);
    if (!image.isNull()) classify_->setImage(image, imageSource);
    if (!flowVideo.isEmpty()) flow_->openVideo(flowVideo);
    else flow_->setFrames(first, second, frames);
    if (!truth.isEmpty()) flow_->setGroundTruth(truth);
    if (!other.isEmpty()) flow_->setCompareWith(other);
    if (!video.isEmpty()) autoencode_->openFile(video);
    updateStatusBar();
    statusBar()->showMessage(tr("Language switched."), 4000);
    return true;
}

void MainWindow::readSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray())) resize(1200, 800);
    restoreState(settings.value(QStringLiteral("windowState")).toByteArray());
    const int threads = settings.value(QStringLiteral("threads"), QThread::idealThreadCount()).toInt();
    service_->setThreads(threads);
    const QStringList devices = service_->devices();
    QString device = settings.value(QStringLiteral("device"), QStringLiteral("cpu")).toString();
    if (!devices.contains(device)) device = QStringLiteral("cpu");
    service_->setDevice(device);
    readPageSettings();
    QString error;
    for (const QString& f : settings.value(QStringLiteral("modelFolders")).toStringList())
        if (QFileInfo::exists(f)) service_->addFolder(f, &error);  // folders that vanished are dropped quietly
}

void MainWindow::readPageSettings() {
    QSettings settings;
    tabs_->setCurrentIndex(settings.value(QStringLiteral("tab"), 0).toInt());
    manager_->setDevices(service_->devices(), service_->device());
    manager_->setThreads(service_->threads(), QThread::idealThreadCount());
    // The Train page's data and output (its task first: it decides which models it offers).
    train_->setTask(settings.value(QStringLiteral("train/task"), QStringLiteral("image")).toString());
    train_->setDataPath(settings.value(QStringLiteral("train/data")).toString());
    if (const QString out = settings.value(QStringLiteral("train/out")).toString(); !out.isEmpty()) train_->setOutputPath(out);
    for (TaskPage* page : findChildren<TaskPage*>()) {
        const QString spec = settings.value(QStringLiteral("models/") + page->metaObject()->className()).toString();
        if (!spec.isEmpty()) savedModel_.insert(page, spec);
    }
}

void MainWindow::writeSettings() {
    QSettings settings;
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("windowState"), saveState());
    settings.setValue(QStringLiteral("tab"), tabs_->currentIndex());
    settings.setValue(QStringLiteral("threads"), service_->threads());
    settings.setValue(QStringLiteral("device"), service_->device());
    settings.setValue(QStringLiteral("modelFolders"), service_->folders());
    for (TaskPage* page : findChildren<TaskPage*>())
        if (!page->currentModel().isEmpty())
            settings.setValue(QStringLiteral("models/") + page->metaObject()->className(), page->currentModel());
    settings.setValue(QStringLiteral("train/task"), train_->task());
    settings.setValue(QStringLiteral("train/data"), train_->dataPath());
    settings.setValue(QStringLiteral("train/out"), train_->outputPath());
}

void MainWindow::closeEvent(QCloseEvent* e) {
    if (!service_->isIdle()) {
        const auto answer = QMessageBox::question(this, tr("A job is running"), tr("Stop the running job and quit?"));
        if (answer != QMessageBox::Yes) {
            e->ignore();
            return;
        }
        service_->cancelAll();
    }
    writeSettings();
    e->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    e->acceptProposedAction();
    if (urls.size() == 2 && tabs_->currentWidget() == flow_) flow_->openFrames(urls[0].toLocalFile(), urls[1].toLocalFile());
    else openPath(urls.first().toLocalFile());
}

}  // namespace studio
