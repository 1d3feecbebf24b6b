#include "flow_page.h"

#include "flow_legend.h"
#include "image_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSaveFile>
#include <QSlider>
#include <QSpinBox>
#include <QtMath>

namespace studio {

namespace {

}  // namespace

FlowPage::FlowPage(QWidget* parent) : TaskPage({QStringLiteral("PerceiverForOpticalFlow")}, parent) {
    auto* openFrames = new QPushButton(tr("Open &frames…"));
    openFrames->setObjectName(QStringLiteral("openFramesButton"));
    openFrames->setToolTip(tr("Choose two images of the same size"));
    auto* openVideo = new QPushButton(tr("Open &video…"));
    auto* openFolder = new QPushButton(tr("Open fol&der…"));
    openFolder->setToolTip(tr("A folder of numbered frames (frame_0001.png, frame_0002.png, …), read as a video"));
    auto* openGt = new QPushButton(tr("&Ground truth…"));
    openGt->setToolTip(tr("A Middlebury .flo file to compare against (end-point error)"));
    auto* openOther = new QPushButton(tr("Co&mpare with…"));
    openOther->setObjectName(QStringLiteral("compareButton"));
    openOther->setToolTip(tr("Another method's flow for this pair (.flo or KITTI PNG): shown beside ours, with the difference"));
    backward_ = new QCheckBox(tr("&Consistency"));
    backward_->setObjectName(QStringLiteral("backwardBox"));
    backward_->setToolTip(tr("Also compute the flow from frame 2 to frame 1 and mark the pixels that fail the forward–backward check (occlusions)"));
    entropy_ = new QCheckBox(tr("&Entropy"));
    entropy_->setObjectName(QStringLiteral("entropyBox"));
    entropy_->setToolTip(tr("Per pixel, how spread the decoder's attention over the latents is: where the model is unsure"));
    maxPairs_ = new QSpinBox;
    maxPairs_->setRange(1, 10000);
    maxPairs_->setValue(50);
    maxPairs_->setPrefix(tr("at most "));
    maxPairs_->setSuffix(tr(" pairs"));
    maxPairs_->setToolTip(tr("Frame pairs computed from a video"));
    track_ = new QCheckBox(tr("&Track points"));
    track_->setObjectName(QStringLiteral("trackBox"));
    track_->setToolTip(tr("Click points on the video's first frame, then Run: each point is moved through the video by the flow "
                          "(with Consistency ticked, a point stops where the forward–backward check fails)"));
    auto* clearPoints = new QPushButton(tr("Clear points"));
    points_label_ = new QLabel;
    points_label_->setObjectName(QStringLiteral("pointsLabel"));
    inputs_ = new QLabel(tr("No frames yet."));
    inputs_->setObjectName(QStringLiteral("inputsLabel"));
    auto* tools = new QHBoxLayout;
    tools->addWidget(openFrames);
    tools->addWidget(openVideo);
    tools->addWidget(openFolder);
    tools->addWidget(maxPairs_);
    tools->addWidget(openGt);
    tools->addWidget(openOther);
    tools->addWidget(backward_);
    tools->addWidget(entropy_);
    tools->addWidget(inputs_, 1);
    auto* trackRow = new QHBoxLayout;
    trackRow->addWidget(track_);
    trackRow->addWidget(clearPoints);
    trackRow->addWidget(points_label_, 1);

    viewBox_ = new QComboBox;
    viewBox_->setObjectName(QStringLiteral("viewBox"));
    viewBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);  // the trust views' titles are long
    viewBox_->addItem(tr("Colour (with wheel legend)"), Color);
    viewBox_->addItem(tr("Magnitude"), Magnitude);
    viewBox_->addItem(tr("First frame"), FirstFrame);
    viewBox_->addItem(tr("End-point error"), Epe);
    arrows_ = new QCheckBox(tr("&Arrows"));
    arrows_->setObjectName(QStringLiteral("arrowsBox"));
    step_ = new QSpinBox;
    step_->setRange(4, 128);
    step_->setValue(16);
    step_->setSuffix(tr(" px"));
    step_->setToolTip(tr("Distance between arrows"));
    arrowLength_ = new QComboBox;
    arrowLength_->setObjectName(QStringLiteral("arrowLengthBox"));
    for (double s : {1.0, 2.0, 5.0, 10.0}) arrowLength_->addItem(s == 1.0 ? tr("true length") : tr("length ×%1").arg(s), s);
    arrowLength_->setToolTip(tr("How long an arrow is for its motion (the legend's reference arrow says it)"));
    exportScale_ = new QComboBox;
    exportScale_->setObjectName(QStringLiteral("exportScaleBox"));
    for (int s : {1, 2, 4, 8}) exportScale_->addItem(tr("PNG at %1×").arg(s), s);
    exportScale_->setCurrentIndex(1);
    exportScale_->setToolTip(tr("Export PNG: the view at this multiple of the frame size (each pixel a square), with the legend"));
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setObjectName(QStringLiteral("pairSlider"));
    slider_->setRange(0, 0);
    slider_->setToolTip(tr("Frame pair of the video"));
    slider_->setVisible(false);
    auto* exportPng = new QPushButton(tr("Export PNG…"));
    auto* exportFlo = new QPushButton(tr("Export .flo…"));
    auto* exportMp4 = new QPushButton(tr("Export MP4…"));
    exportMp4->setToolTip(tr("The chosen view of every pair as a video"));
    exportTracks_ = new QPushButton(tr("Export tracks CSV…"));
    exportTracks_->setEnabled(false);
    auto* viewRow = new QHBoxLayout;
    viewRow->addWidget(viewBox_);
    viewRow->addWidget(arrows_);
    viewRow->addWidget(step_);
    viewRow->addWidget(arrowLength_);
    viewRow->addWidget(slider_, 1);
    viewRow->addStretch(0);
    viewRow->addWidget(exportScale_);
    viewRow->addWidget(exportPng);
    viewRow->addWidget(exportFlo);
    viewRow->addWidget(exportMp4);
    trackRow->addWidget(exportTracks_);

