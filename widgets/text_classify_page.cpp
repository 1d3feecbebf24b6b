#include "text_classify_page.h"

#include "bar_chart.h"

#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace studio {

namespace {

constexpr qint64 kMaxTextFile = 16 << 20;

/// Core's kind of a classifier ("single-label", "multi-label", "regression") in words.
QString kindText(const QString& kind) {
    if (kind == QLatin1String("multi-label")) return TextClassifyPage::tr("multi-label");
    if (kind == QLatin1String("regression")) return TextClassifyPage::tr("regression");
    return TextClassifyPage::tr("single-label");
}

}  // namespace

TextClassifyPage::TextClassifyPage(QWidget* parent) : TaskPage({QStringLiteral("PerceiverForSequenceClassification")}, parent) {
    editor_ = new QPlainTextEdit;
    editor_->setObjectName(QStringLiteral("editor"));
    editor_->setPlaceholderText(tr("Type or paste a text to classify, or open a text file."));
    info_ = new QLabel;
    info_->setObjectName(QStringLiteral("editorInfo"));
    info_->setWordWrap(true);
    auto* open = new QPushButton(tr("&Open text…"));
    open->setObjectName(QStringLiteral("openButton"));
    topK_ = newTopKBox(50, tr("Labels listed, best first"));
    threshold_ = new QDoubleSpinBox;
    threshold_->setObjectName(QStringLiteral("threshold"));
    threshold_->setRange(0.0, 1.0);
    threshold_->setSingleStep(0.05);
    threshold_->setDecimals(2);
    threshold_->setValue(0.5);
    threshold_->setPrefix(tr("threshold "));
    threshold_->setToolTip(tr("Multi-label models: the labels with a probability at or over this are predicted"));
    auto* tools = new QHBoxLayout;
    tools->addWidget(open);
    tools->addWidget(topK_);
    tools->addWidget(threshold_);
    tools->addStretch(1);

    verdict_ = new QLabel;
    verdict_->setObjectName(QStringLiteral("verdict"));
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = verdict_->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    verdict_->setFont(big);
    chart_ = new BarChart;
    chart_->setObjectName(QStringLiteral("chart"));

    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(editor_);
    topLayout->addWidget(info_);
    topLayout->addLayout(tools);
    auto* scores = new QGroupBox(tr("Labels"));
    auto* scoresLayout = new QVBoxLayout(scores);
    scoresLayout->addWidget(verdict_);
    scoresLayout->addWidget(chart_);
    scoresLayout->addStretch(1);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(scores);
    content()->addWidget(split);

    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open text"), QString(), tr("Text files (*.txt *.md *.csv *.tsv);;All files (*)"));
        if (!path.isEmpty()) openFile(path);
    });
    connect(editor_, &QPlainTextEdit::textChanged, this, [this] {
        if (editor_->document()->isModified()) source_.clear();  // typed: no longer the file's text
        updateRunEnabled();
        updateResultState();
    });
    connect(topK_, &QSpinBox::valueChanged, this, &TextClassifyPage::updateResultState);
    connect(threshold_, &QDoubleSpinBox::valueChanged, this, &TextClassifyPage::updateResultState);
    addResultViews({verdict_, chart_});
    updateRunEnabled();
}

bool TextClassifyPage::openFile(const QString& path) {
    QFile f(path);
    const QString name = QFileInfo(path).fileName();
    if (!f.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open text"), tr("Cannot read “%1”: %2.").arg(name, f.errorString()));
        return false;
    }
    if (f.size() > kMaxTextFile) {
        showError(tr("Cannot open text"), tr("“%1” is %2 MB; this page opens texts of up to 16 MB.").arg(name).arg(f.size() >> 20));
        return false;
    }
    const QByteArray bytes = f.readAll();
    if (bytes.contains('\0')) {
        showError(tr("Cannot open text"), tr("“%1” is not a text file (it holds NUL bytes).").arg(name));
        return false;
    }
    editor_->setPlainText(QString::fromUtf8(bytes));
    source_ = name;
    setStatus(tr("%1: %2 bytes").arg(name).arg(bytes.size()));
    Q_EMIT fileOpened({path});
    return true;
}

