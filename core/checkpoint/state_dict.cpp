#include "checkpoint/state_dict.h"

#include "checkpoint/safetensors.h"
#include "checkpoint/torch_bin.h"
#include "common/error.h"
#include "common/input_file.h"
#include "common/json.h"
#include "common/shape.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace perceiver {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

StateDict readShardIndex(const std::string& indexPath) {
    const std::string text = readInputFile(indexPath, "shard index", ErrorKind::Checkpoint, 64u << 20);  // no FIFO, folder or giant
    nlohmann::json j;
    std::string why;
    if (!parseJson(text.begin(), text.end(), j, why)) fail(ErrorKind::Checkpoint, "shard index '" + indexPath + "' is " + why);
    if (!j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object())
        fail(ErrorKind::Checkpoint, "shard index '" + indexPath + "' has no \"weight_map\" object");
    const fs::path dir = fs::path(indexPath).parent_path();
    std::map<std::string, std::vector<std::string>> byShard;
    for (auto it = j["weight_map"].begin(); it != j["weight_map"].end(); ++it) {
        if (!it.value().is_string())
            fail(ErrorKind::Checkpoint, "shard index '" + indexPath + "': entry '" + it.key() + "' is not a file name");
        const std::string shard = it.value().get<std::string>();
        if (shard.empty() || fs::path(shard).has_parent_path() || shard == "." || shard == "..")
            fail(ErrorKind::Checkpoint, "shard index '" + indexPath + "': shard name '" + shard + "' must be a plain file name");
        byShard[shard].push_back(it.key());
    }
    StateDict out;
    for (const auto& [shard, names] : byShard) {
        const std::string shardPath = (dir / shard).string();
        if (!fs::exists(shardPath))
            fail(ErrorKind::Checkpoint, "shard '" + shard + "' named by '" + indexPath + "' is missing");
        StateDict part = endsWith(shard, ".safetensors") ? readSafetensorsStateDict(shardPath) : readTorchBin(shardPath);
        for (const auto& name : names) {
            auto it = part.find(name);
            if (it == part.end())
                fail(ErrorKind::Checkpoint, "shard '" + shard + "' lacks tensor '" + name + "' that '" + indexPath + "' assigns to it");
            out[name] = it->second;
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> findWeightFiles(const std::string& folder) {
    std::vector<std::string> found;
    for (const char* name : {"model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
                             "pytorch_model.bin.index.json"}) {
        const fs::path p = fs::path(folder) / name;
        if (fs::exists(p)) found.push_back(p.string());
    }
    return found;
}

int64_t storedValueCount(const std::string& folder, uint64_t binLimitBytes) {
    try {
        const auto files = findWeightFiles(folder);
        if (files.empty()) return 0;
        const std::string& file = files.front();
        if (!endsWith(file, ".safetensors") && !endsWith(file, ".safetensors.index.json")) {
            std::error_code ec;
            uint64_t bytes = 0;
            for (const auto& entry : fs::directory_iterator(folder, ec))
                if (endsWith(entry.path().string(), ".bin")) bytes += entry.file_size(ec);
            if (ec || bytes > binLimitBytes) return 0;
        }
        int64_t n = 0;
        for (const auto& [name, t] : readStateDict(file)) n += t.numel();  // (safetensors: header only, tensors alias the mapping)
        return n;
    } catch (const std::exception&) {
        return 0;
    }
}

StateDict readSafetensorsStateDict(const std::string& path) {
    auto file = SafetensorsFile::open(path);
    StateDict out;
    for (const auto& e : file->tensors()) out[e.name] = file->tensor(e.name);
    return out;
}

StateDict readStateDict(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        const auto files = findWeightFiles(path);
        if (files.empty())
            fail(ErrorKind::Checkpoint, "no weights in '" + path +
                                            "': expected model.safetensors, model.safetensors.index.json, "
                                            "pytorch_model.bin or pytorch_model.bin.index.json");
        return readStateDict(files.front());
    }
    if (!fs::exists(path, ec)) fail(ErrorKind::Checkpoint, "weights file '" + path + "' does not exist");
    if (endsWith(path, ".index.json")) return readShardIndex(path);
    if (endsWith(path, ".safetensors")) return readSafetensorsStateDict(path);
    if (endsWith(path, ".bin") || endsWith(path, ".pt") || endsWith(path, ".pth")) return readTorchBin(path);
    fail(ErrorKind::Checkpoint, "weights file '" + path + "': unknown format (expected .safetensors, .bin or .index.json)");
}

StateDict moduleStateDict(const torch::nn::Module& module) {
    StateDict out;
    for (const auto& p : module.named_parameters(true)) out[p.key()] = p.value();
    for (const auto& b : module.named_buffers(true)) out[b.key()] = b.value();
    return out;
}

void loadStateDict(torch::nn::Module& module, const StateDict& sd, const std::string& source) {
    const StateDict expected = moduleStateDict(module);
    std::vector<std::string> missing, unexpected, mismatched;
    for (const auto& [name, t] : expected) {
        auto it = sd.find(name);
        if (it == sd.end()) {
            missing.push_back(name + " " + shapeString(t.sizes()));
        } else if (it->second.sizes() != t.sizes()) {
            mismatched.push_back(name + ": checkpoint " + shapeString(it->second.sizes()) + ", model " + shapeString(t.sizes()));
        } else if (!it->second.is_floating_point() && t.is_floating_point()) {
            mismatched.push_back(name + ": checkpoint dtype " + std::string(c10::toString(it->second.scalar_type())) +
                                 ", model expects floating point");
        }
    }
    for (const auto& [name, t] : sd)
        if (!expected.count(name)) unexpected.push_back(name + " " + shapeString(t.sizes()));
    if (!missing.empty() || !unexpected.empty() || !mismatched.empty()) {
        std::ostringstream msg;
        msg << "checkpoint '" << source << "' does not match the model:";
        auto list = [&](const char* title, const std::vector<std::string>& items) {
            if (items.empty()) return;
            msg << "\n  " << title << " (" << items.size() << "):";
            for (const auto& i : items) msg << "\n    " << i;
        };
        list("missing keys", missing);
        list("unexpected keys", unexpected);
        list("shape mismatches", mismatched);
        fail(ErrorKind::Checkpoint, msg.str());
    }
    torch::NoGradGuard noGrad;
    auto assign = [&](const std::string& name, torch::Tensor& target) {
        const torch::Tensor& src = sd.at(name);
        // Alias (zero-copy for memory-mapped safetensors), except parameters that are views of a
        // shared buffer (fused attention projections): those are filled in place.
        const bool sharesBuffer = target.storage_offset() != 0 ||
                                  target.storage().nbytes() != static_cast<size_t>(target.numel()) * target.element_size();
        if (src.scalar_type() == target.scalar_type() && src.device() == target.device() && src.is_contiguous() && !sharesBuffer)
            target.set_data(src);
        else
            target.copy_(src);
    };
    for (auto& p : module.named_parameters(true)) assign(p.key(), p.value());
    for (auto& b : module.named_buffers(true)) assign(b.key(), b.value());
}

}  // namespace perceiver
