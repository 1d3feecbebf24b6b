// Torch and the core pipelines live here, never in a Qt-facing header (the `slots` clash):
// this file is compiled with QT_NO_KEYWORDS.
#include "service.h"

#include "checkpoint/catalog.h"
#include "checkpoint/hub_cache.h"
#include "checkpoint/hub_download.h"
#include "common/error.h"
#include "common/progress.h"
#include "common/runtime.h"
#include "config/config.h"
#include "config/labels.h"
#include "media/audio.h"
#include "media/flow.h"
#include "media/image.h"
#include "media/video.h"
#include "model/model_factory.h"
#include "pipelines/attention.h"
#include "pipelines/autoencode.h"
#include "pipelines/classify.h"
#include "pipelines/fill_mask.h"
#include "pipelines/optical_flow.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <thread>

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
        f.epeMean = perceiver::endPointError(flow, *truth).mean;
        f.epe = toQImage(perceiver::endPointErrorImage(flow, *truth));
    }
    return f;
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
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return {};
    }
    return m;
}

}  // namespace

struct Service::Impl {
    struct Job {
        quint64 id = 0;
        QString title;
        Work work;
        std::shared_ptr<perceiver::Progress> progress;
    };
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Job> queue;
    quint64 current = 0;
    std::shared_ptr<perceiver::Progress> currentProgress;
    bool stop = false;
    quint64 nextId = 1;
    std::atomic<int> threads{0};
    std::thread worker;
    std::map<std::string, std::vector<std::string>> labels;  ///< per model spec; under `mutex`

    // Worker-thread state only.
    struct Cached {
        std::string key;
        std::shared_ptr<perceiver::TaskModel> model;
    };
    std::list<Cached> cache;  // most recent first
    int appliedThreads = -1;
    perceiver::AttentionMaps maps;
    AttentionSummary summary;
    bool haveMaps = false;
    std::unique_ptr<QTemporaryDir> autoencodeDir;
};

struct Service::Context {
    Service* service;
    quint64 id;
    perceiver::Progress* progress;
    QString device;

    void partial(const QVariant& value) { Q_EMIT service->partial(id, value); }

    std::shared_ptr<perceiver::TaskModel> model(const QString& spec) {
        auto m = loaded(spec);
        std::vector<std::string> names;
        {
            std::lock_guard<std::mutex> lock(service->d_->mutex);
            auto it = service->d_->labels.find(spec.toStdString());
            if (it != service->d_->labels.end()) names = it->second;
        }
        if (!names.empty()) perceiver::setLabels(m->config, names);  // throws when the count does not match
        return m;
    }

    std::shared_ptr<perceiver::TaskModel> loaded(const QString& spec) {
        if (spec.isEmpty()) throw perceiver::Error(perceiver::ErrorKind::InvalidInput, "no model chosen for this task");
        auto& cache = service->d_->cache;
        const std::string key = spec.toStdString() + "|" + device.toStdString();
        for (auto it = cache.begin(); it != cache.end(); ++it)
            if (it->key == key) {
                cache.splice(cache.begin(), cache, it);
                return cache.front().model;
            }
        progress->report(0.0, "loading " + spec.toStdString());
        auto loaded = perceiver::loadModel(spec.toStdString(), nullptr, device.toStdString());
        progress->checkCancelled();
        cache.push_front({key, loaded.model});
        while (cache.size() > 2) cache.pop_back();  // bounded memory: two models at most
        Q_EMIT service->modelLoaded(spec, device);
        return loaded.model;
    }
};

Service::Service(QObject* parent) : QObject(parent), d_(std::make_unique<Impl>()) {
    qRegisterMetaType<FlowFrame>();
    threads_ = QThread::idealThreadCount();
    d_->threads = threads_;
    d_->worker = std::thread([this] { workerLoop(); });
    refreshModels();
}

Service::~Service() {
    {
        std::lock_guard<std::mutex> lock(d_->mutex);
        d_->stop = true;
        d_->queue.clear();
        if (d_->currentProgress) d_->currentProgress->cancel();
    }
    d_->wake.notify_all();
    d_->worker.join();
}

quint64 Service::submit(const QString& title, Work work) {
    quint64 id;
    {
        std::lock_guard<std::mutex> lock(d_->mutex);
        id = d_->nextId++;
        d_->queue.push_back({id, title, std::move(work), nullptr});
    }
    d_->wake.notify_one();
    return id;
}

