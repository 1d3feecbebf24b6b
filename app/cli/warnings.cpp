#include "warnings.h"

#include "common/error.h"
#include "model/perceiver_model.h"
#include "model/intervention.h"

#include <iostream>
#include <set>

namespace perceiver::cli {

void printWarnings(const std::vector<std::string>& warnings) {
    static std::set<std::string> printed;
    for (const auto& w : warnings)
        if (!w.empty() && printed.insert(w).second) std::cerr << "perceiver: warning: " << w << "\n";
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
    try {  // core's parsers; their messages name the text
        if (o.values.count("head-mask")) iv.masked_heads = parseHeadMask(o.values.at("head-mask"));
        if (o.values.count("ablate-latents")) iv.ablate_latents = parseIndexRanges(o.values.at("ablate-latents"), "--ablate-latents");
        if (o.values.count("drop-inputs")) iv.dropped_inputs = parseIndexRanges(o.values.at("drop-inputs"), "--drop-inputs");
    } catch (const Error& e) {
        usage(e.what());
    }
    if (o.values.count("head-mask") && iv.masked_heads.empty()) usage("--head-mask needs LAYER:HEAD pairs");
    if (o.values.count("ablate-latents") && iv.ablate_latents.empty()) usage("--ablate-latents needs latents");
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
