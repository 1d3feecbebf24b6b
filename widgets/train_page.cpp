#include "train_page.h"

#include "image_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <cmath>

namespace studio {

namespace {

const QStringList kImageClassifiers = {QStringLiteral("PerceiverForImageClassificationLearned"),
                                       QStringLiteral("PerceiverForImageClassificationFourier"),
                                       QStringLiteral("PerceiverForImageClassificationConvProcessing")};
const QStringList kTextStarts = {QStringLiteral("PerceiverForMaskedLM"), QStringLiteral("PerceiverForSequenceClassification")};

/// Seconds in a few words: "40 s", "7 min", "1 h 05 min".
QString shortDuration(double seconds) {
    const long s = std::lround(seconds);
    if (s < 60) return TrainPage::tr("%1 s").arg(std::max<long>(5, (s + 4) / 5 * 5));
    if (s < 3600) return TrainPage::tr("%1 min").arg((s + 30) / 60);
    return TrainPage::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

/// A round tick interval for `span` in about `ticks` steps: 1, 2, 2.5 or 5 times a power of ten.
double niceInterval(double span, int ticks) {
    const double raw = span / std::max(1, ticks), p = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-12))));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * p >= raw) return m * p;
    return 10 * p;
}

/// `axis` from 0 to `top`, ticks at round values.
void setRoundRange(QValueAxis* axis, double top) {
    const double step = niceInterval(top, 5);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(0, std::ceil(top / step - 1e-9) * step);
}

QChartView* newChart(const QString& title, QValueAxis*& x, QValueAxis*& y, const QList<QLineSeries*>& series) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    x = new QValueAxis;
    x->setLabelFormat(QStringLiteral("%d"));
    x->setTitleText(TrainPage::tr("step"));
    y = new QValueAxis;
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries* s : series) {
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    return view;
}

}  // namespace

