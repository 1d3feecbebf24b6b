#include "classify_page.h"

#include "bar_chart.h"
#include "image_view.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QMimeData>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace studio {

ClassifyPage::ClassifyPage(QWidget* parent)
    : TaskPage({QStringLiteral("PerceiverForImageClassificationLearned"), QStringLiteral("PerceiverForImageClassificationFourier"),
                QStringLiteral("PerceiverForImageClassificationConvProcessing")},
               parent) {
    auto* open = new QPushButton(tr("&Open image…"));
    open->setObjectName(QStringLiteral("openButton"));
    auto* paste = new QPushButton(tr("&Paste"));
    paste->setToolTip(tr("Use the image on the clipboard (Ctrl+Shift+V)"));
    topK_ = newTopKBox(20);
    auto* tools = new QHBoxLayout;
    tools->addWidget(open);
    tools->addWidget(paste);
    tools->addWidget(topK_);
    tools->addStretch(1);

    input_ = new ImageView;
    input_->setObjectName(QStringLiteral("inputView"));
    input_->setPlaceholder(tr("Open, drop or paste an image"));
    view_ = new ImageView;
    view_->setObjectName(QStringLiteral("modelView"));
    view_->setPlaceholder(tr("The crop the model sees"));
    view_->setToolTip(tr("Exactly what the classifier receives: centre crop, bicubic resize, before normalisation"));
    chart_ = new BarChart;
    chart_->setObjectName(QStringLiteral("chart"));

    auto* inBox = new QGroupBox(tr("Image"));
    (new QVBoxLayout(inBox))->addWidget(input_);
    auto* viewBox = new QGroupBox(tr("What the model sees"));
    (new QVBoxLayout(viewBox))->addWidget(view_);
    auto* chartBox = new QGroupBox(tr("Top classes"));
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->addWidget(chart_);
    chartLayout->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addWidget(inBox, 3);
    row->addWidget(viewBox, 2);
    row->addWidget(chartBox, 3);
    content()->addLayout(tools);
    content()->addLayout(row, 1);

    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open image"), QString(),
                                                          tr("Images (%1);;All files (*)").arg(imagePatterns()));
        if (!path.isEmpty()) openFile(path);
    });
    connect(paste, &QPushButton::clicked, this, &ClassifyPage::pasteImage);
    addShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V), paste);
    connect(input_, &ImageView::fileDropped, this, &ClassifyPage::openFile);
    connect(topK_, &QSpinBox::valueChanged, this, &ClassifyPage::updateResultState);
    addResultViews({view_, chart_});
    connect(view_, &ImageView::fileDropped, this, &ClassifyPage::openFile);
}

bool ClassifyPage::openFile(const QString& path) {
    QString error;
    const QImage img = readImageFile(path, &error);
    if (img.isNull()) {
        showError(tr("Cannot open image"), tr("Cannot read “%1” as an image: %2.").arg(QFileInfo(path).fileName(), error));
        return false;
    }
    setImage(img, QFileInfo(path).fileName());
    Q_EMIT fileOpened({path});
    return true;
}

void ClassifyPage::pasteImage() {
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    if (mime && mime->hasImage()) {
        setImage(qvariant_cast<QImage>(mime->imageData()), tr("clipboard"));
    } else if (mime && mime->hasUrls() && mime->urls().first().isLocalFile()) {
        openFile(mime->urls().first().toLocalFile());
    } else {
        setStatus(tr("The clipboard holds no image."));
    }
}

void ClassifyPage::setImage(const QImage& image, const QString& source) {
    image_ = image.convertToFormat(QImage::Format_RGB888);
    source_ = source;
    input_->setImage(image_);
    updateResultState();  // the last result stays, marked stale
    setStatus(tr("%1: %2 × %3 pixels").arg(source).arg(image_.width()).arg(image_.height()));
    updateRunEnabled();
}

QString ClassifyPage::inputDescription() const {
    if (image_.isNull()) return {};
    return tr("%1 (%2 × %3 px), top %4").arg(source_).arg(image_.width()).arg(image_.height()).arg(topK_->value());
}

QString ClassifyPage::inputKey() const {
    return inputDescription() + QLatin1Char('#') + QString::number(image_.cacheKey());
}

void ClassifyPage::run() {
    ClassifyRequest r;
    r.model = currentModel();
    r.image = image_;
    r.topK = topK_->value();
    Q_EMIT runRequested(r);
}

void ClassifyPage::showResult(const QVariant& result) {
    const auto r = result.value<ClassifyResult>();
    view_->setImage(r.modelView);
    QList<QPair<QString, double>> bars;
    for (const auto& c : r.top) bars << qMakePair(c.label, c.probability);
    chart_->setBars(bars);
    if (!r.top.isEmpty())
        setStatus(tr("%1: %2 (%3 %)").arg(r.architecture, r.top.first().label).arg(100 * r.top.first().probability, 0, 'f', 1));
}

}  // namespace studio
