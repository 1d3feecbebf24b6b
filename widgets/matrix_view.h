// A square matrix drawn as cells (nearest neighbour, one colour per cell), with its row and
// column indices on the axes, a colour bar with the values at its ends, and the value of the
// cell under the cursor: the latent self-attention of one layer / head.
#pragma once

#include <QImage>
#include <QPoint>
#include <QRect>
#include <QVector>
#include <QWidget>

namespace studio {

class MatrixView : public QWidget {
    Q_OBJECT
public:
    explicit MatrixView(QWidget* parent = nullptr);

    /// `cells`: one pixel per cell (rows x cols); `values` row-major; `colorBar` the scale from
    /// `lo` (bottom) to `hi` (top). A null `cells` clears the view.
    void setMatrix(const QImage& cells, const QVector<float>& values, double lo, double hi, const QImage& colorBar);
    void setPlaceholder(const QString& text);
    /// Axis titles: the rows' and the columns' meaning.
    void setAxisTitles(const QString& rows, const QString& columns);
    QImage cells() const { return cells_; }
    /// The (row, column) of the cell under widget point `p` as (x = column, y = row), or (-1, -1).
    QPoint cellAt(const QPoint& p) const;
    /// Where cell (row, column) is drawn, in widget coordinates.
    QRect cellRect(int row, int column) const;
    /// The read-out of the cell last hovered ("row 3 → column 7: 0.0412"), empty when none.
    QString readout() const { return readout_; }

    QSize sizeHint() const override { return {360, 360}; }

Q_SIGNALS:
    void hovered(int row, int column, double value);  ///< (-1, -1, 0) when the mouse leaves the cells

protected:
    void paintEvent(QPaintEvent*) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent*) override;

private:
    QRect matrixRect() const;
    QImage cells_;
    QVector<float> values_;
    double lo_ = 0, hi_ = 0;
    QImage colorBar_;
    QString placeholder_, rowsTitle_, columnsTitle_, readout_;
};

}  // namespace studio
