#include "attention_page.h"

#include "bar_chart.h"
#include "figure.h"
#include "image_view.h"
#include "matrix_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSaveFile>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace studio {

namespace {

QStringList allArchitectures() {
    return {QStringLiteral("PerceiverForMaskedLM"), QStringLiteral("PerceiverForSequenceClassification"),
            QStringLiteral("PerceiverForImageClassificationLearned"), QStringLiteral("PerceiverForImageClassificationFourier"),
            QStringLiteral("PerceiverForImageClassificationConvProcessing"), QStringLiteral("PerceiverForOpticalFlow"),
            QStringLiteral("PerceiverForMultimodalAutoencoding")};
}

/// The models that can inspect a source: those of its task page.
QStringList sourceArchitectures(int kind) {
    switch (kind) {
    case AttentionRequest::Text: return {QStringLiteral("PerceiverForMaskedLM"), QStringLiteral("PerceiverForSequenceClassification")};
    case AttentionRequest::Image:
        return {QStringLiteral("PerceiverForImageClassificationLearned"), QStringLiteral("PerceiverForImageClassificationFourier"),
                QStringLiteral("PerceiverForImageClassificationConvProcessing")};
    case AttentionRequest::Flow: return {QStringLiteral("PerceiverForOpticalFlow")};
    default: return {QStringLiteral("PerceiverForMultimodalAutoencoding")};
    }
}

QSpinBox* meanSpin(const QString& meanText) {
    auto* s = new QSpinBox;
    s->setRange(-1, 0);
    s->setValue(-1);
    s->setSpecialValueText(meanText);
    return s;
}

/// Per-byte highlighting: each input position's weight as the background of its token.
QString tokenHtml(const QStringList& tokens, const QVector<float>& weights) {
    float top = 0;
    for (float w : weights) top = std::max(top, w);
    QString html = QStringLiteral("<p style='font-family:monospace; font-size:large; line-height:160%'>");
    for (int i = 0; i < tokens.size() && i < weights.size(); ++i) {
        const double a = top > 0 ? weights[i] / top : 0;
        const QColor c = QColor::fromRgbF(1.0, 1.0 - 0.55 * a, 1.0 - 0.9 * a);
        html += QStringLiteral("<span style='background-color:%1' title='%2'>%3</span>")
                    .arg(c.name(), QString::number(weights[i], 'g', 3), tokens[i].toHtmlEscaped());
    }
    return html + QStringLiteral("</p>");
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
    // Trace: one output back through the latents to the input.
    auto* traceBox = new QGroupBox(tr("Explain an output: trace it (output → latents → input) or attribute it"));
    auto* traceForm = new QFormLayout(traceBox);
    tracePosition_ = new QSpinBox;
    tracePosition_->setObjectName(QStringLiteral("tracePositionBox"));
    tracePosition_->setRange(-1, 0);
    tracePosition_->setValue(-1);
    tracePosition_->setSpecialValueText(tr("the first [MASK]"));
    tracePosition_->setToolTip(tr("Text: the token whose prediction is traced (0 = the first byte; a [MASK] counts as one)"));
    traceOutput_ = new QComboBox;
    traceOutput_->setObjectName(QStringLiteral("traceOutputBox"));
    traceOutput_->addItem(tr("A pixel (click the frame)"), TraceRequest::Pixel);
    traceOutput_->addItem(tr("An audio sample"), TraceRequest::AudioSample);
    traceOutput_->addItem(tr("The label"), TraceRequest::Label);
    traceSample_ = new QSpinBox;
    traceSample_->setObjectName(QStringLiteral("traceSampleBox"));
    traceSample_->setRange(0, 1 << 30);
    traceSample_->setToolTip(tr("Video: the audio sample of the window to trace"));
    traceButton_ = new QPushButton(tr("&Trace"));
    traceButton_->setObjectName(QStringLiteral("traceButton"));
    traceButton_->setEnabled(false);
    traceHint_ = new QLabel;
    traceHint_->setWordWrap(true);
    traceForm->addRow(tr("Token:"), tracePosition_);
    traceForm->addRow(tr("Output:"), traceOutput_);
    traceForm->addRow(tr("Sample:"), traceSample_);
    traceForm->addRow(traceButton_);
    traceForm->addRow(traceHint_);
    attributionMethod_ = new QComboBox;
    attributionMethod_->setObjectName(QStringLiteral("attributionMethodBox"));
    attributionMethod_->addItem(tr("Integrated Gradients"), true);
    attributionMethod_->addItem(tr("Gradient × input"), false);
    attributionMethod_->setToolTip(tr("Integrated Gradients: the attributions add up to the output's change from the baseline"));
    attributionBaseline_ = new QComboBox;
    attributionBaseline_->setObjectName(QStringLiteral("attributionBaselineBox"));
    attributionBaseline_->addItem(tr("zeros"), 0);
    attributionBaseline_->addItem(tr("the input's mean"), 1);
    attributionBaseline_->addItem(tr("blurred (images, frames, flow)"), 2);
    attributeButton_ = new QPushButton(tr("&Attribute"));
    attributeButton_->setObjectName(QStringLiteral("attributeButton"));
    attributeButton_->setEnabled(false);
    attributeButton_->setToolTip(tr("Which input elements drive the same output: gradients through the model (slower than a trace)"));
    traceForm->addRow(tr("Method:"), attributionMethod_);
    traceForm->addRow(tr("Baseline:"), attributionBaseline_);
    traceForm->addRow(attributeButton_);
    exportScale_ = new QComboBox;
    exportScale_->setObjectName(QStringLiteral("exportScaleBox"));
    for (int s : {1, 2, 4, 8}) exportScale_->addItem(tr("PNG at %1×").arg(s), s);
    exportScale_->setCurrentIndex(1);
    exportScale_->setToolTip(tr("Export PNG at this multiple (each value a square), with a title and the colour bar"));
    auto* exportPng = new QPushButton(tr("Export PNG…"));
    auto* exportNumbers = new QPushButton(tr("Export numbers…"));
    exportNumbers->setObjectName(QStringLiteral("exportNumbersButton"));
    exportNumbers->setToolTip(tr("The numbers shown: the self-attention matrix on its tab, else the input weights (NumPy .npy or CSV)"));
    auto* side = new QVBoxLayout;
    side->addWidget(controls);
    side->addWidget(selfBox);
    side->addWidget(traceBox);
    side->addWidget(exportScale_);
    side->addWidget(exportPng);
    side->addWidget(exportNumbers);
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
    matrix_ = new MatrixView;
    matrix_->setObjectName(QStringLiteral("matrixView"));
    matrix_->setPlaceholder(tr("Self-attention (latents × latents)"));
    matrix_->setAxisTitles(tr("attending latent"), tr("attended latent"));
    traceSummary_ = new QLabel(tr("Pick an output and press Trace: flow and video pixels by clicking the overlay."));
    traceSummary_->setObjectName(QStringLiteral("traceSummary"));
    traceSummary_->setWordWrap(true);
    traceSummary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    traceLatents_ = new BarChart;
    traceLatents_->setObjectName(QStringLiteral("traceLatents"));
    traceInput_ = new ImageView;
    traceInput_->setObjectName(QStringLiteral("traceInputView"));
    traceInput_->setPlaceholder(tr("The input, weighted by how much the traced output reads it"));
    traceText_ = new QTextBrowser;
    traceText_->setObjectName(QStringLiteral("traceTextView"));
    traceText_->setVisible(false);
    traceAudio_ = new ImageView;
    traceAudio_->setObjectName(QStringLiteral("traceAudioView"));
    traceAudio_->setMinimumHeight(50);
    traceAudio_->setMaximumHeight(90);
    traceAudio_->setVisible(false);
    auto* tracePane = new QWidget;
    auto* traceLayout = new QVBoxLayout(tracePane);
    traceLayout->addWidget(traceSummary_);
    auto* latentsTitle = new QLabel(tr("Latents it reads most (through the rollout; click one for its own cross-attention):"));
    latentsTitle->setWordWrap(true);
    traceLayout->addWidget(latentsTitle);
    traceLayout->addWidget(traceLatents_);
    traceLayout->addWidget(new QLabel(tr("Input elements it reads:")));
    traceLayout->addWidget(traceInput_, 1);
    traceLayout->addWidget(traceText_, 1);
    traceLayout->addWidget(traceAudio_);
    views_ = new QTabWidget;
    views_->setObjectName(QStringLiteral("inspectorViews"));
    views_->addTab(matrix_, tr("Self-attention"));
    views_->addTab(tracePane, tr("Trace"));
    attributionSummary_ = new QLabel(tr("Attribute an output: which input elements drive it (the image shows |attribution|)."));
    attributionSummary_->setObjectName(QStringLiteral("attributionSummary"));
    attributionSummary_->setWordWrap(true);
    attributionSummary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    attributionInput_ = new ImageView;
    attributionInput_->setObjectName(QStringLiteral("attributionInputView"));
    attributionInput_->setPlaceholder(tr("The input, coloured by |attribution|"));
    attributionText_ = new QTextBrowser;
    attributionText_->setVisible(false);
    attributionAudio_ = new ImageView;
    attributionAudio_->setMinimumHeight(50);
    attributionAudio_->setMaximumHeight(90);
    attributionAudio_->setVisible(false);
    auto* attributionPane = new QWidget;
    auto* attributionLayout = new QVBoxLayout(attributionPane);
    attributionLayout->addWidget(attributionSummary_);
    attributionLayout->addWidget(attributionInput_, 1);
    attributionLayout->addWidget(attributionText_, 1);
    attributionLayout->addWidget(attributionAudio_);
    views_->addTab(attributionPane, tr("Attributions"));
    views_->addTab(makeInterventionPane(), tr("Intervention"));
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(inputStack);
    split->addWidget(views_);
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
        setArchitectures(sourceArchitectures(kind));  // only models that can read this source
        if (sources_.contains(kind)) selectModel(sources_[kind].model);
        updateRunEnabled();
        updateResultState();
    });
    addResultViews({overlay_, matrix_, audioTrack_, text_});
    connect(exportPng, &QPushButton::clicked, this, &AttentionPage::exportPng);
    connect(exportNumbers, &QPushButton::clicked, this, &AttentionPage::exportNumbers);
    connect(traceButton_, &QPushButton::clicked, this, [this] { traceOutput(); });
    connect(attributeButton_, &QPushButton::clicked, this, &AttentionPage::attributeOutput);
    connect(traceOutput_, &QComboBox::currentIndexChanged, this, &AttentionPage::updateTraceControls);
    connect(source_, &QComboBox::currentIndexChanged, this, [this] {
        lastPixel_ = QPoint(-1, -1);  // a pixel of another source's frame
        updateTraceControls();
    });
    connect(overlay_, &ImageView::clicked, this, [this](QPoint p) {
        const int kind = source_->currentData().toInt();
        if (haveMaps_ && traceButton_->isEnabled() && (kind == AttentionRequest::Flow || kind == AttentionRequest::Video) &&
            summary_.kind == kind) {
            lastPixel_ = p;  // Attribute takes it too
            traceOutput(p);
        }
    });
    connect(traceLatents_, &BarChart::barClicked, this, [this](int bar) {
        if (bar < 0 || bar >= traceLatentIndex_.size()) return;
        latent_->setValue(traceLatentIndex_[bar]);  // the overlay shows that latent's cross-attention
        rollout_->setChecked(false);
    });
    setArchitectures(sourceArchitectures(source_->currentData().toInt()));
    addResultActions({exportPng, exportNumbers});
    updateTraceControls();
}

