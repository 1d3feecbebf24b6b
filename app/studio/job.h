// One job of the studio's Service: a handle the caller connects to directly.
//
//   JobHandle<ClassifyResult> job = service.classify({model, image, 5});
//   job.onProgress(page, [page](double f, const QString& stage) { page->setProgress(f, stage); })
//      .onFinished(page, [page](const ClassifyResult& r) { page->show(r); })
//      .onFailed(page, [page](const QString& message, bool cancelled) { ... });
//   job.cancel();   // a waiting job ends at once, a running one at its next check (< 1 s)
//
// Every job ends in exactly one terminal signal, finished() or failed(), delivered on the GUI
// thread after the call that submitted it has returned (so connecting right after submit
// never misses a signal), and the Job object deletes itself (deleteLater) right after it: keep
// a QPointer<Job>, or the JobHandle (which holds one), not a raw pointer.
// Thread-safety: a Job lives on the GUI thread; cancel() may be called from any thread, the
// rest from the GUI thread. No torch here.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <atomic>

namespace studio {

/// Where a job runs. Each lane has its own worker thread and queue (first in, first out), so
/// downloads and exports never wait behind a model, and a view re-rendered from results
/// already computed never waits behind either.
enum class Lane {
    Compute,    ///< runs models (LibTorch); one at a time
    Io,         ///< downloads and exports: network and disk, no model
    Immediate,  ///< re-renders a view from results already computed (milliseconds)
};

class Service;

class Job : public QObject {
    Q_OBJECT
public:
    ~Job() override;
    quint64 id() const { return id_; }
    QString title() const { return title_; }
    Lane lane() const { return lane_; }
    /// True once finished() or failed() was emitted.
    bool isDone() const { return done_; }
    /// What the result comes with (NaN / Inf weights or outputs): set before finished().
    QStringList warnings() const { return warnings_; }
    /// Asks the job to stop: a waiting one fails (cancelled) at once, a running one at its next
    /// cancellation check. Nothing happens for a job that is done.
    void cancel();
    /// Job objects alive in this process (a leak check for the tests).
    static int liveCount() { return live_.load(); }

Q_SIGNALS:
    void started();
    /// Throttled to about 25 a second; a new stage text always goes through.
    void progress(double fraction, QString stage);
    /// Results that arrive before the end (a video's flow, pair by pair).
    void partial(QVariant value);
    void finished(QVariant result);
    void failed(QString message, bool cancelled);

private:
    friend class Service;
    Job(Service* service, quint64 id, QString title, Lane lane);
    Service* service_;
    quint64 id_;
    QString title_;
    Lane lane_;
    bool done_ = false;
    QStringList warnings_;
    static std::atomic<int> live_;
};

/// A Job with the type of its result: onFinished() hands the callback a T, not a QVariant.
template <class T>
class JobHandle {
public:
    JobHandle() = default;
    explicit JobHandle(Job* job) : job_(job) {}
    Job* job() const { return job_; }
    quint64 id() const { return job_ ? job_->id() : 0; }
    explicit operator bool() const { return !job_.isNull(); }
    void cancel() const {
        if (job_) job_->cancel();
    }

    template <class F>
    const JobHandle& onFinished(const QObject* context, F f) const {
        if (job_) QObject::connect(job_, &Job::finished, context, [f](const QVariant& v) { f(v.value<T>()); });
        return *this;
    }
    /// f(QString message, bool cancelled)
    template <class F>
    const JobHandle& onFailed(const QObject* context, F f) const {
        if (job_) QObject::connect(job_, &Job::failed, context, f);
        return *this;
    }
    /// f(double fraction, QString stage)
    template <class F>
    const JobHandle& onProgress(const QObject* context, F f) const {
        if (job_) QObject::connect(job_, &Job::progress, context, f);
        return *this;
    }
    template <class F>
    const JobHandle& onStarted(const QObject* context, F f) const {
        if (job_) QObject::connect(job_, &Job::started, context, f);
        return *this;
    }
    /// f(const P&) for each partial result of type P (partials of other types pass it by: a job
    /// may send several kinds, each to its own handler).
    template <class P, class F>
    const JobHandle& onPartial(const QObject* context, F f) const {
        if (job_)
            QObject::connect(job_, &Job::partial, context, [f](const QVariant& v) {
                if (v.metaType() == QMetaType::fromType<P>()) f(v.value<P>());
            });
        return *this;
    }

private:
    QPointer<Job> job_;
};

}  // namespace studio
