#include "checkpoint/hub_cache.h"

#include "common/environment.h"
#include "common/error.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace perceiver {

namespace {

std::string expandHome(const std::string& p) {
    if (!p.empty() && p[0] == '~') return environment("HOME") + p.substr(1);
    return p;
}

bool isCommitHash(const std::string& s) {
    if (s.size() != 40) return false;
    for (char c : s)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

}  // namespace

std::string hubCacheDir() {
    if (auto v = environment("HF_HUB_CACHE"); !v.empty()) return expandHome(v);
    if (auto v = environment("HUGGINGFACE_HUB_CACHE"); !v.empty()) return expandHome(v);
    std::string home = environment("HF_HOME");
    if (home.empty()) {
        const std::string xdg = environment("XDG_CACHE_HOME");
        home = (xdg.empty() ? expandHome("~/.cache") : expandHome(xdg)) + "/huggingface";
    }
    return expandHome(home) + "/hub";
}

bool looksLikeRepoId(const std::string& s) {
    if (s.empty() || s.size() > 96 || s.find("..") != std::string::npos || s.find("--") != std::string::npos) return false;
    int slashes = 0;
    for (char c : s) {
        if (c == '/') ++slashes;
        else if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
    }
    return slashes <= 1 && s.front() != '/' && s.back() != '/' && s.front() != '.' && s.front() != '-';
}

std::string hubRepoFolderName(const std::string& repoId) {
    std::string name = "models--";
    for (char c : repoId) name += c == '/' ? std::string("--") : std::string(1, c);
    return name;
}

std::optional<std::string> findCachedSnapshot(const std::string& repoId, const std::string& revision) {
    if (!looksLikeRepoId(repoId) || revision.empty() || revision.find('/') == 0 || revision.find("..") != std::string::npos)
        return std::nullopt;
    const fs::path repo = fs::path(hubCacheDir()) / hubRepoFolderName(repoId);
    std::string commit = revision;
    std::error_code refEc;
    const fs::path refPath = repo / "refs" / revision;
    std::ifstream ref;
    if (fs::is_regular_file(refPath, refEc)) ref.open(refPath);  // not a FIFO: it would block
    if (ref.is_open()) {
        std::getline(ref, commit);
    } else if (!isCommitHash(revision)) {
        return std::nullopt;
    }
    if (!isCommitHash(commit)) return std::nullopt;
    const fs::path snapshot = repo / "snapshots" / commit;
    std::error_code ec;
    if (!fs::is_directory(snapshot, ec)) return std::nullopt;
    return snapshot.string();
}

std::vector<CachedModel> listCachedModels() {
    std::vector<CachedModel> out;
    std::error_code ec;
    const fs::path cache(hubCacheDir());
    if (!fs::is_directory(cache, ec)) return out;
    for (const auto& entry : fs::directory_iterator(cache, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("models--", 0) != 0) continue;
        std::string repoId = name.substr(8);
        const auto sep = repoId.find("--");
        if (sep != std::string::npos) repoId.replace(sep, 2, "/");
        const fs::path refs = entry.path() / "refs";
        if (!fs::is_directory(refs, ec)) continue;
        for (const auto& ref : fs::directory_iterator(refs, ec)) {
            const std::string revision = ref.path().filename().string();
            if (auto snap = findCachedSnapshot(repoId, revision)) out.push_back({repoId, revision, *snap});
        }
    }
    return out;
}

std::string resolveModelPath(const std::string& spec) {
    std::error_code ec;
    if (fs::exists(spec, ec)) return spec;
    std::string repo = spec, revision = "main";
    if (const auto at = spec.rfind('@'); at != std::string::npos) {
        repo = spec.substr(0, at);
        revision = spec.substr(at + 1);
    }
    if (!looksLikeRepoId(repo)) fail(ErrorKind::Checkpoint, "model path '" + spec + "' does not exist");
    if (auto snap = findCachedSnapshot(repo, revision)) return *snap;
    fail(ErrorKind::Checkpoint, "model '" + spec + "' is neither a folder nor in the Hugging Face cache (looked for " +
                                    (fs::path(hubCacheDir()) / hubRepoFolderName(repo) / "refs" / revision).string() +
                                    "); download it with huggingface_hub or pass --model FOLDER");
}

}  // namespace perceiver
