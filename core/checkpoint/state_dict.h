// Checkpoint reading: a folder or a weights file -> named tensors -> a model, strictly.
//
// Usage:
//   perceiver::StateDict sd = perceiver::readStateDict("model_dir");   // any supported layout
//   perceiver::loadStateDict(*model, sd);    // every key present, none unexpected, shapes equal
//
// Supported: model.safetensors, sharded model.safetensors.index.json, pytorch_model.bin (zip,
// restricted unpickler) and its sharded index. Tensors read from safetensors alias the mapped
// file (copy-on-write), so loading F32 weights makes no second copy.
// Thread-safety: free functions; a StateDict is a plain map of tensors.
#pragma once

#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

namespace torch::nn { class Module; }

namespace perceiver {

using StateDict = std::map<std::string, torch::Tensor>;

/// The weights file(s) of a model folder, in the order transformers prefers them
/// (model.safetensors, its index, pytorch_model.bin, its index). Empty if none.
std::vector<std::string> findWeightFiles(const std::string& folder);

/// How many values a model folder's weights hold (the parameters save_pretrained wrote), for
/// a model list: safetensors files are counted from their headers; a pytorch_model.bin (whose
/// reader checks the CRC of all of it) only when no larger than `binLimitBytes`. 0 when the
/// folder has no weights, they are unreadable, or the .bin is larger. Never throws.
int64_t storedValueCount(const std::string& folder, uint64_t binLimitBytes = uint64_t(256) << 20);

/// Reads every tensor of one safetensors file.
StateDict readSafetensorsStateDict(const std::string& path);
/// Reads a checkpoint: a folder (see findWeightFiles), a .safetensors / .bin file, or a
/// *.index.json of shards. Throws Error(Checkpoint) naming the file on any problem.
StateDict readStateDict(const std::string& pathOrFolder);

/// Copies (or aliases, for matching float32 tensors) every parameter and buffer of `module`
/// from `sd` by name. Strict: throws one Error(Checkpoint) listing every missing key, every
/// unexpected key and every shape mismatch with both shapes. `source` names the checkpoint.
void loadStateDict(torch::nn::Module& module, const StateDict& sd, const std::string& source);

/// The module's parameters and buffers by HF name (what save_pretrained writes).
StateDict moduleStateDict(const torch::nn::Module& module);

}  // namespace perceiver
