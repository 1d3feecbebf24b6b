// perceiver-studio: the desktop application. Small named set-up steps, as Qt's examples do.
#include "main_window.h"
#include "service.h"

#include "common/atomic_file.h"
#include "common/runtime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

namespace {

void setUpApplication() {
    QApplication::setOrganizationName(QStringLiteral("PerceiverStudio"));
    QApplication::setApplicationName(QStringLiteral("perceiver-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Perceiver Studio"));
    QApplication::setApplicationVersion(QStringLiteral(PERCEIVER_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/perceiver-studio.png")));
}

}  // namespace

int main(int argc, char** argv) {
    perceiver::removeTemporariesOnSignals();  // an interrupted export leaves no .part file behind
    QApplication app(argc, argv);
    setUpApplication();
    // The language in the settings, else the system's (View > Language switches it live).
    studio::MainWindow::installTranslations(QSettings().value(QStringLiteral("language")).toString());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Explore Perceiver and Perceiver IO models."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption threads(QStringLiteral("threads"), QApplication::translate("main", "LibTorch threads (default: all cores)."),
                               QStringLiteral("N"));
    parser.addOption(threads);
    parser.addPositionalArgument(QStringLiteral("files"), QApplication::translate("main", "Images, videos, .flo files or model folders to open."),
                                 QStringLiteral("[files...]"));
    parser.process(app);

    studio::MainWindow window;
    window.service()->setDemoDirectory(
        QString::fromStdString(perceiver::findDataDirectory("PERCEIVER_STUDIO_MODELS", "models", PERCEIVER_SOURCE_MODELS)));
    window.setSampleDirectory(
        QString::fromStdString(perceiver::findDataDirectory("PERCEIVER_STUDIO_SAMPLES", "samples", PERCEIVER_SOURCE_SAMPLES)));
    if (parser.isSet(threads)) window.service()->setThreads(parser.value(threads).toInt());
    window.show();
    for (const QString& f : parser.positionalArguments()) window.openPath(f);
    // The first launch opens on a sample per page, run with the demo models.
    QSettings settings;
    if (!settings.value(QStringLiteral("samplesShown"), false).toBool() && parser.positionalArguments().isEmpty()) {
        window.openSamples();
        settings.setValue(QStringLiteral("samplesShown"), true);
    }
    return app.exec();
}
