// perceiver-studio: the desktop application. Small named set-up steps, as Qt's examples do.
#include "main_window.h"
#include "responsiveness_bench.h"
#include "service.h"

#include "common/atomic_file.h"
#include "common/runtime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTemporaryDir>

namespace {

void setUpApplication() {
    QApplication::setOrganizationName(QStringLiteral("PerceiverStudio"));
    QApplication::setApplicationName(QStringLiteral("perceiver-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Perceiver Studio"));
    QApplication::setApplicationVersion(QStringLiteral(PERCEIVER_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/perceiver-studio.png")));
}

/// --bench-responsiveness: the window with its settings in a temporary folder (the user's
/// are neither read nor changed), no samples, the bench, then quit.
int runBench(int threads, const QString& pages, bool json) {
    QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    studio::MainWindow window;
    if (threads > 0) window.service()->setThreads(threads);
    window.show();
    studio::ResponsivenessOptions options;
    if (!pages.isEmpty()) options.pages = pages.split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.json = json;
    return studio::runResponsivenessBench(window, options);
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
    QCommandLineOption bench(QStringLiteral("bench-responsiveness"),
                             QApplication::translate("main", "Run each page's job on a full-size model with random weights, measure the "
                                                             "longest stall of the window and the time a Cancel takes, print them and quit."));
    parser.addOption(bench);
    QCommandLineOption benchPages(QStringLiteral("pages"), QApplication::translate("main", "With --bench-responsiveness: only these pages (%1).")
                                                               .arg(studio::responsivenessPages().join(QLatin1Char(','))),
                                  QStringLiteral("a,b"));
    parser.addOption(benchPages);
    QCommandLineOption json(QStringLiteral("json"), QApplication::translate("main", "With --bench-responsiveness: print JSON."));
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("files"), QApplication::translate("main", "Images, videos, .flo files or model folders to open."),
                                 QStringLiteral("[files...]"));
    parser.process(app);
    if (parser.isSet(bench)) return runBench(parser.isSet(threads) ? parser.value(threads).toInt() : 0,
                                             parser.value(benchPages), parser.isSet(json));

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
