#include "model_manager.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace studio {

ModelManager::ModelManager(QWidget* parent) : QWidget(parent) {
    table_ = new QTableWidget(0, 5);
    table_->setObjectName(QStringLiteral("modelTable"));
    table_->setHorizontalHeaderLabels({tr("Model"), tr("Class"), tr("Parameters"), tr("Status"), tr("Location")});
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);

    download_ = new QPushButton(tr("&Download"));
    download_->setObjectName(QStringLiteral("downloadButton"));
    download_->setToolTip(tr("Fetch config and weights from the Hugging Face hub into its cache"));
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setObjectName(QStringLiteral("cancelDownloadButton"));
    cancel_->setEnabled(false);
    auto* openFolder = new QPushButton(tr("Open &folder…"));
    openFolder->setToolTip(tr("A folder with config.json and model.safetensors / pytorch_model.bin"));
    auto* refresh = new QPushButton(tr("&Refresh"));
    refresh->setToolTip(tr("Look again at the Hugging Face cache"));
    progress_ = new QProgressBar;
    progress_->setRange(0, 1000);
    progress_->setVisible(false);
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("managerStatus"));
    status_->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(download_);
    buttons->addWidget(cancel_);
    buttons->addWidget(progress_, 1);
    buttons->addStretch(0);
    buttons->addWidget(openFolder);
    buttons->addWidget(refresh);

    device_ = new QComboBox;
    device_->setObjectName(QStringLiteral("deviceBox"));
    threads_ = new QSpinBox;
    threads_->setObjectName(QStringLiteral("threadsBox"));
    threads_->setToolTip(tr("LibTorch threads for inference (applies from the next job)"));
    auto* runtime = new QGroupBox(tr("Runtime"));
    auto* form = new QFormLayout(runtime);
    form->addRow(tr("Device:"), device_);
    form->addRow(tr("Threads:"), threads_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);
    layout->addWidget(status_);
    layout->addWidget(runtime);

    connect(table_, &QTableWidget::itemSelectionChanged, this, &ModelManager::updateButtons);
    connect(download_, &QPushButton::clicked, this, [this] {
        const QString spec = selectedSpec();
        if (!spec.isEmpty()) Q_EMIT downloadRequested(spec);
    });
    connect(cancel_, &QPushButton::clicked, this, &ModelManager::cancelRequested);
    connect(refresh, &QPushButton::clicked, this, &ModelManager::refreshRequested);
    connect(openFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open model folder"));
        if (!dir.isEmpty()) Q_EMIT folderOpened(dir);
    });
    connect(device_, &QComboBox::currentTextChanged, this, [this] { Q_EMIT deviceChanged(device_->currentData().toString()); });
    connect(threads_, &QSpinBox::valueChanged, this, &ModelManager::threadsChanged);
    updateButtons();
}

void ModelManager::setModels(const QList<ModelInfo>& models) {
    const QString selected = selectedSpec();
    models_ = models;
    table_->setRowCount(int(models.size()));
    const QLocale locale;
    for (int r = 0; r < models.size(); ++r) {
        const ModelInfo& m = models[r];
        QString status;
        if (m.origin == QLatin1String("demo")) status = tr("built in");
        else if (m.available) status = tr("on this machine");
        else status = tr("not downloaded");
        const QStringList cells{m.name, m.architecture,
                                m.parameters >= 1e6  ? tr("%1 M (%2 MB)").arg(m.parameters / 1e6, 0, 'f', 1).arg(m.parameters * 4 / 1e6, 0, 'f', 0)
                                : m.parameters > 0 ? tr("%1 k (%2 MB)").arg(m.parameters / 1e3, 0, 'f', 0).arg(m.parameters * 4 / 1e6, 0, 'f', 1)
                                                   : QString(),
                                status, m.spec};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(m.description.isEmpty() ? m.spec : m.description);
            if (c == 0) item->setData(Qt::UserRole, m.spec);
            table_->setItem(r, c, item);
        }
        if (m.spec == selected) table_->selectRow(r);
    }
    updateButtons();
}

QString ModelManager::selectedSpec() const {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return {};
    return table_->item(rows.first().row(), 0)->data(Qt::UserRole).toString();
}

void ModelManager::updateButtons() {
    const QString spec = selectedSpec();
    bool downloadable = false;
    for (const auto& m : models_)
        if (m.spec == spec) downloadable = m.origin == QLatin1String("catalog") || m.origin == QLatin1String("cache");
    download_->setEnabled(!downloading_ && downloadable);
    download_->setText(tr("&Download"));
    for (const auto& m : models_)
        if (m.spec == spec && m.available && downloadable) download_->setText(tr("Check for &updates"));
}

void ModelManager::setDevices(const QStringList& devices, const QString& current) {
    QSignalBlocker b(device_);
    device_->clear();
    for (const auto& d : devices) device_->addItem(d == QLatin1String("cuda") ? tr("CUDA GPU") : tr("CPU"), d);
    device_->setCurrentIndex(std::max(0, device_->findData(current)));
    device_->setEnabled(devices.size() > 1);
    device_->setToolTip(devices.size() > 1 ? tr("Where models run") : tr("This LibTorch build has no CUDA: models run on the CPU"));
}

void ModelManager::setThreads(int threads, int maxThreads) {
    QSignalBlocker b(threads_);
    threads_->setRange(1, std::max(1, maxThreads));
    threads_->setValue(threads);
}

void ModelManager::setDownloading(bool on) {
    downloading_ = on;
    cancel_->setEnabled(on);
    progress_->setVisible(on);
    progress_->setValue(0);
    updateButtons();
}

void ModelManager::setProgress(double fraction, const QString& stage) {
    progress_->setValue(int(1000 * std::clamp(fraction, 0.0, 1.0)));
    if (!stage.isEmpty()) status_->setText(stage);
}

void ModelManager::setStatus(const QString& text) {
    status_->setText(text);
}

}  // namespace studio
