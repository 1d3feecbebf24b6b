// Image classification: open, drop or paste an image; see the exact crop the model sees and
// the top-k classes as a bar chart; switch between the three image classifiers.
#pragma once

#include "task_page.h"

class QSpinBox;

namespace studio {

class BarChart;
class ImageView;

class ClassifyPage : public TaskPage {
    Q_OBJECT
public:
    explicit ClassifyPage(QWidget* parent = nullptr);

    void showResult(const QVariant& result) override;
    bool openFile(const QString& path) override;
    /// Uses an image from the clipboard or elsewhere.
    void setImage(const QImage& image, const QString& source);
    void pasteImage();
    QImage image() const { return image_; }
    /// Where image() came from (a file name, or "clipboard").
    QString imageSource() const { return source_; }
    BarChart* chart() const { return chart_; }
    ImageView* modelView() const { return view_; }

Q_SIGNALS:
    void runRequested(studio::ClassifyRequest request);

public:
    QString inputDescription() const override;

protected:
    void run() override;
    QString inputKey() const override;
    bool inputsReady() const override { return !image_.isNull(); }

private:
    ImageView* input_ = nullptr;
    ImageView* view_ = nullptr;
    BarChart* chart_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QImage image_;
    QString source_;  ///< the image's file name, or "clipboard"
};

}  // namespace studio