void Service::workerLoop() {
    for (;;) {
        Impl::Job job;
        {
            std::unique_lock<std::mutex> lock(d_->mutex);
            d_->wake.wait(lock, [this] { return d_->stop || !d_->queue.empty(); });
            if (d_->stop) return;
            job = std::move(d_->queue.front());
            d_->queue.pop_front();
            d_->current = job.id;
        }
        // Progress is throttled to ~25 signals a second; the stage text always goes through.
        QElapsedTimer sinceLast;
        sinceLast.start();
        std::string lastStage;
        auto progress = std::make_shared<perceiver::Progress>([&, id = job.id](double f, const std::string& stage) {
            if (stage == lastStage && sinceLast.elapsed() < 40 && f < 1.0) return;
            sinceLast.restart();
            lastStage = stage;
            Q_EMIT this->progress(id, f, QString::fromStdString(stage));
        });
        {
            std::lock_guard<std::mutex> lock(d_->mutex);
            d_->currentProgress = progress;
        }
        Q_EMIT started(job.id, job.title);
        const int threads = d_->threads.load();
        if (threads != d_->appliedThreads) {  // between jobs: LibTorch's pool is not resized under a running one
            perceiver::setThreads(threads);
            d_->appliedThreads = threads;
        }
        Context ctx{this, job.id, progress.get(), QString()};
        {
            std::lock_guard<std::mutex> lock(d_->mutex);
            ctx.device = device_;
        }
        try {
            QVariant result = job.work(ctx);
            Q_EMIT finished(job.id, result);
        } catch (const perceiver::Error& e) {
            const bool cancelled = e.kind() == perceiver::ErrorKind::Cancelled;
            Q_EMIT failed(job.id, cancelled ? tr("Cancelled.") : QString::fromStdString(e.what()), cancelled);
        } catch (const std::exception& e) {  // LibTorch (c10::Error), std::bad_alloc, ...
            Q_EMIT failed(job.id, tr("Internal error: %1").arg(QString::fromStdString(e.what()).section('\n', 0, 2)), false);
        } catch (...) {
            Q_EMIT failed(job.id, tr("Internal error of unknown kind."), false);
        }
        std::lock_guard<std::mutex> lock(d_->mutex);
        d_->current = 0;
        d_->currentProgress.reset();
    }
}

void Service::cancel(quint64 id) {
    bool removed = false;
    {
        std::lock_guard<std::mutex> lock(d_->mutex);
        if (d_->current == id && d_->currentProgress) d_->currentProgress->cancel();
        for (auto it = d_->queue.begin(); it != d_->queue.end(); ++it)
            if (it->id == id) {
                d_->queue.erase(it);
                removed = true;
                break;
            }
    }
    if (removed) Q_EMIT failed(id, tr("Cancelled."), true);
}

void Service::cancelAll() {
    std::deque<Impl::Job> dropped;
    {
        std::lock_guard<std::mutex> lock(d_->mutex);
        if (d_->currentProgress) d_->currentProgress->cancel();
        dropped.swap(d_->queue);
    }
    for (const auto& j : dropped) Q_EMIT failed(j.id, tr("Cancelled."), true);
}

bool Service::isIdle() const {
    std::lock_guard<std::mutex> lock(d_->mutex);
    return d_->current == 0 && d_->queue.empty();
}

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

