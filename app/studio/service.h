// The studio's service: runs core pipelines on worker threads and hands results to the GUI as
// Qt value types (widgets/task_types.h). No torch in this header.
//
//   Service service;
//   JobHandle<ClassifyResult> job = service.classify({model, image, 5});
//   job.onFinished(page, [page](const ClassifyResult& r) { page->showResult(QVariant::fromValue(r)); })
//      .onFailed(page, [page](const QString& message, bool cancelled) { ... });
//   job.cancel();   // stops within a second (between tiles, chunks, windows, layers)
//
// Jobs run in lanes (see Lane in job.h), each with its own worker thread and a first-in,
// first-out queue: models on Compute, downloads and exports on Io, views re-rendered from
// results already computed on Immediate. A job's Progress exists from the moment it is
// submitted, so a cancel is never lost, whether the job waits or runs. Every job ends in exactly
// one finished() or failed() signal of its Job; failed() carries the core error's message
// (what, where, what was expected). Loaded models are cached (by model and device, the two
// most recent) on the Compute worker. Results travel from the workers to the GUI thread
// through a mailbox (a mutex-guarded queue woken through a pipe), never through Qt's
// cross-thread signals, so the hand-over is visible to ThreadSanitizer.
// Thread-safety: call the public methods from the GUI thread (Job::cancel() from any);
// every signal arrives on the GUI thread.
#pragma once

#include "job.h"
#include "task_types.h"

#include <QObject>
#include <QVariant>

#include <functional>
#include <string>
#include <vector>
#include <memory>

namespace perceiver {
class Progress;
struct FlowAnalysis;
struct FlowViewInput;
}

namespace studio {

/// What a job's work sees: its progress and cancellation, partial results, the device.
/// Lives on the job's worker thread for the duration of the work.
class JobContext {
public:
    /// Reports progress (throttled); throws perceiver::Error(Cancelled) when cancelled.
    void report(double fraction, const QString& stage);
    /// Throws perceiver::Error(Cancelled) once the job was cancelled.
    void checkCancelled() const;
    bool isCancelled() const;
    /// Sends a result before the end (Job::partial on the GUI thread).
    void partial(const QVariant& value);
    /// The handle core pipelines take.
    perceiver::Progress* progress() const { return progress_; }
    /// The device chosen when the job started ("cpu", "cuda").
    QString device() const { return device_; }
    /// Adds a warning the result comes with (NaN weights or outputs, ...): Job::warnings(),
    /// shown on the page. Each text once.
    void warn(const QString& text);
    /// Core's warnings, each through warn().
    void warn(const std::vector<std::string>& texts);

private:
    friend class Service;
    Service* service_ = nullptr;
    quint64 id_ = 0;
    perceiver::Progress* progress_ = nullptr;
    QString device_;
    QStringList warnings_;
};

class Service : public QObject {
    Q_OBJECT
public:
    using Work = std::function<QVariant(JobContext&)>;

    explicit Service(QObject* parent = nullptr);
    ~Service() override;  ///< cancels what runs, drops the queues, joins the workers

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
    QString device() const;
    void setDevice(const QString& device);
    int threads() const { return threads_; }
    void setThreads(int threads);

    // Tasks (Compute lane).
    JobHandle<FillMaskResult> fillMask(const FillMaskRequest& request);
    JobHandle<ClassifyResult> classify(const ClassifyRequest& request);
    JobHandle<TextClassifyResult> classifyText(const TextClassifyRequest& request);
    /// Pairs: one FlowResult. Videos: partial() per pair (FlowFrame), then FlowResult with no frames.
    JobHandle<FlowResult> flow(const FlowRequest& request);
    JobHandle<AutoencodeResult> autoencode(const AutoencodeRequest& request);
    /// The summary carries the maps (AttentionSummary::maps) that views are rendered from.
    JobHandle<AttentionSummary> attention(const AttentionRequest& request);
    /// One output of the request's source traced to the input (core's trace.h).
    JobHandle<TraceResult> trace(const TraceRequest& request);
    /// Gradient attributions of the same outputs (core's attribution.h), with progress and cancel.
    JobHandle<AttributionResult> attribute(const AttributionRequest& request);
    /// The source's task run unmodified and with the intervention, and what changed (core's
    /// pipelines/intervention.h): two runs of the task, with progress and cancel.
    JobHandle<InterventionResult> intervene(const InterventionRequest& request);
    /// Each latent ablated in turn on the traced output, largest effect first (progress, cancel).
    JobHandle<LatentRankResult> rankLatents(const LatentRankRequest& request);
    /// Fine-tunes a classifier (core's training/finetune_job.h) on the Compute lane: partial()
    /// TrainStarted once, then a TrainPoint per step (the held-out metrics and the example's
    /// attention at evaluations); pauses between steps while request.paused is set; a cancel
    /// stops it at the next step, the kept checkpoint left as it was.
    JobHandle<TrainResult> train(const TrainRequest& request);
    /// Writes the example image folder of four new shapes (core's writeNewShapeFolder) into
    /// `dir` on the Io lane; the result is `dir`.
    JobHandle<QString> writeExampleShapes(const QString& dir);
    // Views (Immediate lane): a newer view request replaces one still waiting.
    JobHandle<AttentionView> attentionView(const AttentionViewRequest& request);
    // Network and disk (Io lane). Results: the snapshot; the path written.
    JobHandle<DownloadResult> download(const QString& repo);
    JobHandle<QString> saveFlo(const FlowFrame& frame, const QString& path);
    JobHandle<QString> saveVideo(const QList<QImage>& frames, const QString& path, double fps);
    /// Raw numbers: `values` row-major with `shape`, as .npy or .csv by the path (core's array_file.h).
    JobHandle<QString> saveArray(const QVector<float>& values, const QVector<qint64>& shape, const QString& path);
    /// The first frame of a video or a folder of frames (to pick points on before a run).
    JobHandle<QImage> posterFrame(const QString& video);
    /// The pair's views and numbers again with a ground truth / another flow (immediate lane;
    /// the model does not run). Fails with core's message naming a file of the wrong size.
    JobHandle<FlowFrame> reanalyzeFlow(const FlowReanalysisRequest& request);
    /// A flow file's width and height (.flo or KITTI PNG), read on the I/O lane: the flow page
    /// checks a chosen ground truth against its frames before any run.
    JobHandle<QSize> flowFileSize(const QString& path);

