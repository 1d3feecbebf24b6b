#include "bar_chart.h"

#include <QMouseEvent>
#include <algorithm>
#include <QPainter>

namespace studio {

BarChart::BarChart(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void BarChart::setBars(const QList<QPair<QString, double>>& bars) {
    bars_ = bars;
    QStringList tip;
    for (const auto& [label, p] : bars_) tip << QStringLiteral("%1: %2").arg(label, valueText(p));
    setToolTip(tip.join('\n'));
    updateGeometry();
    update();
}

void BarChart::setRelative(bool relative) {
    relative_ = relative;
    update();
}

QString BarChart::valueText(double value) const {
    return relative_ ? QString::number(value, 'g', 3) : QStringLiteral("%1 %").arg(100 * value, 0, 'f', 1);
}

QSize BarChart::sizeHint() const {
    const int row = fontMetrics().height() * 2;
    return {360, std::max(1, int(bars_.size())) * row + 8};
}

int BarChart::barAt(const QPoint& p) const {
    const int row = fontMetrics().height() * 2;
    if (p.y() < 4 || p.x() < 0 || p.x() >= width()) return -1;
    const int i = (p.y() - 4) / row;
    return i < bars_.size() ? i : -1;
}

void BarChart::mousePressEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton)
        if (const int i = barAt(e->position().toPoint()); i >= 0) Q_EMIT barClicked(i);
    QWidget::mousePressEvent(e);
}

void BarChart::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int row = fontMetrics().height() * 2;
    const int pctWidth = fontMetrics().horizontalAdvance(QStringLiteral("100.0 %")) + 8;
    const QColor bar = palette().highlight().color();
    double largest = 0;
    for (const auto& b : bars_) largest = std::max(largest, b.second);
    for (int i = 0; i < bars_.size(); ++i) {
        const auto& [label, prob] = bars_[i];
        const int y = 4 + i * row;
        const QRect textRect(0, y, width() - pctWidth, fontMetrics().height());
        p.setPen(palette().text().color());
        p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, fontMetrics().elidedText(label, Qt::ElideRight, textRect.width()));
        p.drawText(QRect(width() - pctWidth, y, pctWidth, row), Qt::AlignRight | Qt::AlignVCenter,
                   valueText(prob));
        const int barTop = y + fontMetrics().height() + 2;
        const int barHeight = row - fontMetrics().height() - 6;
        const int full = width() - pctWidth - 4;
        p.setPen(Qt::NoPen);
        p.setBrush(palette().midlight());
        p.drawRoundedRect(QRect(0, barTop, full, barHeight), 3, 3);
        p.setBrush(i == 0 ? bar : bar.lighter(130));
        p.drawRoundedRect(QRect(0, barTop, std::max(2, int(full * std::clamp(relative_ ? (largest > 0 ? prob / largest : 0.0) : prob, 0.0, 1.0))), barHeight), 3, 3);
    }
}

}  // namespace studio
