// The frame every task page shares: which model it uses (only compatible ones are offered),
// Run / Cancel, a progress bar with the current stage, and error reporting that never blocks
// or ends the application. Subclasses add their inputs and result views below.
//
// A page never runs inference: it emits a request, the main window hands it to the Service,
// and the result comes back through showResult(). Thread-safety: GUI thread only.
#pragma once

#include "task_types.h"

#include <QWidget>

class QAbstractButton;
class QComboBox;
class QKeySequence;
class QLabel;
class QProgressBar;
class QPushButton;
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
    /// Selects `spec` when offered; returns whether it was.
    bool selectModel(const QString& spec);
    QStringList architectures() const { return architectures_; }

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
    /// A file was opened on this page (for recent files).
    void fileOpened(QString path);
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
    /// A keyboard shortcut that works anywhere on this page (and only there) and clicks `button`.
    void addShortcut(const QKeySequence& keys, QAbstractButton* button);

private:
    QStringList architectures_;
    QComboBox* models_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* demoNote_ = nullptr;  ///< shown while a built-in demo model is selected
    QVBoxLayout* content_ = nullptr;
    bool busy_ = false;
};

}  // namespace studio