TrainPage::TrainPage(QWidget* parent) : TaskPage(kImageClassifiers, parent) {
    runButton()->setText(tr("&Start"));
    runButton()->setToolTip(tr("Start fine-tuning the model on the data (Ctrl+Enter)"));
    cancelButton()->setText(tr("Stop"));
    cancelButton()->setToolTip(tr("Stop after the current step; the best evaluation so far stays kept (Esc)"));

    taskBox_ = new QComboBox;
    taskBox_->setObjectName(QStringLiteral("taskBox"));
    taskBox_->addItem(tr("Images: a folder with one sub-folder per class"), QStringLiteral("image"));
    taskBox_->addItem(tr("Texts: a CSV / TSV with a “text” and a “label” column"), QStringLiteral("text"));
    data_ = new QLineEdit;
    data_->setObjectName(QStringLiteral("dataPath"));
    data_->setPlaceholderText(tr("DIR/<class>/… or DIR/train/<class> + DIR/val/<class>"));
    auto* browse = new QPushButton(tr("&Browse…"));
    example_ = new QPushButton(tr("Example data"));
    example_->setObjectName(QStringLiteral("exampleData"));
    example_->setToolTip(tr("Write a folder of four shapes the demo shapes model never saw (ring, diamond, bar, crescent) and use it"));
    auto* dataRow = new QHBoxLayout;
    dataRow->addWidget(data_, 1);
    dataRow->addWidget(browse);
    dataRow->addWidget(example_);
    fraction_ = new QDoubleSpinBox;
    fraction_->setObjectName(QStringLiteral("heldOutFraction"));
    fraction_->setRange(0.05, 0.5);
    fraction_->setSingleStep(0.05);
    fraction_->setValue(0.2);
    fraction_->setToolTip(tr("The share of each class held out for evaluation, when the data gives no split (train/ + val/)"));
    out_ = new QLineEdit;
    out_->setObjectName(QStringLiteral("outputPath"));
    out_->setText(QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("fine-tuned/model")));
    auto* browseOut = new QPushButton(tr("Bro&wse…"));
    auto* outRow = new QHBoxLayout;
    outRow->addWidget(out_, 1);
    outRow->addWidget(browseOut);

    preset_ = new QComboBox;
    preset_->setObjectName(QStringLiteral("preset"));
    preset_->addItem(tr("The head only, quick (encoder frozen)"));
    preset_->addItem(tr("The whole model (slower, learns more)"));
    preset_->addItem(tr("Custom"));
    steps_ = new QSpinBox;
    steps_->setObjectName(QStringLiteral("steps"));
    steps_->setRange(1, 1000000);
    batch_ = new QSpinBox;
    batch_->setObjectName(QStringLiteral("batchSize"));
    batch_->setRange(1, 1024);
    evalEvery_ = new QSpinBox;
    evalEvery_->setObjectName(QStringLiteral("evalEvery"));
    evalEvery_->setRange(1, 100000);
    evalEvery_->setToolTip(tr("Steps between held-out evaluations (and attention snapshots)"));
    lr_ = new QDoubleSpinBox;
    lr_->setObjectName(QStringLiteral("learningRate"));
    lr_->setDecimals(5);
    lr_->setRange(0.00001, 0.1);
    lr_->setSingleStep(0.0001);
    freeze_ = new QCheckBox(tr("Freeze the encoder (train the decoder and head only)"));
    freeze_->setObjectName(QStringLiteral("freezeEncoder"));
    augment_ = new QCheckBox(tr("Augment images (crops, flips, brightness)"));
    augment_->setChecked(true);
    fresh_ = new QCheckBox(tr("Start from a fresh small model instead (random weights, the demo models' size)"));
    fresh_->setObjectName(QStringLiteral("freshModel"));
    fresh_->setToolTip(tr("Nothing loaded: a model as small as the demo models, initialised as Hugging Face initialises one"));
    auto* form = new QFormLayout;
    const auto labelFor = [](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text);
        l->setBuddy(buddy);
        return l;
    };
    form->addRow(labelFor(tr("&Data:"), taskBox_), taskBox_);
    form->addRow(QString(), dataRow);
    auto* fractionRow = new QHBoxLayout;
    fractionRow->addWidget(fraction_);
    fractionRow->addStretch(1);
    form->addRow(labelFor(tr("&Held out:"), fraction_), fractionRow);
    form->addRow(labelFor(tr("Sa&ve as:"), out_), outRow);
    form->addRow(labelFor(tr("Pr&eset:"), preset_), preset_);
    auto* numbers = new QHBoxLayout;
    for (auto [label, box] : {std::pair<QString, QWidget*>{tr("steps"), steps_}, {tr("batch"), batch_}, {tr("learning rate"), lr_}, {tr("evaluate every"), evalEvery_}}) {
        auto* l = new QLabel(label);
        l->setBuddy(box);
        numbers->addWidget(l);
        numbers->addWidget(box);
    }
    numbers->addStretch(1);
    form->addRow(QString(), numbers);
    form->addRow(QString(), freeze_);
    form->addRow(QString(), augment_);
    form->addRow(QString(), fresh_);

    pause_ = new QPushButton(tr("&Pause"));
    pause_->setObjectName(QStringLiteral("pauseButton"));
    pause_->setCheckable(true);
    pause_->setEnabled(false);
    pause_->setToolTip(tr("Pause between steps; press again to go on"));
    resume_ = new QPushButton(tr("Res&ume"));
    resume_->setObjectName(QStringLiteral("resumeButton"));
    resume_->setEnabled(false);
    resume_->setToolTip(tr("Continue a stopped run from its kept checkpoint"));
    auto* controls = new QHBoxLayout;
    controls->addWidget(pause_);
    controls->addWidget(resume_);
    stats_ = new QLabel;
    stats_->setObjectName(QStringLiteral("trainStats"));
    stats_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    controls->addWidget(stats_, 1);

    loss_ = new QLineSeries;
    loss_->setName(tr("training loss"));
    heldOutLoss_ = new QLineSeries;
    heldOutLoss_->setName(tr("held-out loss"));
    accuracy_ = new QLineSeries;
    accuracy_->setName(tr("held-out accuracy"));
    for (QLineSeries* s : {heldOutLoss_, accuracy_}) s->setPointsVisible(true);  // (the first evaluation is one point)
    lossView_ = newChart(tr("Loss"), lossX_, lossY_, {loss_, heldOutLoss_});
    lossView_->setObjectName(QStringLiteral("lossChart"));
    QValueAxis* accuracyY = nullptr;
    accuracyView_ = newChart(tr("Held-out accuracy"), accuracyX_, accuracyY, {accuracy_});
    accuracyView_->setObjectName(QStringLiteral("accuracyChart"));
    setRoundRange(accuracyY, 1.0);
    accuracyY->setLabelFormat(QStringLiteral("%.1f"));
    lossY_->setLabelFormat(QStringLiteral("%.2f"));
    setRoundRange(lossY_, 2.0);

    attention_ = new ImageView;
    attention_->setObjectName(QStringLiteral("trainAttention"));
    attention_->setPlaceholder(tr("It appears at the first evaluation"));
    attention_->setMinimumSize(200, 160);
    attentionCaption_ = new QLabel;
    attentionCaption_->setObjectName(QStringLiteral("attentionCaption"));
    attentionCaption_->setWordWrap(true);
    auto* attentionBox = new QGroupBox(tr("What the class output reads of one held-out example"));
    attentionBox->setToolTip(tr("The classifier's query traced through the latents to the input (as the inspector's Trace does): it changes as the head learns, the encoder frozen or not"));
    auto* attentionLayout = new QVBoxLayout(attentionBox);
    attentionLayout->addWidget(attention_, 1);
    attentionLayout->addWidget(attentionCaption_);

    log_ = new QPlainTextEdit;
    log_->setObjectName(QStringLiteral("trainLog"));
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(2000);
    log_->setPlaceholderText(tr("What the run loaded, re-initialised and kept appears here."));

    auto* charts = new QSplitter(Qt::Horizontal);
    charts->addWidget(lossView_);
    charts->addWidget(accuracyView_);
    charts->addWidget(attentionBox);
    auto* lower = new QSplitter(Qt::Vertical);
    lower->addWidget(charts);
    lower->addWidget(log_);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 1);
    content()->addLayout(form);
    content()->addLayout(controls);
    content()->addWidget(lower, 1);
    addResultViews({lossView_, accuracyView_, attention_});

    connect(taskBox_, &QComboBox::currentIndexChanged, this, [this] { setTask(task()); });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = task() == QLatin1String("image")
                                 ? QFileDialog::getExistingDirectory(this, tr("Image folder (one sub-folder per class)"), dataPath())
                                 : QFileDialog::getOpenFileName(this, tr("Labelled texts"), dataPath(), tr("CSV / TSV (*.csv *.tsv *.tab);;All files (*)"));
        if (!path.isEmpty()) setDataPath(path);
    });
    connect(browseOut, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the fine-tuned model as (a folder)"), outputPath());
        if (!path.isEmpty()) {
            outEdited_ = true;
            setOutputPath(path);
        }
    });
    connect(example_, &QPushButton::clicked, this, [this] {
        setTask(QStringLiteral("image"));
        Q_EMIT exampleDataRequested(QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("example-shapes")));
    });
    connect(data_, &QLineEdit::textChanged, this, [this] {
        // The output follows the data's name until it is edited ("fine-tuned/<data>").
        if (!outEdited_ && !dataPath().isEmpty())
            out_->setText(QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                              .filePath(QStringLiteral("fine-tuned/") + QFileInfo(dataPath()).completeBaseName()));
        updateHeldOutFraction();
        updateRunEnabled();
        updateResultState();
    });
    connect(out_, &QLineEdit::textEdited, this, [this] { outEdited_ = true; });
    connect(preset_, &QComboBox::currentIndexChanged, this, &TrainPage::applyPreset);
    for (QSpinBox* box : {steps_, batch_, evalEvery_})
        connect(box, &QSpinBox::valueChanged, this, [this] {
            if (!applyingPreset_) preset_->setCurrentIndex(2);
        });
    connect(lr_, &QDoubleSpinBox::valueChanged, this, [this] {
        if (!applyingPreset_) preset_->setCurrentIndex(2);
    });
    connect(freeze_, &QCheckBox::toggled, this, [this] {
        if (!applyingPreset_) preset_->setCurrentIndex(2);
    });
    connect(fresh_, &QCheckBox::toggled, this, [this](bool on) { modelBox()->setEnabled(!on); });
    connect(pause_, &QPushButton::toggled, this, [this](bool on) {
        if (paused_) paused_->store(on);
        pause_->setText(on ? tr("&Go on") : tr("&Pause"));
        updateStats();
    });
    connect(resume_, &QPushButton::clicked, this, [this] {
        if (!isBusy()) start(true);
    });
    applyPreset(0);
    updateRunEnabled();
}

