// Warnings of the CLI: what core attaches to a loaded model or a result (NaN / Inf weights or
// outputs, finite_check.h), printed once each on stderr as "perceiver: warning: ...", the
// result itself still on stdout (and, with --json, under "warnings").
#pragma once

#include "model/model_factory.h"

#include <string>
#include <vector>

namespace perceiver::cli {

/// Prints each warning not printed before in this process.
void printWarnings(const std::vector<std::string>& warnings);
/// loadModel(), then its warnings printed.
/// `a` then `b`, for a result's "warnings" in --json.
std::vector<std::string> joined(const std::vector<std::string>& a, const std::vector<std::string>& b);
LoadedModel loadModelWarning(const std::string& spec, const nlohmann::json* constructor = nullptr, const std::string& device = "cpu");

}  // namespace perceiver::cli