namespace {

/// The `k` latents a trace reads most (through the rollout), largest first.
QVector<int> topLatents(const TraceResult& t, int k) {
    QVector<int> order(t.latents.size());
    std::iota(order.begin(), order.end(), 0);
    k = std::min<int>(k, int(order.size()));
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) { return t.latents[a] > t.latents[b]; });
    order.resize(k);
    return order;
}

}  // namespace

QWidget* AttentionPage::makeInterventionPane() {
    auto line = [this](const char* name, const QString& placeholder, const QString& tip) {
        auto* e = new QLineEdit;
        e->setObjectName(QLatin1String(name));
        e->setPlaceholderText(placeholder);
        e->setToolTip(tip);
        e->setClearButtonEnabled(true);
        return e;
    };
    ivHeads_ = line("interventionHeads", tr("e.g. 0:1, 2:3"), tr("Self-attention heads to mask, as LAYER:HEAD (layer within a block; every block)"));
    ivLatents_ = line("interventionLatents", tr("e.g. 3, 7-9"), tr("Latents to set to zero after the chosen layer"));
    ivAfter_ = new QSpinBox;
    ivAfter_->setObjectName(QStringLiteral("interventionAfterLayer"));
    ivAfter_->setRange(0, 1024);
    ivAfter_->setSpecialValueText(tr("the cross-attention"));
    ivAfter_->setToolTip(tr("Where the latents are zeroed: after the cross-attention (0) or after self-attention layer K"));
    ivInputs_ = line("interventionInputs", tr("e.g. 0-99"), tr("Input positions the latents may not read (text: token k + 1; images: row-major over the token grid)"));
    ivRegion_ = line("interventionRegion", tr("x, y, width, height"), tr("A rectangle of the input as shown (image, flow window, every video frame) the latents may not read"));
    ivAudio_ = line("interventionAudio", tr("e.g. 0-4095"), tr("Video: the audio samples of the window the latents may not read"));
    ivLabel_ = new QCheckBox(tr("Drop the label input"));
    ivLabel_->setObjectName(QStringLiteral("interventionLabel"));
    auto* fromTrace = new QPushButton(tr("The 5 latents the trace reads most"));
    fromTrace->setObjectName(QStringLiteral("interventionFromTrace"));
    fromTrace->setToolTip(tr("Fills in the latents of the last trace with the largest weight"));
    compareButton_ = new QPushButton(tr("&Compare with the unmodified run"));
    compareButton_->setObjectName(QStringLiteral("compareButton"));
    compareButton_->setEnabled(false);
    rankButton_ = new QPushButton(tr("&Rank latents by effect"));
    rankButton_->setObjectName(QStringLiteral("rankButton"));
    rankButton_->setEnabled(false);
    rankButton_->setToolTip(tr("Zeroes each latent in turn (after the layer chosen) and measures the output a trace would take"));
    auto* form = new QFormLayout;
    form->addRow(tr("Mask heads:"), ivHeads_);
    auto* latentsRow = new QHBoxLayout;
    latentsRow->addWidget(ivLatents_, 1);
    latentsRow->addWidget(fromTrace);
    form->addRow(tr("Ablate latents:"), latentsRow);
    form->addRow(tr("After layer:"), ivAfter_);
    form->addRow(tr("Drop inputs:"), ivInputs_);
    form->addRow(tr("Drop a region:"), ivRegion_);
    auto* videoRow = new QHBoxLayout;
    videoRow->addWidget(ivAudio_, 1);
    videoRow->addWidget(ivLabel_);
    form->addRow(tr("Drop audio:"), videoRow);
    rankTop_ = new QSpinBox;
    rankTop_->setObjectName(QStringLiteral("rankTop"));
    rankTop_->setRange(0, 1 << 16);
    rankTop_->setSingleStep(16);
    rankTop_->setSpecialValueText(tr("every latent"));
    rankTop_->setPrefix(tr("the "));
    rankTop_->setSuffix(tr(" the last trace reads most"));
    rankTop_->setToolTip(tr("A full-size model has hundreds of latents, each ablation a pass through the later layers: rank the ones the trace reads most"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(compareButton_);
    buttons->addWidget(rankButton_);
    buttons->addWidget(rankTop_);
    buttons->addStretch(1);
    ivSummary_ = new QLabel(tr("Change the model's internals and see what changes: the difference against the unmodified run."));
    ivSummary_->setObjectName(QStringLiteral("interventionSummary"));
    ivSummary_->setWordWrap(true);
    ivSummary_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    ivSummary_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::MinimumExpanding);
    ivSummary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    ivTable_ = new QTextBrowser;
    ivTable_->setObjectName(QStringLiteral("interventionTable"));
    ivBefore_ = new ImageView;
    ivBefore_->setObjectName(QStringLiteral("interventionBefore"));
    ivAfterView_ = new ImageView;
    ivAfterView_->setObjectName(QStringLiteral("interventionAfter"));
    ivChange_ = new ImageView;
    ivChange_->setObjectName(QStringLiteral("interventionChange"));
    auto* images = new QWidget;
    images->setObjectName(QStringLiteral("interventionImages"));
    auto* imageColumn = new QVBoxLayout(images);
    imageColumn->setContentsMargins(0, 0, 0, 0);
    auto* imageRow = new QHBoxLayout;
    for (ImageView* v : {ivBefore_, ivAfterView_, ivChange_}) imageRow->addWidget(v, 1);
    imageColumn->addLayout(imageRow, 1);
    ivCaption_ = new QLabel;
    ivCaption_->setObjectName(QStringLiteral("interventionCaption"));
    ivCaption_->setAlignment(Qt::AlignCenter);
    imageColumn->addWidget(ivCaption_);
    images->setVisible(false);
    rankChart_ = new BarChart;
    rankChart_->setObjectName(QStringLiteral("rankChart"));
    rankChart_->setRelative(true);
    auto* rankScroll = new QScrollArea;
    rankScroll->setObjectName(QStringLiteral("rankScroll"));
    rankScroll->setWidgetResizable(true);
    rankScroll->setFrameShape(QFrame::NoFrame);
    rankScroll->setWidget(rankChart_);
    rankScroll->setVisible(false);
    auto* pane = new QWidget;
    auto* layout = new QVBoxLayout(pane);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(ivSummary_);
    layout->addWidget(images, 1);
    layout->addWidget(ivTable_, 1);
    layout->addWidget(rankScroll, 1);
    connect(compareButton_, &QPushButton::clicked, this, &AttentionPage::compareIntervention);
    connect(rankButton_, &QPushButton::clicked, this, &AttentionPage::rankLatents);
    connect(fromTrace, &QPushButton::clicked, this, [this] {
        QStringList list;
        for (const int n : topLatents(trace_, 5)) list << QString::number(n);
        if (list.isEmpty()) return setStatus(tr("Trace an output first: its latents fill this in."));
        ivLatents_->setText(list.join(QStringLiteral(", ")));
    });
    connect(rankChart_, &BarChart::barClicked, this, [this](int bar) {
        if (bar < 0 || bar >= rankLatentIndex_.size()) return;
        const QString n = QString::number(rankLatentIndex_[bar]);
        const QString now = ivLatents_->text().trimmed();
        if (!now.split(QLatin1Char(',')).contains(n)) ivLatents_->setText(now.isEmpty() ? n : now + QStringLiteral(", ") + n);
    });
    return pane;
}

namespace {

/// "x, y, width, height" -> the rectangle (null for an empty text); false for anything else.
bool regionOf(const QString& text, QRect* region) {
    *region = QRect();
    if (text.trimmed().isEmpty()) return true;
    const QStringList parts = text.split(QLatin1Char(','));
    QList<int> v;
    for (const QString& p : parts) {
        bool ok = false;
        v << p.trimmed().toInt(&ok);
        if (!ok) return false;
    }
    if (v.size() != 4) return false;
    *region = QRect(v[0], v[1], v[2], v[3]);
    return true;
}

}  // namespace

InterventionRequest AttentionPage::interventionRequest() const {
    const int kind = source_->currentData().toInt();
    InterventionRequest r;
    r.source = sources_.value(kind);
    r.source.model = currentModel();
    if (haveMaps_ && summary_.kind == kind) r.maps = summary_.maps;  // the layout of this source's run
    r.heads = ivHeads_->text();
    r.latents = ivLatents_->text();
    r.afterLayer = ivAfter_->value();
    r.inputs = ivInputs_->text();
    r.audioSamples = ivAudio_->text();
    r.dropLabel = ivLabel_->isChecked() && kind == AttentionRequest::Video;
    r.opacity = opacity_->value() / 100.0;
    regionOf(ivRegion_->text(), &r.region);
    return r;
}

void AttentionPage::compareIntervention() {
    if (!sources_.contains(source_->currentData().toInt())) return;
    QRect region;
    if (!regionOf(ivRegion_->text(), &region))
        return setStatus(tr("Drop a region: four whole numbers x, y, width, height, got '%1'.").arg(ivRegion_->text()));
    Q_EMIT interventionRequested(interventionRequest());
}

void AttentionPage::rankLatents() {
    if (!sources_.contains(source_->currentData().toInt())) return;
    LatentRankRequest r;
    r.target = traceRequest(QPoint(-1, -1));
    r.afterLayer = ivAfter_->value();
    if (const int top = rankTop_->value(); top > 0) {  // the latents the last trace reads most
        if (trace_.kind != r.target.source.kind || trace_.latents.isEmpty())
            return setStatus(tr("Trace an output of this input first: its latents are the ones ranked."));
        for (const int n : topLatents(trace_, top)) r.latents << n;
    }
    Q_EMIT rankRequested(r);
}

namespace {

QString scoreList(const QList<QPair<QString, double>>& scores) {
    QStringList out;
    for (const auto& [name, p] : scores) out << QStringLiteral("%1 %2 %").arg(name.toHtmlEscaped()).arg(100 * p, 0, 'f', 1);
    return out.join(QStringLiteral("<br>"));
}

}  // namespace

void AttentionPage::showIntervention(const InterventionResult& r) {
    intervention_ = r;
    findChild<QScrollArea*>(QStringLiteral("rankScroll"))->setVisible(false);
    QString summary = tr("With %1, against the unmodified run:").arg(r.intervention);
    for (const QString& line : r.summary) summary += QLatin1Char('\n') + line;
    ivSummary_->setText(summary);
    QString html = QStringLiteral("<table border=1 cellpadding=3><tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th></tr>")
                       .arg(tr("Output"), tr("Unmodified"), tr("With the intervention"), tr("Change"));
    for (const ScoreDelta& d : r.scores) {
        const QString change = tr("%1 the top %2 points; the largest change of any %3 points")
                                   .arg(d.topChanged ? tr("<b>New top.</b>") : tr("Same top;"))
                                   .arg(100 * d.topDelta, 0, 'f', 1)
                                   .arg(100 * d.maxDelta, 0, 'f', 1);
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>").arg(d.output.toHtmlEscaped(), scoreList(d.before), scoreList(d.after), change);
    }
    if (!r.psnrBefore.isEmpty()) {
        html += QStringLiteral("</table><p><table border=1 cellpadding=3><tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th></tr>")
                    .arg(tr("Frame"), tr("PSNR unmodified"), tr("PSNR with the intervention"), tr("ΔPSNR"));
        for (int t = 0; t < r.psnrBefore.size(); ++t)
            html += QStringLiteral("<tr><td>%1</td><td>%2 dB</td><td>%3 dB</td><td>%4 dB</td></tr>")
                        .arg(t)
                        .arg(r.psnrBefore[t], 0, 'f', 2)
                        .arg(r.psnrAfter.value(t), 0, 'f', 2)
                        .arg(r.psnrAfter.value(t) - r.psnrBefore[t], 0, 'f', 2);
    }
    html += QStringLiteral("</table>");
    ivTable_->setVisible(!r.scores.isEmpty() || !r.psnrBefore.isEmpty());
    ivTable_->setHtml(html);
    const bool pictures = !r.before.isNull();
    if (auto* images = findChild<QWidget*>(QStringLiteral("interventionImages"))) images->setVisible(pictures);
    ivBefore_->setImage(r.before);
    ivAfterView_->setImage(r.after);
    ivChange_->setImage(r.change);
    const bool flow = r.kind == AttentionRequest::Flow;
    ivBefore_->setToolTip(flow ? tr("The unmodified flow") : tr("Frame 0 reconstructed by the unmodified model"));
    ivAfterView_->setToolTip(flow ? tr("The flow with the intervention (same colour scale)") : tr("Frame 0 reconstructed with the intervention"));
    ivChange_->setToolTip(flow ? tr("End-point error between the two flows") : tr("Frame 0 as the model saw it"));
    ivCaption_->setText(flow ? tr("Unmodified flow · with the intervention (one colour scale) · the end-point error between them")
                             : tr("Frame 0: unmodified reconstruction · with the intervention · the input"));
    views_->setCurrentIndex(3);
    setStatus(tr("Compared: %1.").arg(r.intervention));
}

void AttentionPage::showRanking(const LatentRankResult& r) {
    ranking_ = r;
    const int k = std::min<int>(15, int(r.latents.size()));
    QList<QPair<QString, double>> bars;
    rankLatentIndex_.clear();
    for (int i = 0; i < k; ++i) {
        bars << qMakePair(tr("latent %1: %2 → %3").arg(r.latents[i]).arg(r.value, 0, 'g', 4).arg(r.values[i], 0, 'g', 4),
                          std::fabs(r.deltas[i]));
        rankLatentIndex_ << r.latents[i];
    }
    rankChart_->setBars(bars);
    findChild<QScrollArea*>(QStringLiteral("rankScroll"))->setVisible(true);
    ivTable_->setVisible(false);
    if (auto* images = findChild<QWidget*>(QStringLiteral("interventionImages"))) images->setVisible(false);
    ivSummary_->setText(tr("%1 = %2 unmodified; |change| with each of the %3 latents zeroed after layer %4 (a click ablates it):")
                            .arg(r.output).arg(r.value, 0, 'g', 5).arg(r.latents.size()).arg(r.afterLayer));
    views_->setCurrentIndex(3);
    setStatus(tr("Ranked %1 latents by their effect on %2.").arg(r.latents.size()).arg(r.output));
}

void AttentionPage::updateTraceControls() {
    const int kind = source_->currentData().toInt();
    const bool video = kind == AttentionRequest::Video;
    tracePosition_->setEnabled(kind == AttentionRequest::Text);
    traceOutput_->setEnabled(video);
    traceSample_->setEnabled(video && traceOutput_->currentData().toInt() == TraceRequest::AudioSample);
    traceHint_->setText(kind == AttentionRequest::Text    ? tr("Traces the prediction at the token chosen.")
                        : kind == AttentionRequest::Image ? tr("Traces the prediction: the classifier's one decoder query serves every class.")
                        : kind == AttentionRequest::Flow  ? tr("Run the inspector, then click a pixel of the frame to trace its flow.")
                                                          : tr("Run the inspector, then click a pixel of the frame, or pick the audio or the label."));
}

void AttentionPage::runEnabledChanged(bool enabled) {
    if (traceButton_) traceButton_->setEnabled(enabled);
    if (attributeButton_) attributeButton_->setEnabled(enabled);
    if (compareButton_) compareButton_->setEnabled(enabled);
    if (rankButton_) rankButton_->setEnabled(enabled);
}

void AttentionPage::traceOutput(QPoint pixel) {
    if (!sources_.contains(source_->currentData().toInt())) return;
    Q_EMIT traceRequested(traceRequest(pixel));
}

void AttentionPage::attributeOutput() {
    if (!sources_.contains(source_->currentData().toInt())) return;
    AttributionRequest r;
    r.target = traceRequest(QPoint(-1, -1));
    r.integratedGradients = attributionMethod_->currentData().toBool();
    r.baseline = attributionBaseline_->currentData().toInt();
    Q_EMIT attributionRequested(r);
}

TraceRequest AttentionPage::traceRequest(QPoint pixel) const {
    const int kind = source_->currentData().toInt();
    if (pixel.x() < 0) pixel = lastPixel_;
    TraceRequest r;
    r.source = sources_.value(kind);
    r.source.model = currentModel();
    r.opacity = opacity_->value() / 100.0;
    r.position = tracePosition_->value();
    if (kind == AttentionRequest::Video) r.output = TraceRequest::Output(traceOutput_->currentData().toInt());
    if (kind == AttentionRequest::Flow || (kind == AttentionRequest::Video && r.output == TraceRequest::Pixel)) {
        if (pixel.x() < 0) {  // the centre of the frame shown, until one is clicked
            const QSize size = summary_.kind == kind && !summary_.view.isNull() ? summary_.view.size() : r.source.image.size();
            pixel = QPoint(size.width() / 2, size.height() / 2);
        }
        r.output = TraceRequest::Pixel;
        r.x = pixel.x();
        r.y = pixel.y();
        r.frame = frame_->value();
    }
    r.sample = traceSample_->value();
    return r;
}

void AttentionPage::setSource(const AttentionRequest& request, const QString& description) {
    sources_[request.kind] = request;
    ++sourceRuns_[request.kind];
    const int i = source_->findData(request.kind);
    source_->setItemText(i, description);
    if (source_->currentIndex() == i) selectModel(request.model);
    updateRunEnabled();
    updateResultState();  // maps of the source's previous run are stale now
}

QString AttentionPage::inputDescription() const {
    return sources_.contains(source_->currentData().toInt()) ? source_->currentText() : QString();
}

QString AttentionPage::inputKey() const {
    const int kind = source_->currentData().toInt();
    return QStringLiteral("%1#%2").arg(kind).arg(sourceRuns_.value(kind));
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
    if (result.metaType() == QMetaType::fromType<TraceResult>()) return showTrace(result.value<TraceResult>());
    if (result.metaType() == QMetaType::fromType<AttributionResult>()) return showAttribution(result.value<AttributionResult>());
    if (result.metaType() == QMetaType::fromType<InterventionResult>()) return showIntervention(result.value<InterventionResult>());
    if (result.metaType() == QMetaType::fromType<LatentRankResult>()) return showRanking(result.value<LatentRankResult>());
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
    if (summary_.kind == AttentionRequest::Text) tracePosition_->setRange(-1, std::max(0, int(summary_.tokens.size()) - 3));
    ivAfter_->setRange(0, std::max(0, summary_.selfLayers));
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
    matrix_->setMatrix(view.selfMatrix, view.selfValues, view.selfMin, view.selfMax, view.colorBar);
    if (summary_.kind != AttentionRequest::Text) {
        overlay_->setImage(view.overlay);
        audioTrack_->setImage(view.audioTrack);
        return;
    }
    text_->setHtml(tokenHtml(summary_.tokens, view.weights));
}

QImage AttentionPage::figure(int scale) const {
    if (view_.weights.isEmpty()) return {};
    const QString source = inputDescription();
    if (views_->currentIndex() == 0 && view_.selfSize > 0) {
        const QString head = selfHead_->value() < 0 ? tr("mean of heads") : tr("head %1").arg(selfHead_->value());
        const int cell = std::max(4, 256 / view_.selfSize) * scale;  // pixels per cell
        return composeFigure(tr("Latent self-attention, layer %1, %2 — %3").arg(layer_->value()).arg(head, source), view_.selfMatrix, cell,
                             view_.colorBar, QString::number(view_.selfMin, 'g', 3), QString::number(view_.selfMax, 'g', 3), view_.selfSize);
    }
    const QString head = head_->value() < 0 ? tr("mean of heads") : tr("head %1").arg(head_->value());
    const QString latent = latent_->value() < 0 ? tr("mean of latents") : tr("latent %1").arg(latent_->value());
    QString title = tr("Cross-attention, %1, %2").arg(head, latent);
    if (rollout_->isChecked()) title += tr(", through attention rollout");
    if (summary_.kind == AttentionRequest::Video) title += tr(", frame %1").arg(frame_->value());
    title += QStringLiteral(" — ") + source;
    const float top = *std::max_element(view_.weights.begin(), view_.weights.end());
    const QImage body = summary_.kind == AttentionRequest::Text ? tokenFigure(summary_.tokens, view_.weights, view_.colorBar, scale) : view_.overlay;
    return composeFigure(title, body, summary_.kind == AttentionRequest::Text ? 1 : scale, view_.colorBar, QStringLiteral("0"), QString::number(top, 'g', 3));
}

void AttentionPage::exportPng() {
    TaskPage::exportPng(figure(exportScale_->currentData().toInt()), QStringLiteral("attention.png"));
}

void AttentionPage::exportNumbers() {
    const bool matrix = views_->currentIndex() == 0 && view_.selfSize > 0;
    if (view_.weights.isEmpty()) return setStatus(tr("Nothing to export yet: run the model first."));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export numbers"), matrix ? QStringLiteral("self-attention.npy") : QStringLiteral("attention.npy"),
                                                      tr("NumPy arrays (*.npy);;CSV (*.csv)"));
    if (!path.isEmpty()) exportNumbersTo(path);
}

