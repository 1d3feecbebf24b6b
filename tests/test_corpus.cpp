// The hostile corpus, end to end: every case of tests/corpus/make_corpus.py (bad and extreme
// checkpoints, configs, media and options) run through the `perceiver` CLI. Each must end in
// its exit code with one line of ours on stderr that names the problem (no crash, no hang, no
// line from libpng or FFmpeg first), leave no partial output behind, and stay within a memory
// budget (peak RSS, measured by wait4; not under sanitizers, whose shadow memory counts too).
// The corpus is generated afresh into a temporary folder by the script: nothing binary is
// committed. Needs python3 (packaging/dev-setup.sh installs it).
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;

namespace {

struct Outcome {
    bool timedOut = false;
    int signal = 0;       ///< the signal that ended it, or 0
    int code = -1;
    long maxRssKb = 0;
    QString err;
};

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// fork + exec with stdout / stderr to files, extra environment, a wall-clock limit; wait4
// gives the child's peak resident memory.
Outcome runCli(const std::string& dir, const std::vector<std::string>& args, const std::map<std::string, std::string>& env, int seconds) {
    const std::string outPath = dir + "/.stdout", errPath = dir + "/.stderr";
    const pid_t pid = fork();
    if (pid == 0) {
        if (chdir(dir.c_str()) != 0) _exit(127);
        const int out = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, 1);
        dup2(err, 2);
        for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
        setenv("OMP_NUM_THREADS", "1", 1);
        std::vector<char*> argv{const_cast<char*>(PERCEIVER_CLI)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(PERCEIVER_CLI, argv.data());
        _exit(127);
    }
    Outcome o;
    int status = 0;
    rusage usage{};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (true) {
        const pid_t r = wait4(pid, &status, WNOHANG, &usage);
        if (r == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            o.timedOut = true;
            kill(pid, SIGKILL);
            wait4(pid, &status, 0, &usage);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
    if (WIFEXITED(status)) o.code = WEXITSTATUS(status);
    o.maxRssKb = usage.ru_maxrss;
    o.err = QString::fromStdString(readText(errPath)).trimmed();
    return o;
}

}  // namespace

class TestCorpus : public QObject {
    Q_OBJECT
    std::string dir_;
    nlohmann::json cases_;

private Q_SLOTS:
    void initTestCase() {
        dir_ = (fs::temp_directory_path() / ("perceiver-corpus-" + std::to_string(::getpid()))).string();
        fs::remove_all(dir_);
        QProcess gen;
        gen.start(QStringLiteral("python3"), {QStringLiteral(PERCEIVER_SOURCE_DIR "/tests/corpus/make_corpus.py"),
                                               QString::fromStdString(dir_), QStringLiteral(PERCEIVER_TEST_DATA "/fixtures")});
        QVERIFY2(gen.waitForFinished(120000), "make_corpus.py did not finish");
        QVERIFY2(gen.exitCode() == 0, qPrintable(gen.readAllStandardError()));
        cases_ = nlohmann::json::parse(readText(dir_ + "/cases.json"));
        QVERIFY(cases_.size() >= 60);
    }
    void cleanupTestCase() { fs::remove_all(dir_); }

    void hostileCase_data() {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < cases_.size(); ++i) {
            const std::string name = cases_[i]["group"].get<std::string>() + ": " + cases_[i]["name"].get<std::string>();
            QTest::newRow(name.c_str()) << static_cast<int>(i);
        }
    }
    void hostileCase() {
        QFETCH(int, index);
        const nlohmann::json& c = cases_[index];
        const auto args = c["args"].get<std::vector<std::string>>();
        const auto env = c["env"].get<std::map<std::string, std::string>>();
        const Outcome o = runCli(dir_, args, env, 90);
        QVERIFY2(!o.timedOut, "hung: still running after 90 s");
        QVERIFY2(o.signal == 0, qPrintable(QStringLiteral("killed by signal %1; stderr: %2").arg(o.signal).arg(o.err)));
        QVERIFY2(o.code == c["rc"].get<int>(), qPrintable(QStringLiteral("exit code %1, expected %2; stderr: %3")
                                                             .arg(o.code).arg(c["rc"].get<int>()).arg(o.err)));
        const QString expected = QString::fromStdString(c["stderr"].get<std::string>());
        QVERIFY2(o.err.contains(expected), qPrintable(QStringLiteral("stderr lacks \"%1\": %2").arg(expected, o.err)));
        // Ours only: no "libpng error:", no "[mov,mp4,...] moov atom not found" before our line.
        int errorLines = 0;
        for (const QString& line : o.err.split('\n', Qt::SkipEmptyParts)) {
            QVERIFY2(line.startsWith(QLatin1String("perceiver")), qPrintable("a line not ours on stderr: " + line));
            if (!line.startsWith(QLatin1String("perceiver: no --model given")) && !line.startsWith(QLatin1String("perceiver: warning:")))
                ++errorLines;
        }
        QCOMPARE(errorLines, o.code == 0 ? 0 : 1);  // one error line, the one that names the problem
        if (c["empty"].is_string()) {
            const fs::path empty = fs::path(dir_) / c["empty"].get<std::string>();
            if (fs::exists(empty))
                for (const auto& e : fs::directory_iterator(empty)) QFAIL(qPrintable("left behind: " + QString::fromStdString(e.path().string())));
        }
#ifndef PERCEIVER_SANITIZED
        // Every case is refused before the input's declared size is allocated: LibTorch and the
        // demo model take about 300 MB; a 20000^2 PNG took 3.3 GB, a 3e7-latent config 11 GB.
        QVERIFY2(o.maxRssKb < 1024 * 1024, qPrintable(QStringLiteral("peak memory %1 MB").arg(o.maxRssKb / 1024)));
#endif
    }
};

QTEST_GUILESS_MAIN(TestCorpus)
#include "test_corpus.moc"
