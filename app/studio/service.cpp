// Torch and the core pipelines live here, never in a Qt-facing header (the `slots` clash):
// this file is compiled with QT_NO_KEYWORDS.
#include "service.h"

#include "checkpoint/catalog.h"
#include "checkpoint/hub_cache.h"
#include "checkpoint/hub_download.h"
#include "checkpoint/state_dict.h"
#include "common/array_file.h"
#include "common/error.h"
#include "common/progress.h"
#include "common/runtime.h"
#include "config/config.h"
#include "config/labels.h"
#include "media/audio.h"
#include "media/flow.h"
#include "media/flow_analysis.h"
#include "media/frame_sequence.h"
#include "media/image.h"
#include "media/video.h"
#include "model/model_factory.h"
#include "pipelines/attention.h"
#include "pipelines/autoencode.h"
#include "pipelines/classify.h"
#include "pipelines/classify_text.h"
#include "pipelines/fill_mask.h"
#include "pipelines/flow_views.h"
#include "pipelines/optical_flow.h"
#include "pipelines/attribution.h"
#include "pipelines/intervention.h"
#include "pipelines/trace.h"
#include "training/finetune_image.h"
#include "training/finetune_job.h"

#include <QColor>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QTemporaryDir>
#include <QSocketNotifier>
#include <QThread>

#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace studio {

namespace {

perceiver::ImageU8 toImageU8(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    perceiver::ImageU8 out;
    out.width = rgb.width();
    out.height = rgb.height();
    out.rgb.resize(static_cast<size_t>(out.width) * out.height * 3);
    for (int y = 0; y < out.height; ++y) std::memcpy(out.at(0, y), rgb.constScanLine(y), static_cast<size_t>(out.width) * 3);
    return out;
}

QImage toQImage(const perceiver::ImageU8& image) {
    QImage out(image.width, image.height, QImage::Format_RGB888);
    for (int y = 0; y < image.height; ++y) std::memcpy(out.scanLine(y), image.at(0, y), static_cast<size_t>(image.width) * 3);
    return out;
}

QList<ClassScore> toScores(const std::vector<perceiver::ClassScore>& scores) {
    QList<ClassScore> out;
    for (const auto& s : scores) out.append({int(s.index), QString::fromStdString(s.label), s.probability});
    return out;
}

FlowFrame toFlowFrame(int index, const perceiver::ImageU8& first, const perceiver::FlowField& flow, const perceiver::FlowField* truth) {
    FlowFrame f;
    f.index = index;
    f.first = toQImage(first);
    const perceiver::ImageU8 color = perceiver::flowToColor(flow);
    f.color = toQImage(color);
    f.legend = toQImage(perceiver::withWheelLegend(color));
    f.magnitude = toQImage(perceiver::flowMagnitude(flow));
    const size_t n = static_cast<size_t>(flow.width) * flow.height;
    f.u.resize(qsizetype(n));
    f.v.resize(qsizetype(n));
    for (size_t i = 0; i < n; ++i) {
        f.u[qsizetype(i)] = flow.uv[2 * i];
        f.v[qsizetype(i)] = flow.uv[2 * i + 1];
    }
    f.maxMagnitude = perceiver::flowStats(flow).max;
    if (truth) {
        f.hasEpe = true;
        const perceiver::EndPointError e = perceiver::endPointError(flow, *truth);
        f.epeMean = e.mean;
        f.epeMax = e.max;
        f.epe = toQImage(perceiver::endPointErrorImage(flow, *truth));
    }
    return f;
}

perceiver::FlowField toFlowField(const FlowFrame& frame) {
    perceiver::FlowField f;
    f.width = frame.first.width();
    f.height = frame.first.height();
    f.uv.resize(static_cast<size_t>(f.width) * f.height * 2);
    for (qsizetype i = 0; i < frame.u.size(); ++i) {
        f.uv[2 * size_t(i)] = frame.u[i];
        f.uv[2 * size_t(i) + 1] = frame.v[i];
    }
    return f;
}

/// ModelInfo::maxTextBytes of a model.
int textLimit(const perceiver::PerceiverConfig& config) {
    const std::string a = config.architecture();
    if (a != "PerceiverForMaskedLM" && a != "PerceiverForSequenceClassification") return 0;
    return int(std::max<int64_t>(0, config.max_position_embeddings - 2));
}

ModelInfo folderModel(const QString& path, const QString& origin, QString* error) {
    ModelInfo m;
    m.spec = path;
    m.origin = origin;
    m.available = true;
    const QFileInfo info(path);
    const QString dir = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    m.name = QFileInfo(dir).fileName();
    try {
        const auto config = perceiver::PerceiverConfig::fromFile(QDir(dir).filePath(QStringLiteral("config.json")).toStdString());
        m.architecture = QString::fromStdString(config.architecture());
        if (m.architecture.isEmpty()) throw perceiver::Error(perceiver::ErrorKind::Config, "config.json in '" + dir.toStdString() + "' names no architecture");
        m.description = QStringLiteral("%1 (%2)").arg(m.architecture, dir);
        m.parameters = perceiver::storedValueCount(dir.toStdString());
        m.maxTextBytes = textLimit(config);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return {};
    }
    return m;
}

}  // namespace

// ---- jobs and lanes -----------------------------------------------------------------------

std::atomic<int> Job::live_{0};

Job::Job(Service* service, quint64 id, QString title, Lane lane)
    : QObject(service), service_(service), id_(id), title_(std::move(title)), lane_(lane) {
    ++live_;
}

Job::~Job() { --live_; }

void Job::cancel() { service_->cancel(this); }

/// A job as the workers see it. Created with its Progress when submitted, so a cancel finds
/// it wherever it is (queued, starting, running).
struct Service::JobState {
    quint64 id = 0;
    Lane lane = Lane::Compute;
    QString replaceKey;  ///< (the title lives on the Job, on the GUI thread)
    Work work;
    std::shared_ptr<perceiver::Progress> progress;
    // Progress throttling (worker thread only): ~25 signals a second, a new stage always.
    QElapsedTimer sinceLast;
    std::string lastStage;
    perceiver::TimeLeft timeLeft;  ///< for the "about 7 min left" of a long job's stage
};

struct Service::Impl {
    struct LaneState {
        std::deque<std::shared_ptr<JobState>> queue;
        std::shared_ptr<JobState> current;
        std::thread worker;
    };
    mutable std::mutex mutex;  ///< guards everything below but the worker-only state
    std::condition_variable wake;
    std::array<LaneState, 3> lanes;
    bool stop = false;
    quint64 nextId = 1;
    QString device = QStringLiteral("cpu");
    std::map<std::string, std::vector<std::string>> labels;  ///< per model spec
    std::atomic<int> threads{0};

    // The mailbox: closures for the GUI thread, woken through a pipe (a QSocketNotifier reads
    // it there). Guarded by its own mutex.
    std::mutex mailMutex;
    std::vector<std::function<void()>> mail;
    int pipe[2] = {-1, -1};
    QSocketNotifier* notifier = nullptr;

    // GUI-thread state. Workers name a job by its id; its Job is looked up here, in delivered
    // mail, so no QObject pointer ever crosses threads.
    QHash<quint64, Job*> handles;  ///< jobs whose terminal signal is not yet delivered

    // Compute-worker state only.
    struct Cached {
        std::string key;
        std::shared_ptr<perceiver::TaskModel> model;
        std::vector<std::string> warnings;  ///< loadModel's, repeated on every job that uses it
    };
    std::list<Cached> cache;  // most recent first
    int appliedThreads = -1;
    std::unique_ptr<QTemporaryDir> autoencodeDir;

    LaneState& lane(Lane l) { return lanes[static_cast<size_t>(l)]; }
    /// The model for `spec` on the job's device with the label names set for it. Compute worker only.
    std::shared_ptr<perceiver::TaskModel> model(Service* service, JobContext& ctx, const QString& spec);
    /// From the two-entry cache, or loaded now.
    std::shared_ptr<perceiver::TaskModel> loaded(Service* service, JobContext& ctx, const QString& spec);
};

void JobContext::report(double fraction, const QString& stage) {
    progress_->checkCancelled();
    progress_->report(fraction, stage.toStdString());
}

void JobContext::checkCancelled() const { progress_->checkCancelled(); }

void JobContext::warn(const QString& text) {
    if (!text.isEmpty() && !warnings_.contains(text)) warnings_ << text;
}

void JobContext::warn(const std::vector<std::string>& texts) {
    for (const auto& t : texts) warn(QString::fromStdString(t));
}