void Service::setDevice(const QString& device) {
    std::lock_guard<std::mutex> lock(d_->mutex);
    device_ = device;
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

// ---- jobs ---------------------------------------------------------------------------------

quint64 Service::fillMask(const FillMaskRequest& request) {
    return submit(tr("Fill mask"), [request](Context& ctx) {
        auto model = ctx.model(request.model);
        const perceiver::FillMaskResult r = perceiver::fillMask(*model, request.text.toStdString(), request.topK, ctx.progress);
        FillMaskResult out;
        out.text = QString::fromStdString(r.text);
        out.filled = QString::fromStdString(r.filled_text);
        for (const auto& m : r.masks) {
            MaskSlot s;
            s.byteIndex = int(m.byte_index);
            for (const auto& c : m.candidates) s.candidates.append({QString::fromStdString(c.text), int(c.id), c.probability});
            out.masks << s;
        }
        return QVariant::fromValue(out);
    });
}

quint64 Service::classify(const ClassifyRequest& request) {
    return submit(tr("Classify image"), [request](Context& ctx) {
        auto model = ctx.model(request.model);
        const perceiver::ClassifyResult r = perceiver::classifyImage(*model, toImageU8(request.image), request.topK, ctx.progress);
        ClassifyResult out;
        out.architecture = QString::fromStdString(r.architecture);
        out.modelView = toQImage(r.model_view);
        out.top = toScores(r.top);
        return QVariant::fromValue(out);
    });
}

quint64 Service::flow(const FlowRequest& request) {
    return submit(tr("Optical flow"), [request](Context& ctx) {
        std::optional<perceiver::FlowField> truth;  // read first: a bad file fails before any work
        if (!request.groundTruth.isEmpty()) truth = perceiver::readFlo(request.groundTruth.toStdString());
        auto model = ctx.model(request.model);
        perceiver::FlowOptions options;
        // The demo's 20 px overlap, or a quarter window for models trained on small windows.
        const auto& train = model->config.train_size;
        options.min_overlap = std::min<int>(options.min_overlap, int(std::min(train[0], train[1]) / 4));
        FlowResult out;
        if (!request.video.isEmpty()) {
            options.max_pairs = request.maxPairs;
            perceiver::estimateVideoFlow(
                *model, request.video.toStdString(), options,
                [&](int64_t i, const perceiver::ImageU8& a, const perceiver::ImageU8&, const perceiver::FlowResult& r) {
                    ctx.partial(QVariant::fromValue(toFlowFrame(int(i), a, r.flow, nullptr)));
                },
                ctx.progress);
            return QVariant::fromValue(out);  // frames went out one by one
        }
        const perceiver::ImageU8 a = toImageU8(request.first), b = toImageU8(request.second);
        const perceiver::FlowResult r = perceiver::estimateFlow(*model, a, b, options, ctx.progress);
        out.frames << toFlowFrame(0, a, r.flow, truth ? &*truth : nullptr);
        return QVariant::fromValue(out);
    });
}

quint64 Service::autoencode(const AutoencodeRequest& request) {
    return submit(tr("Autoencode video"), [this, request](Context& ctx) {
        auto model = ctx.model(request.model);
        const perceiver::AutoencodeGeometry g = perceiver::autoencodeGeometry(*model);
        auto dir = std::make_unique<QTemporaryDir>();
        if (!dir->isValid()) throw perceiver::Error(perceiver::ErrorKind::Media, "cannot create a temporary folder: " + dir->errorString().toStdString());
        AutoencodeResult out;
        out.originalVideo = dir->filePath(QStringLiteral("original.mp4"));
        out.reconstructedVideo = dir->filePath(QStringLiteral("reconstruction.mp4"));
        out.sideBySideVideo = dir->filePath(QStringLiteral("side_by_side.mp4"));
        out.reconstructedWav = dir->filePath(QStringLiteral("reconstruction.wav"));
        const double fps = 25.0;
        perceiver::VideoWriter original(out.originalVideo.toStdString(), g.output_width, g.output_height, fps, g.sample_rate);
        perceiver::VideoWriter reconstruction(out.reconstructedVideo.toStdString(), g.output_width, g.output_height, fps, g.sample_rate);
        perceiver::VideoWriter both(out.sideBySideVideo.toStdString(), g.output_width * 2, g.output_height, fps, g.sample_rate);
        perceiver::AudioBuffer wav;
        wav.sample_rate = g.sample_rate;
        perceiver::AutoencodeOptions options;
        options.chunks = request.chunks;
        const perceiver::AutoencodeResult r = perceiver::autoencodeVideo(
            *model, request.video.toStdString(), options,
            [&](const perceiver::AutoencodeWindow& w) {
                for (size_t t = 0; t < w.reconstruction.size(); ++t) {
                    original.addFrame(w.input[t]);
                    reconstruction.addFrame(w.reconstruction[t]);
                    both.addFrame(perceiver::sideBySide(w.input[t], w.reconstruction[t]));
                }
                original.addAudio(w.audio_in);
                reconstruction.addAudio(w.audio_out);
                both.addAudio(w.audio_out);
                wav.samples.insert(wav.samples.end(), w.audio_out.begin(), w.audio_out.end());
                out.psnr << w.psnr;
            },
            ctx.progress);
        original.finish();
        reconstruction.finish();
        both.finish();
        perceiver::writeWav(out.reconstructedWav.toStdString(), wav);
        out.windows = r.windows;
        out.frames = r.frames;
        out.meanPsnr = r.mean_psnr;
        out.top = toScores(r.top);
        d_->autoencodeDir = std::move(dir);  // the previous run's files go now, this run's stay for playback
        return QVariant::fromValue(out);
    });
}

quint64 Service::attention(const AttentionRequest& request) {
    return submit(tr("Attention maps"), [this, request](Context& ctx) {
        auto model = ctx.model(request.model);
        Impl& d = *d_;
        d.haveMaps = false;
        switch (request.kind) {
            case AttentionRequest::Text: d.maps = perceiver::attendText(*model, request.text.toStdString(), ctx.progress); break;
            case AttentionRequest::Image: d.maps = perceiver::attendImage(*model, toImageU8(request.image), ctx.progress); break;
            case AttentionRequest::Flow:
                d.maps = perceiver::attendFlow(*model, toImageU8(request.image), toImageU8(request.second), ctx.progress);
                break;
            case AttentionRequest::Video:  // the first window, as autoencoding reads it
                d.maps = perceiver::attendVideo(*model, request.video.toStdString(), ctx.progress);
                break;
        }
        const auto& m = d.maps;
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
        d.summary = s;
        d.haveMaps = true;
        return QVariant::fromValue(s);
    });
}

quint64 Service::attentionView(const AttentionViewRequest& request) {
    return submit(tr("Attention view"), [this, request](Context&) {
        Impl& d = *d_;
        if (!d.haveMaps) throw perceiver::Error(perceiver::ErrorKind::InvalidInput, "no attention maps yet: run the inspector first");
        const auto& m = d.maps;
        AttentionView v;
        const std::vector<float> w = perceiver::inputWeights(m, request.head, request.latent, request.rollout);
        v.weights = QVector<float>(w.begin(), w.end());
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
            v.selfMatrix = toQImage(perceiver::heatmapImage(a.data, {a.size(0), a.size(1)}, std::max(n, 256), std::max(n, 256)));
        }
        return QVariant::fromValue(v);
    });
}