bool TextClassifyPage::inputsReady() const { return editor_ && !editor_->toPlainText().isEmpty(); }

void TextClassifyPage::runEnabledChanged(bool enabled) {
    Q_UNUSED(enabled);
    if (!info_) return;  // (during construction)
    const int bytes = int(editor_->toPlainText().toUtf8().size()), limit = currentModelMaxTextBytes();
    if (bytes == 0)
        setInputLine(info_, tr("Type a text to classify."), false);
    else if (limit > 0 && bytes > limit)
        setInputLine(info_, tr("%1 bytes: this model reads the first %2, so the last %3 will not count.").arg(bytes).arg(limit).arg(bytes - limit), true);
    else
        setInputLine(info_, limit > 0 ? tr("%1 / %2 bytes").arg(bytes).arg(limit) : tr("%1 bytes").arg(bytes), false);
}

QString TextClassifyPage::editorInfo() const { return info_->text(); }

QString TextClassifyPage::verdictText() const { return verdict_->text(); }

QString TextClassifyPage::inputDescription() const {
    const QString text = editor_->toPlainText();
    if (text.isEmpty()) return {};
    const QString start = text.size() > 40 ? text.left(39) + QStringLiteral("…") : text;
    const QString what = source_.isEmpty() ? QStringLiteral("“%1”").arg(start.simplified()) : source_;
    return tr("%1 (%2 bytes), top %3").arg(what).arg(text.toUtf8().size()).arg(topK_->value());
}

QString TextClassifyPage::inputKey() const {
    return QStringLiteral("%1#%2#").arg(topK_->value()).arg(threshold_->value()) + editor_->toPlainText();
}

void TextClassifyPage::run() {
    TextClassifyRequest r;
    r.model = currentModel();
    r.text = editor_->toPlainText();
    r.topK = topK_->value();
    r.threshold = threshold_->value();
    Q_EMIT runRequested(r);
}

void TextClassifyPage::showResult(const QVariant& result) {
    const auto r = result.value<TextClassifyResult>();
    const bool regression = r.kind == QLatin1String("regression");
    QList<QPair<QString, double>> bars;
    for (const auto& c : r.top) {
        const bool predicted = r.kind == QLatin1String("multi-label") && r.predicted.contains(c.label);
        bars << qMakePair(predicted ? QStringLiteral("✔ %1").arg(c.label) : c.label, c.probability);
    }
    chart_->setVisible(!regression);
    chart_->setBars(regression ? QList<QPair<QString, double>>{} : bars);
    QString verdict;
    if (r.top.isEmpty()) {
        verdict = tr("No labels.");
    } else if (regression) {
        QStringList values;
        for (const auto& c : r.top) values << QStringLiteral("%1 = %2").arg(c.label).arg(c.probability, 0, 'g', 5);
        verdict = tr("Regression: %1").arg(values.join(QStringLiteral(", ")));
    } else if (r.kind == QLatin1String("multi-label")) {
        verdict = r.predicted.isEmpty() ? tr("Multi-label: no label reaches the threshold %1 (the highest: %2, %3 %).")
                                              .arg(r.threshold, 0, 'f', 2)
                                              .arg(r.top.first().label)
                                              .arg(100 * r.top.first().probability, 0, 'f', 1)
                                        : tr("Multi-label: %1 (a probability of at least %2)").arg(r.predicted.join(QStringLiteral(", "))).arg(r.threshold, 0, 'f', 2);
    } else {
        verdict = tr("%1 (%2 %)").arg(r.top.first().label).arg(100 * r.top.first().probability, 0, 'f', 1);
    }
    if (r.readBytes < r.textBytes)
        verdict += QLatin1Char('\n') + tr("Read the first %1 of %2 bytes; the rest was left out.").arg(r.readBytes).arg(r.textBytes);
    verdict_->setText(verdict);
    setStatus(tr("%1, %2: %3").arg(r.architecture, kindText(r.kind), verdict.section(QLatin1Char('\n'), 0, 0)));
}

}  // namespace studio