void TrainPage::applyPreset(int index) {
    if (index == 2) return;  // custom: the values as they are
    applyingPreset_ = true;
    const bool headOnly = index == 0;
    freeze_->setChecked(headOnly);
    steps_->setValue(headOnly ? 150 : 300);
    batch_->setValue(16);
    lr_->setValue(headOnly ? 0.002 : 0.001);
    evalEvery_->setValue(25);
    applyingPreset_ = false;
}

void TrainPage::setTask(const QString& task) {
    const int i = taskBox_->findData(task);
    if (i >= 0 && i != taskBox_->currentIndex()) taskBox_->setCurrentIndex(i);  // (comes back here)
    const bool image = task == QLatin1String("image");
    if (!dataPath().isEmpty() && QFileInfo(dataPath()).isDir() != image) data_->clear();  // a folder for images, a file for texts
    setArchitectures(image ? kImageClassifiers : kTextStarts);
    augment_->setEnabled(image);
    example_->setEnabled(image);
    updateRunEnabled();
}

QString TrainPage::task() const { return taskBox_->currentData().toString(); }

void TrainPage::setDataPath(const QString& path) { data_->setText(path); }
QString TrainPage::dataPath() const { return data_->text().trimmed(); }
void TrainPage::setOutputPath(const QString& path) {
    outEdited_ = true;
    out_->setText(path);
}
QString TrainPage::outputPath() const { return out_->text().trimmed(); }
QString TrainPage::checkpointPath() const { return outputPath() + QStringLiteral("-checkpoint"); }

