#include "warnings.h"

#include "common/error.h"
#include "model/perceiver_model.h"

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

namespace {

Intervention interventionOptions(const Options& o) {
    Intervention iv;
    if (o.values.count("head-mask")) {
        const std::string text = o.values.at("head-mask");
        size_t begin = 0;
        while (true) {
            const size_t end = std::min(text.find(',', begin), text.size());
            const std::string pair = text.substr(begin, end - begin);
            const size_t colon = pair.find(':');
            if (colon == std::string::npos || pair.find(':', colon + 1) != std::string::npos)
                usage("--head-mask takes LAYER:HEAD pairs separated by commas, got '" + text + "'");
            const std::vector<int64_t> layer = integerList("head-mask", pair.substr(0, colon)), head = integerList("head-mask", pair.substr(colon + 1));
            iv.masked_heads.emplace_back(layer.at(0), head.at(0));
            if (end == text.size()) break;
            begin = end + 1;
        }
    }
    if (o.values.count("ablate-latents")) iv.ablate_latents = integerList("ablate-latents", o.values.at("ablate-latents"));
    iv.ablate_after_layer = o.integer("ablate-after-layer", 0);
    if (o.values.count("ablate-after-layer") && iv.ablate_latents.empty()) usage("--ablate-after-layer needs --ablate-latents");
    return iv;
}

}  // namespace

LoadedModel loadTaskModel(const Options& o, const std::string& demo) {
    const Intervention iv = interventionOptions(o);  // usage errors before the model loads
    LoadedModel m = loadModelWarning(o.model(demo), nullptr, o.get("device", "cpu"));
    if (!iv.empty()) {
        setIntervention(*m.model, iv);
        std::cerr << "perceiver: intervention: " << describeIntervention(iv) << "\n";
    }
    return m;
}

}  // namespace perceiver::cli
