// The attention inspector: for the last run of a task page (its input and model), the encoder
// cross-attention of a chosen head and latent (or their means, optionally through attention
// rollout) as a heatmap over the input (image / flow frame overlay with opacity, per-byte
// highlighting of text), and the latent self-attention of a layer as a matrix; export PNG.
// Trace: one output (a token, the prediction, a flow pixel or a reconstructed pixel clicked on
// the overlay, an audio sample, the label) carried back through the latents to the input: the
// latents it reads most (click one to see its own cross-attention) and the input heatmap.
#pragma once

#include "task_page.h"

#include <QMap>

class QCheckBox;
class QPushButton;
class QComboBox;
class QSlider;
class QSpinBox;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTextBrowser;
class QTimer;

namespace studio {

class BarChart;
class ImageView;
class MatrixView;

class AttentionPage : public TaskPage {
    Q_OBJECT
public:
    explicit AttentionPage(QWidget* parent = nullptr);

    /// Remembers the last run of a task page as a source of inputs.
    void setSource(const AttentionRequest& request, const QString& description);
    bool hasSource(AttentionRequest::Kind kind) const { return sources_.contains(kind); }
    void selectSource(AttentionRequest::Kind kind);

    void showResult(const QVariant& result) override;
    /// The rendered view for the current choice.
    void showView(const AttentionView& view);
    AttentionSummary summary() const { return summary_; }
    AttentionView lastView() const { return view_; }
    void setChoice(int head, int latent, bool rollout, int layer = 0, int frame = 0);
    /// The last trace shown.
    TraceResult lastTrace() const { return trace_; }
    /// Traces an output of the current source: `pixel` for flow and video (of the overlay shown;
    /// default the last one clicked, else the centre).
    void traceOutput(QPoint pixel = QPoint(-1, -1));
    /// Attributions of the same output (the method and baseline chosen on the page).
    void attributeOutput();
    AttributionResult lastAttribution() const { return attribution_; }
    /// Runs the source's task unmodified and with the intervention typed on the Intervention
    /// tab (heads, latents, inputs), and shows what changed.
    void compareIntervention();
    /// Ablates each latent in turn on the output a trace would take, and ranks them.
    void rankLatents();
    InterventionResult lastIntervention() const { return intervention_; }
    /// What Export PNG writes: the self-attention matrix while its tab is shown (cells, latent
    /// indices on both axes), else the overlay (or the text as cells with its bytes), `scale`
    /// times, with a title naming the choice and the source, and the colour bar with its ends.
    QImage figure(int scale) const;
    /// Writes the numbers shown to `path` (.npy / .csv): the self-attention matrix while its tab
    /// is shown, else the input weights of the view (exportNumbers() asks for the path).
    void exportNumbersTo(const QString& path);
    LatentRankResult lastRanking() const { return ranking_; }
    /// The intervention as the tab's fields give it (Intervention tab), for the source chosen.
    InterventionRequest interventionRequest() const;

Q_SIGNALS:
    void runRequested(studio::AttentionRequest request);
    void viewRequested(studio::AttentionViewRequest request);
    void traceRequested(studio::TraceRequest request);
    void attributionRequested(studio::AttributionRequest request);
    void interventionRequested(studio::InterventionRequest request);
    void rankRequested(studio::LatentRankRequest request);
    /// Raw numbers to write (.npy or .csv): the matrix or the input weights shown.
    void exportNumbersRequested(QVector<float> values, QVector<qint64> shape, QString path);

public:
    /// The source chosen ("Image classification, last run: shapes.png …").
    QString inputDescription() const override;

protected:
    /// The source's kind and which of its runs: a newer run of the task page makes the maps stale.
    QString inputKey() const override;
    void run() override;
    bool inputsReady() const override;
    void runEnabledChanged(bool enabled) override;

private:
    void showTrace(const TraceResult& trace);
    void showAttribution(const AttributionResult& attribution);
    void showIntervention(const InterventionResult& result);
    void showRanking(const LatentRankResult& result);
    QWidget* makeInterventionPane();
    TraceRequest traceRequest(QPoint pixel) const;
    void updateTraceControls();
    void requestView();
    void exportPng();
    void exportNumbers();
    QComboBox* source_ = nullptr;
    QComboBox* exportScale_ = nullptr;
    QSpinBox* head_ = nullptr;
    QSpinBox* latent_ = nullptr;
    QSpinBox* layer_ = nullptr;
    QSpinBox* selfHead_ = nullptr;
    QSpinBox* frame_ = nullptr;
    QCheckBox* rollout_ = nullptr;
    QSlider* opacity_ = nullptr;
    ImageView* overlay_ = nullptr;
    MatrixView* matrix_ = nullptr;
    ImageView* audioTrack_ = nullptr;
    QTextBrowser* text_ = nullptr;
    QTimer* coalesce_ = nullptr;
    QTabWidget* views_ = nullptr;
    QSpinBox* tracePosition_ = nullptr;
    QComboBox* traceOutput_ = nullptr;
    QSpinBox* traceSample_ = nullptr;
    QPushButton* traceButton_ = nullptr;
    QLabel* traceHint_ = nullptr;
    QLabel* traceSummary_ = nullptr;
    BarChart* traceLatents_ = nullptr;
    ImageView* traceInput_ = nullptr;
    ImageView* traceAudio_ = nullptr;
    QTextBrowser* traceText_ = nullptr;
    QVector<int> traceLatentIndex_;  ///< the latent of each bar of traceLatents_
    TraceResult trace_;
    QComboBox* attributionMethod_ = nullptr;
    QComboBox* attributionBaseline_ = nullptr;
    QPushButton* attributeButton_ = nullptr;
    QLabel* attributionSummary_ = nullptr;
    ImageView* attributionInput_ = nullptr;
    ImageView* attributionAudio_ = nullptr;
    QTextBrowser* attributionText_ = nullptr;
    AttributionResult attribution_;
    QLineEdit* ivHeads_ = nullptr;
    QLineEdit* ivLatents_ = nullptr;
    QSpinBox* ivAfter_ = nullptr;
    QLineEdit* ivInputs_ = nullptr;
    QLineEdit* ivRegion_ = nullptr;
    QLineEdit* ivAudio_ = nullptr;
    QCheckBox* ivLabel_ = nullptr;
    QPushButton* compareButton_ = nullptr;
    QPushButton* rankButton_ = nullptr;
    QSpinBox* rankTop_ = nullptr;
    QLabel* ivSummary_ = nullptr;
    QTextBrowser* ivTable_ = nullptr;
    ImageView* ivBefore_ = nullptr;
    ImageView* ivAfterView_ = nullptr;
    ImageView* ivChange_ = nullptr;
    QLabel* ivCaption_ = nullptr;
    BarChart* rankChart_ = nullptr;
    QVector<int> rankLatentIndex_;  ///< the latent of each bar of rankChart_
    InterventionResult intervention_;
    LatentRankResult ranking_;
    QPoint lastPixel_{-1, -1};  ///< flow / video: the pixel last clicked
    QMap<int, AttentionRequest> sources_;
    QMap<int, int> sourceRuns_;  ///< per kind, how many runs setSource() was given
    AttentionSummary summary_;
    AttentionView view_;
    bool haveMaps_ = false;
};

}  // namespace studio
