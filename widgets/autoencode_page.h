// Autoencoding: open a video, encode it window by window and decode in chunks (progress per
// chunk); the input and the reconstruction play side by side in sync (Qt Multimedia), either
// soundtrack audible; top-5 labels, PSNR per window; export the MP4s and the WAV.
#pragma once

#include "task_page.h"

class QAudioOutput;
class QComboBox;
class QLabel;
class QListWidget;
class QMediaPlayer;
class QSlider;
class QSpinBox;
class QVideoWidget;

namespace studio {

class AutoencodePage : public TaskPage {
    Q_OBJECT
public:
    explicit AutoencodePage(QWidget* parent = nullptr);

    void showResult(const QVariant& result) override;
    bool openFile(const QString& path) override;
    QString video() const { return video_; }
    AutoencodeResult lastResult() const { return last_; }
    QListWidget* labels() const { return labels_; }
    QMediaPlayer* originalPlayer() const { return original_; }
    QMediaPlayer* reconstructionPlayer() const { return reconstruction_; }
    /// Copies a result file to `path` atomically; returns false (and says why) on failure.
    bool exportFile(const QString& source, const QString& path);

Q_SIGNALS:
    void runRequested(studio::AutoencodeRequest request);
    /// Class names for the current model from a file (e.g. Kinetics-700).
    void labelFileChosen(QString model, QString path);

protected:
    void run() override;
    bool inputsReady() const override { return !video_.isEmpty(); }

private:
    void togglePlay();
    void chooseAudio(int which);

    QString video_;
    AutoencodeResult last_;
    QSpinBox* chunks_ = nullptr;
    QLabel* inputLabel_ = nullptr;
    QLabel* psnr_ = nullptr;
    QListWidget* labels_ = nullptr;
    QMediaPlayer* original_ = nullptr;
    QMediaPlayer* reconstruction_ = nullptr;
    QAudioOutput* originalAudio_ = nullptr;
    QAudioOutput* reconstructionAudio_ = nullptr;
    QVideoWidget* originalView_ = nullptr;
    QVideoWidget* reconstructionView_ = nullptr;
    QSlider* position_ = nullptr;
    QComboBox* audio_ = nullptr;
};

}  // namespace studio
