// Fine-tuning on your own data, watched as it learns: a folder of images with one sub-folder per
// class (or a CSV / TSV of labelled texts), a model to start from, a preset or the main
// hyper-parameters, Start / Pause / Stop, and Resume from the kept checkpoint. While it trains,
// the page draws the training loss and the held-out accuracy and loss (Qt Charts), steps per
// second and the time left, and at every evaluation the attention of one fixed held-out
// example, so a class sees attention form as the model learns. The best evaluation is kept on
// disk as it is found (beside the output, "<out>-checkpoint"); the finished model is saved in
// Hugging Face's format and offered on the task pages at once (the main window adds it).
// No torch here: the page emits a TrainRequest; the Service runs core's fine-tuning.
// Thread-safety: GUI thread only.
#pragma once

#include "task_page.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

QT_FORWARD_DECLARE_CLASS(QChartView)
QT_FORWARD_DECLARE_CLASS(QLineSeries)
QT_FORWARD_DECLARE_CLASS(QValueAxis)

namespace studio {

class ImageView;

class TrainPage : public TaskPage {
    Q_OBJECT
public:
    explicit TrainPage(QWidget* parent = nullptr);

    /// The data: "image" (a folder) or "text" (a CSV / TSV); offers the models that can start it.
    void setTask(const QString& task);
    QString task() const;
    void setDataPath(const QString& path);
    QString dataPath() const;
    /// The folder the model is saved to (by default "fine-tuned/<the data's name>" in the
    /// application's data folder; a taken name gets a number at Start).
    void setOutputPath(const QString& path);
    QString outputPath() const;
    /// Where the best evaluation is kept while training: outputPath() + "-checkpoint".
    QString checkpointPath() const;
    /// The request Start sends (the fields as set on the page).
    TrainRequest request() const;

    /// The Service's partial results of the running job.
    void showStarted(const TrainStarted& started);
    void addPoint(const TrainPoint& point);
    /// The TrainResult: the run's summary (the main window offers the saved model).
    void showResult(const QVariant& result) override;
    /// A stopped or failed run (not one that finished: showResult): Resume is offered when a
    /// checkpoint short of the last step was kept.
    void runEnded(bool cancelled);
    bool openFile(const QString& path) override;
    QString inputDescription() const override;

    // For the tests and the main window.
    QComboBox* taskBox() const { return taskBox_; }
    QComboBox* presetBox() const { return preset_; }
    QSpinBox* stepsBox() const { return steps_; }
    QSpinBox* evalEveryBox() const { return evalEvery_; }
    QSpinBox* batchBox() const { return batch_; }
    QDoubleSpinBox* learningRateBox() const { return lr_; }
    QCheckBox* freezeBox() const { return freeze_; }
    QCheckBox* freshBox() const { return fresh_; }
    QPushButton* pauseButton() const { return pause_; }
    QPushButton* resumeButton() const { return resume_; }
    QPushButton* exampleDataButton() const { return example_; }
    QLineSeries* lossSeries() const { return loss_; }
    QLineSeries* heldOutLossSeries() const { return heldOutLoss_; }
    QLineSeries* accuracySeries() const { return accuracy_; }
    /// The example's attention at the last evaluation (null before one).
    QImage attentionImage() const { return attentionImage_; }
    /// "step 120 of 300 · 2.4 steps/s · about 50 s left · kept: step 100, accuracy 0.92".
    QString statsText() const;
    bool isPaused() const;
    /// The step the kept checkpoint holds (-1: none yet).
    int keptStep() const { return keptStep_; }

Q_SIGNALS:
    void trainRequested(studio::TrainRequest request);
    /// "Make example data": the main window writes the four-new-shapes folder into `dir`.
    void exampleDataRequested(QString dir);

protected:
    void run() override;
    bool inputsReady() const override;
    QString inputKey() const override;

private:
    void applyPreset(int index);
    /// The data, output and hyper-parameters: off while a run uses them.
    void setFormEnabled(bool enabled);
    void updateHeldOutFraction();
    void start(bool resume);
    void resetCurves(int firstStep);
    void updateStats();
    void appendLog(const QString& line);

    QComboBox* taskBox_ = nullptr;
    QLineEdit* data_ = nullptr;
    QLineEdit* out_ = nullptr;
    QComboBox* preset_ = nullptr;
    QSpinBox* steps_ = nullptr;
    QSpinBox* batch_ = nullptr;
    QSpinBox* evalEvery_ = nullptr;
    QDoubleSpinBox* lr_ = nullptr;
    QDoubleSpinBox* fraction_ = nullptr;
    QCheckBox* freeze_ = nullptr;
    QCheckBox* augment_ = nullptr;
    QCheckBox* fresh_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* resume_ = nullptr;
    QPushButton* example_ = nullptr;
    QChartView* lossView_ = nullptr;
    QChartView* accuracyView_ = nullptr;
    QLineSeries* loss_ = nullptr;
    QLineSeries* heldOutLoss_ = nullptr;
    QLineSeries* accuracy_ = nullptr;
    QValueAxis* lossX_ = nullptr;
    QValueAxis* lossY_ = nullptr;
    QValueAxis* accuracyX_ = nullptr;
    ImageView* attention_ = nullptr;
    QLabel* attentionCaption_ = nullptr;
    QLabel* stats_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    QImage attentionImage_;
    std::shared_ptr<std::atomic<bool>> paused_;
    TrainStarted started_;
    TrainPoint last_;
    int steps_total_ = 0;
    int keptStep_ = -1;
    double keptAccuracy_ = -1;
    double maxLoss_ = 0;
    bool applyingPreset_ = false;
    bool outEdited_ = false;   ///< the output was chosen by hand: it no longer follows the data's name
};

}  // namespace studio
