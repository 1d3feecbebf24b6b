// The flow page's legend, beside the image (never over it): the colour wheel with the motion at
// its rim for the colour view, a grey ramp from 0 to its maximum with the unit for the
// magnitude and error views, and, while arrows are shown, a reference arrow drawn at the
// arrows' own scale. paint() draws the same legend into an export.
// Thread-safety: GUI thread only.
#pragma once

#include <QImage>
#include <QWidget>

namespace studio {

class FlowLegend : public QWidget {
    Q_OBJECT
public:
    enum Mode { None, Wheel, Ramp };

    explicit FlowLegend(QWidget* parent = nullptr);

    /// The colour view: `wheel` (core's colour wheel) whose rim is `rim` pixels of motion.
    void setWheel(const QImage& wheel, double rim);
    /// A grey view from black (0) to white (`max` in `unit`), titled `title`.
    void setRamp(const QString& title, double max, const QString& unit);
    void clear();
    /// Arrows shown: a reference arrow of `motion` pixels of flow, drawn `length` display pixels
    /// long (the arrows' scale at the view's zoom); `motion` <= 0 hides it.
    void setReferenceArrow(double motion, double length, const QString& label);

    Mode mode() const { return mode_; }
    double rampMax() const { return max_; }
    double wheelRim() const { return max_; }
    double referenceMotion() const { return refMotion_; }
    double referenceLength() const { return refLength_; }
    /// The texts drawn (the title and the end labels), for tests.
    QStringList labels() const;

    /// Draws the legend into `rect` of `painter` (the widget's paint and the flow page's export).
    void paint(QPainter& painter, const QRect& rect) const;

    QSize sizeHint() const override { return {170, 260}; }
    QSize minimumSizeHint() const override { return {140, 200}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    Mode mode_ = None;
    QImage wheel_;
    QString title_, unit_;
    double max_ = 0;
    double refMotion_ = 0, refLength_ = 0;
    QString refLabel_;
};

/// A round number near `x` (1, 2 or 5 times a power of ten) at most `x`: a reference length.
double niceLength(double x);

}  // namespace studio