    view_ = new ImageView;
    view_->setObjectName(QStringLiteral("flowView"));
    view_->setPlaceholder(tr("Open two frames or a video (or drop them here), then Run"));
    readout_ = new QLabel;
    readout_->setObjectName(QStringLiteral("readout"));
    readout_->setText(tr("Hover over the flow to read (u, v)."));
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("flowSummary"));
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setWordWrap(true);

    content()->addLayout(tools);
    content()->addLayout(trackRow);
    content()->addLayout(viewRow);
    legend_ = new FlowLegend;
    legend_->setObjectName(QStringLiteral("flowLegend"));
    auto* viewAndLegend = new QHBoxLayout;
    viewAndLegend->addWidget(view_, 1);
    viewAndLegend->addWidget(legend_);
    content()->addLayout(viewAndLegend, 1);
    content()->addWidget(readout_);
    content()->addWidget(summary_);

    connect(openFrames, &QPushButton::clicked, this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open two frames"), QString(),
                                                                tr("Images (%1);;All files (*)").arg(imagePatterns()));
        if (paths.size() == 2) this->openFrames(paths[0], paths[1]);
        else if (!paths.isEmpty()) showError(tr("Two frames needed"), tr("Choose exactly two images (you chose %1).").arg(paths.size()));
    });
    connect(openVideo, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open video"), QString(),
                                                          tr("Videos (%1);;All files (*)").arg(videoPatterns()));
        if (!path.isEmpty()) this->openVideo(path);
    });
    connect(openFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a folder of frames"));
        if (!dir.isEmpty()) this->openVideo(dir);
    });
    connect(openGt, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Ground-truth flow"), QString(),
                                                          tr("Flow files (*.flo *.png);;Middlebury flow (*.flo);;KITTI flow, 16-bit PNG (*.png)"));
        if (!path.isEmpty()) setGroundTruth(path);
    });
    connect(openOther, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Flow to compare with"), QString(),
                                                          tr("Flow files (*.flo *.png);;Middlebury flow (*.flo);;KITTI flow, 16-bit PNG (*.png)"));
        if (!path.isEmpty()) setCompareWith(path);
    });
    connect(viewBox_, &QComboBox::currentIndexChanged, this, &FlowPage::refresh);
    connect(arrows_, &QCheckBox::toggled, this, &FlowPage::refresh);
    connect(step_, &QSpinBox::valueChanged, this, &FlowPage::refresh);
    connect(arrowLength_, &QComboBox::currentIndexChanged, this, &FlowPage::refresh);
    connect(view_, &ImageView::resized, this, &FlowPage::updateLegend);
    connect(slider_, &QSlider::valueChanged, this, &FlowPage::refresh);
    connect(view_, &ImageView::hovered, this, [this](QPoint p) {
        readout_->setText(p.x() < 0 ? tr("Hover over the flow to read (u, v).") : readout(p.x(), p.y()));
    });
    connect(view_, &ImageView::fileDropped, this, &FlowPage::openFile);
    connect(view_, &ImageView::clicked, this, [this](QPoint p) {
        if (track_->isChecked() && !video_.isEmpty()) addTrackPoint(QPointF(p));
    });
    connect(track_, &QCheckBox::toggled, this, [this](bool on) {
        points_label_->setText(on && points_.isEmpty() ? tr("Click points on the first frame.") : points_label_->text());
        showPoster();
    });
    connect(clearPoints, &QPushButton::clicked, this, &FlowPage::clearTrackPoints);
    connect(exportTracks_, &QPushButton::clicked, this, &FlowPage::exportTracks);
    connect(exportPng, &QPushButton::clicked, this, &FlowPage::exportPng);
    connect(exportFlo, &QPushButton::clicked, this, &FlowPage::exportFlo);
    connect(exportMp4, &QPushButton::clicked, this, &FlowPage::exportVideo);
    // What the next run would compute differently: the shown result is then stale.
    for (QCheckBox* box : {backward_, entropy_, track_}) connect(box, &QCheckBox::toggled, this, &FlowPage::updateResultState);
    connect(maxPairs_, &QSpinBox::valueChanged, this, &FlowPage::updateResultState);
    addResultViews({view_, summary_});
    addResultActions({exportPng, exportFlo, exportMp4});
}