bool JobContext::isCancelled() const { return progress_->isCancelled(); }

void JobContext::partial(const QVariant& value) {
    service_->post([service = service_, id = id_, value] {
        if (Job* job = service->d_->handles.value(id)) Q_EMIT job->partial(value);
    });
}

std::shared_ptr<perceiver::TaskModel> Service::Impl::model(Service* service, JobContext& ctx, const QString& spec) {
    auto m = loaded(service, ctx, spec);
    std::vector<std::string> names;
    {
        std::lock_guard<std::mutex> lock(mutex);
        auto it = labels.find(spec.toStdString());
        if (it != labels.end()) names = it->second;
    }
    if (!names.empty()) perceiver::setLabels(m->config, names);  // throws when the count does not match
    return m;
}

std::shared_ptr<perceiver::TaskModel> Service::Impl::loaded(Service* service, JobContext& ctx, const QString& spec) {
    if (spec.isEmpty()) throw perceiver::Error(perceiver::ErrorKind::InvalidInput, "no model chosen for this task");
    const std::string key = spec.toStdString() + "|" + ctx.device().toStdString();
    for (auto it = cache.begin(); it != cache.end(); ++it)
        if (it->key == key) {
            cache.splice(cache.begin(), cache, it);
            ctx.warn(cache.front().warnings);
            return cache.front().model;
        }
    ctx.progress()->report(0.0, "loading " + spec.toStdString());
    auto loaded = perceiver::loadModel(spec.toStdString(), nullptr, ctx.device().toStdString());
    ctx.checkCancelled();
    cache.push_front({key, loaded.model, loaded.warnings});
    ctx.warn(loaded.warnings);
    while (cache.size() > 2) cache.pop_back();  // bounded memory: two models at most
    service->post([service, spec, device = ctx.device()] { Q_EMIT service->modelLoaded(spec, device); });
    return loaded.model;
}

Service::Service(QObject* parent) : QObject(parent), d_(std::make_unique<Impl>()) {
    qRegisterMetaType<FlowFrame>();
    qRegisterMetaType<FlowPreview>();
    threads_ = QThread::idealThreadCount();
    d_->threads = threads_;
    if (::pipe2(d_->pipe, O_CLOEXEC | O_NONBLOCK) != 0) qFatal("Service: cannot create the mailbox pipe: %s", std::strerror(errno));
    d_->notifier = new QSocketNotifier(d_->pipe[0], QSocketNotifier::Read, this);
    connect(d_->notifier, &QSocketNotifier::activated, this, &Service::deliverMail);
    for (Lane lane : {Lane::Compute, Lane::Io, Lane::Immediate}) d_->lane(lane).worker = std::thread([this, lane] { workerLoop(lane); });
    refreshModels();
}

Service::~Service() {
    {
        std::lock_guard<std::mutex> lock(d_->mutex);
        d_->stop = true;
        for (auto& lane : d_->lanes) {
            lane.queue.clear();
            if (lane.current) lane.current->progress->cancel();
        }
    }
    d_->wake.notify_all();
    for (auto& lane : d_->lanes) lane.worker.join();
    delete d_->notifier;  // before the pipe closes
    d_->notifier = nullptr;
    ::close(d_->pipe[0]);
    ::close(d_->pipe[1]);
    // Mail still undelivered is dropped; the Jobs (children) go with this object.
}

void Service::post(std::function<void()> deliver) {
    bool wasEmpty;
    {
        std::lock_guard<std::mutex> lock(d_->mailMutex);
        wasEmpty = d_->mail.empty();
        d_->mail.push_back(std::move(deliver));
    }
    if (wasEmpty) {
        const char byte = 1;
        while (::write(d_->pipe[1], &byte, 1) < 0 && errno == EINTR) {
        }
    }
}

void Service::deliverMail() {
    char buffer[64];
    while (::read(d_->pipe[0], buffer, sizeof buffer) > 0) {
    }
    std::vector<std::function<void()>> mail;
    {
        std::lock_guard<std::mutex> lock(d_->mailMutex);
        mail.swap(d_->mail);
    }
    // A closure runs the receivers of a job's signal (the pages' slots). An exception out of one
    // would cross the event dispatcher's C frames (GLib) and end the application: it is stopped
    // here, said in the log, and the rest of the mail still goes out.
    for (auto& deliver : mail) {
        try {
            deliver();
        } catch (const std::exception& e) {
            qWarning("Service: a receiver of a job's result failed: %s", e.what());
        } catch (...) {
            qWarning("Service: a receiver of a job's result failed with an exception of unknown kind");
        }
    }
}

Job* Service::pending(quint64 id) const { return d_->handles.value(id); }

void Service::finishJob(Job* job) {
    job->done_ = true;
    d_->handles.remove(job->id());
    job->deleteLater();
}

void Service::endCancelled(quint64 id) {
    post([this, id] {
        Job* job = pending(id);
        if (!job) return;
        finishJob(job);
        Q_EMIT job->failed(tr("Cancelled."), true);
    });
}

Job* Service::submit(Lane lane, const QString& title, Work work, const QString& replaceKey) {
    auto state = std::make_shared<JobState>();
    state->lane = lane;
    state->replaceKey = replaceKey;
    state->work = std::move(work);
    std::vector<std::shared_ptr<JobState>> replaced;
    {
        std::lock_guard<std::mutex> lock(d_->mutex);
        state->id = d_->nextId++;
        auto& queue = d_->lane(lane).queue;
        if (!replaceKey.isEmpty()) {
            for (auto it = queue.begin(); it != queue.end();) {
                if ((*it)->replaceKey == replaceKey) {
                    replaced.push_back(*it);
                    it = queue.erase(it);
                } else {
                    ++it;
                }
            }
        }
    }
    auto* job = new Job(this, state->id, title, lane);
    d_->handles.insert(state->id, job);
    Q_EMIT jobSubmitted(job);
    // The Progress exists from now on: cancel() finds it whether the job waits or runs.
    JobState* raw = state.get();
    state->progress = std::make_shared<perceiver::Progress>([this, raw](double f, const std::string& stage) {
        if (stage == raw->lastStage && raw->sinceLast.isValid() && raw->sinceLast.elapsed() < 40 && f < 1.0) return;
        raw->sinceLast.start();
        raw->lastStage = stage;
        QString text = QString::fromStdString(stage);
        if (const double left = raw->timeLeft.update(f); left > 0) text = tr("%1 — %2 left").arg(text, durationText(left));
        post([this, id = raw->id, f, text] {
            if (Job* job = pending(id)) Q_EMIT job->progress(f, text);
        });
    });
    {
        std::lock_guard<std::mutex> lock(d_->mutex);
        d_->lane(lane).queue.push_back(state);
    }
    d_->wake.notify_all();
    for (const auto& r : replaced) endCancelled(r->id);
    return job;
}

void Service::workerLoop(Lane lane) {
    for (;;) {
        std::shared_ptr<JobState> job;
        {
            std::unique_lock<std::mutex> lock(d_->mutex);
            auto& l = d_->lane(lane);
            d_->wake.wait(lock, [&] { return d_->stop || !l.queue.empty(); });
            if (d_->stop) return;
            job = std::move(l.queue.front());
            l.queue.pop_front();
            l.current = job;
        }
        runJob(job);
        std::lock_guard<std::mutex> lock(d_->mutex);
        d_->lane(lane).current.reset();
    }
}

void Service::runJob(const std::shared_ptr<JobState>& job) {
    post([this, id = job->id] {
        if (Job* j = pending(id)) Q_EMIT j->started();
    });
    if (job->lane == Lane::Compute) {
        const int threads = d_->threads.load();
        if (threads != d_->appliedThreads) {  // between jobs: LibTorch's pool is not resized under a running one
            perceiver::setThreads(threads);
            d_->appliedThreads = threads;
        }
    }
    JobContext ctx;
    ctx.service_ = this;
    ctx.id_ = job->id;
    ctx.progress_ = job->progress.get();
    {
        std::lock_guard<std::mutex> lock(d_->mutex);
        ctx.device_ = d_->device;
    }
    QVariant result;
    QString message;
    bool ok = false, cancelled = false;
    try {
        job->progress->checkCancelled();  // cancelled between leaving the queue and starting
        const perceiver::CancelScope scope(job->progress.get());  // a cancel reaches inside a model's forward too
        result = job->work(ctx);
        ok = true;
    } catch (const perceiver::Error& e) {
        cancelled = e.kind() == perceiver::ErrorKind::Cancelled;
        message = cancelled ? tr("Cancelled.") : QString::fromStdString(e.what());
    } catch (const std::exception& e) {  // LibTorch (c10::Error), std::bad_alloc, ...
        message = tr("Internal error: %1").arg(QString::fromStdString(e.what()).section('\n', 0, 2));
    } catch (...) {
        message = tr("Internal error of unknown kind.");
    }
    job->work = nullptr;  // what the work captured (images, models) goes now, on this thread
    post([this, id = job->id, ok, cancelled, result = std::move(result), message, warnings = ctx.warnings_] {
        Job* j = pending(id);
        if (!j) return;
        finishJob(j);
        j->warnings_ = warnings;
        if (ok) Q_EMIT j->finished(result);
        else Q_EMIT j->failed(message, cancelled);
    });
}

