#include "task_page.h"

#include <QImageReader>

#include "media/file_types.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QGraphicsOpacityEffect>
#include <QSaveFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
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
constexpr int kMaxTextRole = Qt::UserRole + 2;  ///< ModelInfo::maxTextBytes
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
    cancel_->setToolTip(tr("Stop the running job within a second (Esc)"));
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

    resultSource_ = new QLabel;
    resultSource_->setObjectName(QStringLiteral("resultSource"));
    resultSource_->setWordWrap(true);
    resultSource_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    resultSource_->setVisible(false);

    content_ = new QVBoxLayout;
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(demoNote_);
    layout->addWidget(status_);
    layout->addWidget(resultSource_);
    layout->addLayout(content_, 1);

    connect(run_, &QPushButton::clicked, this, [this] {
        if (busy_ || !run_->isEnabled()) return;
        pending_ = currentSource();
        run();
    });
    connect(cancel_, &QPushButton::clicked, this, [this] {
        setStatus(tr("Cancelling…"));
        Q_EMIT cancelRequested();
    });
    connect(models_, &QComboBox::currentIndexChanged, this, [this] {
        updateRunEnabled();
        demoNote_->setVisible(currentModelIsDemo());
        updateResultState();
        Q_EMIT modelChanged(currentModel());
    });
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), run_);
    addShortcut(QKeySequence(Qt::Key_Escape), cancel_);
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

void TaskPage::setArchitectures(const QStringList& architectures) {
    if (architectures == architectures_) return;
    architectures_ = architectures;
    setModels(allModels_);
}

void TaskPage::setModels(const QList<ModelInfo>& models) {
    allModels_ = models;
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
        models_->setItemData(row, m.maxTextBytes, kMaxTextRole);
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
    updateResultState();
}

QSpinBox* TaskPage::newTopKBox(int max, const QString& toolTip) {
    auto* box = new QSpinBox;
    box->setRange(1, max);
    box->setValue(5);
    box->setPrefix(tr("top "));
    if (!toolTip.isEmpty()) box->setToolTip(toolTip);
    return box;
}

void TaskPage::setInputLine(QLabel* line, const QString& text, bool problem) const {
    line->setText(text);
    QPalette p = line->palette();
    p.setColor(QPalette::WindowText, problem ? QColor(0xb0, 0x30, 0x20) : palette().color(QPalette::WindowText));
    line->setPalette(p);
}

QString TaskPage::currentModel() const {
    return models_->currentData().toString();
}

bool TaskPage::currentModelIsDemo() const {
    return models_->currentData(kOriginRole).toString() == QLatin1String("demo");
}

int TaskPage::currentModelMaxTextBytes() const {
    return models_->currentData(kMaxTextRole).toInt();
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

TaskPage::RunSource TaskPage::currentSource() const {
    return {currentModel(), models_->currentText(), inputDescription(), inputKey()};
}

void TaskPage::presentResult(const QVariant& result) {
    showResult(result);
    if (pending_) shown_ = std::exchange(pending_, std::nullopt);
    updateResultState();
}

void TaskPage::presentFailure(const QString& message, bool cancelled) {
    pending_.reset();
    if (cancelled) setStatus(tr("Cancelled."));
    else showError(tr("The job failed"), message);
}

bool TaskPage::isResultStale() const {
    return shown_ && (shown_->modelSpec != currentModel() || shown_->key != inputKey());
}

QString TaskPage::resultSourceText() const {
    return shown_ ? resultSource_->text() : QString();
}

void TaskPage::addResultViews(const QList<QWidget*>& views) {
    for (QWidget* v : views) resultViews_ << v;
}

void TaskPage::addResultActions(const QList<QAbstractButton*>& buttons) {
    for (QAbstractButton* b : buttons) {
        resultActions_ << b;
        b->setEnabled(shown_.has_value());
    }
}

void TaskPage::updateResultState() {
    const bool stale = isResultStale();
    if (!shown_) {
        resultSource_->clear();
    } else {
        const QString input = shown_->input.isEmpty() ? tr("its input") : shown_->input;
        const bool model = shown_->modelSpec != currentModel(), data = shown_->key != inputKey();
        resultSource_->setText(!stale  ? tr("Result of %1 on %2.").arg(shown_->modelName, input)
                               : model && data ? tr("⚠ Stale: this result is of %1 on %2; the model and the input have changed since. Run again to update.")
                                                     .arg(shown_->modelName, input)
                               : model ? tr("⚠ Stale: this result is of %1 on %2; the model has changed since. Run again to update.")
                                             .arg(shown_->modelName, input)
                                       : tr("⚠ Stale: this result is of %1 on %2; the input has changed since. Run again to update.")
                                             .arg(shown_->modelName, input));
    }
    resultSource_->setVisible(shown_.has_value());
    for (const QPointer<QAbstractButton>& b : std::as_const(resultActions_))
        if (b) b->setEnabled(shown_.has_value());
    resultSource_->setProperty("stale", stale);
    QFont font = resultSource_->font();
    font.setBold(stale);
    resultSource_->setFont(font);
    for (const QPointer<QWidget>& v : std::as_const(resultViews_)) {
        if (!v) continue;
        auto* effect = qobject_cast<QGraphicsOpacityEffect*>(v->graphicsEffect());
        if (stale && !effect) {
            effect = new QGraphicsOpacityEffect(v);
            effect->setOpacity(0.35);
            v->setGraphicsEffect(effect);  // (takes ownership)
        } else if (!stale && effect) {
            v->setGraphicsEffect(nullptr);  // (deletes it)
        }
    }
}

void TaskPage::adoptInputAsResult() {
    if (!shown_) return;
    shown_->input = inputDescription();
    shown_->key = inputKey();
    updateResultState();
}

void TaskPage::clearResultSource() {
    shown_.reset();
    updateResultState();
}

void TaskPage::setStatus(const QString& text) {
    status_->setText(text);
}

QString TaskPage::statusText() const {
    return status_->text();
}

}  // namespace studio