QString FlowPage::inputDescription() const {
    if (video_.isEmpty() && (first_.isNull() || second_.isNull())) return {};
    return video_.isEmpty() ? inputs_->text() : tr("%1, at most %2 pairs").arg(inputs_->text()).arg(maxPairs_->value());
}

QString FlowPage::inputKey() const {
    QStringList key{inputDescription(), QString::number(first_.cacheKey()), QString::number(second_.cacheKey()), compareWith_,
                    QString::number(backward_->isChecked()), QString::number(entropy_->isChecked())};
    if (!video_.isEmpty() && track_->isChecked())
        for (const QPointF& p : points_) key << QStringLiteral("%1,%2").arg(p.x()).arg(p.y());
    return key.join(QLatin1Char('|'));
}

bool FlowPage::inputsReady() const {
    return !video_.isEmpty() || (!first_.isNull() && !second_.isNull());
}

bool FlowPage::openFile(const QString& path) {
    if (isVideoFile(path) || QFileInfo(path).isDir()) return openVideo(path);  // a folder: numbered frames
    if (QFileInfo(path).suffix().toLower() == QLatin1String("flo")) {
        setGroundTruth(path);
        return true;
    }
    // A single dropped image: the first frame, then the second.
    QString error;
    const QImage img = readImageFile(path, &error);
    if (img.isNull()) {
        showError(tr("Cannot open frame"), tr("Cannot read “%1” as an image: %2.").arg(QFileInfo(path).fileName(), error));
        return false;
    }
    video_.clear();
    frames_.clear();  // a new pair: the last result is gone
    previewing_ = false;
    summary_->clear();
    clearResultSource();
    rebuildViews();
    if (first_.isNull() || !second_.isNull()) {
        groundTruth_.clear();
        first_ = img;
        firstPath_ = path;
        second_ = QImage();
        inputs_->setText(tr("First frame: %1. Drop or open the second.").arg(QFileInfo(path).fileName()));
    } else {
        second_ = img;
        inputs_->setText(tr("Two frames, %1 × %2").arg(first_.width()).arg(first_.height()));
        Q_EMIT fileOpened({firstPath_, path});  // a pair is an input; one frame is not yet
    }
    view_->setImage(img);
    updateRunEnabled();
    return true;
}