void Service::cancel(Job* job) {
    if (!job) return;
    cancel(job->id());
}

void Service::cancel(quint64 id) {
    std::shared_ptr<JobState> removed;
    {
        std::lock_guard<std::mutex> lock(d_->mutex);
        for (auto& lane : d_->lanes) {
            if (lane.current && lane.current->id == id) lane.current->progress->cancel();
            for (auto it = lane.queue.begin(); it != lane.queue.end(); ++it)
                if ((*it)->id == id) {
                    removed = *it;
                    lane.queue.erase(it);
                    break;
                }
        }
    }
    if (removed) endCancelled(removed->id);
}

void Service::cancelAll() {
    std::vector<std::shared_ptr<JobState>> dropped;
    {
        std::lock_guard<std::mutex> lock(d_->mutex);
        for (auto& lane : d_->lanes) {
            if (lane.current) lane.current->progress->cancel();
            dropped.insert(dropped.end(), lane.queue.begin(), lane.queue.end());
            lane.queue.clear();
        }
    }
    for (const auto& j : dropped) endCancelled(j->id);
}

QString Service::durationText(double seconds) {
    const perceiver::RoughDuration d = perceiver::roughDuration(seconds);
    if (d.seconds > 0) return tr("about %1 s").arg(d.seconds);
    if (d.hours == 0) return tr("about %1 min").arg(d.minutes);
    return tr("about %1 h %2 min").arg(d.hours).arg(d.minutes, 2, 10, QLatin1Char('0'));
}

bool Service::isIdle() const {
    std::lock_guard<std::mutex> lock(d_->mutex);
    for (const auto& lane : d_->lanes)
        if (lane.current || !lane.queue.empty()) return false;
    return true;
}

bool Service::isWaiting(quint64 id) const {
    std::lock_guard<std::mutex> lock(d_->mutex);
    for (const auto& lane : d_->lanes)
        for (const auto& j : lane.queue)
            if (j->id == id) return true;
    return false;
}

int Service::outstandingJobs() const { return int(d_->handles.size()); }

// ---- models -------------------------------------------------------------------------------

void Service::refreshModels() {
    QList<ModelInfo> list;
    QStringList seen;
    if (!demoDir_.isEmpty()) {
        const QDir dir(demoDir_);
        for (const QString& sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            ModelInfo m = folderModel(dir.filePath(sub), QStringLiteral("demo"), nullptr);
            if (m.spec.isEmpty()) continue;
            m.name = tr("%1 (demo)").arg(sub);
            list << m;
        }
    }
    for (const auto& e : perceiver::publicCheckpoints()) {
        ModelInfo m;
        m.spec = QString::fromStdString(e.repo_id);
        m.name = m.spec;
        m.architecture = QString::fromStdString(e.architecture);
        m.origin = QStringLiteral("catalog");
        m.description = QStringLiteral("%1: %2").arg(QString::fromStdString(e.task), QString::fromStdString(e.input));
        m.parameters = e.parameters;
        m.maxTextBytes = textLimit(perceiver::catalogConfig(e.repo_id));
        try {
            m.available = perceiver::findCachedSnapshot(e.repo_id).has_value();
        } catch (const std::exception&) {
            m.available = false;
        }
        seen << m.spec;
        list << m;
    }
    try {
        for (const auto& c : perceiver::listCachedModels()) {
            const QString repo = QString::fromStdString(c.repo_id);
            if (seen.contains(repo) || c.revision != "main") continue;
            ModelInfo m = folderModel(QString::fromStdString(c.snapshot), QStringLiteral("cache"), nullptr);
            if (m.spec.isEmpty()) continue;  // not a Perceiver model
            m.spec = repo;
            m.name = repo;
            seen << repo;
            list << m;
        }
    } catch (const std::exception&) {
        // An unreadable cache shows no cached models; the catalog is still there.
    }
    for (const QString& f : folders_) {
        ModelInfo m = folderModel(f, QStringLiteral("folder"), nullptr);
        if (!m.spec.isEmpty()) list << m;
    }
    models_ = list;
    Q_EMIT modelsChanged();
}

bool Service::addFolder(const QString& path, QString* error) {
    QString why;
    const ModelInfo m = folderModel(path, QStringLiteral("folder"), &why);
    if (m.spec.isEmpty()) {
        if (error) *error = tr("“%1” is not a model folder: %2").arg(path, why);
        return false;
    }
    if (!folders_.contains(m.spec)) folders_ << m.spec;
    refreshModels();
    return true;
}

void Service::setDemoDirectory(const QString& dir) {
    demoDir_ = dir;
    refreshModels();
}

bool Service::setLabelFile(const QString& model, const QString& path, QString* error) {
    try {
        std::vector<std::string> names = perceiver::readLabelFile(path.toStdString());
        std::lock_guard<std::mutex> lock(d_->mutex);
        d_->labels[model.toStdString()] = std::move(names);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

QStringList Service::devices() const {
    QStringList out{QStringLiteral("cpu")};
    if (perceiver::cudaAvailable()) out << QStringLiteral("cuda");
    return out;
}

QString Service::device() const {
    std::lock_guard<std::mutex> lock(d_->mutex);
    return d_->device;
}

void Service::setDevice(const QString& device) {
    std::lock_guard<std::mutex> lock(d_->mutex);
    d_->device = device;
}

void Service::setThreads(int threads) {
    threads_ = std::max(1, threads);
    d_->threads = threads_;
}

qint64 Service::residentBytes() {
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly)) return 0;
    const QList<QByteArray> parts = f.readAll().split(' ');
    return parts.size() > 1 ? parts[1].toLongLong() * 4096 : 0;
}

QString Service::runtimeSummary() {
    return QString::fromStdString(perceiver::runtimeSummary());
}

bool Service::referenceBlas() {
    return perceiver::referenceBlas();
}

QVector<QLineF> Service::flowArrowLines(const FlowFrame& frame, int step, double lengthScale) {
    QVector<QLineF> lines;
    for (const perceiver::FlowArrow& a : perceiver::flowArrows(toFlowField(frame), step)) {
        const QPointF from(a.x + 0.5, a.y + 0.5);  // the pixel's centre
        lines << QLineF(from, from + lengthScale * QPointF(a.u, a.v));
    }
    return lines;
}

QImage Service::flowColorWheel(int size) {
    return toQImage(perceiver::flowColorWheel(size));
}


// ---- tasks ----------------------------------------------------------------------------------


JobHandle<FillMaskResult> Service::fillMask(const FillMaskRequest& request) {
    return JobHandle<FillMaskResult>(submit(Lane::Compute, tr("Fill mask"), [this, request](JobContext& ctx) {
        auto model = d_->model(this, ctx, request.model);
        const perceiver::FillMaskResult r = perceiver::fillMask(*model, request.text.toStdString(), request.topK, ctx.progress());
        ctx.warn(r.warnings);
        FillMaskResult out;
        out.text = QString::fromStdString(r.text);
        out.filled = QString::fromStdString(r.filled_text);
        for (const auto& m : r.masks) {
            MaskSlot s;
            s.byteIndex = int(m.byte_index);
            for (const auto& c : m.candidates) s.candidates.append({QString::fromStdString(c.text), int(c.id), c.byte, c.probability});
            out.masks << s;
        }
        return QVariant::fromValue(out);
    }));
}

JobHandle<ClassifyResult> Service::classify(const ClassifyRequest& request) {
    return JobHandle<ClassifyResult>(submit(Lane::Compute, tr("Classify image"), [this, request](JobContext& ctx) {
        auto model = d_->model(this, ctx, request.model);
        const perceiver::ClassifyResult r = perceiver::classifyImage(*model, toImageU8(request.image), request.topK, ctx.progress());
        ctx.warn(r.warnings);
        ClassifyResult out;
        out.architecture = QString::fromStdString(r.architecture);
        out.modelView = toQImage(r.model_view);
        out.top = toScores(r.top);
        return QVariant::fromValue(out);
    }));
}

