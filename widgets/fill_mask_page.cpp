#include "fill_mask_page.h"

#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QSyntaxHighlighter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace studio {

namespace {

const QString kMask = QStringLiteral("[MASK]");

/// How a candidate is shown: printable ASCII as itself, space as ␣, other bytes in hex.
QString candidateText(const Candidate& c) {
    const int byte = c.byte;
    if (byte < 0) return c.text;
    if (byte == ' ') return QStringLiteral("␣");
    if (byte > ' ' && byte < 0x7f) return QString(QChar(byte));
    return QStringLiteral("0x%1").arg(byte, 2, 16, QLatin1Char('0'));
}

/// Every [MASK] in the editor on the highlight colour, so the bytes to predict stand out.
class MaskHighlighter : public QSyntaxHighlighter {
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

protected:
    void highlightBlock(const QString& text) override {
        QTextCharFormat format;
        const QPalette palette = QGuiApplication::palette();
        format.setBackground(palette.highlight().color().lighter(150));
        format.setFontWeight(QFont::Bold);
        for (int at = text.indexOf(kMask); at >= 0; at = text.indexOf(kMask, at + kMask.size())) setFormat(at, kMask.size(), format);
    }
};

}  // namespace

FillMaskPage::FillMaskPage(QWidget* parent) : TaskPage({QStringLiteral("PerceiverForMaskedLM")}, parent) {
    editor_ = new QPlainTextEdit;
    editor_->setObjectName(QStringLiteral("editor"));
    editor_->setPlaceholderText(tr("Type a text, select a span and press Mask selection (Ctrl+M), or type [MASK] for each byte to predict."));
    editor_->setPlainText(QStringLiteral("This is an incomplete sentence where some words are [MASK][MASK][MASK][MASK][MASK][MASK][MASK]."));
    new MaskHighlighter(editor_->document());
    info_ = new QLabel;
    info_->setObjectName(QStringLiteral("editorInfo"));
    info_->setWordWrap(true);
    auto* mask = new QPushButton(tr("&Mask selection"));
    mask->setObjectName(QStringLiteral("maskButton"));
    mask->setToolTip(tr("Replace the selected text by one [MASK] per UTF-8 byte (Ctrl+M)"));
    topK_ = newTopKBox(20, tr("Alternatives listed per masked byte"));
    auto* useFilled = new QPushButton(tr("&Use filled text"));
    useFilled->setObjectName(QStringLiteral("useFilledButton"));
    useFilled->setToolTip(tr("Replace the editor's text by the filled text"));

    auto* tools = new QHBoxLayout;
    tools->addWidget(mask);
    tools->addWidget(topK_);
    tools->addStretch(1);
    tools->addWidget(useFilled);

    filled_ = new QTextBrowser;
    filled_->setObjectName(QStringLiteral("filledView"));
    filled_->setPlaceholderText(tr("The filled text appears here, predicted bytes highlighted."));
    alternatives_ = new QTreeWidget;
    alternatives_->setObjectName(QStringLiteral("alternatives"));
    alternatives_->setHeaderLabels({tr("Masked byte"), tr("Prediction"), tr("Probability")});
    alternatives_->setToolTip(tr("Double-click an alternative to put it into the editor"));
    alternatives_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* results = new QSplitter(Qt::Horizontal);
    results->addWidget(filled_);
    results->addWidget(alternatives_);
    results->setStretchFactor(0, 2);
    results->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Vertical);
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(editor_);
    topLayout->addWidget(info_);
    topLayout->addLayout(tools);
    split->addWidget(top);
    split->addWidget(results);
    content()->addWidget(split);

    connect(mask, &QPushButton::clicked, this, &FillMaskPage::maskSelection);
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_M), mask);
    connect(editor_, &QPlainTextEdit::textChanged, this, &FillMaskPage::updateRunEnabled);
    connect(editor_, &QPlainTextEdit::textChanged, this, &FillMaskPage::updateResultState);
    connect(topK_, &QSpinBox::valueChanged, this, &FillMaskPage::updateResultState);
    addResultViews({filled_, alternatives_});
    connect(useFilled, &QPushButton::clicked, this, [this] { editor_->setPlainText(last_.filled); });
    connect(alternatives_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (item->parent()) acceptCandidate(alternatives_->indexOfTopLevelItem(item->parent()), item->parent()->indexOfChild(item));
    });
    connect(alternatives_, &QTreeWidget::itemSelectionChanged, this, &FillMaskPage::renderFilled);
    addResultActions({useFilled});
    updateRunEnabled();  // the editor's line for the sample text
}

int FillMaskPage::inputBytes() const {
    const QString text = editor_->toPlainText();
    return int(text.toUtf8().size() - (kMask.size() - 1) * text.count(kMask));
}

bool FillMaskPage::inputsReady() const {
    if (!editor_ || !editor_->toPlainText().contains(kMask)) return false;
    const int limit = currentModelMaxTextBytes();
    return limit <= 0 || inputBytes() <= limit;
}

QString FillMaskPage::editorInfo() const {
    return info_->text();
}

void FillMaskPage::runEnabledChanged(bool enabled) {
    Q_UNUSED(enabled);
    if (!info_) return;  // (during construction)
    const int bytes = inputBytes(), limit = currentModelMaxTextBytes();
    const int masks = int(editor_->toPlainText().count(kMask));
    const QString count = limit > 0 ? tr("%1 / %2 bytes").arg(bytes).arg(limit) : tr("%1 bytes").arg(bytes);
    if (limit > 0 && bytes > limit)
        setInputLine(info_, tr("%1: %2 over this model's limit. Shorten the text to run.").arg(count).arg(bytes - limit), true);
    else if (masks == 0)
        setInputLine(info_, tr("%1. No [MASK] yet, so nothing to predict: select text and press Mask selection (Ctrl+M).").arg(count), true);
    else
        setInputLine(info_, tr("%1, %n masked.", nullptr, masks).arg(count), false);
}