bool FlowPage::openFrames(const QString& first, const QString& second) {
    QString error;
    QImage a = readImageFile(first, &error);
    if (a.isNull()) {
        showError(tr("Cannot open frame"), tr("Cannot read “%1” as an image: %2.").arg(QFileInfo(first).fileName(), error));
        return false;
    }
    QImage b = readImageFile(second, &error);
    if (b.isNull()) {
        showError(tr("Cannot open frame"), tr("Cannot read “%1” as an image: %2.").arg(QFileInfo(second).fileName(), error));
        return false;
    }
    if (a.size() != b.size()) {
        showError(tr("Frames differ in size"), tr("The frames must have the same size: %1 × %2 and %3 × %4.")
                                                   .arg(a.width()).arg(a.height()).arg(b.width()).arg(b.height()));
        return false;
    }
    first_ = a;
    second_ = b;
    video_.clear();
    groundTruth_.clear();  // it belonged to the previous pair
    compareWith_.clear();
    frames_.clear();
    previewing_ = false;
    summary_->clear();
    clearResultSource();
    rebuildViews();
    view_->setImage(first_);
    slider_->setVisible(false);
    inputs_->setText(tr("%1 and %2, %3 × %4").arg(QFileInfo(first).fileName(), QFileInfo(second).fileName()).arg(a.width()).arg(a.height()));
    Q_EMIT fileOpened({first, second});
    updateRunEnabled();
    return true;
}

bool FlowPage::openVideo(const QString& path) {
    if (!QFileInfo(path).isFile() && !QFileInfo(path).isDir()) {  // a video, or a folder of frames
        showError(tr("Cannot open video"), tr("“%1” does not exist.").arg(path));
        return false;
    }
    video_ = path;
    first_ = second_ = QImage();
    frames_.clear();
    previewing_ = false;
    summary_->clear();
    clearResultSource();
    poster_ = QImage();
    points_.clear();
    tracksCsv_.clear();
    trackSummary_.clear();
    exportTracks_->setEnabled(false);
    points_label_->clear();
    rebuildViews();
    view_->setImage({});  // until the poster frame arrives, the empty view says what is loaded
    view_->setPlaceholder(tr("%1 is open: press Run to compute the flow of its frame pairs").arg(QFileInfo(path).fileName()));
    Q_EMIT posterRequested(path);
    inputs_->setText(QFileInfo(path).isDir() ? tr("Frames in %1").arg(QFileInfo(path).fileName()) : tr("Video: %1").arg(QFileInfo(path).fileName()));
    // (recorded as opened once its first frame is read: setPoster)
    updateRunEnabled();
    return true;
}

QString FlowPage::framesLabel() const {
    return inputs_->text();
}

void FlowPage::setFrames(const QImage& first, const QImage& second, const QString& label) {
    if (first.isNull() || second.isNull() || first.size() != second.size()) return;
    first_ = first;
    second_ = second;
    video_.clear();
    frames_.clear();
    previewing_ = false;
    summary_->clear();
    clearResultSource();
    rebuildViews();
    view_->setImage(first_);
    inputs_->setText(label);
    updateRunEnabled();
}

void FlowPage::setGroundTruth(const QString& floPath) {
    chooseFlowFile(floPath, true);
}

void FlowPage::setCompareWith(const QString& path) {
    chooseFlowFile(path, false);
}

void FlowPage::chooseFlowFile(const QString& path, bool truth) {
    if (!video_.isEmpty()) {
        showError(truth ? tr("Ground truth") : tr("Compare with"), tr("A flow file is compared with a frame pair, not with a video's pairs: open two frames."));
        return;
    }
    previousTruth_ = groundTruth_;
    previousCompare_ = compareWith_;
    (truth ? groundTruth_ : compareWith_) = path;
    const FlowFrame* f = currentFrame();
    if (f && f->input) {  // the flow is there: its views against the file now
        setStatus(tr("Comparing with %1…").arg(QFileInfo(path).fileName()));
        reanalysed_ = f->input;
        Q_EMIT reanalysisRequested({*f, groundTruth_, compareWith_});
    } else if (!first_.isNull()) {  // frames, no flow yet: at least the size, now
        Q_EMIT flowFileSizeRequested(path);
    } else {
        setStatus(truth ? tr("Ground truth: %1 (open the frames it belongs to)").arg(QFileInfo(path).fileName())
                        : tr("Compare with: %1 (open the frames it belongs to)").arg(QFileInfo(path).fileName()));
    }
}

