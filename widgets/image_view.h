// An image shown as large as fits, aspect kept, smooth on high-DPI screens; reports the image
// pixel under the mouse (for read-outs) and accepts dropped files.
#pragma once

#include <QImage>
#include <QLineF>
#include <QPoint>
#include <QVector>
#include <QWidget>

class QPainter;

namespace studio {

/// The empty view's look, shared by the image and matrix views: a dashed frame and `text`.
void paintPlaceholder(QPainter& painter, const QWidget& widget, const QString& text);

/// Arrows (each from p1 to p2, in image coordinates) drawn as vectors: a white halo under a dark
/// line with a head, `scale` display pixels per image pixel, `offset` where the image's origin is.
void paintArrows(QPainter& painter, const QVector<QLineF>& arrows, double scale, QPointF offset = {});

/// An image file as RGB888, EXIF orientation applied; a null image and `error` set on failure.
QImage readImageFile(const QString& path, QString* error);

class ImageView : public QWidget {
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    QImage image() const { return image_; }
    /// Text shown while there is no image ("Drop an image here", ...).
    void setPlaceholder(const QString& text);
    /// The text drawn while there is no image.
    QString placeholder() const { return placeholder_; }
    /// Arrows over the image, drawn at the display's resolution (paintArrows); image
    /// coordinates: pixel (x, y)'s centre is (x + 0.5, y + 0.5).
    void setArrows(const QVector<QLineF>& arrows);
    QVector<QLineF> arrows() const { return arrows_; }
    /// Display pixels per image pixel (0 without an image).
    double displayScale() const;

    QSize sizeHint() const override { return {320, 240}; }
    /// Image pixel under widget point `p`, or (-1, -1) outside the image.
    QPoint imagePixelAt(const QPoint& p) const;

Q_SIGNALS:
    void hovered(QPoint imagePixel);   ///< (-1, -1) when the mouse leaves the image
    void fileDropped(QString path);
    void clicked(QPoint imagePixel);   ///< a left click on the image (not outside it)
    void resized();                    ///< the display scale may have changed

protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent*) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    QRect targetRect() const;
    QImage image_;
    QString placeholder_;
    QVector<QLineF> arrows_;
};

}  // namespace studio
