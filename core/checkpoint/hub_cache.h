// Finding models in the Hugging Face cache exactly as huggingface_hub lays it out, read in
// place (never copied):
//
//   <cache>/models--<org>--<name>/refs/<revision>          -> commit hash
//   <cache>/models--<org>--<name>/snapshots/<commit>/...    -> symlinks into ../../blobs/
//
// <cache> is $HF_HUB_CACHE, else $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else
// ~/.cache/huggingface/hub (huggingface_hub's own rules; $HUGGINGFACE_HUB_CACHE is honoured too).
//
// Usage:
//   std::string dir = perceiver::resolveModelPath("deepmind/optical-flow-perceiver");
//   std::string dir2 = perceiver::resolveModelPath("/path/to/folder");   // unchanged
// Thread-safety: reads the environment and the file system only.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace perceiver {

std::string hubCacheDir();
/// "deepmind/language-perceiver" -> "models--deepmind--language-perceiver".
std::string hubRepoFolderName(const std::string& repoId);
/// True for "name" or "org/name" made of letters, digits, '.', '_' and '-' (no "..", no "--").
bool looksLikeRepoId(const std::string& spec);

/// The snapshot folder of `repoId` at `revision` (a ref such as "main", or a commit hash),
/// or nullopt when the cache does not hold it.
std::optional<std::string> findCachedSnapshot(const std::string& repoId, const std::string& revision = "main");

struct CachedModel {
    std::string repo_id;
    std::string revision;   ///< ref name
    std::string snapshot;   ///< folder
};
/// Every cached model repository with a ref, for the model catalog.
std::vector<CachedModel> listCachedModels();

/// A model given by the user: an existing path is returned as is; "org/name[@revision]" is
/// resolved in the cache. Throws Error(Checkpoint) saying where it looked when neither works.
std::string resolveModelPath(const std::string& spec);

}  // namespace perceiver
