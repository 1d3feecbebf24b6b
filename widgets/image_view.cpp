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

void paintArrows(QPainter& p, const QVector<QLineF>& arrows, double scale, QPointF offset) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    for (const auto& [colour, width] : {std::pair{QColor(255, 255, 255), 3.0}, std::pair{QColor(20, 20, 20), 1.5}}) {
        p.setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        for (const QLineF& a : arrows) {
            const QLineF l(offset + a.p1() * scale, offset + a.p2() * scale);
            const double len = l.length();
            if (len < 1.0) {  // no motion to speak of: a dot where the arrow starts
                p.drawPoint(l.p1());
                continue;
            }
            p.drawLine(l);
            const double head = std::min(6.0, 0.35 * len);
            const QPointF d = (l.p2() - l.p1()) / len, n(-d.y(), d.x());
            p.drawLine(l.p2(), l.p2() - d * head + n * head * 0.6);
            p.drawLine(l.p2(), l.p2() - d * head - n * head * 0.6);
        }
    }
    p.restore();
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

void ImageView::setArrows(const QVector<QLineF>& arrows) {
    arrows_ = arrows;
    update();
}

double ImageView::displayScale() const {
    const QRect r = targetRect();
    return image_.isNull() ? 0.0 : double(r.width()) / image_.width();
}

void ImageView::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    Q_EMIT resized();
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
    if (!arrows_.isEmpty()) paintArrows(p, arrows_, displayScale(), r.topLeft());
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
