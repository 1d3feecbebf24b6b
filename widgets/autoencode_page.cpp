#include "autoencode_page.h"

#include <QAudioOutput>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMediaPlayer>
#include <QPushButton>
#include <QSaveFile>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QVideoWidget>

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

    original_ = new QMediaPlayer(this);
    reconstruction_ = new QMediaPlayer(this);
    originalAudio_ = new QAudioOutput(this);
    reconstructionAudio_ = new QAudioOutput(this);
    original_->setAudioOutput(originalAudio_);
    reconstruction_->setAudioOutput(reconstructionAudio_);
    originalView_ = new QVideoWidget;
    reconstructionView_ = new QVideoWidget;
    originalView_->setMinimumSize(224, 224);
    reconstructionView_->setMinimumSize(224, 224);
    original_->setVideoOutput(originalView_);
    reconstruction_->setVideoOutput(reconstructionView_);

    auto* inBox = new QGroupBox(tr("What the model saw"));
    (new QVBoxLayout(inBox))->addWidget(originalView_);
    auto* outBox = new QGroupBox(tr("Reconstruction"));
    (new QVBoxLayout(outBox))->addWidget(reconstructionView_);

    auto* play = new QPushButton(tr("Play / Pause"));
    play->setObjectName(QStringLiteral("playButton"));
    position_ = new QSlider(Qt::Horizontal);
    audio_ = new QComboBox;
    audio_->addItem(tr("Hear the reconstruction"));
    audio_->addItem(tr("Hear the original"));
    audio_->addItem(tr("Silent"));
    auto* exportMp4 = new QPushButton(tr("Export MP4…"));
    auto* exportWav = new QPushButton(tr("Export WAV…"));
    auto* playRow = new QHBoxLayout;
    playRow->addWidget(play);
    playRow->addWidget(position_, 1);
    playRow->addWidget(audio_);
    playRow->addWidget(exportMp4);
    playRow->addWidget(exportWav);

    psnr_ = new QLabel;
    psnr_->setObjectName(QStringLiteral("psnrLabel"));
    labels_ = new QListWidget;
    labels_->setObjectName(QStringLiteral("labelList"));
    labels_->setMaximumWidth(320);
    auto* side = new QGroupBox(tr("Predicted labels"));
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->addWidget(labels_);
    sideLayout->addWidget(psnr_);

    auto* row = new QHBoxLayout;
    row->addWidget(inBox, 1);
    row->addWidget(outBox, 1);
    row->addWidget(side);
    content()->addLayout(tools);
    content()->addLayout(row, 1);
    content()->addLayout(playRow);

    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open video"), QString(),
                                                          tr("Videos (%1);;All files (*)").arg(videoPatterns()));
        if (!path.isEmpty()) openFile(path);
    });
    connect(labelNames, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Label names"), QString(), tr("Label files (*.txt *.json);;All files (*)"));
        if (!path.isEmpty()) Q_EMIT labelFileChosen(currentModel(), path);
    });
    connect(play, &QPushButton::clicked, this, &AutoencodePage::togglePlay);
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_P), play);
    play->setToolTip(tr("Play both videos in sync (Ctrl+P)"));
    connect(audio_, &QComboBox::currentIndexChanged, this, &AutoencodePage::chooseAudio);
    // The original drives the position; the reconstruction follows it.
    connect(original_, &QMediaPlayer::durationChanged, position_, [this](qint64 d) { position_->setRange(0, int(d)); });
    connect(original_, &QMediaPlayer::positionChanged, this, [this](qint64 p) {
        QSignalBlocker b(position_);
        position_->setValue(int(p));
        if (std::abs(reconstruction_->position() - p) > 80) reconstruction_->setPosition(p);
    });
    connect(position_, &QSlider::sliderMoved, this, [this](int p) {
        original_->setPosition(p);
        reconstruction_->setPosition(p);
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
    chooseAudio(0);
    setAcceptDrops(true);
}

bool AutoencodePage::openFile(const QString& path) {
    if (!QFileInfo(path).isFile()) {
        showError(tr("Cannot open video"), tr("“%1” does not exist.").arg(path));
        return false;
    }
    video_ = path;
    inputLabel_->setText(QFileInfo(path).fileName());
    Q_EMIT fileOpened(path);
    updateRunEnabled();
    return true;
}

void AutoencodePage::run() {
    original_->stop();
    reconstruction_->stop();
    AutoencodeRequest r;
    r.model = currentModel();
    r.video = video_;
    r.chunks = chunks_->value();
    Q_EMIT runRequested(r);
}

void AutoencodePage::showResult(const QVariant& result) {
    last_ = result.value<AutoencodeResult>();
    labels_->clear();
    for (const auto& c : last_.top) labels_->addItem(QStringLiteral("%1  %2 %").arg(c.label).arg(100 * c.probability, 0, 'f', 1));
    QStringList perWindow;
    for (double p : last_.psnr) perWindow << QString::number(p, 'f', 1);
    psnr_->setText(tr("PSNR %1 dB (per window: %2)").arg(last_.meanPsnr, 0, 'f', 2).arg(perWindow.join(QStringLiteral(", "))));
    original_->setSource(QUrl::fromLocalFile(last_.originalVideo));
    reconstruction_->setSource(QUrl::fromLocalFile(last_.reconstructedVideo));
    original_->play();  // start in sync, as the demo shows them
    reconstruction_->play();
    setStatus(tr("%n window(s), %1 frames reconstructed.", nullptr, last_.windows).arg(last_.frames));
}

void AutoencodePage::togglePlay() {
    if (original_->playbackState() == QMediaPlayer::PlayingState) {
        original_->pause();
        reconstruction_->pause();
    } else {
        reconstruction_->setPosition(original_->position());
        original_->play();
        reconstruction_->play();
    }
}

void AutoencodePage::chooseAudio(int which) {
    reconstructionAudio_->setMuted(which != 0);
    originalAudio_->setMuted(which != 1);
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