JobHandle<TextClassifyResult> Service::classifyText(const TextClassifyRequest& request) {
    return JobHandle<TextClassifyResult>(submit(Lane::Compute, tr("Classify text"), [this, request](JobContext& ctx) {
        auto model = d_->model(this, ctx, request.model);
        perceiver::TextClassifyOptions o;
        o.top_k = request.topK;
        o.threshold = request.threshold;
        const perceiver::TextClassifyResult r = perceiver::classifyText(*model, request.text.toStdString(), o, ctx.progress());
        ctx.warn(r.warnings);
        TextClassifyResult out;
        out.architecture = QString::fromStdString(r.architecture);
        out.kind = QString::fromStdString(perceiver::textClassKindName(r.kind));
        out.top = toScores(r.top);
        for (const auto& p : r.predicted) out.predicted << QString::fromStdString(p);
        out.threshold = r.threshold;
        out.textBytes = int(r.text_bytes);
        out.readBytes = int(r.text_bytes - r.dropped_bytes);
        for (const auto& n : r.notices) out.notices << QString::fromStdString(n);
        return QVariant::fromValue(out);
    }));
}

namespace {

/// The example's attention as the Train page shows it: what the classifier's output reads of
/// its input, traced through the latents (core's trace: the decoder query over the latents,
/// the self-attention rollout, the encoder cross-attention), so it changes as the head learns
/// even with the encoder frozen; over an image's view, or a text's bytes as a strip; and the
/// probability the model gives the example's class.
void exampleAttention(perceiver::TaskModel& model, const perceiver::FineTuneInfo& info, TrainPoint& p) {
    const bool image = !info.example_image.empty();
    const perceiver::Trace t = image ? perceiver::traceImage(model, info.example_image) : perceiver::traceText(model, info.example_text);
    const std::vector<float>& w = t.hops.inputs;
    const perceiver::AttentionMaps& a = t.maps;
    if (image) {
        p.attention = toQImage(perceiver::overlayHeatmap(a.view, perceiver::heatmapImage(w, a.grid, a.view.width, a.view.height)));
        for (const auto& s : perceiver::classifyImage(model, info.example_image, static_cast<int>(info.labels.size())).top)
            if (s.label == info.example_label) p.exampleProbability = s.probability;
    } else {
        const int tokens = static_cast<int>(w.size());
        p.attention = toQImage(perceiver::heatmapImage(w, a.grid, std::max(1, std::min(tokens * 6, 1536)), 24));
        perceiver::TextClassifyOptions o;
        o.top_k = static_cast<int>(info.labels.size());
        for (const auto& s : perceiver::classifyText(model, info.example_text, o).top)
            if (s.label == info.example_label) p.exampleProbability = s.probability;
    }
}

}  // namespace

JobHandle<TrainResult> Service::train(const TrainRequest& request) {
    return JobHandle<TrainResult>(submit(Lane::Compute, tr("Fine-tune"), [request](JobContext& ctx) {
        perceiver::FineTuneRequest r;
        r.task = request.task.toStdString();
        r.data = request.data.toStdString();
        r.held_out_data = request.heldOutData.toStdString();
        r.held_out_fraction = request.heldOutFraction;
        r.init = request.init.toStdString();
        r.fresh = request.fresh;
        r.resume = request.resume.toStdString();
        r.out = request.out.toStdString();
        r.checkpoint = request.checkpoint.toStdString();
        r.freeze_encoder = request.freezeEncoder;
        r.augment = request.augment;
        perceiver::TrainOptions& t = r.train;
        t.steps = request.steps;
        t.batch_size = request.batchSize;
        t.warmup_steps = perceiver::fineTuneWarmupSteps(t.steps);
        t.eval_every = request.evalEvery;
        t.learning_rate = request.learningRate;
        t.seed = request.seed;
        int64_t keptStep = -1;
        t.on_kept = [&](int64_t step, const perceiver::Metrics&) { keptStep = step; };
        perceiver::FineTuneInfo info;
        QElapsedTimer clock;  // training time, pauses left out
        qint64 pausedMs = 0;
        int64_t firstLogged = -1;
        const auto started = [&](const perceiver::FineTuneInfo& i) {
            info = i;
            TrainStarted s;
            for (const auto& l : i.labels) s.labels << QString::fromStdString(l);
            s.trainingExamples = int(i.training_examples);
            s.heldOutExamples = int(i.held_out_examples);
            s.splitGiven = i.split_given;
            s.source = QString::fromStdString(i.source);
            s.architecture = QString::fromStdString(i.architecture);
            for (const auto& k : i.reinitialised) s.reinitialised << QString::fromStdString(k);
            for (const auto& k : i.unused) s.unused << QString::fromStdString(k);
            s.parameters = i.parameters;
            s.trainable = i.trainable;
            s.firstStep = int(i.first_step);
            s.exampleLabel = QString::fromStdString(i.example_label);
            ctx.partial(QVariant::fromValue(s));
            clock.start();
        };
        const auto log = [&](perceiver::TaskModel& model, const perceiver::TrainLog& l) {
            TrainPoint p;
            p.step = int(l.step);
            p.loss = l.loss;
            p.learningRate = l.learning_rate;
            p.gradNorm = l.grad_norm;
            for (const auto& [k, v] : l.metrics) p.metrics.insert(QString::fromStdString(k), v);
            p.kept = !l.metrics.empty() && l.step == keptStep;
            if (!l.metrics.empty()) exampleAttention(model, info, p);
            if (firstLogged < 0) {
                firstLogged = l.step;
                clock.restart();
                pausedMs = 0;
            } else {
                const double seconds = (clock.elapsed() - pausedMs) / 1000.0;
                if (seconds > 0) p.stepsPerSecond = double(l.step - firstLogged) / seconds;
                if (l.step - firstLogged >= 3 && p.stepsPerSecond > 0) p.secondsLeft = double(t.steps - l.step) / p.stepsPerSecond;
            }
            ctx.partial(QVariant::fromValue(p));
            if (request.paused && request.paused->load()) {
                QElapsedTimer pause;
                pause.start();
                TrainPoint waiting = p;
                waiting.paused = true;
                waiting.metrics.clear();
                waiting.attention = QImage();
                ctx.partial(QVariant::fromValue(waiting));
                while (request.paused->load()) {
                    ctx.checkCancelled();
                    QThread::msleep(20);
                }
                pausedMs += pause.elapsed();
            }
        };
        const perceiver::FineTuneResult done = perceiver::fineTune(r, ctx.progress(), started, log);
        TrainResult out;
        out.firstStep = int(done.info.first_step);
        out.steps = int(done.report.steps);
        out.bestStep = int(done.report.best_step);
        out.seconds = done.report.seconds;
        out.finalLoss = done.report.final_loss;
        for (const auto& [k, v] : done.report.metrics) out.metrics.insert(QString::fromStdString(k), v);
        out.out = request.out;
        out.checkpoint = request.checkpoint;
        return QVariant::fromValue(out);
    }));
}

JobHandle<QString> Service::writeExampleShapes(const QString& dir) {
    return JobHandle<QString>(submit(Lane::Io, tr("Write example images"), [dir](JobContext&) {
        perceiver::writeNewShapeFolder(dir.toStdString(), 40, 15);
        return QVariant(dir);
    }));
}

FlowFrame Service::flowFrame(int index, const perceiver::FlowViewInput& in, bool keepInput) {
    const perceiver::FlowAnalysis fa = perceiver::analyzeFlow(in);  // the CLI's `flow --out-dir` views
    FlowFrame frame = toFlowFrame(index, in.first, in.flow, in.truth ? &*in.truth : nullptr);
    static const QStringList kShownAlready{QStringLiteral("flow"), QStringLiteral("arrows"), QStringLiteral("magnitude"), QStringLiteral("epe")};
    for (const perceiver::FlowView& v : fa.views) {
        const QString key = QString::fromStdString(v.key);
        if (!kShownAlready.contains(key)) frame.views << FlowViewImage{key, toQImage(v.image)};
    }
    frame.summary = flowSummary(fa);
    if (keepInput) frame.input = std::make_shared<const perceiver::FlowViewInput>(in);
    return frame;
}

