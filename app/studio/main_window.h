// The studio's main window: a tab per task (Masked text, Text classification, Image
// classification, Optical flow, Autoencoding, Attention), the Train page and the model manager; menus with Open, recent files, language
// and About; a status bar with the model, the device and the memory in use. It owns the
// Service and routes each page's requests to it and each result back to the page.
// No torch here. Thread-safety: GUI thread only.
#pragma once

#include "task_types.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

class QLabel;
class QMenu;
class QTabWidget;

namespace studio {

class AttentionPage;
class AutoencodePage;
class ClassifyPage;
class Job;
class FillMaskPage;
class FlowPage;
class ModelManager;
class Service;
class TaskPage;
class TextClassifyPage;
class TrainPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Service* service() const { return service_; }
    FillMaskPage* fillMaskPage() const { return fillMask_; }
    ClassifyPage* classifyPage() const { return classify_; }
    TextClassifyPage* textClassifyPage() const { return textClassify_; }
    FlowPage* flowPage() const { return flow_; }
    AutoencodePage* autoencodePage() const { return autoencode_; }
    AttentionPage* attentionPage() const { return attention_; }
    TrainPage* trainPage() const { return train_; }
    ModelManager* modelManager() const { return manager_; }
    QTabWidget* tabs() const { return tabs_; }

    /// Opens `path` on the page that takes it (image, video, .flo, model folder).
    bool openPath(const QString& path);
    /// Adds a model folder (shown in the manager and the pages that can use it).
    bool addModelFolder(const QString& path);
    /// Where the sample inputs are (resources/samples or its installed copy); File > Open samples.
    void setSampleDirectory(const QString& dir);
    /// Puts the sample input of every task page on it (text, shape image, frame pair with
    /// its true flow, a video with sound) and runs the pages whose model is a built-in demo
    /// model; once the first page's (masked text) run is done the inspector runs on it, so the
    /// Attention page shows what that model read. Returns the number of runs started. The
    /// first launch does this. `replaceText` false keeps the masked-text editor's text.
    int openSamples(bool replaceText = true);
    /// File > Open samples: asks first when the masked-text editor holds the user's own text
    /// (a window-modal question, objectName "replaceTextQuestion"), then openSamples().
    void openSamplesAsking();
    /// File > Open recent.
    QMenu* recentMenu() const { return recentMenu_; }
    /// View > Language: installs the translations of `code` ("" the system's, "en", "de",
    /// "zh_CN") and rebuilds the pages in it, without a restart. The inputs (text, image, frames,
    /// videos, models, the tab) are carried over; the results shown are not (a question asks
    /// first when there are some). Refused while a job runs. Returns whether it switched.
    bool switchLanguage(const QString& code, bool ask = true);
    /// Loads and installs the translations of `code` (replacing earlier ones): ours and Qt's.
    static void installTranslations(const QString& code);

protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    QString sampleDir_;
    void createPages();
    void createMenus();
    void createStatusBar();
    void connectService();
    void readSettings();
    /// The pages' part of the settings (the tab, the device and threads shown, each page's
    /// model): at start-up and when the language switch rebuilds the pages.
    void readPageSettings();
    void writeSettings();
    void updateModels();
    /// Records an input read on page `page` (the page's key: "text", "image", "flow", "video").
    void addRecentFile(const QString& page, const QStringList& paths);
    /// Reopens a recent entry on its page; a file gone since is dropped from the list.
    bool openRecent(const QString& page, const QStringList& paths);
    void updateRecentMenu();
    void updateStatusBar();
    void openDialog();
    void about();
    /// Shows `job` on `page` (busy, progress, result or error); a finished run's input becomes
    /// the inspector's source when `inspectorInput` is given.
    void track(Job* job, TaskPage* page, const AttentionRequest* inspectorInput = nullptr);
    /// Runs a fine-tuning of the Train page: its partial results to the page, the saved model
    /// offered on every page when it is done.
    void train(const TrainRequest& request);

    Service* service_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    FillMaskPage* fillMask_ = nullptr;
    ClassifyPage* classify_ = nullptr;
    TextClassifyPage* textClassify_ = nullptr;
    FlowPage* flow_ = nullptr;
    AutoencodePage* autoencode_ = nullptr;
    AttentionPage* attention_ = nullptr;
    TrainPage* train_ = nullptr;
    ModelManager* manager_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QLabel* modelLabel_ = nullptr;
    QLabel* deviceLabel_ = nullptr;
    QLabel* memoryLabel_ = nullptr;
    QHash<TaskPage*, QPointer<Job>> running_;    ///< page -> its job (one at a time)
    QPointer<Job> download_;
    QString lastModel_;
    QHash<TaskPage*, QString> savedModel_;       ///< last session's choice, until it is offered
    /// openSamples: the page whose sample run the inspector runs on once it is done (the first page).
    QPointer<TaskPage> inspectSample_;
};

}  // namespace studio
