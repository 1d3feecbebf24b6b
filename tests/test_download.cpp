// perceiver download against a loopback HTTP server started here, which serves fixture files
// in the hub's URL layout (HEAD with X-Repo-Commit / ETag / X-Linked-*, LFS redirects, Range),
// can cut a connection mid-file, ignore Range, or serve corrupt bytes. Loopback only.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "checkpoint/hub_download.h"
#include "common/error.h"
#include "common/sha256.h"
#include "model/model_factory.h"
#include "test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

using namespace perceiver;
namespace fs = std::filesystem;

namespace {

const std::string kCommit = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct ServedFile {
    std::string body;
    bool lfs = false;
    std::string corruptBody;  ///< served instead of body when non-empty (etag stays the real one)
};

class HubServer {
public:
    std::map<std::string, ServedFile> files;  ///< repo-relative name -> content
    std::set<std::string> cutFirstGet;         ///< send half the body, then close
    bool ignoreRange = false;
    std::mutex mutex;
    std::map<std::string, int> gets;
    std::vector<std::string> ranges;

    HubServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(fd_, 16);
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { loop(); });
    }
    ~HubServer() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
    }
    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    int fd_ = -1, port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::set<std::string> cutDone_;

    static std::string etagOf(const ServedFile& f) {
        if (f.lfs) {
            Sha256 s;
            s.update(f.body.data(), f.body.size());
            return s.hexDigest();
        }
        return std::string(40, 'e').replace(0, std::min<size_t>(f.body.size(), 8), std::to_string(f.body.size()));
    }

    void loop() {
        for (int served = 0; !stop_ && served < 500; ) {  // bounded: at most 500 requests
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            const int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) continue;
            ++served;
            handle(c);
            ::close(c);
        }
    }

    void send(int c, const std::string& s) {
        size_t off = 0;
        while (off < s.size()) {
            const ssize_t n = ::send(c, s.data() + off, s.size() - off, MSG_NOSIGNAL);
            if (n <= 0) return;
            off += static_cast<size_t>(n);
        }
    }

    void handle(int c) {
        std::string req;
        char buf[4096];
        while (req.find("\r\n\r\n") == std::string::npos && req.size() < 65536) {
            pollfd p{c, POLLIN, 0};
            if (::poll(&p, 1, 2000) <= 0) return;
            const ssize_t n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0) return;
            req.append(buf, static_cast<size_t>(n));
        }
        std::istringstream lines(req);
        std::string method, path, version;
        lines >> method >> path >> version;
        std::string range;
        for (std::string line; std::getline(lines, line);) {
            if (line.rfind("Range:", 0) == 0 || line.rfind("range:", 0) == 0) range = line.substr(line.find('=') + 1);
        }
        if (!range.empty() && range.back() == '\r') range.pop_back();
        const bool cdn = path.rfind("/cdn/", 0) == 0;
        std::string name;
        if (cdn) name = path.substr(5);
        else if (auto r = path.find("/resolve/"); r != std::string::npos) name = path.substr(path.find('/', r + 9) + 1);
        std::lock_guard<std::mutex> lock(mutex);
        auto it = files.find(name);
        if (it == files.end()) {
            send(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
        const ServedFile& f = it->second;
        const std::string etag = etagOf(f);
        std::string common = "X-Repo-Commit: " + kCommit + "\r\nConnection: close\r\n";
        if (f.lfs && !cdn) {  // resolve URL of an LFS file: redirect to the "CDN"
            common += "X-Linked-Etag: \"" + etag + "\"\r\nX-Linked-Size: " + std::to_string(f.body.size()) + "\r\n";
            send(c, "HTTP/1.1 302 Found\r\nLocation: /cdn/" + name + "\r\nContent-Length: 0\r\n" + common + "\r\n");
            return;
        }
        const std::string& body = f.corruptBody.empty() ? f.body : f.corruptBody;
        common += "ETag: \"" + etag + "\"\r\n";
        if (method == "HEAD") {
            send(c, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + common + "\r\n");
            return;
        }
        ++gets[name];
        ranges.push_back(name + ":" + range);
        size_t from = 0;
        if (!range.empty() && !ignoreRange) from = std::stoul(range.substr(0, range.find('-')));
        if (from >= body.size() && from > 0) {
            send(c, "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Length: 0\r\n" + common + "\r\n");
            return;
        }
        std::string head = from > 0 ? "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + std::to_string(from) + "-" +
                                          std::to_string(body.size() - 1) + "/" + std::to_string(body.size()) + "\r\n"
                                    : std::string("HTTP/1.1 200 OK\r\n");
        head += "Content-Length: " + std::to_string(body.size() - from) + "\r\n" + common + "\r\n";
        if (cutFirstGet.count(name) && !cutDone_.count(name)) {
            cutDone_.insert(name);
            send(c, head + body.substr(from, (body.size() - from) / 2));  // then the connection drops
            return;
        }
        send(c, head + body.substr(from));
    }
};

