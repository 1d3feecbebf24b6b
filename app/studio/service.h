// The studio's service: runs core pipelines on one worker thread and hands results to the
// GUI as Qt value types (widgets/task_types.h). No torch in this header.
//
//   Service service;
//   connect(&service, &Service::finished, page, [](quint64 id, const QVariant& r) { ... });
//   quint64 id = service.classify({model, image, 5});
//   service.cancel(id);   // stops within a second (between tiles, chunks, windows, layers)
//
// Jobs run one at a time in submission order; a job submitted while another runs waits in the
// queue (cancel() also removes waiting jobs). Every job ends with exactly one finished() or
// failed() signal; failed() carries the core error's message (what, where, what was expected).
// Loaded models are cached (by model and device, the two most recent) on the worker thread.
// Thread-safety: call the public methods from the GUI thread; signals arrive queued there.
#pragma once

#include "task_types.h"

#include <QObject>
#include <QVariant>

#include <functional>
#include <memory>

namespace perceiver {
class Progress;
}

namespace studio {

class Service : public QObject {
    Q_OBJECT
public:
    explicit Service(QObject* parent = nullptr);
    ~Service() override;  ///< cancels what runs, drops the queue, joins the worker

    // Models people can pick: built-in demos, the public checkpoints, the HF cache, folders.
    QList<ModelInfo> models() const { return models_; }
    /// Looks at the demo folder, the catalog and the Hugging Face cache again.
    void refreshModels();
    /// A folder (or weights file) with config.json; returns false and says why when it is not a model.
    bool addFolder(const QString& path, QString* error);
    /// Folder whose sub-folders are built-in demo models (each with config.json + weights).
    void setDemoDirectory(const QString& dir);
    QStringList folders() const { return folders_; }

    /// Class names for `model` from a label file (one name per line, or JSON; e.g. Kinetics-700
    /// for the multimodal checkpoint, whose config has none). Returns false and says why when
    /// the file cannot be read; the count is checked against the model when it runs.
    bool setLabelFile(const QString& model, const QString& path, QString* error);

    QStringList devices() const;
    QString device() const { return device_; }
    void setDevice(const QString& device);
    int threads() const { return threads_; }
    void setThreads(int threads);

    quint64 fillMask(const FillMaskRequest& request);
    quint64 classify(const ClassifyRequest& request);
    /// Pairs: one FlowResult. Videos: partial() per pair (FlowFrame), then FlowResult with no frames.
    quint64 flow(const FlowRequest& request);
    quint64 autoencode(const AutoencodeRequest& request);
    /// Keeps the maps for attentionView(); result: AttentionSummary.
    quint64 attention(const AttentionRequest& request);
    /// Result: AttentionView of the last attention() run.
    quint64 attentionView(const AttentionViewRequest& request);
    quint64 download(const QString& repo);
    quint64 saveFlo(const FlowFrame& frame, const QString& path);
    quint64 saveVideo(const QList<QImage>& frames, const QString& path, double fps);

    void cancel(quint64 id);
    void cancelAll();
    bool isIdle() const;
    /// Resident memory of the process, bytes (0 where unknown).
    static qint64 residentBytes();
    /// "LibTorch 1.13.1, 2 threads, CPU only, BLAS ..." for the About dialog.
    static QString runtimeSummary();
    /// True when LibTorch runs on Debian's slow reference BLAS (see core/common/runtime.h).
    static bool referenceBlas();

Q_SIGNALS:
    void started(quint64 id, QString title);
    void progress(quint64 id, double fraction, QString stage);
    void partial(quint64 id, QVariant value);
    void finished(quint64 id, QVariant result);
    void failed(quint64 id, QString message, bool cancelled);
    void modelLoaded(QString spec, QString device);
    void modelsChanged();

private:
    struct Impl;
    struct Context;
    using Work = std::function<QVariant(Context&)>;
    quint64 submit(const QString& title, Work work);
    void workerLoop();

    std::unique_ptr<Impl> d_;
    QList<ModelInfo> models_;
    QStringList folders_;
    QString demoDir_;
    QString device_ = QStringLiteral("cpu");
    int threads_ = 0;
};

}  // namespace studio
