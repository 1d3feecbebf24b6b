#include "figure.h"

#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace studio {

QColor colorBarAt(const QImage& colorBar, double fraction) {
    if (colorBar.isNull()) return QColor::fromRgbF(1.0, 1.0 - 0.55 * fraction, 1.0 - 0.9 * fraction);
    const int y = int(std::lround((1.0 - std::clamp(fraction, 0.0, 1.0)) * (colorBar.height() - 1)));
    return colorBar.pixelColor(colorBar.width() / 2, y);
}

QImage composeFigure(const QString& title, const QImage& body, int scale, const QImage& colorBar, const QString& low, const QString& high,
                     int axisCount, FigureLayout* layout) {
    if (body.isNull()) return {};
    scale = std::max(1, scale);
    QFont font;
    font.setPixelSize(13);
    const QFontMetrics fm(font);
    const int pad = 10, line = fm.height();
    const int axis = axisCount > 0 ? fm.horizontalAdvance(QString::number(axisCount - 1)) + 8 : 0;
    const QRect bodyRect(pad + axis, pad + line + 6 + (axisCount > 0 ? line : 0), body.width() * scale, body.height() * scale);
    const int barHeight = std::min(bodyRect.height(), 240);
    const QRect bar(bodyRect.right() + 1 + 16, bodyRect.top(), colorBar.isNull() ? 0 : 18, colorBar.isNull() ? 0 : std::max(barHeight, 60));
    const int labels = colorBar.isNull() ? 0 : std::max(fm.horizontalAdvance(low), fm.horizontalAdvance(high)) + 8;
    const int width = std::max(bar.right() + 1 + labels + pad, pad + fm.horizontalAdvance(title) + pad);
    const int height = std::max(bodyRect.bottom(), bar.bottom()) + 1 + pad;
    QImage out(width, height, QImage::Format_RGB888);
    out.fill(Qt::white);
    QPainter p(&out);
    p.setFont(font);
    p.setPen(Qt::black);
    p.drawText(QRect(pad, pad, width - 2 * pad, line), Qt::AlignLeft | Qt::AlignVCenter, title);
    p.drawImage(bodyRect, body);  // (no smoothing hint: nearest neighbour)
    if (axisCount > 0) {
        // Indices on both axes, as many as fit 28 px apart.
        const double cell = double(bodyRect.width()) / axisCount;
        const int every = std::max(1, int(std::ceil(28.0 / cell)));
        for (int i = 0; i < axisCount; i += every) {
            const int c = int(bodyRect.left() + (i + 0.5) * cell), r = int(bodyRect.top() + (i + 0.5) * cell);
            p.drawText(QRect(c - 20, bodyRect.top() - line - 2, 40, line), Qt::AlignCenter, QString::number(i));
            p.drawText(QRect(pad, r - line / 2, axis - 6, line), Qt::AlignRight | Qt::AlignVCenter, QString::number(i));
        }
    }
    if (!colorBar.isNull()) {
        p.drawImage(bar, colorBar);
        p.drawRect(bar.adjusted(0, 0, -1, -1));
        p.drawText(QPoint(bar.right() + 6, bar.top() + fm.ascent() / 2 + 2), high);
        p.drawText(QPoint(bar.right() + 6, bar.bottom() + fm.ascent() / 2 - 2), low);
    }
    if (layout) layout->body = bodyRect;
    return out;
}

QImage tokenFigure(const QStringList& tokens, const QVector<float>& weights, const QImage& colorBar, int scale, int perRow) {
    const int n = int(std::min<qsizetype>(tokens.size(), weights.size()));
    if (n == 0) return {};
    scale = std::max(1, scale);
    perRow = std::max(1, std::min(perRow, n));
    const int cw = 24 * scale, ch = 28 * scale, rows = (n + perRow - 1) / perRow;
    QImage out(perRow * cw, rows * ch, QImage::Format_RGB888);
    out.fill(Qt::white);
    const float top = *std::max_element(weights.begin(), weights.begin() + n);
    QPainter p(&out);
    QFont font(QStringLiteral("monospace"));
    font.setStyleHint(QFont::Monospace);
    font.setPixelSize(16 * scale);
    p.setFont(font);
    for (int i = 0; i < n; ++i) {
        const QRect cell((i % perRow) * cw, (i / perRow) * ch, cw, ch);
        const QColor c = colorBarAt(colorBar, top > 0 ? weights[i] / top : 0.0);
        p.fillRect(cell, c);
        p.setPen(c.lightnessF() < 0.45 ? Qt::white : Qt::black);
        // A special token ([CLS], [MASK]) in a font small enough for its cell.
        QFont fitted = font;
        for (int px = 16 * scale; px > 4 && QFontMetrics(fitted).horizontalAdvance(tokens[i]) > cw - 2; px -= std::max(1, scale))
            fitted.setPixelSize(px);
        p.setFont(fitted);
        p.drawText(cell, Qt::AlignCenter, tokens[i]);
    }
    return out;
}

}  // namespace studio