void FlowPage::applyReanalysis(const FlowFrame& frame) {
    if (frames_.size() != 1 || !video_.isEmpty() || frames_.first().input != reanalysed_) return;  // another pair or run since
    frames_[0] = frame;
    rebuildViews();
    refresh();
    adoptInputAsResult();  // the result now is of this comparison
    setStatus(frame.hasEpe ? tr("End-point error %1 px against %2.").arg(frame.epeMean, 0, 'f', 3).arg(QFileInfo(groundTruth_).fileName())
                           : tr("Compared with %1.").arg(QFileInfo(compareWith_).fileName()));
}

void FlowPage::reanalysisFailed(const QString& message) {
    groundTruth_ = previousTruth_;
    compareWith_ = previousCompare_;
    showError(tr("Cannot compare"), message);
}

void FlowPage::setFlowFileSize(const QString& path, QSize size) {
    if (path != groundTruth_ && path != compareWith_) return;
    if (size != first_.size()) {
        flowFileFailed(path, tr("“%1” is %2 × %3, the frames are %4 × %5: it is not this pair's flow.")
                                 .arg(QFileInfo(path).fileName()).arg(size.width()).arg(size.height()).arg(first_.width()).arg(first_.height()));
        return;
    }
    setStatus(path == groundTruth_ ? tr("Ground truth: %1 (%2 × %3), compared when you run.").arg(QFileInfo(path).fileName()).arg(size.width()).arg(size.height())
                                   : tr("Compare with: %1 (%2 × %3), compared when you run.").arg(QFileInfo(path).fileName()).arg(size.width()).arg(size.height()));
}

void FlowPage::flowFileFailed(const QString& path, const QString& message) {
    if (path == groundTruth_) groundTruth_ = previousTruth_ == path ? QString() : previousTruth_;
    if (path == compareWith_) compareWith_ = previousCompare_ == path ? QString() : previousCompare_;
    showError(tr("Cannot use this flow file"), message);
}

void FlowPage::setPoster(const QString& video, const QImage& frame) {
    if (video != video_) return;  // another video was opened meanwhile
    poster_ = frame;
    showPoster();
    Q_EMIT fileOpened({video});
}

void FlowPage::videoFailed(const QString& video, const QString& message) {
    if (video != video_) return;
    video_.clear();
    inputs_->setText(tr("No frames yet."));
    view_->setPlaceholder(tr("Open two frames or a video (or drop them here), then Run"));
    updateRunEnabled();
    showError(tr("Cannot open video"), message);
}

void FlowPage::showPoster() {
    if (!frames_.isEmpty() || poster_.isNull()) return;
    QImage shown = poster_.convertToFormat(QImage::Format_RGB888);
    if (track_->isChecked()) {  // the picked points: rings a click can be checked against
        QPainter painter(&shown);
        painter.setRenderHint(QPainter::Antialiasing);
        for (const QPointF& p : points_) {
            painter.setPen(QPen(Qt::black, 2));
            painter.drawEllipse(p, 3.5, 3.5);
            painter.setPen(QPen(Qt::yellow, 1));
            painter.drawEllipse(p, 3.5, 3.5);
        }
    }
    view_->setImage(shown);
}

void FlowPage::setTracking(bool on) {
    track_->setChecked(on);
}

void FlowPage::addTrackPoint(const QPointF& p) {
    points_ << p;
    QStringList text;
    for (const QPointF& q : points_) text << QStringLiteral("(%1, %2)").arg(q.x()).arg(q.y());
    points_label_->setText(tr("%n point(s): %1", nullptr, int(points_.size())).arg(text.join(QStringLiteral(", "))));
    updateResultState();
    showPoster();
}