ServedFile fixtureFile(const std::string& rel, bool lfs) { return {slurp(testutil::fixture(rel)), lfs, {}}; }

DownloadOptions opts(const HubServer& s, const std::string& cache) {
    DownloadOptions o;
    o.endpoint = s.endpoint();
    o.cache_dir = cache;
    o.connect_timeout_s = 5;
    return o;
}

template <typename F>
std::pair<ErrorKind, QString> errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return {e.kind(), QString::fromStdString(e.what())};
    }
    return {ErrorKind::Internal, QString()};
}

bool anyIncomplete(const std::string& cache) {
    for (const auto& e : fs::recursive_directory_iterator(cache))
        if (e.path().string().find(".incomplete") != std::string::npos) return true;
    return false;
}

}  // namespace

class TestDownload : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cutConnectionResumesAndVerifies() {
        HubServer s;
        s.files["config.json"] = fixtureFile("parity/masked_lm/config.json", false);
        s.files["model.safetensors"] = fixtureFile("parity/masked_lm/model.safetensors", true);
        s.cutFirstGet.insert("model.safetensors");
        const std::string cache = testutil::tempDir("dl");
        Progress progress;
        const DownloadResult r = downloadModel("deepmind/language-perceiver", opts(s, cache), progress);
        QCOMPARE(QString::fromStdString(r.commit), QString::fromStdString(kCommit));
        QCOMPARE(s.gets["model.safetensors"], 2);  // cut once, resumed once
        const auto& last = s.ranges.back();
        QVERIFY2(last.rfind("model.safetensors:", 0) == 0 && last.size() > 18 && last.substr(18) != "0-", last.c_str());
        const fs::path repo = fs::path(cache) / "models--deepmind--language-perceiver";
        QCOMPARE(QString::fromStdString(slurp((repo / "refs" / "main").string())), QString::fromStdString(kCommit));
        const fs::path link = repo / "snapshots" / kCommit / "model.safetensors";
        QVERIFY(fs::is_symlink(link));
        QVERIFY(fs::read_symlink(link).string().rfind("../../blobs/", 0) == 0);
        QVERIFY(slurp(link.string()) == s.files["model.safetensors"].body);
        QVERIFY(!anyIncomplete(cache));
        QCOMPARE(QString::fromStdString(loadModel(r.snapshot).model->className()), QString("PerceiverForMaskedLM"));
        // Again: everything is cached, nothing is fetched.
        const DownloadResult again = downloadModel("deepmind/language-perceiver", opts(s, cache), progress);
        QCOMPARE(again.bytes_downloaded, int64_t(0));
        QCOMPARE(s.gets["model.safetensors"], 2);
    }

    void serverIgnoringRangeStillGivesTheRightFile() {
        HubServer s;
        s.files["config.json"] = fixtureFile("parity/masked_lm/config.json", false);
        s.files["model.safetensors"] = fixtureFile("parity/masked_lm/model.safetensors", true);
        s.cutFirstGet.insert("model.safetensors");
        s.ignoreRange = true;
        const std::string cache = testutil::tempDir("dl-norange");
        Progress progress;
        const DownloadResult r = downloadModel("org/model", opts(s, cache), progress);
        QVERIFY(slurp(r.snapshot + "/model.safetensors") == s.files["model.safetensors"].body);
    }

    void fallsBackToPytorchBin() {
        HubServer s;
        s.files["config.json"] = fixtureFile("parity/masked_lm_bin/config.json", false);
        s.files["pytorch_model.bin"] = fixtureFile("parity/masked_lm_bin/pytorch_model.bin", true);
        const std::string cache = testutil::tempDir("dl-bin");
        Progress progress;
        const DownloadResult r = downloadModel("org/model", opts(s, cache), progress);
        QCOMPARE(r.files, (std::vector<std::string>{"config.json", "pytorch_model.bin"}));
        QCOMPARE(QString::fromStdString(loadModel(r.snapshot).model->className()), QString("PerceiverForMaskedLM"));
    }

    void shardedCheckpoint() {
        HubServer s;
        const std::string src = "parity/sequence_classification_sharded/";
        s.files["config.json"] = fixtureFile(src + "config.json", false);
        s.files["model.safetensors.index.json"] = fixtureFile(src + "model.safetensors.index.json", false);
        s.files["model-00001-of-00002.safetensors"] = fixtureFile(src + "model-00001-of-00002.safetensors", true);
        s.files["model-00002-of-00002.safetensors"] = fixtureFile(src + "model-00002-of-00002.safetensors", true);
        const std::string cache = testutil::tempDir("dl-shards");
        Progress progress;
        const DownloadResult r = downloadModel("org/model", opts(s, cache), progress);
        QCOMPARE(r.files.size(), size_t(4));
        QCOMPARE(QString::fromStdString(loadModel(r.snapshot).model->className()), QString("PerceiverForSequenceClassification"));
    }

    void corruptBlobIsRejected() {
        HubServer s;
        s.files["config.json"] = fixtureFile("parity/masked_lm/config.json", false);
        ServedFile weights = fixtureFile("parity/masked_lm/model.safetensors", true);
        weights.corruptBody = weights.body;
        weights.corruptBody[1000] ^= 0x55;
        s.files["model.safetensors"] = weights;
        const std::string cache = testutil::tempDir("dl-corrupt");
        Progress progress;
        const auto [kind, msg] = errorOf([&] { downloadModel("org/model", opts(s, cache), progress); });
        QCOMPARE(kind, ErrorKind::Network);
        QVERIFY2(msg.contains("failed verification: sha256"), qPrintable(msg));
        QVERIFY(!anyIncomplete(cache));
        QVERIFY(!fs::exists(fs::path(cache) / "models--org--model" / "snapshots"));
    }

    void offlineSaysWhatToDo() {
        const std::string cache = testutil::tempDir("dl-offline");
        DownloadOptions o;
        o.endpoint = "http://127.0.0.1:1";  // nothing listens there
        o.cache_dir = cache;
        Progress progress;
        const auto [kind, msg] = errorOf([&] { downloadModel("deepmind/optical-flow-perceiver", o, progress); });
        QCOMPARE(kind, ErrorKind::Network);
        QVERIFY2(msg.contains("seems offline") && msg.contains("HF_ENDPOINT"), qPrintable(msg));
    }

    void missingRepository() {
        HubServer s;
        const std::string cache = testutil::tempDir("dl-404");
        Progress progress;
        const auto [kind, msg] = errorOf([&] { downloadModel("org/nothing", opts(s, cache), progress); });
        QCOMPARE(kind, ErrorKind::Network);
        QVERIFY2(msg.contains("no config.json"), qPrintable(msg));
    }

    void cancelStops() {
        HubServer s;
        s.files["config.json"] = fixtureFile("parity/masked_lm/config.json", false);
        s.files["model.safetensors"] = fixtureFile("parity/masked_lm/model.safetensors", true);
        Progress progress;
        progress.cancel();
        const auto [kind, msg] = errorOf([&] { downloadModel("org/model", opts(s, testutil::tempDir("dl-cancel")), progress); });
        QCOMPARE(kind, ErrorKind::Cancelled);
    }

    void commandLine() {
        HubServer s;
        s.files["config.json"] = fixtureFile("parity/masked_lm/config.json", false);
        s.files["model.safetensors"] = fixtureFile("parity/masked_lm/model.safetensors", true);
        const QString cache = QString::fromStdString(testutil::tempDir("dl-cli"));
        QProcess p;
        p.start(QStringLiteral(PERCEIVER_CLI), {"download", "org/model", "--endpoint", QString::fromStdString(s.endpoint()),
                                                "--cache-dir", cache, "--json"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const auto j = nlohmann::json::parse(p.readAllStandardOutput().toStdString());
        QCOMPARE(j["commit"].get<std::string>(), kCommit);
    }
};

QTEST_GUILESS_MAIN(TestDownload)
#include "test_download.moc"
