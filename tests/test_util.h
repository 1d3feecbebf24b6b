// Helpers shared by the test suites: fixture paths, JSON reading, tensor comparison.
#pragma once

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <string>

namespace testutil {

/// tests/data/fixtures/<rel>
std::string fixture(const std::string& rel);
nlohmann::json readJson(const std::string& path);
/// A fresh empty directory under the system temp dir, unique per call.
std::string tempDir(const std::string& tag);

/// Elementwise |got - ref| <= atol + rtol * |ref| (NaN fails). Returns "" when it holds, else
/// a message with the worst element, its index and both values.
std::string compareTensors(const torch::Tensor& got, const torch::Tensor& ref, double atol, double rtol);

}  // namespace testutil