void FlowPage::clearTrackPoints() {
    points_.clear();
    points_label_->setText(track_->isChecked() ? tr("Click points on the first frame.") : QString());
    updateResultState();
    showPoster();
}

void FlowPage::exportTracks() {
    if (tracksCsv_.isEmpty()) return setStatus(tr("No tracks yet: tick Track points, click points on the first frame, then Run."));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export tracks"), QStringLiteral("tracks.csv"), tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(tracksCsv_.toUtf8()) < 0 || !f.commit())
        return showError(tr("Export failed"), tr("Cannot write “%1”: %2.").arg(path, f.errorString()));
    setStatus(tr("Saved %1").arg(path));
}

void FlowPage::setChecks(bool backward, bool entropy) {
    backward_->setChecked(backward);
    entropy_->setChecked(entropy);
}

QString FlowPage::trustViewTitle(const QString& key) {
    if (key == QLatin1String("warped")) return tr("Frame 2 warped back (magenta: outside)");
    if (key == QLatin1String("warp_error")) return tr("Photometric error |I1 − warp(I2)|");
    if (key == QLatin1String("consistency")) return tr("Forward–backward check (red: inconsistent)");
    if (key == QLatin1String("kitti_error")) return tr("KITTI error image");
    if (key == QLatin1String("other")) return tr("The other flow");
    if (key == QLatin1String("difference")) return tr("Difference to the other flow");
    if (key == QLatin1String("entropy")) return tr("Decoder attention entropy");
    if (key == QLatin1String("tracks")) return tr("Point tracks");
    return key;
}

bool FlowPage::setTrustView(const QString& key) {
    const int i = viewBox_->findData(key);
    if (i < 0) return false;
    viewBox_->setCurrentIndex(i);
    return true;
}

void FlowPage::rebuildViews() {
    // The fixed views, then the current pair's trust views; the choice survives when it exists.
    const QVariant chosen = viewBox_->currentData();
    const QSignalBlocker block(viewBox_);
    while (viewBox_->count() > 4) viewBox_->removeItem(viewBox_->count() - 1);
    if (const FlowFrame* f = currentFrame())
        for (const FlowViewImage& v : f->views) viewBox_->addItem(trustViewTitle(v.key), v.key);
    const int i = viewBox_->findData(chosen);
    viewBox_->setCurrentIndex(i >= 0 ? i : 0);
}

void FlowPage::run() {
    FlowRequest r;
    r.model = currentModel();
    r.video = video_;
    if (video_.isEmpty()) {
        r.first = first_;
        r.second = second_;
        r.groundTruth = groundTruth_;
        r.compareWith = compareWith_;
        r.backward = backward_->isChecked();
        r.entropy = entropy_->isChecked();
    }
    r.maxPairs = maxPairs_->value();
    if (!video_.isEmpty()) {
        r.backward = backward_->isChecked();
        if (track_->isChecked()) r.trackPoints = points_;
    }
    tracksCsv_.clear();
    trackSummary_.clear();
    exportTracks_->setEnabled(false);
    frames_.clear();
    previewing_ = false;
    slider_->setRange(0, 0);
    clearResultSource();  // (the frames that stream in are this run's)
    Q_EMIT runRequested(r);
}

void FlowPage::addFrame(const FlowFrame& frame) {
    frames_ << frame;
    slider_->setVisible(frames_.size() > 1);
    slider_->setRange(0, int(frames_.size()) - 1);
    if (frames_.size() == 1) {
        rebuildViews();
        if (track_->isChecked() && !points_.isEmpty()) setTrustView(QStringLiteral("tracks"));
        refresh();
    }
}

void FlowPage::showPreview(const FlowPreview& preview) {
    if (!isBusy() || !video_.isEmpty()) return;  // (a late one after the end)
    frames_ = {preview.frame};
    previewing_ = true;
    slider_->setVisible(false);
    slider_->setRange(0, 0);
    rebuildViews();
    refresh();
    setStatus(preview.windowsDone == 0
                  ? tr("First look: the pair scaled down to one window; %n window(s) at full resolution follow.", nullptr, preview.windows)
                  : tr("Flow of %1 of %2 windows at full resolution, the first look elsewhere.").arg(preview.windowsDone).arg(preview.windows));
}

