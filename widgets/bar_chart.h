// Horizontal bars with a label and a percentage each: the top-k classes of a classifier.
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
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent*) override;

private:
    QList<QPair<QString, double>> bars_;
};

}  // namespace studio
