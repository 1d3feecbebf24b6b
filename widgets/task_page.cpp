#include "task_page.h"

#include <QImageReader>

#include "media/file_types.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QSaveFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace studio {

bool TaskPage::isVideoFile(const QString& path) { return perceiver::isVideoPath(path.toStdString()); }
QString TaskPage::videoPatterns() { return QString::fromStdString(perceiver::extensionPatterns(perceiver::kVideoExtensions)); }
QString TaskPage::imagePatterns() {
    // Only what this build's Qt reads: without qt6-image-formats-plugins there is no WebP or
    // TIFF reader, and offering them only leads to "Unsupported image format".
    const QList<QByteArray> readable = QImageReader::supportedImageFormats();
    QStringList patterns;
    for (const std::string_view ext : perceiver::kImageExtensions)
        if (readable.contains(QByteArray(ext.data(), qsizetype(ext.size())))) patterns << QStringLiteral("*.") + QLatin1String(ext.data(), qsizetype(ext.size()));
    return patterns.join(QLatin1Char(' '));
}

namespace {
constexpr int kOriginRole = Qt::UserRole + 1;  ///< ModelInfo::origin of a model box entry
}

TaskPage::TaskPage(const QStringList& architectures, QWidget* parent) : QWidget(parent), architectures_(architectures) {
    auto* top = new QHBoxLayout;
    auto* label = new QLabel(tr("&Model:"));
    models_ = new QComboBox;
    models_->setObjectName(QStringLiteral("modelBox"));
    models_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    models_->setToolTip(tr("Models that can run this task. Open the model manager to download or add more."));
    label->setBuddy(models_);
    run_ = new QPushButton(tr("&Run"));
    run_->setObjectName(QStringLiteral("runButton"));
    run_->setDefault(true);
    run_->setToolTip(tr("Run the model on the input (Ctrl+Enter)"));
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setObjectName(QStringLiteral("cancelButton"));
    cancel_->setEnabled(false);
    cancel_->setToolTip(tr("Stop the running job (within a second)"));
    progress_ = new QProgressBar;
    progress_->setRange(0, 1000);
    progress_->setTextVisible(false);
    progress_->setMaximumWidth(220);
    progress_->setVisible(false);
    top->addWidget(label);
    top->addWidget(models_, 1);
    top->addWidget(run_);
    top->addWidget(cancel_);
    top->addWidget(progress_);

    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("statusLabel"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    demoNote_ = new QLabel(tr("<b>Demo model</b>: a small model Perceiver Studio trained itself to show the task, "
                              "not a DeepMind checkpoint. <a href=\"models\">Get the real checkpoints…</a>"));
    demoNote_->setObjectName(QStringLiteral("demoNote"));
    demoNote_->setWordWrap(true);
    demoNote_->setVisible(false);
    connect(demoNote_, &QLabel::linkActivated, this, [this] { Q_EMIT modelManagerRequested(); });

    content_ = new QVBoxLayout;
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(demoNote_);
    layout->addWidget(status_);
    layout->addLayout(content_, 1);

    connect(run_, &QPushButton::clicked, this, [this] {
        if (!busy_ && run_->isEnabled()) run();
    });
    connect(cancel_, &QPushButton::clicked, this, [this] {
        setStatus(tr("Cancelling…"));
        Q_EMIT cancelRequested();
    });
    connect(models_, &QComboBox::currentIndexChanged, this, [this] {
        updateRunEnabled();
        demoNote_->setVisible(currentModelIsDemo());
        Q_EMIT modelChanged(currentModel());
    });
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), run_);
    updateRunEnabled();
}

void TaskPage::addShortcut(const QKeySequence& keys, QAbstractButton* button) {
    auto* action = new QAction(button->text(), this);
    action->setShortcut(keys);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(action);
    connect(action, &QAction::triggered, button, [button] {
        if (button->isEnabled()) button->click();
    });
}

void TaskPage::setModels(const QList<ModelInfo>& models) {
    const QString previous = currentModel();
    QSignalBlocker block(models_);
    models_->clear();
    QList<ModelInfo> offered;
    for (const auto& m : models)
        if (architectures_.contains(m.architecture)) offered << m;
    std::stable_sort(offered.begin(), offered.end(), [](const ModelInfo& a, const ModelInfo& b) { return a.available > b.available; });
    for (const auto& m : offered) {
        const QString text = m.available ? m.name : tr("%1 (not downloaded)").arg(m.name);  // demo names say "(demo)"
        models_->addItem(text, m.spec);
        const int row = models_->count() - 1;
        models_->setItemData(row, m.origin, kOriginRole);
        models_->setItemData(row, QStringLiteral("%1\n%2\n%3").arg(m.architecture, m.description, m.spec), Qt::ToolTipRole);
        if (!m.available)
            if (auto* model = qobject_cast<QStandardItemModel*>(models_->model())) model->item(row)->setEnabled(false);
    }
    if (models_->count() == 0) models_->addItem(tr("No model for this task: open the model manager"), QString());
    // Keep the previous choice while it can run; a model not downloaded yields to one that
    // appeared since (the demo models arrive after the window is built).
    const int keep = models_->findData(previous);
    const bool keepable = keep >= 0 && (offered.value(keep).available || !offered.value(0).available);
    models_->setCurrentIndex(keepable ? keep : 0);
    updateRunEnabled();
    demoNote_->setVisible(currentModelIsDemo());
}

QString TaskPage::currentModel() const {
    return models_->currentData().toString();
}

bool TaskPage::currentModelIsDemo() const {
    return models_->currentData(kOriginRole).toString() == QLatin1String("demo");
}

bool TaskPage::selectModel(const QString& spec) {
    const int i = models_->findData(spec);
    if (i < 0) return false;
    models_->setCurrentIndex(i);
    return true;
}

void TaskPage::updateRunEnabled() {
    bool modelOk = !currentModel().isEmpty();
    if (auto* model = qobject_cast<QStandardItemModel*>(models_->model()))
        if (auto* item = model->item(models_->currentIndex())) modelOk = modelOk && item->isEnabled();
    run_->setEnabled(!busy_ && modelOk && inputsReady());
    runEnabledChanged(run_->isEnabled());
}

void TaskPage::setBusy(bool busy) {
    busy_ = busy;
    cancel_->setEnabled(busy);
    models_->setEnabled(!busy);
    progress_->setVisible(busy);
    if (busy) {
        progress_->setValue(0);
        setStatus(tr("Waiting for the model…"));
    }
    updateRunEnabled();
}

void TaskPage::setProgress(double fraction, const QString& stage) {
    progress_->setValue(static_cast<int>(1000 * std::clamp(fraction, 0.0, 1.0)));
    if (!stage.isEmpty()) setStatus(stage);
}

void TaskPage::showError(const QString& title, const QString& message) {
    setStatus(message);
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();  // window-modal but not blocking: the app keeps running
}

void TaskPage::exportPng(const QImage& image, const QString& suggestedName) {
    if (image.isNull()) return setStatus(tr("Nothing to export yet: run the model first."));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export PNG"), suggestedName, tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
        return showError(tr("Export failed"), tr("Cannot write “%1”: %2.").arg(path, file.errorString()));
    setStatus(tr("Saved %1").arg(path));
}

void TaskPage::setStatus(const QString& text) {
    status_->setText(text);
}

QString TaskPage::statusText() const {
    return status_->text();
}

}  // namespace studio
