#include "autoencode_page.h"

#include "image_view.h"

#include <QAudioOutput>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMediaPlayer>
#include <QPushButton>
#include <QSaveFile>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace studio {

AutoencodePage::AutoencodePage(QWidget* parent) : TaskPage({QStringLiteral("PerceiverForMultimodalAutoencoding")}, parent) {
    auto* open = new QPushButton(tr("&Open video…"));
    open->setObjectName(QStringLiteral("openButton"));
    chunks_ = new QSpinBox;
    chunks_->setRange(1, 1024);
    chunks_->setValue(16);
    chunks_->setPrefix(tr("decode in "));
    chunks_->setSuffix(tr(" chunks"));
    chunks_->setToolTip(tr("Output points are decoded in this many chunks per window (DeepMind's demo uses 128); "
                           "more chunks need less memory"));
    inputLabel_ = new QLabel(tr("No video yet."));
    auto* labelNames = new QPushButton(tr("Label &names…"));
    labelNames->setToolTip(tr("A file with the class names, one per line (the multimodal checkpoint predicts Kinetics-700 "
                              "classes, which its config does not name)"));
    auto* tools = new QHBoxLayout;
    tools->addWidget(open);
    tools->addWidget(chunks_);
    tools->addWidget(labelNames);
    tools->addWidget(inputLabel_, 1);

    inputView_ = new ImageView;
    inputView_->setObjectName(QStringLiteral("autoInputView"));
    inputView_->setPlaceholder(tr("Open a video (or drop it here)"));
    inputView_->setMinimumSize(224, 224);
    reconstructionView_ = new ImageView;
    reconstructionView_->setObjectName(QStringLiteral("autoReconstructionView"));
    reconstructionView_->setPlaceholder(tr("The reconstruction appears here after Run"));
    reconstructionView_->setMinimumSize(224, 224);
    auto* inBox = new QGroupBox(tr("What the model saw"));
    (new QVBoxLayout(inBox))->addWidget(inputView_);
    reconstructionBox_ = new QGroupBox(tr("Reconstruction"));
    (new QVBoxLayout(reconstructionBox_))->addWidget(reconstructionView_);

    play_ = new QPushButton(tr("Play"));
    play_->setObjectName(QStringLiteral("playButton"));
    play_->setToolTip(tr("Play both videos in sync (Ctrl+P); at the end, Play starts over"));
    auto* back = new QPushButton(QStringLiteral("◀|"));
    back->setObjectName(QStringLiteral("stepBackButton"));
    back->setToolTip(tr("One frame back (Ctrl+Left)"));
    auto* forward = new QPushButton(QStringLiteral("|▶"));
    forward->setObjectName(QStringLiteral("stepForwardButton"));
    forward->setToolTip(tr("One frame forward (Ctrl+Right)"));
    position_ = new QSlider(Qt::Horizontal);
    position_->setObjectName(QStringLiteral("positionSlider"));
    position_->setRange(0, 0);
    frameLabel_ = new QLabel;
    frameLabel_->setObjectName(QStringLiteral("frameLabel"));
    speed_ = new QComboBox;
    speed_->setObjectName(QStringLiteral("speedBox"));
    speed_->addItem(QStringLiteral("0.25×"), 0.25);
    speed_->addItem(QStringLiteral("0.5×"), 0.5);
    speed_->addItem(QStringLiteral("1×"), 1.0);
    speed_->setCurrentIndex(2);
    speed_->setToolTip(tr("Playback speed"));
    loop_ = new QCheckBox(tr("&Loop"));
    loop_->setObjectName(QStringLiteral("loopBox"));
    audio_ = new QComboBox;
    audio_->addItem(tr("Hear the reconstruction"));
    audio_->addItem(tr("Hear the original"));
    audio_->addItem(tr("Silent"));
    auto* exportMp4 = new QPushButton(tr("Export MP4…"));
    auto* exportWav = new QPushButton(tr("Export WAV…"));
    auto* playRow = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{play_, back, forward}) playRow->addWidget(w);
    playRow->addWidget(position_, 1);
    for (QWidget* w : std::initializer_list<QWidget*>{frameLabel_, speed_, loop_, audio_, exportMp4, exportWav}) playRow->addWidget(w);

    psnr_ = new QLabel;
    psnr_->setObjectName(QStringLiteral("psnrLabel"));
    psnr_->setWordWrap(true);
    psnrTable_ = new QTableWidget(0, 3);
    psnrTable_->setObjectName(QStringLiteral("psnrTable"));
    psnrTable_->setHorizontalHeaderLabels({tr("Window (frames)"), tr("PSNR (dB)"), tr("Label")});
    psnrTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    psnrTable_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    psnrTable_->setWordWrap(false);
    psnrTable_->verticalHeader()->setVisible(false);
    psnrTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    psnrTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    psnrTable_->setToolTip(tr("Click a window to show its first frame"));
    labels_ = new QListWidget;
    labels_->setObjectName(QStringLiteral("labelList"));
    auto* side = new QGroupBox(tr("Predicted labels (mean over the windows)"));
    side->setMinimumWidth(340);  // the window table: window, PSNR and label unelided
    side->setMaximumWidth(380);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->addWidget(labels_, 1);
    sideLayout->addWidget(psnr_);
    sideLayout->addWidget(psnrTable_, 1);

    auto* row = new QHBoxLayout;
    row->addWidget(inBox, 1);
    row->addWidget(reconstructionBox_, 1);
    row->addWidget(side);
    content()->addLayout(tools);
    content()->addLayout(row, 1);
    content()->addLayout(playRow);

    clock_ = new QTimer(this);
    clock_->setTimerType(Qt::PreciseTimer);
    sound_ = new QMediaPlayer(this);
    soundOut_ = new QAudioOutput(this);
    sound_->setAudioOutput(soundOut_);

    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open video"), QString(),
                                                          tr("Videos (%1);;All files (*)").arg(videoPatterns()));
        if (!path.isEmpty()) openFile(path);
    });
    connect(labelNames, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Label names"), QString(), tr("Label files (*.txt *.json);;All files (*)"));
        if (!path.isEmpty()) Q_EMIT labelFileChosen(currentModel(), path);
    });
    connect(play_, &QPushButton::clicked, this, &AutoencodePage::togglePlay);
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_P), play_);
    connect(back, &QPushButton::clicked, this, [this] { stepFrame(-1); });
    connect(forward, &QPushButton::clicked, this, [this] { stepFrame(1); });
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_Left), back);
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_Right), forward);
    connect(position_, &QSlider::valueChanged, this, [this](int f) {
        if (f != frame_) seek(f);
    });
    connect(clock_, &QTimer::timeout, this, &AutoencodePage::advance);
    connect(speed_, &QComboBox::currentIndexChanged, this, [this] {
        clock_->setInterval(frameInterval());
        sound_->setPlaybackRate(speed_->currentData().toDouble());
        syncAudio();
    });
    connect(audio_, &QComboBox::currentIndexChanged, this, &AutoencodePage::chooseAudio);
    connect(psnrTable_, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (row >= 0 && row < last_.windowStarts.size()) seek(last_.windowStarts[row]);
    });
    connect(exportMp4, &QPushButton::clicked, this, [this] {
        if (last_.reconstructedVideo.isEmpty()) return setStatus(tr("Nothing to export yet: run the model first."));
        QString filter;
        const QString path = QFileDialog::getSaveFileName(this, tr("Export video"), QStringLiteral("reconstruction.mp4"),
                                                          tr("Reconstruction (*.mp4);;Side by side (*.mp4)"), &filter);
        if (!path.isEmpty()) exportFile(filter.startsWith(tr("Side by side")) ? last_.sideBySideVideo : last_.reconstructedVideo, path);
    });
    connect(exportWav, &QPushButton::clicked, this, [this] {
        if (last_.reconstructedWav.isEmpty()) return setStatus(tr("Nothing to export yet: run the model first."));
        const QString path = QFileDialog::getSaveFileName(this, tr("Export audio"), QStringLiteral("reconstruction.wav"), tr("WAV audio (*.wav)"));
        if (!path.isEmpty()) exportFile(last_.reconstructedWav, path);
    });
    setAcceptDrops(true);
    addResultViews({reconstructionView_, labels_, psnr_, psnrTable_});
    addResultActions({exportMp4, exportWav, play_, back, forward});
    showFrame();
}