void FlowPage::runEnabledChanged(bool enabled) {
    if (!enabled || !previewing_) return;
    // The run is over without a result (failed, cancelled): no preview stays as if it were one.
    previewing_ = false;
    frames_.clear();
    rebuildViews();
    refresh();
    if (!first_.isNull()) view_->setImage(first_);
}

void FlowPage::showResult(const QVariant& result) {
    previewing_ = false;
    const auto r = result.value<FlowResult>();
    if (!r.frames.isEmpty()) {  // pairs: the whole result; videos: already streamed
        frames_ = r.frames;
        slider_->setRange(0, int(frames_.size()) - 1);
        slider_->setVisible(frames_.size() > 1);
    }
    tracksCsv_ = r.tracksCsv;
    trackSummary_ = r.trackSummary;
    exportTracks_->setEnabled(!tracksCsv_.isEmpty());
    rebuildViews();
    if (const FlowFrame* f = currentFrame()) {
        setStatus(f->hasEpe ? tr("Flow of %n pair(s); end-point error %1 px.", nullptr, frameCount()).arg(f->epeMean, 0, 'f', 3)
                            : tr("Flow of %n pair(s); largest motion %1 px.", nullptr, frameCount()).arg(f->maxMagnitude, 0, 'f', 2));
    }
    refresh();
}

const FlowFrame* FlowPage::currentFrame() const {
    const int i = slider_->value();
    return i >= 0 && i < frames_.size() ? &frames_[i] : nullptr;
}

void FlowPage::setView(View view) {
    viewBox_->setCurrentIndex(viewBox_->findData(view));
}

void FlowPage::setArrowSampler(ArrowSampler sampler) {
    arrowSampler_ = std::move(sampler);
    refresh();
}

void FlowPage::setColorWheel(const QImage& wheel) {
    wheel_ = wheel;
    updateLegend();
}

void FlowPage::setArrowLength(double scale) {
    const int i = arrowLength_->findData(scale);
    if (i >= 0) arrowLength_->setCurrentIndex(i);
}

QVector<QLineF> FlowPage::shownArrows() const {
    return view_->arrows();
}

void FlowPage::updateLegend() {
    const FlowFrame* f = currentFrame();
    const QVariant view = viewBox_->currentData();
    if (!f || view.typeId() == QMetaType::QString || view.toInt() == FirstFrame || (view.toInt() == Epe && !f->hasEpe)) {
        legend_->clear();
    } else if (view.toInt() == Magnitude) {
        legend_->setRamp(tr("Speed |flow|"), f->maxMagnitude, tr("px"));
    } else if (view.toInt() == Epe) {
        legend_->setRamp(tr("End-point error against the ground truth"), f->epeMax, tr("px"));
    } else {
        legend_->setWheel(wheel_, f->maxMagnitude);  // flowToColor's rim: the largest motion
    }
    referenceArrow(view_->displayScale());
}

void FlowPage::referenceArrow(double zoom) {
    const FlowFrame* f = currentFrame();
    if (!f || !arrows_->isChecked() || !arrowSampler_ || zoom <= 0) return legend_->setReferenceArrow(0, 0, {});
    // A round motion whose arrow fits the legend: the arrows' scale at this zoom.
    const double scale = arrowLength_->currentData().toDouble() * zoom;
    const double motion = niceLength(std::min(std::max(f->maxMagnitude, 0.1), (legend_->width() - 24) / scale));
    legend_->setReferenceArrow(motion, motion * scale,
                               arrowLength_->currentData().toDouble() == 1.0 ? tr("%1 px of motion (true length)").arg(motion)
                                                                            : tr("%1 px of motion (length ×%2)").arg(motion).arg(arrowLength_->currentData().toDouble()));
}

