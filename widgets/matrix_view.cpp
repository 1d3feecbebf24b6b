#include "matrix_view.h"

#include "image_view.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace studio {

namespace {

/// A tick step of 1, 2 or 5 times a power of ten giving at most about `ticks` ticks over `n`.
int tickStep(int n, int ticks) {
    for (int scale = 1;; scale *= 10)
        for (const int m : {1, 2, 5})
            if (n <= m * scale * ticks) return m * scale;
}

}  // namespace

MatrixView::MatrixView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(160, 160);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void MatrixView::setMatrix(const QImage& cells, const QVector<float>& values, double lo, double hi, const QImage& colorBar) {
    cells_ = cells;
    values_ = values;
    lo_ = lo;
    hi_ = hi;
    colorBar_ = colorBar;
    readout_.clear();
    update();
}

void MatrixView::setPlaceholder(const QString& text) {
    placeholder_ = text;
    update();
}

void MatrixView::setAxisTitles(const QString& rows, const QString& columns) {
    rowsTitle_ = rows;
    columnsTitle_ = columns;
    update();
}

QRect MatrixView::matrixRect() const {
    if (cells_.isNull()) return {};
    const QFontMetrics fm = fontMetrics();
    const int left = fm.horizontalAdvance(QStringLiteral("0000")) + fm.height() + 10;  // row ticks and the rows' title
    const int top = fm.height() + 8;                                                    // the columns' title
    const int bottom = fm.height() * 2 + 8;                                             // column ticks and the read-out
    const int right = 12 + 8 + fm.horizontalAdvance(QStringLiteral("0.00000")) + 8;     // the colour bar and its labels
    const int side = std::max(1, std::min(width() - left - right, height() - top - bottom));
    // Whole screen pixels per cell where they fit, so every cell is drawn the same size.
    const int n = std::max(cells_.width(), cells_.height());
    const int per = side >= n ? side / n : 0;
    const int w = per > 0 ? per * cells_.width() : side * cells_.width() / n;
    const int h = per > 0 ? per * cells_.height() : side * cells_.height() / n;
    return QRect(left, top, std::max(1, w), std::max(1, h));
}

QRect MatrixView::cellRect(int row, int column) const {
    const QRect r = matrixRect();
    if (r.isEmpty() || row < 0 || column < 0 || row >= cells_.height() || column >= cells_.width()) return {};
    const int x0 = r.left() + column * r.width() / cells_.width(), x1 = r.left() + (column + 1) * r.width() / cells_.width();
    const int y0 = r.top() + row * r.height() / cells_.height(), y1 = r.top() + (row + 1) * r.height() / cells_.height();
    return QRect(QPoint(x0, y0), QPoint(x1 - 1, y1 - 1));
}

QPoint MatrixView::cellAt(const QPoint& p) const {
    const QRect r = matrixRect();
    if (r.isEmpty() || !r.contains(p)) return {-1, -1};
    const int column = std::min(cells_.width() - 1, (p.x() - r.left()) * cells_.width() / r.width());
    const int row = std::min(cells_.height() - 1, (p.y() - r.top()) * cells_.height() / r.height());
    return {column, row};
}

void MatrixView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    if (cells_.isNull()) {
        paintPlaceholder(p, *this, placeholder_);
        return;
    }
    const QRect r = matrixRect();
    const QFontMetrics fm = fontMetrics();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // cells, not a blur
    p.drawImage(r, cells_);
    p.setPen(palette().text().color());
    p.drawRect(r.adjusted(0, 0, -1, -1));
    // Ticks: every `step` indices, at the cells' centres.
    const int step = tickStep(std::max(cells_.width(), cells_.height()), std::max(2, r.width() / (fm.horizontalAdvance(QStringLiteral("0000")) + 6)));
    for (int i = 0; i < cells_.width(); i += step) {
        const QRect c = cellRect(0, i);
        const int x = c.center().x();
        p.drawLine(x, r.bottom() + 1, x, r.bottom() + 4);
        p.drawText(QRect(x - 30, r.bottom() + 4, 60, fm.height()), Qt::AlignHCenter | Qt::AlignTop, QString::number(i));
    }
    for (int i = 0; i < cells_.height(); i += step) {
        const QRect c = cellRect(i, 0);
        const int y = c.center().y();
        p.drawLine(r.left() - 4, y, r.left() - 1, y);
        p.drawText(QRect(0, y - fm.height() / 2, r.left() - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter, QString::number(i));
    }
    // Titles: the columns' above, the rows' turned along the left edge.
    p.drawText(QRect(r.left(), 0, r.width(), fm.height() + 4), Qt::AlignHCenter | Qt::AlignVCenter, columnsTitle_);
    p.save();
    p.translate(fm.height() / 2 + 1, r.center().y());
    p.rotate(-90);
    p.drawText(QRect(-r.height() / 2, -fm.height() / 2, r.height(), fm.height()), Qt::AlignCenter, rowsTitle_);
    p.restore();
    // The colour bar with its two ends' values.
    const QRect bar(r.right() + 12, r.top(), 12, r.height());
    if (!colorBar_.isNull()) p.drawImage(bar, colorBar_);
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    const int labelX = bar.right() + 4;
    p.drawText(QRect(labelX, r.top(), width() - labelX, fm.height()), Qt::AlignLeft | Qt::AlignTop, QString::number(hi_, 'g', 3));
    p.drawText(QRect(labelX, r.bottom() - fm.height(), width() - labelX, fm.height() + 1), Qt::AlignLeft | Qt::AlignBottom,
               QString::number(lo_, 'g', 3));
    // The read-out.
    p.drawText(QRect(0, r.bottom() + fm.height() + 6, width(), fm.height() + 2), Qt::AlignLeft | Qt::AlignVCenter, readout_);
}

void MatrixView::mouseMoveEvent(QMouseEvent* e) {
    const QPoint c = cellAt(e->position().toPoint());
    const int index = c.y() * cells_.width() + c.x();
    if (c.x() < 0 || index >= values_.size()) {
        if (!readout_.isEmpty()) readout_.clear(), update();
        Q_EMIT hovered(-1, -1, 0);
        return;
    }
    const double value = values_[index];
    readout_ = tr("latent %1 → latent %2: %3").arg(c.y()).arg(c.x()).arg(value, 0, 'g', 4);
    setToolTip(readout_);
    update();
    Q_EMIT hovered(c.y(), c.x(), value);
}

void MatrixView::leaveEvent(QEvent*) {
    readout_.clear();
    update();
    Q_EMIT hovered(-1, -1, 0);
}

}  // namespace studio
