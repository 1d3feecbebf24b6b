// The model manager: the six public DeepMind checkpoints, what is on this machine (built-in
// demo models, the Hugging Face cache, folders people opened), download with progress and
// cancel, open a folder; and where models run (CPU / CUDA, threads).
#pragma once

#include "task_types.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace studio {

class ModelManager : public QWidget {
    Q_OBJECT
public:
    explicit ModelManager(QWidget* parent = nullptr);

    void setModels(const QList<ModelInfo>& models);
    QList<ModelInfo> models() const { return models_; }
    /// Devices offered ("cpu", "cuda" when the LibTorch build has it) and the current one.
    void setDevices(const QStringList& devices, const QString& current);
    void setThreads(int threads, int maxThreads);
    void setDownloading(bool on);
    void setProgress(double fraction, const QString& stage);
    void setStatus(const QString& text);
    QTableWidget* table() const { return table_; }
    QPushButton* downloadButton() const { return download_; }
    /// Spec of the selected row, or "".
    QString selectedSpec() const;

Q_SIGNALS:
    void downloadRequested(QString repo);
    void cancelRequested();
    void folderOpened(QString path);
    void deviceChanged(QString device);
    void threadsChanged(int threads);
    void refreshRequested();

private:
    void updateButtons();
    QList<ModelInfo> models_;
    QTableWidget* table_ = nullptr;
    QPushButton* download_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QComboBox* device_ = nullptr;
    QSpinBox* threads_ = nullptr;
    bool downloading_ = false;
};

}  // namespace studio
