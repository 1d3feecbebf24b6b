#include "flow_legend.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace studio {

double niceLength(double x) {
    if (!(x > 0)) return 0;
    const double p = std::pow(10.0, std::floor(std::log10(x)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * p <= x) return m * p;
    return p;
}

FlowLegend::FlowLegend(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    setMinimumWidth(150);
}

void FlowLegend::setWheel(const QImage& wheel, double rim) {
    mode_ = Wheel;
    wheel_ = wheel;
    max_ = rim;
    title_ = tr("Direction and speed");
    unit_ = tr("px");
    update();
}

void FlowLegend::setRamp(const QString& title, double max, const QString& unit) {
    mode_ = Ramp;
    title_ = title;
    max_ = max;
    unit_ = unit;
    update();
}

void FlowLegend::clear() {
    mode_ = None;
    refMotion_ = 0;
    update();
}

void FlowLegend::setReferenceArrow(double motion, double length, const QString& label) {
    refMotion_ = motion;
    refLength_ = length;
    refLabel_ = label;
    update();
}

QStringList FlowLegend::labels() const {
    if (mode_ == None) return {};
    QStringList out{title_};
    if (mode_ == Wheel) out << tr("rim: %1 %2").arg(max_, 0, 'f', 2).arg(unit_);
    else out << QStringLiteral("0") << QStringLiteral("%1 %2").arg(max_, 0, 'f', 2).arg(unit_);
    if (refMotion_ > 0) out << refLabel_;
    return out;
}

void FlowLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    paint(painter, rect());
}

void FlowLegend::paint(QPainter& painter, const QRect& rect) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect, palette().window());
    painter.setPen(palette().color(QPalette::WindowText));
    const QFontMetrics fm(painter.font());
    const int line = fm.height(), pad = 8;
    QRect r = rect.adjusted(pad, pad, -pad, -pad);
    if (mode_ != None) {
        painter.drawText(QRect(r.left(), r.top(), r.width(), 2 * line), Qt::AlignLeft | Qt::TextWordWrap, title_);
        r.setTop(r.top() + 2 * line + 4);
    }
    if (mode_ == Wheel && !wheel_.isNull()) {
        const int d = std::min(r.width(), std::max(40, r.height() - 4 * line));
        const QRect disc(r.left() + (r.width() - d) / 2, r.top(), d, d);
        painter.drawImage(disc, wheel_);
        // Right, down, left, up: the image axes (y down, as the flow's v).
        painter.drawText(QRect(r.left(), disc.bottom() + 4, r.width(), line), Qt::AlignHCenter, tr("rim: %1 %2").arg(max_, 0, 'f', 2).arg(unit_));
        r.setTop(disc.bottom() + 8 + line);
    } else if (mode_ == Ramp) {
        const int h = std::max(40, std::min(r.height() - 4 * line, 180));
        const QRect bar(r.left(), r.top() + line / 2, 18, h);
        QLinearGradient g(bar.bottomLeft(), bar.topLeft());
        g.setColorAt(0, Qt::black);
        g.setColorAt(1, Qt::white);
        painter.fillRect(bar, g);
        painter.drawRect(bar.adjusted(0, 0, -1, -1));
        painter.drawText(QPoint(bar.right() + 6, bar.top() + fm.ascent() / 2), QStringLiteral("%1 %2").arg(max_, 0, 'f', 2).arg(unit_));
        painter.drawText(QPoint(bar.right() + 6, bar.bottom() + fm.ascent() / 2), QStringLiteral("0"));
        r.setTop(bar.bottom() + line + 8);
    }
    if (refMotion_ > 0 && refLength_ > 0) {
        // The reference arrow: the same pens as the arrows over the image.
        const double len = std::min<double>(refLength_, r.width());
        const QPointF from(r.left(), r.top() + line / 2.0), to(r.left() + len, from.y());
        for (const auto& [colour, width] : {std::pair{QColor(255, 255, 255), 3.0}, std::pair{QColor(20, 20, 20), 1.5}}) {
            painter.setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(from, to);
            const double head = std::min(6.0, 0.35 * len);
            painter.drawLine(to, to + QPointF(-head, -head * 0.6));
            painter.drawLine(to, to + QPointF(-head, head * 0.6));
        }
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(r.left(), r.top() + line + 4, r.width(), 2 * line), Qt::AlignLeft | Qt::TextWordWrap, refLabel_);
    }
    painter.restore();
}

}  // namespace studio
