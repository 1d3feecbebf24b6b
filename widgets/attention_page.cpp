#include "attention_page.h"

#include "image_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QTimer>

namespace studio {

namespace {

QStringList allArchitectures() {
    return {QStringLiteral("PerceiverForMaskedLM"), QStringLiteral("PerceiverForSequenceClassification"),
            QStringLiteral("PerceiverForImageClassificationLearned"), QStringLiteral("PerceiverForImageClassificationFourier"),
            QStringLiteral("PerceiverForImageClassificationConvProcessing"), QStringLiteral("PerceiverForOpticalFlow"),
            QStringLiteral("PerceiverForMultimodalAutoencoding")};
}

QSpinBox* meanSpin(const QString& meanText) {
    auto* s = new QSpinBox;
    s->setRange(-1, 0);
    s->setValue(-1);
    s->setSpecialValueText(meanText);
    return s;
}

}  // namespace

AttentionPage::AttentionPage(QWidget* parent) : TaskPage(allArchitectures(), parent) {
    source_ = new QComboBox;
    source_->setObjectName(QStringLiteral("sourceBox"));
    source_->setToolTip(tr("Inspect the last run of this page, with its model"));
    source_->addItem(tr("Masked text: run it first"), AttentionRequest::Text);
    source_->addItem(tr("Image classification: run it first"), AttentionRequest::Image);
    source_->addItem(tr("Optical flow: run it first"), AttentionRequest::Flow);
    source_->addItem(tr("Autoencoding: run it first"), AttentionRequest::Video);
    auto* sourceRow = new QHBoxLayout;
    sourceRow->addWidget(new QLabel(tr("Input from:")));
    sourceRow->addWidget(source_, 1);

    head_ = meanSpin(tr("mean of heads"));
    head_->setObjectName(QStringLiteral("headBox"));
    latent_ = meanSpin(tr("mean of latents"));
    latent_->setObjectName(QStringLiteral("latentBox"));
    rollout_ = new QCheckBox(tr("Attention &rollout through the latent layers"));
    rollout_->setObjectName(QStringLiteral("rolloutBox"));
    rollout_->setToolTip(tr("Weights latents by how much the output attends to them through every self-attention layer (Abnar & Zuidema)"));
    opacity_ = new QSlider(Qt::Horizontal);
    opacity_->setRange(0, 100);
    opacity_->setValue(60);
    layer_ = new QSpinBox;
    layer_->setObjectName(QStringLiteral("layerBox"));
    layer_->setRange(0, 0);
    selfHead_ = meanSpin(tr("mean of heads"));
    frame_ = new QSpinBox;
    frame_->setObjectName(QStringLiteral("frameBox"));
    frame_->setRange(0, 0);
    frame_->setToolTip(tr("Video inputs: the frame of the window to overlay"));
    auto* controls = new QGroupBox(tr("Cross-attention (latents → input)"));
    auto* form = new QFormLayout(controls);
    form->addRow(tr("Head:"), head_);
    form->addRow(tr("Latent:"), latent_);
    form->addRow(tr("Frame:"), frame_);
    form->addRow(rollout_);
    form->addRow(tr("Opacity:"), opacity_);
    auto* selfBox = new QGroupBox(tr("Latent self-attention"));
    auto* selfForm = new QFormLayout(selfBox);
    selfForm->addRow(tr("Layer:"), layer_);
    selfForm->addRow(tr("Head:"), selfHead_);
    auto* exportPng = new QPushButton(tr("Export PNG…"));
    auto* side = new QVBoxLayout;
    side->addWidget(controls);
    side->addWidget(selfBox);
    side->addWidget(exportPng);
    side->addStretch(1);

    overlay_ = new ImageView;
    overlay_->setObjectName(QStringLiteral("overlayView"));
    overlay_->setPlaceholder(tr("Run a task page, pick it here and press Run to inspect its attention"));
    text_ = new QTextBrowser;
    text_->setObjectName(QStringLiteral("textView"));
    audioTrack_ = new ImageView;
    audioTrack_->setObjectName(QStringLiteral("audioTrackView"));
    audioTrack_->setToolTip(tr("The window's audio (cyan) over the attention of its audio positions"));
    audioTrack_->setMinimumHeight(60);
    audioTrack_->setMaximumHeight(110);
    audioTrack_->setVisible(false);
    auto* imageInput = new QWidget;
    auto* imageLayout = new QVBoxLayout(imageInput);
    imageLayout->setContentsMargins(0, 0, 0, 0);
    imageLayout->addWidget(overlay_, 1);
    imageLayout->addWidget(audioTrack_);
    auto* inputStack = new QStackedWidget;
    inputStack->setObjectName(QStringLiteral("inputStack"));
    inputStack->addWidget(imageInput);
    inputStack->addWidget(text_);
    matrix_ = new ImageView;
    matrix_->setObjectName(QStringLiteral("matrixView"));
    matrix_->setPlaceholder(tr("Self-attention (latents × latents)"));
    matrix_->setToolTip(tr("Row: attending latent; column: attended latent"));
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(inputStack);
    split->addWidget(matrix_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* row = new QHBoxLayout;
    row->addWidget(split, 1);
    row->addLayout(side);
    content()->addLayout(sourceRow);
    content()->addLayout(row, 1);

    coalesce_ = new QTimer(this);
    coalesce_->setSingleShot(true);
    coalesce_->setInterval(30);
    connect(coalesce_, &QTimer::timeout, this, [this] {
        AttentionViewRequest r;
        r.maps = summary_.maps;  // the run this page shows, whatever else ran since
        r.head = head_->value();
        r.latent = latent_->value();
        r.rollout = rollout_->isChecked();
        r.layer = layer_->value();
        r.selfHead = selfHead_->value();
        r.frame = frame_->value();
        r.opacity = opacity_->value() / 100.0;
        Q_EMIT viewRequested(r);
    });
    for (QSpinBox* s : {head_, latent_, layer_, selfHead_, frame_}) connect(s, &QSpinBox::valueChanged, this, &AttentionPage::requestView);
    connect(rollout_, &QCheckBox::toggled, this, &AttentionPage::requestView);
    connect(opacity_, &QSlider::valueChanged, this, &AttentionPage::requestView);
    connect(source_, &QComboBox::currentIndexChanged, this, [this] {
        const int kind = source_->currentData().toInt();
        if (sources_.contains(kind)) selectModel(sources_[kind].model);
        updateRunEnabled();
    });
    connect(exportPng, &QPushButton::clicked, this, &AttentionPage::exportPng);
}

void AttentionPage::setSource(const AttentionRequest& request, const QString& description) {
    sources_[request.kind] = request;
    const int i = source_->findData(request.kind);
    source_->setItemText(i, description);
    if (source_->currentIndex() == i) selectModel(request.model);
    updateRunEnabled();
}

void AttentionPage::selectSource(AttentionRequest::Kind kind) {
    source_->setCurrentIndex(source_->findData(kind));
}

bool AttentionPage::inputsReady() const {
    return source_ && sources_.contains(source_->currentData().toInt());
}

void AttentionPage::run() {
    AttentionRequest r = sources_.value(source_->currentData().toInt());
    r.model = currentModel();
    haveMaps_ = false;
    Q_EMIT runRequested(r);
}

void AttentionPage::showResult(const QVariant& result) {
    summary_ = result.value<AttentionSummary>();
    haveMaps_ = true;
    {
        const QSignalBlocker b1(head_), b2(latent_), b3(layer_), b4(selfHead_), b5(frame_);
        frame_->setRange(0, std::max(0, summary_.frames - 1));
        head_->setRange(-1, summary_.crossHeads - 1);
        latent_->setRange(-1, summary_.latents - 1);
        layer_->setRange(0, std::max(0, summary_.selfLayers - 1));
        selfHead_->setRange(-1, std::max(0, summary_.selfHeads - 1));
    }
    frame_->setEnabled(summary_.kind == AttentionRequest::Video);
    audioTrack_->setVisible(summary_.kind == AttentionRequest::Video);
    if (auto* stack = findChild<QStackedWidget*>(QStringLiteral("inputStack")))
        stack->setCurrentIndex(summary_.kind == AttentionRequest::Text ? 1 : 0);
    setStatus(tr("%1: %2 cross-attention head(s), %3 latents over %4 inputs; %5 self-attention layer(s).")
                  .arg(summary_.architecture).arg(summary_.crossHeads).arg(summary_.latents).arg(summary_.inputs).arg(summary_.selfLayers));
    requestView();
}

void AttentionPage::requestView() {
    if (haveMaps_) coalesce_->start();
}

void AttentionPage::setChoice(int head, int latent, bool rollout, int layer, int frame) {
    frame_->setValue(frame);
    head_->setValue(head);
    latent_->setValue(latent);
    rollout_->setChecked(rollout);
    layer_->setValue(layer);
}

void AttentionPage::showView(const AttentionView& view) {
    if (view.maps != summary_.maps) return;  // a view of an earlier run, arriving late
    view_ = view;
    matrix_->setImage(view.selfMatrix);
    if (summary_.kind != AttentionRequest::Text) {
        overlay_->setImage(view.overlay);
        audioTrack_->setImage(view.audioTrack);
        return;
    }
    // Per-byte highlighting: each input position's weight as the background of its token.
    float top = 0;
    for (float w : view.weights) top = std::max(top, w);
    QString html = QStringLiteral("<p style='font-family:monospace; font-size:large; line-height:160%'>");
    for (int i = 0; i < summary_.tokens.size() && i < view.weights.size(); ++i) {
        const double a = top > 0 ? view.weights[i] / top : 0;
        const QColor c = QColor::fromRgbF(1.0, 1.0 - 0.55 * a, 1.0 - 0.9 * a);
        html += QStringLiteral("<span style='background-color:%1' title='%2'>%3</span>")
                    .arg(c.name(), QString::number(view.weights[i], 'g', 3), summary_.tokens[i].toHtmlEscaped());
    }
    text_->setHtml(html + QStringLiteral("</p>"));
}

void AttentionPage::exportPng() {
    TaskPage::exportPng(summary_.kind == AttentionRequest::Text ? view_.heatmap : view_.overlay, QStringLiteral("attention.png"));
}

}  // namespace studio