    /// Any work on any lane. `replaceKey`: waiting jobs of the lane with the same key are
    /// cancelled (a slider's stale views). The Job belongs to the Service and deletes itself
    /// after its terminal signal.
    Job* submit(Lane lane, const QString& title, Work work, const QString& replaceKey = {});

    void cancel(quint64 id);
    void cancelAll();
    /// No job waits or runs on any lane.
    bool isIdle() const;
    /// Job `id` is still in its lane's queue, behind other work.
    bool isWaiting(quint64 id) const;
    /// Jobs submitted and not yet done (their terminal signal not yet delivered).
    int outstandingJobs() const;

    /// The flow's arrows every `step` pixels over `base` (same size as the flow): the one rule
    /// core draws for the CLI too. Cheap; any thread.
    /// core's flowArrows of a pair as lines in image coordinates (from the pixel's centre, the
    /// flow times `lengthScale`): the flow page draws them as vectors.
    static QVector<QLineF> flowArrowLines(const FlowFrame& frame, int step, double lengthScale);
    /// core's colour wheel, `size` pixels across.
    static QImage flowColorWheel(int size);
    /// Resident memory of the process, bytes (0 where unknown).
    static qint64 residentBytes();
    /// "LibTorch 1.13.1, 2 threads, CPU only, BLAS ..." for the About dialog.
    static QString runtimeSummary();
    /// core's TimeLeft in words: "about 40 s", "about 7 min", "about 1 h 05 min" (translated).
    static QString durationText(double seconds);
    /// True when LibTorch runs on Debian's slow reference BLAS (see core/common/runtime.h).
    static bool referenceBlas();

Q_SIGNALS:
    /// A job was submitted (emitted inside submit(), before it returns): for observers such as
    /// the tests' terminal-signal accounting.
    void jobSubmitted(studio::Job* job);
    void modelLoaded(QString spec, QString device);
    void modelsChanged();

private:
    /// A pair's FlowFrame with core's trust views (flow_views.h) and their numbers.
    /// `keepInput`: the frame carries its input (FlowFrame::input) for reanalyzeFlow — pairs
    /// only, so a video's pairs do not hold their frames twice.
    static FlowFrame flowFrame(int index, const perceiver::FlowViewInput& input, bool keepInput = false);
    /// The numbers of a pair's trust views, one translated line each (FlowFrame::summary).
    static QStringList flowSummary(const perceiver::FlowAnalysis& analysis);
    friend class Job;
    friend class JobContext;
    struct Impl;
    struct JobState;
    void cancel(Job* job);
    void workerLoop(Lane lane);
    void runJob(const std::shared_ptr<JobState>& job);
    /// Queues `deliver` for the GUI thread (any thread).
    void post(std::function<void()> deliver);
    void deliverMail();
    /// GUI thread: the Job of `id` while its terminal signal is not yet delivered, else null.
    Job* pending(quint64 id) const;
    /// Marks `job` done (no signal after this) and deletes it later. GUI thread.
    void finishJob(Job* job);
    /// Queues failed(cancelled) for a job that never ran.
    void endCancelled(quint64 id);

    std::unique_ptr<Impl> d_;
    QList<ModelInfo> models_;
    QStringList folders_;
    QString demoDir_;
    int threads_ = 0;
};

}  // namespace studio