bool TrainPage::openFile(const QString& path) {
    const QFileInfo f(path);
    if (f.isDir()) setTask(QStringLiteral("image"));
    else if (f.suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0 || f.suffix().compare(QLatin1String("tsv"), Qt::CaseInsensitive) == 0)
        setTask(QStringLiteral("text"));
    else return false;
    setDataPath(path);
    return true;
}

bool TrainPage::inputsReady() const { return data_ && !dataPath().isEmpty() && !outputPath().isEmpty(); }

QString TrainPage::inputDescription() const {
    return tr("%1, %2 steps").arg(QFileInfo(dataPath()).fileName()).arg(steps_->value());
}

QString TrainPage::inputKey() const {
    return QStringLiteral("%1|%2|%3|%4|%5|%6|%7").arg(task(), dataPath()).arg(steps_->value()).arg(batch_->value()).arg(lr_->value()).arg(freeze_->isChecked()).arg(fresh_->isChecked());
}

TrainRequest TrainPage::request() const {
    TrainRequest r;
    r.task = task();
    r.data = dataPath();
    r.heldOutFraction = fraction_->value();
    r.init = currentModel();
    r.fresh = fresh_->isChecked();
    r.out = outputPath();
    r.checkpoint = checkpointPath();
    r.freezeEncoder = freeze_->isChecked();
    r.augment = augment_->isChecked();
    r.steps = steps_->value();
    r.batchSize = batch_->value();
    r.evalEvery = evalEvery_->value();
    r.learningRate = lr_->value();
    return r;
}

void TrainPage::run() { start(false); }

