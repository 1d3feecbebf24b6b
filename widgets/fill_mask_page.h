// Masked text: an editor where a selection becomes [MASK] bytes, the filled text shown with
// the predicted bytes highlighted, and per masked byte the top-k alternatives; double-click
// one to put it into the editor. Runs PerceiverForMaskedLM through the fill-mask pipeline.
#pragma once

#include "task_page.h"

class QLabel;
class QPlainTextEdit;
class QSpinBox;
class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;

namespace studio {

class FillMaskPage : public TaskPage {
    Q_OBJECT
public:
    explicit FillMaskPage(QWidget* parent = nullptr);

    void showResult(const QVariant& result) override;
    QPlainTextEdit* editor() const { return editor_; }
    QTreeWidget* alternatives() const { return alternatives_; }
    QString filledText() const { return last_.filled; }
    /// Replaces the selection by one [MASK] per UTF-8 byte.
    void maskSelection();
    /// Puts candidate `candidate` of masked byte `slot` into the editor (if it is a whole character).
    bool acceptCandidate(int slot, int candidate);
    /// The text of the last run (for the attention inspector).
    QString lastText() const { return last_.text; }

Q_SIGNALS:
    void runRequested(studio::FillMaskRequest request);

public:
    QString inputDescription() const override;

    /// The editor's line under the text: bytes against the model's limit, masks, why Run is off.
    QString editorInfo() const;
    /// Bytes the model reads for the editor's text ([MASK] counts as one).
    int inputBytes() const;

protected:
    void run() override;
    QString inputKey() const override;
    bool inputsReady() const override;
    void runEnabledChanged(bool enabled) override;

private:
    void renderFilled();
    QPlainTextEdit* editor_ = nullptr;
    QLabel* info_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QTextBrowser* filled_ = nullptr;
    QTreeWidget* alternatives_ = nullptr;
    FillMaskResult last_;
};

}  // namespace studio