JobHandle<FlowFrame> Service::reanalyzeFlow(const FlowReanalysisRequest& request) {
    return JobHandle<FlowFrame>(submit(Lane::Immediate, tr("Flow views"), [request](JobContext&) {
        if (!request.frame.input) throw perceiver::Error(perceiver::ErrorKind::InvalidInput, "this flow has no pair to analyse again (a video's pairs: run a pair)");
        perceiver::FlowViewInput in = *request.frame.input;
        in.truth.reset();
        in.other.reset();
        auto read = [&](const QString& path, const char* what) {
            perceiver::FlowField f = perceiver::readFlowFile(path.toStdString());  // .flo or KITTI PNG
            perceiver::requireSameSize(f.width, f.height, in.first.width, in.first.height,
                                       std::string(what) + " '" + QFileInfo(path).fileName().toStdString() + "'", "the frames");
            return f;
        };
        if (!request.groundTruth.isEmpty()) in.truth = read(request.groundTruth, "the ground truth");
        if (!request.compareWith.isEmpty()) in.other = read(request.compareWith, "the other flow");
        return QVariant::fromValue(flowFrame(request.frame.index, in, true));
    }));
}

JobHandle<QSize> Service::flowFileSize(const QString& path) {
    return JobHandle<QSize>(submit(Lane::Io, tr("Read flow file"), [path](JobContext&) {
        const perceiver::FlowField f = perceiver::readFlowFile(path.toStdString());
        return QVariant::fromValue(QSize(f.width, f.height));
    }));
}

JobHandle<FlowResult> Service::flow(const FlowRequest& request) {
    return JobHandle<FlowResult>(submit(Lane::Compute, tr("Optical flow"), [this, request](JobContext& ctx) {
        std::optional<perceiver::FlowField> truth;  // read first: a bad file fails before any work
        if (!request.groundTruth.isEmpty()) truth = perceiver::readFlowFile(request.groundTruth.toStdString());  // .flo or KITTI PNG
        auto model = d_->model(this, ctx, request.model);
        perceiver::FlowOptions options = perceiver::defaultFlowOptions(*model);  // as the CLI estimates it
        options.backward = request.backward;
        FlowResult out;
        if (!request.video.isEmpty()) {
            options.max_pairs = request.maxPairs;
            auto sendPair = [&](int64_t i, const perceiver::ImageU8& a, const perceiver::ImageU8& b, const perceiver::FlowResult& r) {
                ctx.warn(r.warnings);
                perceiver::FlowViewInput in;
                in.first = a;
                in.second = b;
                in.flow = r.flow;
                if (request.backward) in.backward = r.backward;
                return flowFrame(int(i), in);
            };
            if (request.trackPoints.isEmpty()) {
                perceiver::estimateVideoFlow(*model, request.video.toStdString(), options,
                    [&](int64_t i, const perceiver::ImageU8& a, const perceiver::ImageU8& b, const perceiver::FlowResult& r) {
                        ctx.partial(QVariant::fromValue(sendPair(i, a, b, r)));
                    }, ctx.progress());
                return QVariant::fromValue(out);  // frames went out one by one
            }
            std::vector<std::pair<double, double>> points;
            for (const QPointF& p : request.trackPoints) points.emplace_back(p.x(), p.y());
            const std::vector<perceiver::Track> tracks = perceiver::trackPoints(*model, perceiver::checkTrackSource(request.video.toStdString(), points), points, options,
                [&](int64_t i, const perceiver::ImageU8& a, const perceiver::ImageU8& b, const perceiver::FlowResult& r,
                    const perceiver::PointTracker& tracker) {
                    FlowFrame f = sendPair(i, a, b, r);
                    // The pair's second frame with the tracks up to it.
                    f.views << FlowViewImage{QStringLiteral("tracks"), toQImage(perceiver::drawTracks(b, tracker.tracks(), int(i) + 1))};
                    ctx.partial(QVariant::fromValue(f));
                }, ctx.progress());
            out.tracksCsv = QString::fromStdString(perceiver::tracksCsv(tracks));
            for (size_t i = 0; i < tracks.size(); ++i) {
                const perceiver::Track& t = tracks[i];
                QString line = tr("Track %1: (%2, %3) → (%4, %5) over %6 frames").arg(i).arg(t.xs.front(), 0, 'f', 1).arg(t.ys.front(), 0, 'f', 1)
                                   .arg(t.xs.back(), 0, 'f', 1).arg(t.ys.back(), 0, 'f', 1).arg(t.xs.size());
                if (t.lost) line += tr(", lost: %1").arg(QString::fromStdString(t.reason));
                out.trackSummary << line;
            }
            return QVariant::fromValue(out);
        }
        perceiver::FlowViewInput in;
        in.first = toImageU8(request.first);
        in.second = toImageU8(request.second);
        auto requireSize = [&](const perceiver::FlowField& f, const QString& path) {  // before any work
            perceiver::requireSameSize(f.width, f.height, in.first.width, in.first.height,
                                       "'" + QFileInfo(path).fileName().toStdString() + "'", "the frames");
        };
        if (truth) requireSize(*truth, request.groundTruth), in.truth = truth;
        if (!request.compareWith.isEmpty()) {
            in.other = perceiver::readFlowFile(request.compareWith.toStdString());
            requireSize(*in.other, request.compareWith);
        }
        options.entropy = request.entropy;
        options.preview = [&](const perceiver::FlowPreview& p) {  // frames of several windows: a first look, then the windows
            ctx.partial(QVariant::fromValue(FlowPreview{toFlowFrame(0, in.first, p.flow, nullptr), p.windows_done, p.windows}));
        };
        const perceiver::FlowResult r = perceiver::estimateFlow(*model, in.first, in.second, options, ctx.progress());
        ctx.warn(r.warnings);
        in.flow = r.flow;
        in.entropy = r.entropy;
        if (request.backward) in.backward = r.backward;
        out.frames << flowFrame(0, in, true);
        return QVariant::fromValue(out);
    }));
}

JobHandle<QImage> Service::posterFrame(const QString& video) {
    return JobHandle<QImage>(submit(Lane::Io, tr("First frame"), [video](JobContext&) {
        perceiver::FrameSequence sequence(video.toStdString());
        perceiver::ImageU8 frame;
        if (!sequence.read(frame)) throw perceiver::Error(perceiver::ErrorKind::Media, "'" + video.toStdString() + "' has no frame");
        return QVariant::fromValue(toQImage(frame));
    }));
}

QStringList Service::flowSummary(const perceiver::FlowAnalysis& a) {
    QStringList lines;
    lines << tr("Warp check: mean |I1 − warp(I2)| %1 grey levels; %2 % of the pixels map outside frame 2.")
                 .arg(a.mean_photometric_error, 0, 'f', 2).arg(100 * a.warp_outside_fraction, 0, 'f', 1);
    if (a.consistency)
        lines << tr("Forward–backward check: %1 % inconsistent (%2 pixels), %3 % leave the frame.")
                     .arg(100 * a.consistency->inconsistent_fraction, 0, 'f', 2).arg(a.consistency->inconsistent)
                     .arg(100 * a.consistency->outside_fraction, 0, 'f', 1);
    auto epe = [](const perceiver::EndPointError& e) {
        return tr("%1 px (< 1 / 3 / 5 px: %2 / %3 / %4 %, Fl-all %5 %)")
            .arg(e.mean, 0, 'f', 4).arg(100 * e.acc1, 0, 'f', 1).arg(100 * e.acc3, 0, 'f', 1).arg(100 * e.acc5, 0, 'f', 1)
            .arg(100 * e.fl_all, 0, 'f', 2);
    };
    if (a.epe) lines << tr("End-point error: %1").arg(epe(*a.epe));
    if (a.versus_other) lines << tr("Against the other flow: %1").arg(epe(*a.versus_other));
    if (a.mean_entropy) {
        QString line = tr("Decoder attention entropy: mean %1 of the maximum").arg(*a.mean_entropy, 0, 'f', 3);
        if (a.entropy_vs_error)
            line += tr("; correlation with the error: Pearson %1, Spearman %2").arg(a.entropy_vs_error->pearson, 0, 'f', 3)
                        .arg(a.entropy_vs_error->spearman, 0, 'f', 3);
        lines << line + QLatin1Char('.');
    }
    return lines;
}

