// Fetching a model (config.json + weights) from the Hugging Face hub into the cache layout
// that huggingface_hub uses, so Python tools and this project share downloads.
//
// Usage:
//   perceiver::Progress progress([](double f, const std::string& stage) { ... });
//   auto r = perceiver::downloadModel("deepmind/optical-flow-perceiver", {}, progress);
//   perceiver::loadModel(r.snapshot);
//
// Protocol (huggingface_hub's): HEAD {endpoint}/{repo}/resolve/{revision}/{file} without
// redirects gives X-Repo-Commit, the etag (X-Linked-Etag for LFS files = their sha256) and the
// size (X-Linked-Size / Content-Length); the GET streams into blobs/<etag>.incomplete, resumes
// with a Range request after a cut connection (and across runs), is verified (size; sha256
// for LFS files) and only then renamed to blobs/<etag>, so no half-written blob is ever
// visible. snapshots/<commit>/<file> becomes a relative symlink to the blob and
// refs/<revision> records the commit. Weights are looked for in the order transformers uses:
// model.safetensors, its shard index, pytorch_model.bin, its shard index.
// Endpoint: $HF_ENDPOINT or https://huggingface.co; token: $HF_TOKEN (gated / private repos).
// Errors: Error(Network) with what to do (offline, 401/403, 404, verification), Cancelled.
// Thread-safety: no shared state; two downloads of one repo at once may fetch a blob twice
// (the rename keeps the cache consistent).
#pragma once

#include "common/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace perceiver {

struct DownloadOptions {
    std::string revision = "main";
    std::string endpoint;      ///< empty: $HF_ENDPOINT or https://huggingface.co
    std::string token;         ///< empty: $HF_TOKEN
    std::string cache_dir;     ///< empty: hubCacheDir()
    long connect_timeout_s = 20;
    int max_resumes = 5;       ///< resume attempts per file after a cut connection
};

struct DownloadResult {
    std::string snapshot;               ///< snapshots/<commit> folder, ready for loadModel()
    std::string commit;
    std::vector<std::string> files;     ///< repo-relative file names
    int64_t bytes_downloaded = 0;       ///< 0 when everything was cached
};

DownloadResult downloadModel(const std::string& repoId, const DownloadOptions& options, Progress& progress);

}  // namespace perceiver
