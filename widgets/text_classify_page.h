// Text classification: type, paste or open a text and see its labels' scores as
// PerceiverForSequenceClassification gives them — a bar chart of probabilities (single-label:
// softmax; multi-label: a sigmoid per label, the predicted ones at or over a threshold marked),
// or the values of a regression. The editor's line counts the bytes against the model's limit
// and says what a longer text loses (the model reads its first bytes only).
#pragma once

#include "task_page.h"

class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

namespace studio {

class BarChart;

class TextClassifyPage : public TaskPage {
    Q_OBJECT
public:
    explicit TextClassifyPage(QWidget* parent = nullptr);

    void showResult(const QVariant& result) override;
    /// A UTF-8 text file (at most 16 MB) into the editor.
    bool openFile(const QString& path) override;
    QPlainTextEdit* editor() const { return editor_; }
    BarChart* chart() const { return chart_; }
    QDoubleSpinBox* thresholdBox() const { return threshold_; }
    /// The result in words: the predicted label(s) with their scores, or the value(s).
    QString verdictText() const;
    /// The editor's line under the text: its bytes against the model's limit.
    QString editorInfo() const;
    QString inputDescription() const override;

Q_SIGNALS:
    void runRequested(studio::TextClassifyRequest request);

protected:
    void run() override;
    QString inputKey() const override;
    bool inputsReady() const override;
    void runEnabledChanged(bool enabled) override;

private:
    QPlainTextEdit* editor_ = nullptr;
    QLabel* info_ = nullptr;
    QLabel* verdict_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QDoubleSpinBox* threshold_ = nullptr;
    BarChart* chart_ = nullptr;
    QString source_;  ///< the file the text came from ("" when typed)
};

}  // namespace studio
