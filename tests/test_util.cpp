#include "test_util.h"

#include <torch/torch.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace testutil {

std::string fixture(const std::string& rel) { return std::string(PERCEIVER_TEST_DATA) + "/fixtures/" + rel; }

nlohmann::json readJson(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    return nlohmann::json::parse(in);
}

std::string tempDir(const std::string& tag) {
    static std::atomic<int> counter{0};
    const auto dir = std::filesystem::temp_directory_path() /
                     ("perceiver-test-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

std::string compareTensors(const torch::Tensor& got, const torch::Tensor& ref, double atol, double rtol) {
    std::ostringstream msg;
    if (!got.defined()) return "output missing";
    if (got.sizes() != ref.sizes()) {
        msg << "shape " << got.sizes() << " != reference " << ref.sizes();
        return msg.str();
    }
    const auto g = got.to(torch::kDouble).flatten(), r = ref.to(torch::kDouble).flatten();
    const auto diff = (g - r).abs();
    const auto bound = atol + rtol * r.abs();
    const auto bad = diff.gt(bound).logical_or(g.isnan());
    if (!bad.any().item<bool>()) return "";
    const int64_t worst = (diff - bound).nan_to_num(1e30).argmax().item<int64_t>();
    msg << bad.sum().item<int64_t>() << " of " << g.numel() << " elements out of tolerance; worst at flat index " << worst
        << ": got " << g[worst].item<double>() << ", reference " << r[worst].item<double>() << " (atol " << atol << ", rtol "
        << rtol << ")";
    return msg.str();
}

}  // namespace testutil