QImage FlowPage::figure(int scale) {
    const FlowFrame* f = currentFrame();
    if (!f) return {};
    const QImage base = displayedImage();
    const int legendWidth = std::max(170, legend_->width());
    QImage out(base.width() * scale + (legend_->mode() == FlowLegend::None && !arrows_->isChecked() ? 0 : legendWidth),
               std::max(base.height() * scale, legend_->mode() == FlowLegend::None && !arrows_->isChecked() ? 0 : 260), QImage::Format_RGB888);
    out.fill(legend_->palette().window().color());
    QPainter p(&out);
    p.drawImage(QRect(0, 0, base.width() * scale, base.height() * scale), base);  // (nearest neighbour: no smoothing hint)
    if (arrows_->isChecked()) paintArrows(p, view_->arrows(), scale);
    if (out.width() > base.width() * scale) {
        referenceArrow(scale);  // the reference at the export's scale, then back to the view's
        legend_->paint(p, QRect(base.width() * scale, 0, legendWidth, out.height()));
        referenceArrow(view_->displayScale());
    }
    return out;
}

void FlowPage::setArrows(bool on, int step) {
    step_->setValue(step);
    arrows_->setChecked(on);
}

QImage FlowPage::viewImage(const FlowFrame& f, const QVariant& view) const {
    if (view.typeId() == QMetaType::QString) {  // one of core's trust views
        for (const FlowViewImage& v : f.views)
            if (v.key == view.toString()) return v.image;
        return f.color;
    }
    switch (view.toInt()) {
        case Magnitude: return f.magnitude;
        case FirstFrame: return f.first;
        case Epe: return f.hasEpe ? f.epe : f.color;
        default: return f.color;  // the colour coding (its wheel legend beside it)
    }
}

QImage FlowPage::displayedImage() const {
    const FlowFrame* f = currentFrame();
    if (!f) return {};
    return viewImage(*f, viewBox_->currentData());
}

void FlowPage::refresh() {
    step_->setEnabled(arrows_->isChecked());
    arrowLength_->setEnabled(arrows_->isChecked());
    const FlowFrame* f = currentFrame();
    if (f) view_->setImage(displayedImage());
    view_->setArrows(f && arrows_->isChecked() && arrowSampler_ ? arrowSampler_(*f, step_->value(), arrowLength_->currentData().toDouble())
                                                                : QVector<QLineF>());
    updateLegend();
    QStringList lines = f ? f->summary : QStringList();
    lines += trackSummary_;
    summary_->setText(lines.join(QLatin1Char('\n')));
}

QString FlowPage::readout(int x, int y) const {
    const FlowFrame* f = currentFrame();
    if (!f || x < 0 || y < 0 || x >= f->first.width() || y >= f->first.height()) return {};
    const qsizetype i = qsizetype(y) * f->first.width() + x;
    const float u = f->u.value(i), v = f->v.value(i);
    return tr("pair %1  (x %2, y %3)  u = %4 px, v = %5 px, |flow| = %6 px")
        .arg(f->index + 1).arg(x).arg(y).arg(u, 0, 'f', 2).arg(v, 0, 'f', 2).arg(std::hypot(u, v), 0, 'f', 2);
}

void FlowPage::exportPng() {
    TaskPage::exportPng(figure(exportScale_->currentData().toInt()), QStringLiteral("flow.png"));
}

void FlowPage::exportFlo() {
    const FlowFrame* f = currentFrame();
    if (!f) return setStatus(tr("Nothing to export yet: run the model first."));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export flow"), QStringLiteral("flow.flo"), tr("Middlebury flow (*.flo)"));
    if (!path.isEmpty()) Q_EMIT exportFloRequested(*f, path);
}

void FlowPage::exportVideo() {
    if (frames_.isEmpty()) return setStatus(tr("Nothing to export yet: run the model first."));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export video"), QStringLiteral("flow.mp4"), tr("MP4 video (*.mp4)"));
    if (path.isEmpty()) return;
    QList<QImage> images;
    const QVariant view = viewBox_->currentData();
    for (const auto& f : frames_)  // (a video has no room beside it: the colour view with core's wheel inset)
        images << (view.typeId() != QMetaType::QString && view.toInt() == Color ? f.legend : viewImage(f, view));
    Q_EMIT exportVideoRequested(images, path, 25.0);
}

}  // namespace studio