void TrainPage::start(bool resume) {
    TrainRequest r = request();
    if (resume) {
        r.resume = checkpointPath();
        appendLog(tr("Resuming from the checkpoint kept at step %1 (%2).").arg(keptStep_).arg(r.resume));
    } else {
        // Never over an earlier model: a taken name gets a number.
        QString base = r.out;
        static const QRegularExpression numbered(QStringLiteral("-\\d+$"));
        if (const QRegularExpressionMatch m = numbered.match(base); m.hasMatch() && QFileInfo::exists(base.left(m.capturedStart())))
            base = base.left(m.capturedStart());  // model-2 taken too: model-3, not model-2-2
        QString out = base;
        for (int n = 2; QFileInfo::exists(out) || QFileInfo::exists(out + QStringLiteral("-checkpoint")); ++n) out = base + QStringLiteral("-%1").arg(n);
        if (out != r.out) {
            appendLog(tr("“%1” exists: the model goes to “%2”.").arg(r.out, out));
            setOutputPath(out);
            r.out = out;
            r.checkpoint = checkpointPath();
        }
        keptStep_ = -1;
        keptAccuracy_ = -1;
    }
    paused_ = r.paused;
    setFormEnabled(false);
    pause_->setChecked(false);
    pause_->setEnabled(true);
    resume_->setEnabled(false);
    steps_total_ = r.steps;
    Q_EMIT trainRequested(r);
}

void TrainPage::updateHeldOutFraction() {
    // A folder with train/ + val/ gives its own split: the fraction does not apply.
    const QDir d(dataPath());
    const bool given = task() == QLatin1String("image") && d.exists(QStringLiteral("train")) &&
                       (d.exists(QStringLiteral("val")) || d.exists(QStringLiteral("validation")));
    fraction_->setEnabled(!given && taskBox_->isEnabled());
    fraction_->setToolTip(given ? tr("The folder gives its split (train/ and val/): nothing else is held out")
                                : tr("The share of each class held out for evaluation, when the data gives no split (train/ + val/)"));
}

void TrainPage::setFormEnabled(bool enabled) {
    for (QWidget* w : std::initializer_list<QWidget*>{taskBox_, data_, out_, preset_, steps_, batch_, evalEvery_, lr_, fraction_, freeze_, fresh_, example_})
        w->setEnabled(enabled);
    augment_->setEnabled(enabled && task() == QLatin1String("image"));
    example_->setEnabled(enabled && task() == QLatin1String("image"));
    updateHeldOutFraction();
}

void TrainPage::resetCurves(int firstStep) {
    if (firstStep <= 1) {
        loss_->clear();
        heldOutLoss_->clear();
        accuracy_->clear();
        maxLoss_ = 0;
        attentionImage_ = QImage();
        attention_->setImage(QImage());
        attentionCaption_->clear();
    }
    else {  // resumed: the run from the kept step on replaces what came after it
        const auto dropFrom = [](QLineSeries* series, double x) {
            QList<QPointF> points = series->points();
            while (!points.isEmpty() && points.last().x() >= x) points.removeLast();
            series->replace(points);
        };
        dropFrom(loss_, firstStep);
        dropFrom(heldOutLoss_, firstStep - 1);  // (the kept step is evaluated again first)
        dropFrom(accuracy_, firstStep - 1);
    }
    for (QValueAxis* x : {lossX_, accuracyX_}) setRoundRange(x, std::max(1, steps_total_));
}

void TrainPage::appendLog(const QString& line) { log_->appendPlainText(line); }

void TrainPage::showStarted(const TrainStarted& s) {
    started_ = s;
    resetCurves(s.firstStep);
    appendLog(tr("%1 training and %2 held-out examples%3, %n label(s): %4", nullptr, int(s.labels.size()))
                  .arg(s.trainingExamples)
                  .arg(s.heldOutExamples)
                  .arg(s.splitGiven ? tr(" (the data's own split)") : QString())
                  .arg(s.labels.join(QStringLiteral(", "))));
    if (s.firstStep > 1) appendLog(tr("Resumed at step %1 from %2.").arg(s.firstStep).arg(s.source));
    else if (!s.reinitialised.isEmpty())
        appendLog(tr("From %1: initialised anew (the labels differ): %2.").arg(s.source, s.reinitialised.join(QStringLiteral(", "))));
    else appendLog(tr("From %1: every weight loaded.").arg(s.source));
    QStringList unused;  // (a head of another size is both: said once, above)
    for (const QString& k : s.unused)
        if (!s.reinitialised.contains(k)) unused << k;
    if (!unused.isEmpty()) appendLog(tr("Not used from the start: %1.").arg(unused.join(QStringLiteral(", "))));
    appendLog(tr("Training %1 of %2 M parameters.").arg(s.trainable / 1e6, 0, 'f', 2).arg(s.parameters / 1e6, 0, 'f', 2));
}