void AttentionPage::exportNumbersTo(const QString& path) {
    if (view_.weights.isEmpty()) return setStatus(tr("Nothing to export yet: run the model first."));
    if (views_->currentIndex() == 0 && view_.selfSize > 0) Q_EMIT exportNumbersRequested(view_.selfValues, {view_.selfSize, view_.selfSize}, path);
    else Q_EMIT exportNumbersRequested(view_.weights, view_.weightsShape, path);
}

void AttentionPage::showTrace(const TraceResult& t) {
    trace_ = t;
    QStringList prediction;
    for (const auto& [name, value] : t.prediction) prediction << QStringLiteral("%1 %2").arg(name).arg(value, 0, 'g', 4);
    QString text = tr("Traced %1. The model's output there: %2.").arg(t.output, prediction.join(QStringLiteral(", ")));
    if (!t.note.isEmpty()) text += QLatin1Char(' ') + tr("Note: %1.").arg(t.note);
    text += QLatin1Char('\n') + t.sums;
    traceSummary_->setText(text);
    // The ten latents with the largest weight through the rollout, as a share of the output.
    QList<QPair<QString, double>> bars;
    traceLatentIndex_.clear();
    for (const int n : topLatents(t, 10)) {
        QString label = tr("latent %1 (decoder %2 %)").arg(n).arg(100.0 * t.decoderMean.value(n), 0, 'f', 1);
        if (t.shares.size() == 3 * t.latents.size())
            label += QLatin1Char(' ') + tr("audio %1 % · video %2 % · label %3 %")
                                            .arg(100.0 * t.shares[3 * n], 0, 'f', 0).arg(100.0 * t.shares[3 * n + 1], 0, 'f', 0)
                                            .arg(100.0 * t.shares[3 * n + 2], 0, 'f', 0);
        bars << qMakePair(label, double(t.latents[n]));
        traceLatentIndex_ << n;
    }
    traceLatents_->setBars(bars);
    const bool isText = t.kind == AttentionRequest::Text;
    traceInput_->setVisible(!isText);
    traceText_->setVisible(isText);
    traceAudio_->setVisible(t.kind == AttentionRequest::Video);
    traceInput_->setImage(t.overlay);
    traceAudio_->setImage(t.audioTrack);
    if (isText) traceText_->setHtml(tokenHtml(t.tokens, t.inputs));
    views_->setCurrentIndex(1);
    setStatus(tr("Traced %1.").arg(t.output));
}

void AttentionPage::showAttribution(const AttributionResult& a) {
    attribution_ = a;
    attributionSummary_->setText(tr("%1, by %2.\nf(x) = %3, f(baseline) = %4; the attributions sum to %5 (completeness error %6 %).")
                                     .arg(a.output, a.method)
                                     .arg(a.value, 0, 'g', 5)
                                     .arg(a.baselineValue, 0, 'g', 5)
                                     .arg(a.total, 0, 'g', 5)
                                     .arg(100 * a.completenessError, 0, 'g', 3));
    const bool isText = a.kind == AttentionRequest::Text;
    attributionInput_->setVisible(!isText);
    attributionText_->setVisible(isText);
    attributionAudio_->setVisible(a.kind == AttentionRequest::Video);
    attributionInput_->setImage(a.overlay);
    attributionAudio_->setImage(a.audioTrack);
    if (isText) {
        QVector<float> magnitude;
        for (float w : a.weights) magnitude << std::fabs(w);
        attributionText_->setHtml(tokenHtml(a.tokens, magnitude));
    }
    views_->setCurrentIndex(2);
    setStatus(tr("Attributed %1.").arg(a.output));
}

}  // namespace studio