bool AutoencodePage::openFile(const QString& path) {
    if (!QFileInfo(path).isFile()) {
        showError(tr("Cannot open video"), tr("“%1” does not exist.").arg(path));
        return false;
    }
    video_ = path;
    poster_ = QImage();
    inputLabel_->setText(QFileInfo(path).fileName());
    updateResultState();
    updateRunEnabled();
    showFrame();
    Q_EMIT posterRequested(path);  // (recorded as opened once it is read: setPoster)
    return true;
}

void AutoencodePage::setPoster(const QString& video, const QImage& frame) {
    if (video != video_) return;  // another video was opened meanwhile
    poster_ = frame;
    showFrame();
    Q_EMIT fileOpened({video});
}

void AutoencodePage::videoFailed(const QString& video, const QString& message) {
    if (video != video_) return;
    video_.clear();
    inputLabel_->setText(tr("No video yet."));
    updateResultState();
    updateRunEnabled();
    showFrame();
    showError(tr("Cannot open video"), message);
}

QString AutoencodePage::inputDescription() const {
    return QFileInfo(video_).fileName();
}

void AutoencodePage::run() {
    pause();
    AutoencodeRequest r;
    r.model = currentModel();
    r.video = video_;
    r.chunks = chunks_->value();
    Q_EMIT runRequested(r);
}

