// Exported figures: what a view shows, at a chosen scale, with its title, colour bar and labels
// (the inspector's PNG export). Nearest neighbour throughout: each value stays one square.
// Thread-safety: free functions on values (GUI or any thread: QImage and QPainter on images).
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>

namespace studio {

struct FigureLayout {
    QRect body;  ///< where the scaled body is in the figure
};

/// `title` above `body` scaled `scale` times; `colorBar` (largest at the top) to its right with
/// `high` and `low` at its ends; with `axisCount` > 0 the body is a matrix of that many rows and
/// columns and its indices label both axes.
QImage composeFigure(const QString& title, const QImage& body, int scale, const QImage& colorBar, const QString& low, const QString& high,
                     int axisCount = 0, FigureLayout* layout = nullptr);

/// Text as cells, `perRow` to a row, each token drawn in its cell on the colour `colorBar` gives
/// its weight (as a share of the largest); `scale` times 24 × 28 px per cell.
QImage tokenFigure(const QStringList& tokens, const QVector<float>& weights, const QImage& colorBar, int scale, int perRow = 32);

/// The colour `colorBar` (largest at the top) gives to `fraction` in [0, 1].
QColor colorBarAt(const QImage& colorBar, double fraction);

}  // namespace studio
