// Helpers shared by the test suites: fixture paths, JSON reading, tensor comparison.
#pragma once

#include "common/error.h"

#include <QString>
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

/// "kind: message" of the perceiver::Error that `f` throws, or an empty string when it throws none.
template <typename F>
QString errorOf(F&& f) {
    try {
        f();
    } catch (const perceiver::Error& e) {
        return QString::fromStdString(std::string(perceiver::errorKindName(e.kind())) + ": " + e.what());
    }
    return QString();
}

}  // namespace testutil
