// The attention inspector: for the last run of a task page (its input and model), the encoder
// cross-attention of a chosen head and latent (or their means, optionally through attention
// rollout) as a heatmap over the input (image / flow frame overlay with opacity, per-byte
// highlighting of text), and the latent self-attention of a layer as a matrix; export PNG.
#pragma once

#include "task_page.h"

#include <QMap>

class QCheckBox;
class QComboBox;
class QSlider;
class QSpinBox;
class QTextBrowser;
class QTimer;

namespace studio {

class ImageView;

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

Q_SIGNALS:
    void runRequested(studio::AttentionRequest request);
    void viewRequested(studio::AttentionViewRequest request);

protected:
    void run() override;
    bool inputsReady() const override;

private:
    void requestView();
    void exportPng();
    QComboBox* source_ = nullptr;
    QSpinBox* head_ = nullptr;
    QSpinBox* latent_ = nullptr;
    QSpinBox* layer_ = nullptr;
    QSpinBox* selfHead_ = nullptr;
    QSpinBox* frame_ = nullptr;
    QCheckBox* rollout_ = nullptr;
    QSlider* opacity_ = nullptr;
    ImageView* overlay_ = nullptr;
    ImageView* matrix_ = nullptr;
    ImageView* audioTrack_ = nullptr;
    QTextBrowser* text_ = nullptr;
    QTimer* coalesce_ = nullptr;
    QMap<int, AttentionRequest> sources_;
    AttentionSummary summary_;
    AttentionView view_;
    bool haveMaps_ = false;
};

}  // namespace studio
