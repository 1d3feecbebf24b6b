// The frame every task page shares: which model it uses (only compatible ones are offered),
// Run / Cancel, a progress bar with the current stage, and error reporting that never blocks
// or ends the application. Subclasses add their inputs and result views below.
//
// A page never runs inference: it emits a request, the main window hands it to the Service,
// and the result comes back through presentResult() (which calls the page's showResult()).
// A line above the result says which model and input produced it; when either changes
// afterwards the line says the result is stale and the result views are dimmed until the next
// run. Thread-safety: GUI thread only.
#pragma once

#include "task_types.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QAbstractButton;
class QComboBox;
class QKeySequence;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QVBoxLayout;

namespace studio {

class TaskPage : public QWidget {
    Q_OBJECT
public:
    /// `architectures`: the HF classes this page can run.
    TaskPage(const QStringList& architectures, QWidget* parent = nullptr);

    /// Offers the compatible entries of `models` (available ones first).
    void setModels(const QList<ModelInfo>& models);
    QString currentModel() const;
    /// Whether the selected model is a built-in demo model (resources/models).
    bool currentModelIsDemo() const;
    /// ModelInfo::maxTextBytes of the selected model (0: not a text model, or none selected).
    int currentModelMaxTextBytes() const;
    /// Selects `spec` when offered; returns whether it was.
    bool selectModel(const QString& spec);
    QStringList architectures() const { return architectures_; }
    /// Offers only models of `architectures` from now on (the last setModels() list, refiltered).
    void setArchitectures(const QStringList& architectures);

    bool isBusy() const { return busy_; }
    void setBusy(bool busy);
    void setProgress(double fraction, const QString& stage);
    /// Shows `message` in a non-blocking warning dialog and the page's status line.
    void showError(const QString& title, const QString& message);
    void setStatus(const QString& text);
    QString statusText() const;
    /// Asks where to save `image` as PNG (suggesting `suggestedName`) and writes it atomically
    /// (QSaveFile); a null image says there is nothing to export yet.
    void exportPng(const QImage& image, const QString& suggestedName);

    /// The job's result (the matching *Result in a QVariant).
    virtual void showResult(const QVariant& result) = 0;
    /// A job's result: showResult(), and, for a run started with Run, the line naming the model
    /// and input it came from.
    void presentResult(const QVariant& result);
    /// A job ended without a result: "Cancelled." or the error, in a non-blocking dialog.
    void presentFailure(const QString& message, bool cancelled);
    /// Whether a result is shown whose model or input is no longer the page's.
    bool isResultStale() const;
    /// The line above the result views ("" before the first result).
    QString resultSourceText() const;
    /// The input the shown result came from, as inputDescription() said at Run ("" without).
    QString resultInput() const { return shown_ ? shown_->input : QString(); }
    /// The page's current input in a few words ("shapes.png, 64 × 64 px, top 5").
    virtual QString inputDescription() const { return {}; }
    /// Files this page opens (for the main window's Open / recent files / drops).
    virtual bool openFile(const QString& path) { Q_UNUSED(path); return false; }

    /// Whether `path` names a video by its extension (core's one list, media/file_types.h).
    static bool isVideoFile(const QString& path);
    /// "*.mp4 *.avi ..." and "*.png *.jpg ..." for file dialogs.
    static QString videoPatterns();
    static QString imagePatterns();

    QPushButton* runButton() const { return run_; }
    QPushButton* cancelButton() const { return cancel_; }
    QComboBox* modelBox() const { return models_; }

Q_SIGNALS:
    void cancelRequested();
    void modelChanged(QString spec);
    /// The page's input now comes from `paths` (two for a flow pair), read successfully: for
    /// the recent files, which reopen them on this page.
    void fileOpened(QStringList paths);
    /// The demo-model note's link: show the model manager.
    void modelManagerRequested();

protected:
    /// Layout below the model row, for the page's own widgets.
    QVBoxLayout* content() const { return content_; }
    /// Called by Run: check inputs, then emit the page's request signal.
    virtual void run() = 0;
    /// Whether the page's inputs are complete (Run is enabled when also a model is there).
    virtual bool inputsReady() const { return true; }
    void updateRunEnabled();
    /// Called by updateRunEnabled() with whether Run is enabled: a page's other actions that
    /// run a job follow it.
    virtual void runEnabledChanged(bool enabled) { Q_UNUSED(enabled); }
    /// The "top K" box of a page that lists its best K outputs: 1 … `max`, 5 at first.
    QSpinBox* newTopKBox(int max, const QString& toolTip = QString());
    /// Sets an editor's line under the input (bytes, limits): `text`, in the warning colour
    /// when it names a `problem`.
    void setInputLine(QLabel* line, const QString& text, bool problem) const;
    /// A keyboard shortcut that works anywhere on this page (and only there) and clicks `button`.
    void addShortcut(const QKeySequence& keys, QAbstractButton* button);
    /// Everything besides the model that the result depends on (default: inputDescription()).
    virtual QString inputKey() const { return inputDescription(); }
    /// The widgets that show the result: dimmed while it is stale.
    void addResultViews(const QList<QWidget*>& views);
    /// Buttons that act on the shown result (exports): enabled only while there is one.
    void addResultActions(const QList<QAbstractButton*>& buttons);
    /// Re-checks the shown result against the model and input: call when an input changed.
    void updateResultState();
    /// The page edited its own input to follow its result (an accepted alternative): the
    /// result stays current.
    void adoptInputAsResult();
    /// The page emptied its result views: no line, nothing stale.
    void clearResultSource();

private:
    /// What a run was started on: the model and the input.
    struct RunSource {
        QString modelSpec, modelName, input, key;
    };
    RunSource currentSource() const;
    QStringList architectures_;
    QList<ModelInfo> allModels_;  ///< the last setModels() list, before filtering
    QComboBox* models_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* demoNote_ = nullptr;  ///< shown while a built-in demo model is selected
    QLabel* resultSource_ = nullptr;  ///< which model and input the shown result is of
    QVBoxLayout* content_ = nullptr;
    QList<QPointer<QWidget>> resultViews_;
    QList<QPointer<QAbstractButton>> resultActions_;
    std::optional<RunSource> pending_;  ///< the run started last, until its result arrives
    std::optional<RunSource> shown_;    ///< the shown result's
    bool busy_ = false;
};

}  // namespace studio