JobHandle<AutoencodeResult> Service::autoencode(const AutoencodeRequest& request) {
    return JobHandle<AutoencodeResult>(submit(Lane::Compute, tr("Autoencode video"), [this, request](JobContext& ctx) {
        auto model = d_->model(this, ctx, request.model);
        auto dir = std::make_unique<QTemporaryDir>();
        if (!dir->isValid()) throw perceiver::Error(perceiver::ErrorKind::Media, "cannot create a temporary folder: " + dir->errorString().toStdString());
        AutoencodeResult out;
        out.originalVideo = dir->filePath(QStringLiteral("original.mp4"));
        out.reconstructedVideo = dir->filePath(QStringLiteral("reconstruction.mp4"));
        out.sideBySideVideo = dir->filePath(QStringLiteral("side_by_side.mp4"));
        out.reconstructedWav = dir->filePath(QStringLiteral("reconstruction.wav"));
        perceiver::AutoencodeOutputPaths paths;
        paths.original = out.originalVideo.toStdString();
        paths.reconstruction = out.reconstructedVideo.toStdString();
        paths.side_by_side = out.sideBySideVideo.toStdString();
        paths.wav = out.reconstructedWav.toStdString();
        perceiver::AutoencodeWriter writer(perceiver::autoencodeGeometry(*model), paths);  // the CLI's writer
        perceiver::AutoencodeOptions options;
        options.chunks = request.chunks;
        // Each window as it decodes: coarse after the 1/64, 1/16 and 1/4 passes, then whole.
        const auto send = [&ctx](int window, int stride, double decoded, const std::vector<perceiver::ImageU8>& input,
                                 const std::vector<perceiver::ImageU8>& reconstruction, const std::vector<perceiver::ClassScore>& top) {
            AutoencodePreview p;
            p.window = window;
            p.stride = stride;
            p.decoded = decoded;
            for (const auto& f : input) p.inputFrames << toQImage(f);
            for (const auto& f : reconstruction) p.reconstructedFrames << toQImage(f);
            p.top = toScores(top);
            ctx.partial(QVariant::fromValue(p));
            return p;
        };
        options.preview = [&](const perceiver::AutoencodePreview& p) { send(p.window, p.stride, p.decoded, p.input, p.reconstruction, p.top); };
        const perceiver::AutoencodeResult r = perceiver::autoencodeVideo(
            *model, request.video.toStdString(), options,
            [&](const perceiver::AutoencodeWindow& w) {
                const AutoencodePreview decoded = send(w.index, 1, 1.0, w.input, w.reconstruction, w.top);
                writer.add(w);
                out.psnr << w.psnr;
                out.windowTop << toScores(w.top).value(0);
                out.windowStarts << int(out.inputFrames.size());
                out.inputFrames << decoded.inputFrames;  // (the same images: QImage is shared, not copied)
                out.reconstructedFrames << decoded.reconstructedFrames;
            },
            ctx.progress());
        writer.finish();
        ctx.warn(r.warnings);
        out.windows = r.windows;
        out.frames = r.frames;
        out.meanPsnr = r.mean_psnr;
        out.top = toScores(r.top);
        out.fps = paths.fps;
        d_->autoencodeDir = std::move(dir);  // the previous run's files go now, this run's stay for playback
        return QVariant::fromValue(out);
    }));
}

namespace {

/// The inspector's run of a source: the maps and the input layout.
perceiver::AttentionMaps attendSource(perceiver::TaskModel& model, const AttentionRequest& request, perceiver::Progress* progress) {
    switch (request.kind) {
        case AttentionRequest::Text: return perceiver::attendText(model, request.text.toStdString(), progress);
        case AttentionRequest::Image: return perceiver::attendImage(model, toImageU8(request.image), progress);
        case AttentionRequest::Flow: return perceiver::attendFlow(model, toImageU8(request.image), toImageU8(request.second), progress);
        case AttentionRequest::Video: return perceiver::attendVideo(model, request.video.toStdString(), progress);  // the first window
    }
    throw perceiver::Error(perceiver::ErrorKind::Internal, "unknown attention source");
}

}  // namespace

JobHandle<AttentionSummary> Service::attention(const AttentionRequest& request) {
    return JobHandle<AttentionSummary>(submit(Lane::Compute, tr("Attention maps"), [this, request](JobContext& ctx) {
        auto model = d_->model(this, ctx, request.model);
        auto maps = std::make_shared<perceiver::AttentionMaps>(attendSource(*model, request, ctx.progress()));
        const perceiver::AttentionMaps& m = *maps;
        AttentionSummary s;
        s.architecture = QString::fromStdString(m.architecture);
        s.kind = request.kind;
        s.crossHeads = int(m.cross.size(0));
        s.latents = int(m.cross.size(1));
        s.inputs = int(m.cross.size(2));
        s.selfLayers = int(m.self.size());
        s.selfHeads = m.self.empty() ? 0 : int(m.self.front().size(0));
        if (!m.decoder.shape.empty()) {
            s.decoderHeads = int(m.decoder.size(0));
            s.decoderQueries = int(m.decoder.size(1));
        }
        if (!m.view.empty()) s.view = toQImage(m.view);
        if (!m.frames.empty()) s.view = toQImage(m.frames.front());
        s.frames = int(m.frames.size());
        for (const auto& t : perceiver::tokenTexts(m)) s.tokens << QString::fromStdString(t);
        s.maps = std::move(maps);  // immutable from here on: views on other threads read it
        return QVariant::fromValue(s);
    }));
}

namespace {

/// A trace request's video output as core's target. The click is on the frame as the model saw
/// it; the target is the pixel of the reconstruction.
perceiver::VideoTarget videoTarget(const perceiver::TaskModel& model, const TraceRequest& request) {
    perceiver::VideoTarget v;
    v.output = request.output == TraceRequest::AudioSample ? perceiver::VideoTarget::Output::AudioSample
               : request.output == TraceRequest::Label     ? perceiver::VideoTarget::Output::Label
                                                           : perceiver::VideoTarget::Output::Pixel;
    v.frame = request.frame;
    const perceiver::AutoencodeGeometry g = perceiver::autoencodeGeometry(model);
    v.x = int(qint64(request.x) * g.output_width / std::max(1, g.input_side));
    v.y = int(qint64(request.y) * g.output_height / std::max(1, g.input_side));
    v.sample = request.sample;
    return v;
}

/// Input weights drawn over what the model saw: one frame of a video window (`frame`) and its
/// audio track, or the image / flow window; `mark` a pixel in cyan.
void drawWeights(const perceiver::AttentionMaps& m, const std::vector<float>& w, int frame, double opacity, QPoint mark, QImage* overlay,
                 QImage* audioTrack) {
    if (!m.frames.empty()) {
        frame = std::clamp(frame, 0, int(m.frames.size()) - 1);
        const perceiver::ImageU8& f = m.frames[size_t(frame)];
        *overlay = toQImage(perceiver::overlayHeatmap(f, perceiver::heatmapImage(perceiver::frameWeights(m, w, frame), m.grid, f.width, f.height), opacity));
        *audioTrack = toQImage(perceiver::waveformImage(m.audio, perceiver::audioWeights(m, w), 1024, 96));
    } else if (!m.view.empty()) {
        *overlay = toQImage(perceiver::overlayHeatmap(m.view, perceiver::heatmapImage(w, m.grid, m.view.width, m.view.height), opacity));
    }
    for (const QPoint d : {QPoint(0, 0), QPoint(1, 0), QPoint(-1, 0), QPoint(0, 1), QPoint(0, -1)})
        if (overlay->rect().contains(mark + d)) overlay->setPixelColor(mark + d, QColor(0, 200, 255));
}

/// The pixel a trace or attribution marks on its overlay (flow: in the window; video: in the frame).
QPoint markOf(const TraceRequest& request, QPoint window) {
    if (request.source.kind == AttentionRequest::Flow) return QPoint(request.x, request.y) - window;
    if (request.source.kind == AttentionRequest::Video && (request.output == TraceRequest::Pixel || request.output == TraceRequest::Default))
        return QPoint(request.x, request.y);
    return QPoint(-1, -1);
}

/// The frame a video trace or attribution shows: the traced pixel's, else the first.
int frameOf(const TraceRequest& request) {
    return request.output == TraceRequest::Pixel || request.output == TraceRequest::Default ? request.frame : 0;
}

}  // namespace

