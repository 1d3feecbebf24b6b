#include "config/labels.h"

#include "common/error.h"
#include "common/input_file.h"
#include "common/json.h"
#include "config/imagenet_labels.h"  // generated from resources/labels/imagenet-1k.txt

#include <fstream>
#include <sstream>

namespace perceiver {

namespace {

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

std::vector<std::string> labelsFromJson(const nlohmann::json& j, const std::string& path) {
    const auto bad = [&](const std::string& what) {
        throw Error(ErrorKind::Config, "label file '" + path + "': " + what);
    };
    if (j.is_array()) {
        std::vector<std::string> out;
        for (size_t i = 0; i < j.size(); ++i) {
            if (!j[i].is_string()) bad("entry " + std::to_string(i) + " is not a string");
            out.push_back(j[i].get<std::string>());
        }
        return out;
    }
    if (!j.is_object()) bad("expected an array of names or an object {\"0\": \"name\", ...}");
    if (j.contains("id2label")) return labelsFromJson(j["id2label"], path);
    std::vector<std::string> out(j.size());  // keys are unique and in range, so every index is named
    for (const auto& [key, value] : j.items()) {
        size_t used = 0;
        long long id = -1;
        try {
            id = std::stoll(key, &used);
        } catch (const std::exception&) {
        }
        if (used != key.size() || id < 0 || id >= static_cast<long long>(out.size()))
            bad("key '" + key + "' is not a class index 0.." + std::to_string(out.size() - 1));
        if (!value.is_string()) bad("the name of class " + key + " is not a string");
        out[id] = value.get<std::string>();
    }
    return out;
}

}  // namespace

const std::vector<std::string>& imagenetLabels() {
    static const std::vector<std::string> labels = splitLines(kImagenetLabels);
    return labels;
}

std::vector<std::string> readLabelFile(const std::string& path) {
    const std::string text = readInputFile(path, "label file", ErrorKind::Config, 64u << 20);  // no FIFO, folder or giant
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) throw Error(ErrorKind::Config, "label file '" + path + "' is empty");
    if (text[first] == '[' || text[first] == '{') {
        nlohmann::json j;
        std::string why;
        if (!parseJson(text.begin(), text.end(), j, why)) throw Error(ErrorKind::Config, "label file '" + path + "' is " + why);
        return labelsFromJson(j, path);
    }
    std::vector<std::string> lines = splitLines(text);
    for (size_t i = 0; i < lines.size(); ++i)
        if (lines[i].find_first_not_of(" \t") == std::string::npos)
            throw Error(ErrorKind::Config, "label file '" + path + "': line " + std::to_string(i + 1) +
                                               " is blank (one class name per line, line i = class i - 1)");
    return lines;
}

void setLabels(PerceiverConfig& config, const std::vector<std::string>& labels) {
    if (static_cast<int64_t>(labels.size()) != config.num_labels())
        throw Error(ErrorKind::Config, "the label list has " + std::to_string(labels.size()) + " names but the model has " +
                                           std::to_string(config.num_labels()) + " classes");
    for (size_t i = 0; i < labels.size(); ++i) config.id2label[static_cast<int64_t>(i)] = labels[i];
}

bool hasGenericLabels(const PerceiverConfig& config) {
    for (const auto& [id, name] : config.id2label)
        if (name != "LABEL_" + std::to_string(id)) return false;
    return true;
}

void applyKnownLabels(PerceiverConfig& config) {
    const std::string arch = config.architecture();
    const bool imageClassifier = arch.rfind("PerceiverForImageClassification", 0) == 0;
    if (imageClassifier && config.num_labels() == 1000 && hasGenericLabels(config)) setLabels(config, imagenetLabels());
}

}  // namespace perceiver
