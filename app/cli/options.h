// The option parser of the CLI verbs: --name value (or --name=value), boolean --flags and
// positional arguments, exactly as the verb's entry in the table (verbs.h) lists them.
// A command line of the wrong shape is a UsageError (exit code 2); --help / -h is HelpRequested.
#pragma once

#include "commands.h"
#include "verbs.h"
#include "common/error.h"
#include "common/runtime.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace perceiver::cli {

/// The folder of the built-in demo model `name` (resources/models/<name> or its installed copy,
/// see findDataDirectory), or "" when it is not there.
inline std::string demoModelPath(const std::string& name) {
    const std::string root = findDataDirectory("PERCEIVER_STUDIO_MODELS", "models", PERCEIVER_SOURCE_MODELS);
    std::error_code ec;
    if (root.empty() || !std::filesystem::exists(root + "/" + name + "/config.json", ec)) return {};
    return root + "/" + name;
}

/// `j` as the CLI prints it (--json): indented, and bytes that are not UTF-8 (a text, a label,
/// a path) written as U+FFFD instead of failing the whole command.
inline std::string jsonText(const nlohmann::json& j) { return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace); }

[[noreturn]] inline void usage(const std::string& msg) { throw UsageError{msg}; }

struct Options {
    std::map<std::string, std::string> values;
    std::set<std::string> flags;
    std::vector<std::string> positional;

    Options(const Args& args, const VerbSpec& spec) {
        std::set<std::string> valued, boolean;
        for (const auto& o : spec.options) (o.value.empty() ? boolean : valued).insert(o.name);
        for (const auto& a : args)
            if (a == "--help" || a == "-h") throw HelpRequested{spec.name};
        for (size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (a.rfind("--", 0) != 0) {
                positional.push_back(a);
                continue;
            }
            std::string name = a.substr(2), value;
            const auto eq = name.find('=');
            if (eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (valued.count(name)) {
                if (eq == std::string::npos) {
                    if (i + 1 >= args.size()) usage("option --" + name + " needs a value");
                    value = args[++i];
                }
                values[name] = value;
            } else if (boolean.count(name) && eq == std::string::npos) {
                flags.insert(name);
            } else {
                usage("unknown option " + a);
            }
        }
    }
    std::string need(const std::string& name) const {
        auto it = values.find(name);
        if (it == values.end()) usage("missing --" + name);
        return it->second;
    }
    std::string get(const std::string& name, const std::string& fallback) const {
        auto it = values.find(name);
        return it == values.end() ? fallback : it->second;
    }
    bool flag(const std::string& name) const { return flags.count(name) != 0; }
    /// --model, else the built-in demo model `demo` (resources/models/<demo>), with a note.
    std::string model(const std::string& demo) const {
        if (auto it = values.find("model"); it != values.end()) return it->second;
        const std::string path = demoModelPath(demo);
        if (path.empty()) usage("missing --model (and the demo model '" + demo + "' is not installed)");
        std::fprintf(stderr, "perceiver: no --model given: using the demo model %s (a small model Perceiver Studio trained itself)\n",
                     path.c_str());
        return path;
    }
    int integer(const std::string& name, int fallback) const {
        auto it = values.find(name);
        if (it == values.end()) return fallback;
        try {
            size_t used = 0;
            const int v = std::stoi(it->second, &used);
            if (used == it->second.size()) return v;
        } catch (const std::exception&) {
        }
        usage("--" + name + " takes an integer, got '" + it->second + "'");
    }
    double number(const std::string& name, double fallback) const {
        auto it = values.find(name);
        if (it == values.end()) return fallback;
        try {
            size_t used = 0;
            const double v = std::stod(it->second, &used);
            if (used == it->second.size()) return v;
        } catch (const std::exception&) {
        }
        usage("--" + name + " takes a number, got '" + it->second + "'");
    }
};

/// "A,B,..." -> the integers; a usage error naming the option otherwise.
inline std::vector<int64_t> integerList(const std::string& option, const std::string& text) {
    std::vector<int64_t> out;
    size_t begin = 0;
    while (true) {
        const size_t end = std::min(text.find(',', begin), text.size());
        const std::string part = text.substr(begin, end - begin);
        size_t used = 0;
        try {
            out.push_back(std::stoll(part, &used));
        } catch (const std::exception&) {
            used = std::string::npos;
        }
        if (part.empty() || used != part.size()) usage("--" + option + " takes integers separated by commas, got '" + text + "'");
        if (end == text.size()) return out;
        begin = end + 1;
    }
}

}  // namespace perceiver::cli