JobHandle<TraceResult> Service::trace(const TraceRequest& request) {
    return JobHandle<TraceResult>(submit(Lane::Compute, tr("Trace"), [this, request](JobContext& ctx) {
        auto model = d_->model(this, ctx, request.source.model);
        const AttentionRequest& s = request.source;
        perceiver::Trace t;
        switch (s.kind) {
            case AttentionRequest::Text: t = perceiver::traceText(*model, s.text.toStdString(), request.position, -1, ctx.progress()); break;
            case AttentionRequest::Image: t = perceiver::traceImage(*model, toImageU8(s.image), -1, ctx.progress()); break;
            case AttentionRequest::Flow:
                t = perceiver::traceFlow(*model, toImageU8(s.image), toImageU8(s.second), request.x, request.y, ctx.progress());
                break;
            case AttentionRequest::Video: t = perceiver::traceVideo(*model, s.video.toStdString(), videoTarget(*model, request), ctx.progress()); break;
        }
        TraceResult r;
        r.kind = s.kind;
        r.output = QString::fromStdString(t.output);
        for (const auto& [name, value] : t.prediction) r.prediction << qMakePair(QString::fromStdString(name), value);
        r.note = QString::fromStdString(t.note);
        const perceiver::TraceSums sums = perceiver::traceSums(t.hops);
        double lowest = 1, highest = 1;
        for (const double h : sums.decoder_heads) lowest = std::min(lowest, h), highest = std::max(highest, h);
        r.sums = tr("Sums: decoder per head %1 … %2, latents %3, inputs %4 (each hop is a distribution)")
                     .arg(lowest, 0, 'f', 4).arg(highest, 0, 'f', 4).arg(sums.latents, 0, 'f', 4).arg(sums.inputs, 0, 'f', 4);
        r.latents = QVector<float>(t.hops.latents.begin(), t.hops.latents.end());
        r.latentsPlain = QVector<float>(t.hops.latents_plain.begin(), t.hops.latents_plain.end());
        r.decoderMean = QVector<float>(t.hops.decoder_mean.begin(), t.hops.decoder_mean.end());
        r.shares = QVector<float>(t.modality_shares.data.begin(), t.modality_shares.data.end());
        r.inputs = QVector<float>(t.hops.inputs.begin(), t.hops.inputs.end());
        r.window = QPoint(t.window_x, t.window_y);
        const perceiver::AttentionMaps& m = t.maps;
        drawWeights(m, t.hops.inputs, frameOf(request), request.opacity, markOf(request, r.window), &r.overlay, &r.audioTrack);
        for (const auto& token : perceiver::tokenTexts(m)) r.tokens << QString::fromStdString(token);
        return QVariant::fromValue(r);
    }));
}

JobHandle<AttributionResult> Service::attribute(const AttributionRequest& request) {
    return JobHandle<AttributionResult>(submit(Lane::Compute, tr("Attributions"), [this, request](JobContext& ctx) {
        auto model = d_->model(this, ctx, request.target.source.model);
        const TraceRequest& t = request.target;
        const AttentionRequest& s = t.source;
        perceiver::AttributionOptions o;
        o.method = request.integratedGradients ? perceiver::AttributionMethod::IntegratedGradients : perceiver::AttributionMethod::GradientTimesInput;
        o.baseline = request.baseline == 1 ? perceiver::AttributionBaseline::Mean
                     : request.baseline == 2 ? perceiver::AttributionBaseline::Blur
                                             : perceiver::AttributionBaseline::Zeros;
        if (request.steps > 0) o.steps = request.steps, o.refine = false;
        perceiver::Attribution a;
        QPoint window;
        switch (s.kind) {
            case AttentionRequest::Text: a = perceiver::attributeText(*model, s.text.toStdString(), t.position, -1, o, ctx.progress()); break;
            case AttentionRequest::Image: a = perceiver::attributeImage(*model, toImageU8(s.image), -1, o, ctx.progress()); break;
            case AttentionRequest::Flow: {
                a = perceiver::attributeFlow(*model, toImageU8(s.image), toImageU8(s.second), t.x, t.y, perceiver::FlowComponent::Magnitude, o,
                                             ctx.progress());
                window = QPoint(a.window_x, a.window_y);
                break;
            }
            case AttentionRequest::Video: a = perceiver::attributeVideo(*model, s.video.toStdString(), videoTarget(*model, t), o, ctx.progress()); break;
        }
        AttributionResult r;
        r.kind = s.kind;
        r.output = QString::fromStdString(a.output);
        r.method = QString::fromStdString(a.method);
        r.value = a.value;
        r.baselineValue = a.baseline_value;
        r.total = a.total;
        r.completenessError = a.completeness_error;
        r.weights = QVector<float>(a.weights.begin(), a.weights.end());
        std::vector<float> magnitude(a.weights.size());  // the overlay shows |attribution|
        for (size_t i = 0; i < a.weights.size(); ++i) magnitude[i] = std::fabs(a.weights[i]);
        drawWeights(a.input, magnitude, frameOf(t), t.opacity, markOf(t, window), &r.overlay, &r.audioTrack);
        for (const auto& token : perceiver::tokenTexts(a.input)) r.tokens << QString::fromStdString(token);
        return QVariant::fromValue(r);
    }));
}

namespace {

QList<QPair<QString, double>> scoresOf(const std::vector<std::pair<std::string, double>>& scores) {
    QList<QPair<QString, double>> out;
    for (const auto& [name, p] : scores) out << qMakePair(QString::fromStdString(name), p);
    return out;
}

ScoreDelta scoreDelta(const perceiver::ScoreChange& c) {
    ScoreDelta d;
    d.output = QString::fromStdString(c.output);
    d.before = scoresOf(c.before);
    d.after = scoresOf(c.after);
    d.topChanged = c.top_changed;
    d.topDelta = c.top_delta;
    d.maxDelta = c.max_delta;
    return d;
}

/// The request's lists and drops as core's intervention (the drops through the source's layout).
perceiver::Intervention interventionOf(perceiver::TaskModel& model, const InterventionRequest& request, JobContext& ctx) {
    perceiver::Intervention iv;
    iv.masked_heads = perceiver::parseHeadMask(request.heads.toStdString());
    iv.ablate_latents = perceiver::parseIndexRanges(request.latents.toStdString(), Service::tr("Latents to ablate").toStdString());
    iv.ablate_after_layer = request.afterLayer;
    perceiver::InputDrop drop;
    drop.positions = perceiver::parseIndexRanges(request.inputs.toStdString(), Service::tr("Input positions to drop").toStdString());
    if (!request.region.isNull())
        drop.regions.push_back({request.region.x(), request.region.y(), request.region.width(), request.region.height(), 0, -1});
    const std::vector<int64_t> span = perceiver::parseIndexRanges(request.audioSamples.toStdString(), Service::tr("Audio samples to drop").toStdString());
    if (!span.empty()) drop.audio_samples.emplace_back(span.front(), span.back() + 1);
    drop.label = request.dropLabel;
    if (!drop.empty()) {
        std::shared_ptr<const perceiver::AttentionMaps> layout = request.maps;
        if (!layout) {
            ctx.report(0, Service::tr("the input's layout"));
            layout = std::make_shared<perceiver::AttentionMaps>(attendSource(model, request.source, nullptr));
        }
        iv.dropped_inputs = perceiver::dropPositions(*layout, drop);
    }
    if (iv.empty()) throw perceiver::Error(perceiver::ErrorKind::InvalidInput, Service::tr("nothing to change: give heads to mask, latents to ablate or inputs to drop").toStdString());
    return iv;
}

}  // namespace

