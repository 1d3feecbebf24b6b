// Horizontal bars with a label and a percentage each: the top-k classes of a classifier; or,
// relative, any non-negative values drawn against the largest (e.g. |change| per latent).
#pragma once

#include <QList>
#include <QPair>
#include <QWidget>

namespace studio {

class BarChart : public QWidget {
    Q_OBJECT
public:
    explicit BarChart(QWidget* parent = nullptr);
    /// (label, probability in [0, 1]) best first.
    void setBars(const QList<QPair<QString, double>>& bars);
    QList<QPair<QString, double>> bars() const { return bars_; }
    /// Values of any size: bars against the largest, each value printed as it is (no %).
    void setRelative(bool relative);
    QSize sizeHint() const override;
    /// The bar under widget point `p`, or -1.
    int barAt(const QPoint& p) const;

Q_SIGNALS:
    void barClicked(int index);  ///< a left click on bar `index` (best first)

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent* e) override;

private:
    QString valueText(double value) const;
    QList<QPair<QString, double>> bars_;
    bool relative_ = false;
};

}  // namespace studio
