// Warnings of the CLI: what core attaches to a loaded model or a result (NaN / Inf weights or
// outputs, finite_check.h), printed once each on stderr as "perceiver: warning: ...", the
// result itself still on stdout (and, with --json, under "warnings").
#pragma once

#include "model/model_factory.h"
#include "options.h"

#include <string>
#include <vector>

namespace perceiver::cli {

/// Prints each warning not printed before in this process.
void printWarnings(const std::vector<std::string>& warnings);
/// loadModel(), then its warnings printed.
/// `a` then `b`, for a result's "warnings" in --json.
std::vector<std::string> joined(const std::vector<std::string>& a, const std::vector<std::string>& b);
LoadedModel loadModelWarning(const std::string& spec, const nlohmann::json* constructor = nullptr, const std::string& device = "cpu");
/// The model of a task verb: --model (else the demo model `demo`) on --device, its warnings
/// printed, and the interventions --head-mask L:H,... / --ablate-latents N,... /
/// --ablate-after-layer K set on it (setIntervention; a note on stderr says which). The options
/// are parsed before the model loads; their ranges are checked against its config.
LoadedModel loadTaskModel(const Options& o, const std::string& demo);

}  // namespace perceiver::cli
