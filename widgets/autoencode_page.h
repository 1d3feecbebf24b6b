// Autoencoding: open a video (its first frame is shown at once), encode it window by window and
// decode in chunks (progress per chunk), coarse first: a window's first frame is shown from
// 1/64 of its points, then 1/16, 1/4 and whole, while the run goes on; the input and the
// reconstruction are shown frame by frame side by side from the job's own frames, so a paused
// seek or a frame step shows that frame exactly; Play (Ctrl+P; at the end it starts over), frame steps, 0.25× / 0.5× / 1×, loop,
// either soundtrack audible (Qt Multimedia, following the frame clock); top-5 labels, mean PSNR
// and a table of PSNR per window; export the MP4s and the WAV.
#pragma once

#include "task_page.h"

class QAudioOutput;
class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QMediaPlayer;
class QPushButton;
class QSlider;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace studio {

class ImageView;

class AutoencodePage : public TaskPage {
    Q_OBJECT
public:
    explicit AutoencodePage(QWidget* parent = nullptr);

    void showResult(const QVariant& result) override;
    bool openFile(const QString& path) override;
    QString video() const { return video_; }
    AutoencodeResult lastResult() const { return last_; }
    QListWidget* labels() const { return labels_; }
    QTableWidget* psnrTable() const { return psnrTable_; }
    /// The opened video's first frame (from the service): shown at once, and the video counts
    /// as opened from here.
    void setPoster(const QString& video, const QImage& frame);
    /// The service could not read `video`: the page says so and lets it go.
    void videoFailed(const QString& video, const QString& message);
    QImage poster() const { return poster_; }
    /// A window while the run goes on (coarse, then decoded): its first frame is shown, with
    /// its labels, until the result comes; a run that fails or is cancelled goes back to what
    /// was shown before.
    void showPreview(const AutoencodePreview& preview);
    /// The preview shown now (none: no frames).
    AutoencodePreview preview() const { return preview_; }
    /// Copies a result file to `path` atomically; returns false (and says why) on failure.
    bool exportFile(const QString& source, const QString& path);

    // Playback of the last result (frame indices into its frames).
    void play();
    void pause();
    bool isPlaying() const;
    /// Shows frame `frame` of both videos (clamped), playing or not.
    void seek(int frame);
    void stepFrame(int delta);
    int currentFrame() const { return frame_; }
    int frameCount() const { return int(last_.reconstructedFrames.size()); }
    /// 0.25, 0.5 or 1.
    void setSpeed(double speed);
    void setLoop(bool loop);
    /// Milliseconds between frames at the chosen speed.
    int frameInterval() const;
    QImage shownInput() const;
    QImage shownReconstruction() const;

Q_SIGNALS:
    void runRequested(studio::AutoencodeRequest request);
    /// Class names for the current model from a file (e.g. Kinetics-700).
    void labelFileChosen(QString model, QString path);
    /// A video was opened: the main window answers with setPoster() or videoFailed().
    void posterRequested(QString video);

public:
    QString inputDescription() const override;

protected:
    void run() override;
    bool inputsReady() const override { return !video_.isEmpty(); }
    void runEnabledChanged(bool enabled) override;

private:
    void togglePlay();
    void showLabels(const QList<ClassScore>& top);
    void advance();
    void showFrame();
    void chooseAudio();
    void syncAudio();

    QString video_;
    QImage poster_;
    AutoencodeResult last_;
    AutoencodePreview preview_;  ///< shown while a run goes on
    int frame_ = 0;
    QSpinBox* chunks_ = nullptr;
    QLabel* inputLabel_ = nullptr;
    QLabel* psnr_ = nullptr;
    QTableWidget* psnrTable_ = nullptr;
    QListWidget* labels_ = nullptr;
    ImageView* inputView_ = nullptr;
    ImageView* reconstructionView_ = nullptr;
    QGroupBox* reconstructionBox_ = nullptr;
    QTimer* clock_ = nullptr;        ///< the frame clock while playing
    QMediaPlayer* sound_ = nullptr;  ///< the chosen soundtrack, following the clock
    QAudioOutput* soundOut_ = nullptr;
    QPushButton* play_ = nullptr;
    QSlider* position_ = nullptr;
    QLabel* frameLabel_ = nullptr;
    QComboBox* speed_ = nullptr;
    QCheckBox* loop_ = nullptr;
    QComboBox* audio_ = nullptr;
};

}  // namespace studio