void FillMaskPage::maskSelection() {
    QTextCursor c = editor_->textCursor();
    if (!c.hasSelection()) {
        setStatus(tr("Select the text to mask first."));
        return;
    }
    const int bytes = c.selectedText().toUtf8().size();
    c.insertText(kMask.repeated(bytes));
    setStatus(tr("%n byte(s) masked.", nullptr, bytes));
}

QString FillMaskPage::inputDescription() const {
    const QString text = editor_->toPlainText();
    const QString start = text.size() > 40 ? text.left(39) + QStringLiteral("…") : text;
    return tr("“%1” (%2 bytes), top %3").arg(start.simplified()).arg(text.toUtf8().size()).arg(topK_->value());
}

QString FillMaskPage::inputKey() const {
    return QString::number(topK_->value()) + QLatin1Char('#') + editor_->toPlainText();
}

void FillMaskPage::run() {
    FillMaskRequest r;
    r.model = currentModel();
    r.text = editor_->toPlainText();
    r.topK = topK_->value();
    Q_EMIT runRequested(r);
}

void FillMaskPage::showResult(const QVariant& result) {
    last_ = result.value<FillMaskResult>();
    alternatives_->clear();
    for (int i = 0; i < last_.masks.size(); ++i) {
        const MaskSlot& s = last_.masks[i];
        auto* top = new QTreeWidgetItem(alternatives_);
        top->setText(0, tr("byte %1").arg(s.byteIndex));
        if (!s.candidates.isEmpty()) {
            top->setText(1, candidateText(s.candidates.first()));
            top->setText(2, QStringLiteral("%1 %").arg(100 * s.candidates.first().probability, 0, 'f', 1));
        }
        for (const Candidate& c : s.candidates) {
            auto* child = new QTreeWidgetItem(top);
            child->setText(1, candidateText(c));
            child->setText(2, QStringLiteral("%1 %").arg(100 * c.probability, 0, 'f', 1));
        }
    }
    renderFilled();
    setStatus(tr("%n masked byte(s) predicted.", nullptr, int(last_.masks.size())));
}

void FillMaskPage::renderFilled() {
    // The request text with each run of [MASK] replaced by its best bytes, decoded together
    // (a multi-byte character may span several masks) and highlighted; the selected slot's run
    // is underlined.
    const QString& text = last_.text;
    const int selectedSlot = alternatives_->currentItem()
                                 ? alternatives_->indexOfTopLevelItem(alternatives_->currentItem()->parent() ? alternatives_->currentItem()->parent()
                                                                                                              : alternatives_->currentItem())
                                 : -1;
    QString html = QStringLiteral("<p style='font-size:large'>");
    int slot = 0, pos = 0;
    while (pos < text.size()) {
        const int at = text.indexOf(kMask, pos);
        if (at < 0) {
            html += text.mid(pos).toHtmlEscaped();
            break;
        }
        html += text.mid(pos, at - pos).toHtmlEscaped();
        QByteArray bytes;
        bool selected = false;
        pos = at;
        while (text.mid(pos, kMask.size()) == kMask && slot < last_.masks.size()) {
            const auto& cands = last_.masks[slot].candidates;
            if (!cands.isEmpty() && cands.first().byte >= 0) bytes.append(char(cands.first().byte));
            selected = selected || slot == selectedSlot;
            ++slot;
            pos += kMask.size();
        }
        if (bytes.isEmpty() && pos == at) {  // more masks than predictions: show the rest verbatim
            html += text.mid(pos).toHtmlEscaped();
            break;
        }
        html += QStringLiteral("<span style='background-color:%1;%2'>%3</span>")
                    .arg(palette().highlight().color().lighter(160).name(), selected ? QStringLiteral("text-decoration:underline") : QString(),
                         QString::fromUtf8(bytes).toHtmlEscaped());
    }
    html += QStringLiteral("</p>");
    filled_->setHtml(html);
}

bool FillMaskPage::acceptCandidate(int slot, int candidate) {
    if (slot < 0 || slot >= last_.masks.size() || candidate < 0 || candidate >= last_.masks[slot].candidates.size()) return false;
    const Candidate c = last_.masks[slot].candidates[candidate];  // a copy: removeAt(slot) below frees the original
    const int byte = c.byte;
    if (byte < 0 || byte >= 0x80) {
        setStatus(tr("This alternative is a special token or part of a multi-byte character; use the filled text instead."));
        return false;
    }
    // The slot-th [MASK] of the editor, as long as the editor still has the run's masks.
    QString text = editor_->toPlainText();
    int at = -1;
    for (int i = 0, from = 0; i <= slot; ++i) {
        at = text.indexOf(kMask, from);
        if (at < 0) break;
        from = at + kMask.size();
    }
    if (at < 0 || text != last_.text) {
        setStatus(tr("The text changed since the run; run again to accept alternatives."));
        return false;
    }
    text.replace(at, kMask.size(), QString(QChar(byte)));
    editor_->setPlainText(text);
    // Later slots keep their order; the accepted one is gone from the text.
    last_.text = text;
    adoptInputAsResult();  // the page's own edit: the other alternatives still apply
    last_.masks.removeAt(slot);
    delete alternatives_->takeTopLevelItem(slot);
    renderFilled();
    last_.filled = filled_->toPlainText();
    setStatus(tr("Accepted “%1”.").arg(candidateText(c)));
    return true;
}

}  // namespace studio
