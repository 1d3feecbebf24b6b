// Optical flow: two images or a video; the flow as the Middlebury colour image with its wheel
// legend, a magnitude view, the first frame, or the end-point error against a ground-truth
// .flo / KITTI PNG; for a pair also core's trust views (flow_views.h): frame 2 warped back and
// the photometric error, the forward-backward check, KITTI's error image, another method's
// flow and the difference, the decoder's attention entropy, with their numbers; arrows on top
// with a density control; (u, v) read out under the cursor; a slider through a video's pairs;
// export .flo, PNG and MP4.
#pragma once

#include "task_page.h"

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace studio {

class FlowLegend;
class ImageView;

class FlowPage : public TaskPage {
    Q_OBJECT
public:
    explicit FlowPage(QWidget* parent = nullptr);

    enum View { Color, Magnitude, FirstFrame, Epe };

    void showResult(const QVariant& result) override;
    /// A streamed video pair (arrives before the job's final result).
    void addFrame(const FlowFrame& frame);
    /// A large pair's flow before the result (the first look, then the windows so far), shown
    /// in place with the status saying which; a preview after the run is dropped, and a run
    /// that ends without a result (failed, cancelled) takes it away again.
    void showPreview(const FlowPreview& preview);
    bool showingPreview() const { return previewing_; }
    bool openFile(const QString& path) override;
    bool openFrames(const QString& first, const QString& second);
    bool openVideo(const QString& path);
    /// A ground truth (.flo or KITTI PNG) for the pair: checked against the frames' size as soon
    /// as it is chosen, and, when the pair's flow is there, its error views and numbers computed
    /// from that flow at once (the model does not run again).
    void setGroundTruth(const QString& floPath);
    /// Another method's flow for the pair (.flo or KITTI PNG): the same, for the comparison.
    void setCompareWith(const QString& path);
    QString groundTruth() const { return groundTruth_; }
    QString compareWith() const { return compareWith_; }
    /// The answers to reanalysisRequested / flowFileSizeRequested.
    void applyReanalysis(const FlowFrame& frame);
    void reanalysisFailed(const QString& message);
    void setFlowFileSize(const QString& path, QSize size);
    void flowFileFailed(const QString& path, const QString& message);
    /// Pairs: also run flow 2 -> 1 (consistency) and the attention entropy on the next run.
    void setChecks(bool backward, bool entropy);
    /// Selects a trust view by its core key ("warp_error", "consistency", ...); false when the
    /// current pair has none.
    bool setTrustView(const QString& key);
    /// The translated title of a trust view's key.
    static QString trustViewTitle(const QString& key);
    /// A video's first frame (from the service), shown until a run, to pick track points on.
    /// The video counts as opened (recent files) from here.
    void setPoster(const QString& video, const QImage& frame);
    /// The service could not read `video`'s first frame: the page says so and lets it go.
    void videoFailed(const QString& video, const QString& message);
    /// Track points mode: clicks on a video's first frame add points; a run tracks them.
    void setTracking(bool on);
    void addTrackPoint(const QPointF& p);
    void clearTrackPoints();
    QList<QPointF> trackPoints() const { return points_; }
    /// The last run's tracks as core's CSV ("" without tracks).
    QString tracksCsv() const { return tracksCsv_; }

    int frameCount() const { return int(frames_.size()); }
    const FlowFrame* currentFrame() const;
    void setView(View view);
    void setArrows(bool on, int step = 16);
    /// Draws the arrows over a view: (view image, the pair, spacing in pixels) -> image. The
    /// main window gives core's renderer (the one the CLI's --arrows uses); without one the
    /// arrows box has no effect.
    /// The arrows of a pair as lines in image coordinates: (the pair, spacing in pixels, length
    /// scale) -> lines. The main window gives core's rule (flowArrows, which the CLI's --arrows
    /// draws too); the view draws them as vectors at the display's resolution. Without one the
    /// arrows box has no effect.
    using ArrowSampler = std::function<QVector<QLineF>(const FlowFrame&, int, double)>;
    void setArrowSampler(ArrowSampler sampler);
    /// Core's colour wheel, for the legend beside the colour view.
    void setColorWheel(const QImage& wheel);
    /// Arrow length: 1 (true length), 2, 5 or 10 times the motion.
    void setArrowLength(double scale);
    /// The arrows over the view now (image coordinates), and the legend beside it.
    QVector<QLineF> shownArrows() const;
    FlowLegend* legend() const { return legend_; }
    /// The view as exported to PNG: the image `scale` times its size (nearest neighbour), the
    /// arrows drawn as vectors at that scale, the legend (wheel or ramp, reference arrow) to
    /// its right.
    QImage figure(int scale);
    /// The image under the arrows (the view chosen), at the frame's resolution.
    QImage displayedImage() const;
    /// The read-out for image pixel (x, y) of the current pair.
    QString readout(int x, int y) const;
    QSlider* pairSlider() const { return slider_; }
    QImage firstImage() const { return first_; }
    /// The opened video or folder of frames ("" for a pair).
    QString videoPath() const { return video_; }
    /// The pair's description ("a.png and b.png, 40 × 28").
    QString framesLabel() const;
    /// Puts a pair already read on the page (the main window's language switch carries it).
    void setFrames(const QImage& first, const QImage& second, const QString& label);
    QImage secondImage() const { return second_; }

Q_SIGNALS:
    void runRequested(studio::FlowRequest request);
    void exportFloRequested(studio::FlowFrame frame, QString path);
    void exportVideoRequested(QList<QImage> frames, QString path, double fps);
    /// A video was opened: the main window answers with setPoster().
    void posterRequested(QString video);
    /// A ground truth / other flow chosen after the run: applyReanalysis() or reanalysisFailed().
    void reanalysisRequested(studio::FlowReanalysisRequest request);
    /// A ground truth / other flow chosen before a run: setFlowFileSize() or flowFileFailed().
    void flowFileSizeRequested(QString path);

public:
    QString inputDescription() const override;

protected:
    void run() override;
    bool inputsReady() const override;
    void runEnabledChanged(bool enabled) override;
    QString inputKey() const override;

private:
    void refresh();
    void rebuildViews();
    void exportPng();
    void exportFlo();
    void exportVideo();
    void exportTracks();
    void showPoster();
    void updateLegend();
    /// The legend's reference arrow for arrows drawn `zoom` display pixels per image pixel.
    void referenceArrow(double zoom);
    /// `path` was chosen as the ground truth (`truth`) or the other flow: check it, apply it.
    void chooseFlowFile(const QString& path, bool truth);
    QImage viewImage(const FlowFrame& frame, const QVariant& view) const;

    QImage first_, second_;
    QString firstPath_;  ///< a dropped first frame's file, until its second comes
    QString video_, groundTruth_, compareWith_;
    QString previousTruth_, previousCompare_;  ///< restored when a chosen file is refused
    FlowInputHandle reanalysed_;  ///< the pair a reanalysis was asked for
    QList<FlowFrame> frames_;
    bool previewing_ = false;  ///< frames_ holds a preview of the running pair
    ImageView* view_ = nullptr;
    QComboBox* viewBox_ = nullptr;
    QCheckBox* arrows_ = nullptr;
    QCheckBox* backward_ = nullptr;
    QCheckBox* entropy_ = nullptr;
    QLabel* summary_ = nullptr;
    QCheckBox* track_ = nullptr;
    QLabel* points_label_ = nullptr;
    QPushButton* exportTracks_ = nullptr;
    QImage poster_;
    QList<QPointF> points_;
    QString tracksCsv_;
    QStringList trackSummary_;
    QSpinBox* step_ = nullptr;
    QSpinBox* maxPairs_ = nullptr;
    QSlider* slider_ = nullptr;
    QLabel* readout_ = nullptr;
    QLabel* inputs_ = nullptr;
    ArrowSampler arrowSampler_;
    FlowLegend* legend_ = nullptr;
    QImage wheel_;
    QComboBox* arrowLength_ = nullptr;
    QComboBox* exportScale_ = nullptr;
};

}  // namespace studio