void AutoencodePage::showLabels(const QList<ClassScore>& top) {
    labels_->clear();
    for (const auto& c : top) labels_->addItem(QStringLiteral("%1  %2 %").arg(c.label).arg(100 * c.probability, 0, 'f', 1));
}

void AutoencodePage::showPreview(const AutoencodePreview& preview) {
    if (!isBusy() || preview.reconstructedFrames.isEmpty()) return;  // (a late one after the end)
    pause();
    preview_ = preview;
    showLabels(preview_.top);
    showFrame();
}

void AutoencodePage::runEnabledChanged(bool enabled) {
    if (!enabled || preview_.reconstructedFrames.isEmpty()) return;
    // The run is over: its result (shown next) or, failed or cancelled, what was there before.
    preview_ = AutoencodePreview();
    showLabels(last_.top);
    showFrame();
}

void AutoencodePage::showResult(const QVariant& result) {
    pause();
    preview_ = AutoencodePreview();
    last_ = result.value<AutoencodeResult>();
    showLabels(last_.top);
    psnr_->setText(tr("Mean PSNR: %1 dB").arg(last_.meanPsnr, 0, 'f', 2));
    psnrTable_->setRowCount(int(last_.psnr.size()));
    for (int w = 0; w < last_.psnr.size(); ++w) {
        const int from = last_.windowStarts.value(w), to = w + 1 < last_.windowStarts.size() ? last_.windowStarts[w + 1] : frameCount();
        psnrTable_->setItem(w, 0, new QTableWidgetItem(tr("%1 (%2–%3)").arg(w + 1).arg(from).arg(std::max(from, to - 1))));
        psnrTable_->setItem(w, 1, new QTableWidgetItem(QString::number(last_.psnr[w], 'f', 2)));
        const ClassScore top = last_.windowTop.value(w);
        psnrTable_->setItem(w, 2, new QTableWidgetItem(top.label.isEmpty() ? QString() : tr("%1 (%2 %)").arg(top.label).arg(100.0 * top.probability, 0, 'f', 1)));
    }
    position_->setRange(0, std::max(0, frameCount() - 1));
    clock_->setInterval(frameInterval());
    chooseAudio();
    seek(0);  // both first frames at once; Play starts them
    setStatus(tr("%n window(s), %1 frames reconstructed.", nullptr, last_.windows).arg(last_.frames));
}

// ---- playback ------------------------------------------------------------------------------

int AutoencodePage::frameInterval() const {
    const double fps = last_.fps > 0 ? last_.fps : 25.0;
    return std::max(1, int(std::lround(1000.0 / (fps * speed_->currentData().toDouble()))));
}

bool AutoencodePage::isPlaying() const { return clock_->isActive(); }

