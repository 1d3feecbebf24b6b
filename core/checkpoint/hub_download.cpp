#include "checkpoint/hub_download.h"

#include "checkpoint/hub_cache.h"
#include "common/atomic_file.h"
#include "common/environment.h"
#include "common/error.h"
#include "common/json.h"
#include "common/sha256.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>

namespace fs = std::filesystem;

namespace perceiver {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string normalizeEtag(std::string e) {
    e = trim(e);
    if (e.rfind("W/", 0) == 0) e = e.substr(2);
    if (e.size() >= 2 && e.front() == '"' && e.back() == '"') e = e.substr(1, e.size() - 2);
    return e;
}

bool isHex(const std::string& s, size_t n) {
    return s.size() == n && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c); });
}

void ensureCurl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Curl {
    CURL* h;
    curl_slist* headers = nullptr;
    Curl() : h(curl_easy_init()) {
        if (!h) fail(ErrorKind::Internal, "curl_easy_init failed");
    }
    ~Curl() {
        curl_slist_free_all(headers);
        curl_easy_cleanup(h);
    }
};

struct FileInfo {
    std::string name;       ///< repo-relative
    std::string url;
    std::string commit;
    std::string etag;
    int64_t size = -1;
};

class Downloader {
public:
    Downloader(std::string repo, const DownloadOptions& o, Progress& p) : repo_(std::move(repo)), o_(o), progress_(p) {
        endpoint_ = !o.endpoint.empty() ? o.endpoint : (environment("HF_ENDPOINT").empty() ? "https://huggingface.co" : environment("HF_ENDPOINT"));
        while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
        token_ = !o.token.empty() ? o.token : environment("HF_TOKEN");
        cache_ = fs::path(o.cache_dir.empty() ? hubCacheDir() : o.cache_dir) / hubRepoFolderName(repo_);
    }

    DownloadResult run();

private:
    std::string repo_;
    DownloadOptions o_;
    Progress& progress_;
    std::string endpoint_, token_;
    fs::path cache_;
    int64_t totalBytes_ = 0, doneBytes_ = 0, downloaded_ = 0;
    std::string currentFile_;

    std::string url(const std::string& file) const { return endpoint_ + "/" + repo_ + "/resolve/" + o_.revision + "/" + file; }
    void setCommon(Curl& c, const std::string& u) {
        curl_easy_setopt(c.h, CURLOPT_URL, u.c_str());
        curl_easy_setopt(c.h, CURLOPT_CONNECTTIMEOUT, o_.connect_timeout_s);
        curl_easy_setopt(c.h, CURLOPT_LOW_SPEED_LIMIT, 1L);       // abort a transfer stalled
        curl_easy_setopt(c.h, CURLOPT_LOW_SPEED_TIME, 60L);       // for a minute
        curl_easy_setopt(c.h, CURLOPT_USERAGENT, "perceiver-studio/0.1");
        curl_easy_setopt(c.h, CURLOPT_NOSIGNAL, 1L);
        if (!token_.empty()) c.headers = curl_slist_append(c.headers, ("Authorization: Bearer " + token_).c_str());
    }
    [[noreturn]] void networkError(const std::string& file, CURLcode code) const;
    [[noreturn]] void httpError(const std::string& file, long status) const;
    /// HEAD without redirects; nullopt on 404.
    std::optional<FileInfo> head(const std::string& file);
    /// Downloads (or finds cached) the blob of `f`; returns its path.
    fs::path fetch(const FileInfo& f);
    void link(const FileInfo& f, const fs::path& blob);
};

void Downloader::networkError(const std::string& file, CURLcode code) const {
    const std::string what = curl_easy_strerror(code);
    if (code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_CONNECT || code == CURLE_OPERATION_TIMEDOUT ||
        code == CURLE_COULDNT_RESOLVE_PROXY)
        fail(ErrorKind::Network, "cannot reach " + endpoint_ + " (" + what + ") while fetching '" + file +
                                     "': this machine seems offline. Download on a connected machine (perceiver download " + repo_ +
                                     ", or huggingface-cli download) and copy " + cache_.string() +
                                     " here, or set HF_ENDPOINT to a reachable mirror");
    fail(ErrorKind::Network, "downloading '" + file + "' of " + repo_ + " failed: " + what);
}

