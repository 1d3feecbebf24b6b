#include "warnings.h"

#include <iostream>
#include <set>

namespace perceiver::cli {

void printWarnings(const std::vector<std::string>& warnings) {
    static std::set<std::string> printed;
    for (const auto& w : warnings)
        if (printed.insert(w).second) std::cerr << "perceiver: warning: " << w << "\n";
}

std::vector<std::string> joined(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> all = a;
    all.insert(all.end(), b.begin(), b.end());
    return all;
}

LoadedModel loadModelWarning(const std::string& spec, const nlohmann::json* constructor, const std::string& device) {
    LoadedModel m = perceiver::loadModel(spec, constructor, device);
    printWarnings(m.warnings);
    return m;
}

}  // namespace perceiver::cli
