// The catalog of the six public DeepMind Perceiver checkpoints, with their config.json
// (as transformers' conversion script writes it) compiled in, and what is found locally.
//
// Usage:
//   for (const auto& e : perceiver::publicCheckpoints()) e.repo_id, e.task, e.parameters ...
//   perceiver::PerceiverConfig c = perceiver::catalogConfig("deepmind/optical-flow-perceiver");
// Thread-safety: immutable data.
#pragma once

#include "config/config.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace perceiver {

struct CatalogEntry {
    std::string repo_id;        ///< "deepmind/optical-flow-perceiver"
    std::string architecture;   ///< HF class
    std::string task;           ///< what it does, for people
    std::string input;          ///< what it takes
    int64_t parameters = 0;     ///< learned parameters (tested against the built model)
    std::string config_json;    ///< config.json text
    int64_t float32Bytes() const { return parameters * 4; }
};

const std::vector<CatalogEntry>& publicCheckpoints();
/// The config of a catalog entry; throws Error(Config) for an unknown id.
PerceiverConfig catalogConfig(const std::string& repoId);

}  // namespace perceiver
