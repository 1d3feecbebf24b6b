#include "image_view.h"

#include <QCoreApplication>

#include <QDragEnterEvent>
#include <QImageReader>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>

namespace studio {

QImage readImageFile(const QString& path, QString* error) {
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QImage img = reader.read();
    if (img.isNull()) {
        if (error && reader.error() == QImageReader::UnsupportedFormatError) {
            QStringList readable;
            for (const QByteArray& f : QImageReader::supportedImageFormats()) readable << QString::fromLatin1(f);
            *error = QCoreApplication::translate("studio::ImageView", "its format is not one this build reads (%1)").arg(readable.join(QStringLiteral(", ")));
        } else if (error) {
            *error = reader.errorString();
        }
        return {};
    }
    return img.convertToFormat(QImage::Format_RGB888);
}

void paintPlaceholder(QPainter& p, const QWidget& w, const QString& text) {
    p.setPen(QPen(w.palette().mid().color(), 1, Qt::DashLine));
    p.drawRect(w.rect().adjusted(4, 4, -5, -5));
    p.setPen(w.palette().placeholderText().color());
    p.drawText(w.rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, text);
}

ImageView::ImageView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setAcceptDrops(true);
    setMinimumSize(120, 90);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageView::setImage(const QImage& image) {
    image_ = image;
    update();
}

void ImageView::setPlaceholder(const QString& text) {
    placeholder_ = text;
    update();
}

QRect ImageView::targetRect() const {
    if (image_.isNull()) return {};
    QSize s = image_.size();
    s.scale(size(), Qt::KeepAspectRatio);
    return QRect(QPoint((width() - s.width()) / 2, (height() - s.height()) / 2), s);
}

QPoint ImageView::imagePixelAt(const QPoint& p) const {
    const QRect r = targetRect();
    if (r.isEmpty() || !r.contains(p)) return {-1, -1};
    const int x = static_cast<int>((p.x() - r.left()) * double(image_.width()) / r.width());
    const int y = static_cast<int>((p.y() - r.top()) * double(image_.height()) / r.height());
    return {std::min(x, image_.width() - 1), std::min(y, image_.height() - 1)};
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    if (image_.isNull()) {
        paintPlaceholder(p, *this, placeholder_);
        return;
    }
    // Upscaled small images (224 crops, tiny flow fields) stay crisp; downscaled ones smooth.
    const QRect r = targetRect();
    p.setRenderHint(QPainter::SmoothPixmapTransform, r.width() < image_.width());
    p.drawImage(r, image_);
}

void ImageView::mouseMoveEvent(QMouseEvent* e) {
    Q_EMIT hovered(imagePixelAt(e->position().toPoint()));
}

void ImageView::mousePressEvent(QMouseEvent* e) {
    const QPoint p = imagePixelAt(e->position().toPoint());
    if (e->button() == Qt::LeftButton && p.x() >= 0) Q_EMIT clicked(p);
    QWidget::mousePressEvent(e);
}

void ImageView::leaveEvent(QEvent*) {
    Q_EMIT hovered({-1, -1});
}

void ImageView::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void ImageView::dropEvent(QDropEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) {
        e->acceptProposedAction();
        Q_EMIT fileDropped(urls.first().toLocalFile());
    }
}

}  // namespace studio