quint64 Service::download(const QString& repo) {
    return submit(tr("Download %1").arg(repo), [repo](Context& ctx) {
        const perceiver::DownloadResult r = perceiver::downloadModel(repo.toStdString(), {}, *ctx.progress);
        DownloadResult out;
        out.repo = repo;
        out.snapshot = QString::fromStdString(r.snapshot);
        out.bytes = r.bytes_downloaded;
        return QVariant::fromValue(out);
    });
}

quint64 Service::saveFlo(const FlowFrame& frame, const QString& path) {
    return submit(tr("Export flow"), [frame, path](Context&) {
        perceiver::FlowField f;
        f.width = frame.first.width();
        f.height = frame.first.height();
        f.uv.resize(static_cast<size_t>(f.width) * f.height * 2);
        for (qsizetype i = 0; i < frame.u.size(); ++i) {
            f.uv[2 * size_t(i)] = frame.u[i];
            f.uv[2 * size_t(i) + 1] = frame.v[i];
        }
        perceiver::writeFlo(path.toStdString(), f);  // atomic
        return QVariant(path);
    });
}

quint64 Service::saveVideo(const QList<QImage>& frames, const QString& path, double fps) {
    return submit(tr("Export video"), [frames, path, fps](Context& ctx) {
        if (frames.isEmpty()) throw perceiver::Error(perceiver::ErrorKind::InvalidInput, "no frames to write");
        perceiver::VideoWriter writer(path.toStdString(), frames.first().width(), frames.first().height(), fps);
        for (qsizetype i = 0; i < frames.size(); ++i) {
            ctx.progress->checkCancelled();
            ctx.progress->report(double(i) / frames.size(), "writing frame " + std::to_string(i + 1));
            writer.addFrame(toImageU8(frames[i]));
        }
        writer.finish();  // renamed into place only now
        return QVariant(path);
    });
}

}  // namespace studio