void Downloader::httpError(const std::string& file, long status) const {
    if (status == 401 || status == 403)
        fail(ErrorKind::Network, repo_ + " refused access to '" + file + "' (HTTP " + std::to_string(status) +
                                     "): the repository is private or gated; set HF_TOKEN to a token that may read it");
    if (status == 404)
        fail(ErrorKind::Network, "'" + file + "' not found in " + repo_ + " at revision '" + o_.revision + "' (HTTP 404)");
    fail(ErrorKind::Network, "the hub answered HTTP " + std::to_string(status) + " for '" + file + "' of " + repo_);
}

size_t collectHeader(char* buf, size_t size, size_t n, void* user) {
    auto* headers = static_cast<std::map<std::string, std::string>*>(user);
    const std::string line(buf, size * n);
    const auto colon = line.find(':');
    if (line.rfind("HTTP/", 0) == 0) headers->clear();  // a new response (after a redirect)
    else if (colon != std::string::npos) (*headers)[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    return size * n;
}

std::optional<FileInfo> Downloader::head(const std::string& file) {
    progress_.checkCancelled();
    Curl c;
    std::map<std::string, std::string> h;
    setCommon(c, url(file));
    curl_easy_setopt(c.h, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(c.h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c.h, CURLOPT_HEADERFUNCTION, collectHeader);
    curl_easy_setopt(c.h, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c.h, CURLOPT_HTTPHEADER, c.headers);
    const CURLcode rc = curl_easy_perform(c.h);
    if (rc != CURLE_OK) networkError(file, rc);
    long status = 0;
    curl_easy_getinfo(c.h, CURLINFO_RESPONSE_CODE, &status);
    if (status == 404) return std::nullopt;
    if (status >= 400 || status < 200) httpError(file, status);
    FileInfo f;
    f.name = file;
    f.url = url(file);
    if (status >= 300 && h.count("location")) {
        const std::string loc = h["location"];
        f.url = loc.rfind("http", 0) == 0 ? loc : endpoint_ + (loc.front() == '/' ? "" : "/") + loc;
    }
    f.commit = h.count("x-repo-commit") ? h["x-repo-commit"] : std::string();
    f.etag = normalizeEtag(h.count("x-linked-etag") ? h["x-linked-etag"] : (h.count("etag") ? h["etag"] : std::string()));
    const std::string size = h.count("x-linked-size") ? h["x-linked-size"] : (status < 300 && h.count("content-length") ? h["content-length"] : "");
    try {
        f.size = size.empty() ? -1 : std::stoll(size);
    } catch (const std::exception&) {
        f.size = -1;
    }
    if (!isHex(f.commit, 40)) fail(ErrorKind::Network, "the hub gave no commit (X-Repo-Commit) for '" + file + "'; is " + endpoint_ + " a Hugging Face hub?");
    if (f.etag.empty() || f.etag.find('/') != std::string::npos || f.etag.find("..") != std::string::npos)
        fail(ErrorKind::Network, "the hub gave no usable ETag for '" + file + "'");
    return f;
}

struct Transfer {
    std::FILE* out = nullptr;
    Progress* progress = nullptr;
    int64_t base = 0;            ///< bytes of all files done before this one + resumed bytes
    int64_t total = 0;
    int64_t written = 0;
    std::string file;
    bool cancelled = false;
};

size_t writeBody(char* buf, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t bytes = size * n;
    if (std::fwrite(buf, 1, bytes, t->out) != bytes) return 0;
    t->written += static_cast<int64_t>(bytes);
    return bytes;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    if (t->progress->isCancelled()) {
        t->cancelled = true;
        return 1;
    }
    const double done = static_cast<double>(t->base + t->written);
    t->progress->report(t->total > 0 ? std::min(1.0, done / static_cast<double>(t->total)) : 0.0,
                        "downloading " + t->file + " (" + std::to_string((t->base + t->written) >> 20) + " / " +
                            std::to_string(t->total >> 20) + " MiB)");
    return 0;
}

fs::path Downloader::fetch(const FileInfo& f) {
    const fs::path blobs = cache_ / "blobs";
    fs::create_directories(blobs);
    const fs::path blob = blobs / f.etag;
    std::error_code ec;
    if (fs::exists(blob, ec) && (f.size < 0 || static_cast<int64_t>(fs::file_size(blob, ec)) == f.size)) {
        doneBytes_ += std::max<int64_t>(0, f.size);
        return blob;  // cached
    }
    const fs::path partial = blobs / (f.etag + ".incomplete");
    for (int attempt = 0;; ++attempt) {
        progress_.checkCancelled();
        int64_t have = fs::exists(partial, ec) ? static_cast<int64_t>(fs::file_size(partial, ec)) : 0;
        if (f.size >= 0 && have > f.size) {  // a stale partial file: start over
            fs::remove(partial, ec);
            have = 0;
        }
        if (f.size >= 0 && have == f.size) break;  // complete from an earlier run: verify it
        Transfer t;
        t.out = std::fopen(partial.c_str(), have > 0 ? "ab" : "wb");
        if (!t.out) fail(ErrorKind::Network, "cannot write '" + partial.string() + "'");
        t.progress = &progress_;
        t.base = doneBytes_ + have;
        t.total = totalBytes_;
        t.file = f.name;
        Curl c;
        setCommon(c, f.url);
        curl_easy_setopt(c.h, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(c.h, CURLOPT_MAXREDIRS, 10L);
        curl_easy_setopt(c.h, CURLOPT_WRITEFUNCTION, writeBody);
        curl_easy_setopt(c.h, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(c.h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(c.h, CURLOPT_XFERINFOFUNCTION, onProgress);
        curl_easy_setopt(c.h, CURLOPT_XFERINFODATA, &t);
        curl_easy_setopt(c.h, CURLOPT_FAILONERROR, 1L);
        if (have > 0) c.headers = curl_slist_append(c.headers, ("Range: bytes=" + std::to_string(have) + "-").c_str());
        curl_easy_setopt(c.h, CURLOPT_HTTPHEADER, c.headers);
        const CURLcode rc = curl_easy_perform(c.h);
        long status = 0;
        curl_easy_getinfo(c.h, CURLINFO_RESPONSE_CODE, &status);
        std::fclose(t.out);
        downloaded_ += t.written;
        if (t.cancelled) fail(ErrorKind::Cancelled, "download of " + repo_ + " cancelled (" + f.name + " will resume next time)");
        if (rc == CURLE_OK && have > 0 && status == 200) {
            // The server ignored the Range request and sent the whole file after our prefix.
            fs::remove(partial, ec);
            continue;
        }
        if (rc == CURLE_HTTP_RETURNED_ERROR && status == 416) {  // nothing left to fetch
            break;
        }
        if (rc == CURLE_OK) break;
        if (rc == CURLE_HTTP_RETURNED_ERROR) httpError(f.name, status);
        const bool cut = rc == CURLE_PARTIAL_FILE || rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING ||
                         rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_SEND_ERROR;
        if (!cut || attempt >= o_.max_resumes) networkError(f.name, rc);
        progress_.report(0, "connection lost, resuming " + f.name);
    }
    const int64_t got = static_cast<int64_t>(fs::file_size(partial, ec));
    if (f.size >= 0 && got != f.size) {
        fs::remove(partial, ec);
        fail(ErrorKind::Network, "'" + f.name + "' arrived with " + std::to_string(got) + " bytes, the hub announced " +
                                     std::to_string(f.size) + "; removed, try again");
    }
    if (isHex(f.etag, 64)) {  // LFS: the etag is the file's sha256
        progress_.report(static_cast<double>(doneBytes_ + got) / std::max<int64_t>(1, totalBytes_), "verifying " + f.name);
        const std::string digest = Sha256::ofFile(partial.string());
        if (digest != lower(f.etag)) {
            fs::remove(partial, ec);
            fail(ErrorKind::Network, "'" + f.name + "' failed verification: sha256 " + digest + ", expected " + f.etag + "; removed, try again");
        }
    }
    fs::rename(partial, blob);  // atomic: the blob appears complete or not at all
    doneBytes_ += got;
    return blob;
}

void Downloader::link(const FileInfo& f, const fs::path& blob) {
    const fs::path target = cache_ / "snapshots" / f.commit / f.name;
    fs::create_directories(target.parent_path());
    const fs::path rel = fs::relative(blob, target.parent_path());
    const fs::path tmp = target.string() + ".tmp-link";
    std::error_code ec;
    fs::remove(tmp, ec);
    fs::create_symlink(rel, tmp);
    fs::rename(tmp, target);
}

DownloadResult Downloader::run() {
    ensureCurl();
    if (!looksLikeRepoId(repo_)) fail(ErrorKind::InvalidInput, "'" + repo_ + "' is not a hub model id (org/name)");
    progress_.report(0, "asking " + endpoint_ + " for " + repo_);
    std::vector<FileInfo> files;
    auto config = head("config.json");
    if (!config) fail(ErrorKind::Network, repo_ + " has no config.json at revision '" + o_.revision + "' (HTTP 404): is it a model repository?");
    files.push_back(*config);
    std::optional<FileInfo> index;
    for (const char* w : {"model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json"}) {
        if (auto f = head(w)) {
            if (std::string(w).find(".index.json") != std::string::npos) index = f;
            files.push_back(*f);
            break;
        }
    }
    if (files.size() == 1) fail(ErrorKind::Network, repo_ + " has no weights (model.safetensors, pytorch_model.bin or their shard index)");
    for (const auto& f : files) totalBytes_ += std::max<int64_t>(0, f.size);
    std::vector<std::pair<FileInfo, fs::path>> done;
    for (const auto& f : files) done.emplace_back(f, fetch(f));
    if (index) {
        std::ifstream in(done.back().second, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        nlohmann::json j;
        std::string why;
        if (!parseJson(text.begin(), text.end(), j, why)) fail(ErrorKind::Network, "shard index '" + index->name + "' of " + repo_ + " is " + why);
        std::vector<std::string> shards;
        if (j.contains("weight_map") && j["weight_map"].is_object())
            for (const auto& [k, v] : j["weight_map"].items())
                if (v.is_string() && std::find(shards.begin(), shards.end(), v.get<std::string>()) == shards.end())
                    shards.push_back(v.get<std::string>());
        std::vector<FileInfo> infos;
        for (const auto& s : shards) {
            if (!looksLikeRepoId(s) || s.find('/') != std::string::npos)
                fail(ErrorKind::Network, "shard index of " + repo_ + " names an unsafe file '" + s + "'");
            auto f = head(s);
            if (!f) fail(ErrorKind::Network, "shard '" + s + "' named by " + index->name + " is missing from " + repo_);
            totalBytes_ += std::max<int64_t>(0, f->size);
            infos.push_back(*f);
        }
        for (const auto& f : infos) done.emplace_back(f, fetch(f));
    }
    DownloadResult r;
    r.commit = done.front().first.commit;
    for (const auto& [f, blob] : done) {
        if (f.commit != r.commit) fail(ErrorKind::Network, "the revision of " + repo_ + " moved during the download; try again");
        link(f, blob);
        r.files.push_back(f.name);
    }
    if (o_.revision != r.commit) {
        fs::create_directories(cache_ / "refs");
        AtomicFile ref((cache_ / "refs" / o_.revision).string());
        ref.write(r.commit.data(), r.commit.size());
        ref.commit();
    }
    r.snapshot = (cache_ / "snapshots" / r.commit).string();
    r.bytes_downloaded = downloaded_;
    progress_.report(1.0, "done");
    return r;
}

}  // namespace

DownloadResult downloadModel(const std::string& repoId, const DownloadOptions& options, Progress& progress) {
    try {
        return Downloader(repoId, options, progress).run();
    } catch (const fs::filesystem_error& e) {
        fail(ErrorKind::Network, std::string("cannot write to the Hugging Face cache: ") + e.what());
    }
}

}  // namespace perceiver