JobHandle<InterventionResult> Service::intervene(const InterventionRequest& request) {
    return JobHandle<InterventionResult>(submit(Lane::Compute, tr("Intervention"), [this, request](JobContext& ctx) {
        auto model = d_->model(this, ctx, request.source.model);
        const perceiver::Intervention iv = interventionOf(*model, request, ctx);
        const AttentionRequest& s = request.source;
        InterventionResult r;
        r.kind = s.kind;
        r.intervention = QString::fromStdString(perceiver::describeIntervention(iv));
        auto scoreLines = [&](const perceiver::ClassComparison& c) {
            for (const perceiver::ScoreChange& change : c.outputs) r.scores << scoreDelta(change);
        };
        switch (s.kind) {
            case AttentionRequest::Text: scoreLines(perceiver::compareText(*model, s.text.toStdString(), iv, request.topK, ctx.progress())); break;
            case AttentionRequest::Image: scoreLines(perceiver::compareImage(*model, toImageU8(s.image), iv, request.topK, ctx.progress())); break;
            case AttentionRequest::Flow: {
                const perceiver::FlowComparison c = perceiver::compareFlow(*model, toImageU8(s.image), toImageU8(s.second), iv, ctx.progress());
                r.before = toQImage(perceiver::withWheelLegend(perceiver::flowToColor(c.before, c.max_magnitude)));
                r.after = toQImage(perceiver::withWheelLegend(perceiver::flowToColor(c.after, c.max_magnitude)));
                r.change = toQImage(perceiver::endPointErrorImage(c.after, c.before));
                r.epeMean = c.change.mean;
                r.epeMax = c.change.max;
                r.summary << tr("Flow with the intervention against the unmodified flow: end-point error %1 px on average, %2 px at most; %3 % of pixels moved by less than 1 px")
                                 .arg(c.change.mean, 0, 'f', 3).arg(c.change.max, 0, 'f', 3).arg(100 * c.change.acc1, 0, 'f', 1);
                break;
            }
            case AttentionRequest::Video: {
                const perceiver::VideoComparison c = perceiver::compareVideo(*model, s.video.toStdString(), iv, request.topK, ctx.progress());
                r.scores << scoreDelta(c.labels);
                r.psnrBefore = QVector<double>(c.psnr_before.begin(), c.psnr_before.end());
                r.psnrAfter = QVector<double>(c.psnr_after.begin(), c.psnr_after.end());
                if (!c.input.empty()) r.change = toQImage(c.input.front());
                if (!c.before.empty()) r.before = toQImage(c.before.front());
                if (!c.after.empty()) r.after = toQImage(c.after.front());
                r.summary << tr("Reconstruction of the first window: %1 dB unmodified, %2 dB with the intervention (%3 dB)")
                                 .arg(c.window_psnr_before, 0, 'f', 2).arg(c.window_psnr_after, 0, 'f', 2)
                                 .arg(c.window_psnr_after - c.window_psnr_before, 0, 'f', 2)
                          << tr("Audio: the reconstructed samples moved by %1 on average (of -1 … 1)").arg(c.audio_change, 0, 'g', 3);
                break;
            }
        }
        return QVariant::fromValue(r);
    }));
}

JobHandle<LatentRankResult> Service::rankLatents(const LatentRankRequest& request) {
    return JobHandle<LatentRankResult>(submit(Lane::Compute, tr("Rank latents"), [this, request](JobContext& ctx) {
        auto model = d_->model(this, ctx, request.target.source.model);
        const TraceRequest& t = request.target;
        const AttentionRequest& s = t.source;
        perceiver::RankOptions o;
        o.after_layer = request.afterLayer;
        o.latents = std::vector<int64_t>(request.latents.begin(), request.latents.end());
        perceiver::LatentRanking k;
        switch (s.kind) {
            case AttentionRequest::Text: k = perceiver::rankLatentsText(*model, s.text.toStdString(), t.position, -1, o, ctx.progress()); break;
            case AttentionRequest::Image: k = perceiver::rankLatentsImage(*model, toImageU8(s.image), -1, o, ctx.progress()); break;
            case AttentionRequest::Flow: k = perceiver::rankLatentsFlow(*model, toImageU8(s.image), toImageU8(s.second), t.x, t.y, o, ctx.progress()); break;
            case AttentionRequest::Video: k = perceiver::rankLatentsVideo(*model, s.video.toStdString(), videoTarget(*model, t), o, ctx.progress()); break;
        }
        LatentRankResult r;
        r.output = QString::fromStdString(k.output);
        r.value = k.value;
        r.afterLayer = int(k.after_layer);
        for (const perceiver::LatentEffect& e : k.effects) r.latents << int(e.latent), r.values << e.value, r.deltas << e.delta;
        return QVariant::fromValue(r);
    }));
}

JobHandle<AttentionView> Service::attentionView(const AttentionViewRequest& request) {
    return JobHandle<AttentionView>(submit(Lane::Immediate, tr("Attention view"), [request](JobContext&) {
        if (!request.maps) throw perceiver::Error(perceiver::ErrorKind::InvalidInput, "no attention maps to view: run the inspector first");
        const perceiver::AttentionMaps& m = *request.maps;
        AttentionView v;
        v.maps = request.maps;
        const std::vector<float> w = perceiver::inputWeights(m, request.head, request.latent, request.rollout);
        v.weights = QVector<float>(w.begin(), w.end());
        v.weightsShape = m.frames.empty() && m.grid.size() == 2 && m.grid[0] * m.grid[1] == qint64(w.size())
                             ? QVector<qint64>{m.grid[0], m.grid[1]}
                             : QVector<qint64>{qint64(w.size())};  // a video's [audio][frames][label]: one line
        if (!m.frames.empty()) {  // one frame of the window, and the audio track
            const int frame = std::clamp(request.frame, 0, int(m.frames.size()) - 1);
            const perceiver::ImageU8& f = m.frames[size_t(frame)];
            const perceiver::ImageU8 heat = perceiver::heatmapImage(perceiver::frameWeights(m, w, frame), m.grid, f.width, f.height);
            v.heatmap = toQImage(heat);
            v.overlay = toQImage(perceiver::overlayHeatmap(f, heat, request.opacity));
            v.audioTrack = toQImage(perceiver::waveformImage(m.audio, perceiver::audioWeights(m, w), 1024, 96));
        } else if (!m.view.empty()) {
            const perceiver::ImageU8 heat = perceiver::heatmapImage(w, m.grid, m.view.width, m.view.height);
            v.heatmap = toQImage(heat);
            v.overlay = toQImage(perceiver::overlayHeatmap(m.view, heat, request.opacity));
        } else {
            const int n = int(w.size());
            v.heatmap = toQImage(perceiver::heatmapImage(w, m.grid, std::max(n, 1) * 8, 32));
        }
        if (!m.self.empty()) {
            const perceiver::FloatArray a = perceiver::selfAttentionMatrix(m, request.layer, request.selfHead);
            const int n = int(a.size(0));
            v.selfMatrix = toQImage(perceiver::heatmapImage(a.data, {a.size(0), a.size(1)}, n, n));  // one pixel per cell
            v.selfValues = QVector<float>(a.data.begin(), a.data.end());
            v.selfSize = n;
            const auto [lo, hi] = std::minmax_element(a.data.begin(), a.data.end());
            v.selfMin = a.data.empty() ? 0 : *lo;
            v.selfMax = a.data.empty() ? 0 : *hi;
            v.colorBar = toQImage(perceiver::heatmapColorBar(12, 256));
        }
        return QVariant::fromValue(v);
    }, QStringLiteral("attention-view")));
}

JobHandle<DownloadResult> Service::download(const QString& repo) {
    return JobHandle<DownloadResult>(submit(Lane::Io, tr("Download %1").arg(repo), [repo](JobContext& ctx) {
        const perceiver::DownloadResult r = perceiver::downloadModel(repo.toStdString(), {}, *ctx.progress());
        DownloadResult out;
        out.repo = repo;
        out.snapshot = QString::fromStdString(r.snapshot);
        out.bytes = r.bytes_downloaded;
        return QVariant::fromValue(out);
    }));
}

JobHandle<QString> Service::saveFlo(const FlowFrame& frame, const QString& path) {
    return JobHandle<QString>(submit(Lane::Io, tr("Export flow"), [frame, path](JobContext&) {
        perceiver::writeFlo(path.toStdString(), toFlowField(frame));  // atomic
        return QVariant(path);
    }));
}

JobHandle<QString> Service::saveArray(const QVector<float>& values, const QVector<qint64>& shape, const QString& path) {
    return JobHandle<QString>(submit(Lane::Io, tr("Export numbers"), [values, shape, path](JobContext&) {
        perceiver::writeArrayFile(path.toStdString(), std::vector<int64_t>(shape.begin(), shape.end()),
                                  std::vector<float>(values.begin(), values.end()));  // atomic
        return QVariant(path);
    }));
}

JobHandle<QString> Service::saveVideo(const QList<QImage>& frames, const QString& path, double fps) {
    return JobHandle<QString>(submit(Lane::Io, tr("Export video"), [frames, path, fps](JobContext& ctx) {
        if (frames.isEmpty()) throw perceiver::Error(perceiver::ErrorKind::InvalidInput, "no frames to write");
        perceiver::VideoWriter writer(path.toStdString(), frames.first().width(), frames.first().height(), fps);
        for (qsizetype i = 0; i < frames.size(); ++i) {
            ctx.report(double(i) / frames.size(), QStringLiteral("writing frame %1").arg(i + 1));
            writer.addFrame(toImageU8(frames[i]));
        }
        writer.finish();  // renamed into place only now
        return QVariant(path);
    }));
}

}  // namespace studio