void AutoencodePage::play() {
    if (frameCount() == 0) return;
    if (frame_ >= frameCount() - 1) seek(0);  // Play at the end starts over
    clock_->setInterval(frameInterval());
    clock_->start();
    play_->setText(tr("Pause"));
    syncAudio();
    if (audio_->currentIndex() != 2) sound_->play();
}

void AutoencodePage::pause() {
    clock_->stop();
    play_->setText(tr("Play"));
    sound_->pause();
}

void AutoencodePage::togglePlay() {
    if (isPlaying()) pause();
    else play();
}

void AutoencodePage::advance() {
    if (frame_ + 1 < frameCount()) {
        ++frame_;
        showFrame();
    } else if (loop_->isChecked()) {
        frame_ = 0;
        showFrame();
        syncAudio();
    } else {
        pause();
    }
}

void AutoencodePage::seek(int frame) {
    frame_ = std::clamp(frame, 0, std::max(0, frameCount() - 1));
    showFrame();
    syncAudio();
}

void AutoencodePage::stepFrame(int delta) {
    pause();
    seek(frame_ + delta);
}

void AutoencodePage::setSpeed(double speed) {
    const int i = speed_->findData(speed);
    if (i >= 0) speed_->setCurrentIndex(i);
}

void AutoencodePage::setLoop(bool loop) { loop_->setChecked(loop); }

QImage AutoencodePage::shownInput() const { return inputView_->image(); }
QImage AutoencodePage::shownReconstruction() const { return reconstructionView_->image(); }

void AutoencodePage::showFrame() {
    if (!preview_.reconstructedFrames.isEmpty()) {  // a run going on: its window's first frame
        inputView_->setImage(preview_.inputFrames.value(0, poster_));
        reconstructionView_->setImage(preview_.reconstructedFrames.first());
        reconstructionBox_->setTitle(preview_.stride > 1 ? tr("Reconstruction: window %1 from 1/%2 of its points…")
                                                               .arg(preview_.window + 1).arg(preview_.stride * preview_.stride)
                                                         : tr("Reconstruction: window %1 decoded").arg(preview_.window + 1));
        return;
    }
    reconstructionBox_->setTitle(tr("Reconstruction"));
    // Before a run (or with a newer video opened) the input shows the opened video's poster.
    const bool result = frameCount() > 0;
    const bool posterFirst = !result || (!video_.isEmpty() && isResultStale() && !poster_.isNull());
    inputView_->setImage(posterFirst ? poster_ : last_.inputFrames.value(frame_));
    reconstructionView_->setImage(result ? last_.reconstructedFrames.value(frame_) : QImage());
    {
        const QSignalBlocker block(position_);
        position_->setValue(frame_);
    }
    const double fps = last_.fps > 0 ? last_.fps : 25.0;
    frameLabel_->setText(result ? tr("frame %1 / %2 · %3 s").arg(frame_ + 1).arg(frameCount()).arg(frame_ / fps, 0, 'f', 2) : QString());
}

void AutoencodePage::chooseAudio() {
    const int which = audio_->currentIndex();
    const QString source = which == 0 ? last_.reconstructedWav : which == 1 ? last_.originalVideo : QString();
    sound_->stop();
    sound_->setSource(source.isEmpty() ? QUrl() : QUrl::fromLocalFile(source));
    sound_->setPlaybackRate(speed_->currentData().toDouble());
    soundOut_->setMuted(which == 2);
    syncAudio();
    if (isPlaying() && which != 2) sound_->play();
}

void AutoencodePage::syncAudio() {
    const double fps = last_.fps > 0 ? last_.fps : 25.0;
    sound_->setPosition(qint64(std::lround(1000.0 * frame_ / fps)));
}

bool AutoencodePage::exportFile(const QString& source, const QString& path) {
    QFile in(source);
    QSaveFile out(path);
    if (!in.open(QIODevice::ReadOnly)) {
        showError(tr("Export failed"), tr("Cannot read “%1”: %2.").arg(source, in.errorString()));
        return false;
    }
    if (!out.open(QIODevice::WriteOnly) || out.write(in.readAll()) < 0 || !out.commit()) {
        showError(tr("Export failed"), tr("Cannot write “%1”: %2.").arg(path, out.errorString()));
        return false;
    }
    setStatus(tr("Saved %1").arg(path));
    return true;
}

}  // namespace studio