void TrainPage::addPoint(const TrainPoint& p) {
    last_ = p;
    if (!p.paused) {
        if (std::isfinite(p.loss)) {
            loss_->append(p.step, p.loss);
            maxLoss_ = std::max(maxLoss_, p.loss);
        }
        if (p.metrics.contains(QStringLiteral("accuracy"))) {
            const double acc = p.metrics.value(QStringLiteral("accuracy")), loss = p.metrics.value(QStringLiteral("loss"));
            accuracy_->append(p.step, acc);
            heldOutLoss_->append(p.step, loss);
            maxLoss_ = std::max(maxLoss_, loss);
            QString line = tr("step %1: held-out accuracy %2, loss %3").arg(p.step).arg(acc, 0, 'f', 3).arg(loss, 0, 'f', 4);
            if (p.kept) {
                keptStep_ = p.step;
                keptAccuracy_ = acc;
                line += tr(" — kept");
            }
            appendLog(line);
        }
        setRoundRange(lossY_, std::max(0.1, maxLoss_ * 1.05));
        if (!p.attention.isNull()) {
            attentionImage_ = p.attention;
            attention_->setImage(p.attention);
            attentionCaption_->setText(tr("Class “%1”, step %2: the model gives it %3 %.")
                                           .arg(started_.exampleLabel)
                                           .arg(p.step)
                                           .arg(p.exampleProbability * 100, 0, 'f', 1));
        }
    }
    updateStats();
}

bool TrainPage::isPaused() const { return pause_->isChecked(); }

void TrainPage::updateStats() {
    QStringList parts;
    if (last_.step > 0 || !last_.metrics.isEmpty()) parts << tr("step %1 of %2").arg(last_.step).arg(steps_total_);
    if (last_.stepsPerSecond > 0) parts << tr("%1 steps/s").arg(last_.stepsPerSecond, 0, 'f', last_.stepsPerSecond < 10 ? 2 : 1);
    if (isPaused() && isBusy()) parts << (last_.paused ? tr("paused") : tr("pausing after this step…"));
    else if (last_.secondsLeft >= 0 && isBusy()) parts << tr("about %1 left").arg(shortDuration(last_.secondsLeft));
    if (keptStep_ >= 0) parts << tr("kept: step %1, accuracy %2").arg(keptStep_).arg(keptAccuracy_, 0, 'f', 3);
    stats_->setText(parts.join(QStringLiteral(" · ")));
}

QString TrainPage::statsText() const { return stats_->text(); }

void TrainPage::showResult(const QVariant& result) {
    const TrainResult r = result.value<TrainResult>();
    setFormEnabled(true);
    pause_->setChecked(false);
    pause_->setEnabled(false);
    resume_->setEnabled(false);
    appendLog(tr("Done: %1 steps in %2; kept step %3 (held-out accuracy %4). Saved to %5; it is on the task pages now.")
                  .arg(r.steps)
                  .arg(shortDuration(r.seconds))
                  .arg(r.bestStep)
                  .arg(r.metrics.value(QStringLiteral("accuracy")), 0, 'f', 3)
                  .arg(r.out));
    updateStats();
}

void TrainPage::runEnded(bool cancelled) {
    setFormEnabled(true);
    pause_->setChecked(false);
    pause_->setEnabled(false);
    // (A checkpoint of the start is no progress: Start again is the same run.)
    const bool kept = keptStep_ > 0 && keptStep_ < steps_->value() && QFileInfo::exists(checkpointPath() + QStringLiteral("/model.safetensors"));
    resume_->setEnabled(kept);
    if (cancelled) {
        const QString said = kept ? tr("Stopped. The checkpoint of step %1 is kept in %2: Resume continues from it.").arg(keptStep_).arg(checkpointPath())
                                  : tr("Stopped before an evaluation past the start was kept: Start begins again.");
        appendLog(said);
        setStatus(said);
    }
    updateStats();
}

}  // namespace studio
