// perceiver-studio: the desktop application. Until the task pages land (see the GUI issue),
// it opens a window that says what the project provides and how to use the CLI.
#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Perceiver Studio"));
    QApplication::setApplicationVersion(QStringLiteral(PERCEIVER_VERSION));
    QApplication::setOrganizationName(QStringLiteral("Perceiver Studio"));

    QMainWindow window;
    window.setWindowTitle(QApplication::translate("main", "Perceiver Studio"));
    auto* label = new QLabel(QApplication::translate(
        "main",
        "<h2>Perceiver Studio %1</h2>"
        "<p>The task pages (masked text, image classification, optical flow, autoencoding, "
        "attention) are being built.</p>"
        "<p>The inference core is ready: run any Hugging Face Perceiver checkpoint from the "
        "command line with <code>perceiver run --model DIR --inputs io.safetensors --out "
        "out.safetensors</code>.</p>").arg(QApplication::applicationVersion()));
    label->setWordWrap(true);
    label->setMargin(24);
    window.setCentralWidget(label);
    window.statusBar()->showMessage(QApplication::translate("main", "Ready"));
    window.resize(640, 320);
    window.show();
    return app.exec();
}
