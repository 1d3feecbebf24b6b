// Parsing JSON that comes from files people give us (config.json, safetensors headers, label
// lists, shard indexes, constructor files) with a bound on nesting: a file of 100,000 nested
// lists parses fine but overflows the stack later, when nlohmann copies or prints the tree.
// Containers deeper than kMaxJsonDepth are not built; the parse then reports the depth.
//
//   nlohmann::json j;
//   std::string why;
//   if (!parseJson(text.begin(), text.end(), j, why)) fail(ErrorKind::Config, "config file '" + p + "' is " + why);
// Thread-safety: free function.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace perceiver {

/// Deeper than any config or header people write (HF's are 3-4 levels), far from the stack's end.
inline constexpr int kMaxJsonDepth = 64;

/// Parses [first, last) into `out`; on failure returns false with `why` completing "X is ...":
/// "not valid JSON: <where>", "nested deeper than 64 levels", or, with `rejectDuplicateKeys`,
/// "holding the key 'k' twice in one object" (nlohmann would keep the last silently).
template <class It>
bool parseJson(It first, It last, nlohmann::json& out, std::string& why, bool rejectDuplicateKeys = false, int maxDepth = kMaxJsonDepth) {
    using Event = nlohmann::json::parse_event_t;
    bool tooDeep = false;
    std::string duplicate;
    std::vector<std::set<std::string>> keys;  // of the objects being built, innermost last
    try {
        out = nlohmann::json::parse(first, last, [&](int depth, Event event, nlohmann::json& parsed) {
            if (depth > maxDepth) {
                if (event == Event::object_start || event == Event::array_start) tooDeep = true;
                return event != Event::object_start && event != Event::array_start;  // the subtree is read, not built
            }
            if (!rejectDuplicateKeys) return true;
            if (event == Event::object_start) keys.emplace_back();
            else if (event == Event::object_end && !keys.empty()) keys.pop_back();
            else if (event == Event::key && !keys.empty() && !keys.back().insert(parsed.get<std::string>()).second && duplicate.empty())
                duplicate = parsed.get<std::string>();
            return true;
        });
    } catch (const nlohmann::json::exception& e) {
        why = std::string("not valid JSON: ") + e.what();
        return false;
    }
    if (tooDeep || !duplicate.empty()) {
        out = nullptr;
        why = tooDeep ? "nested deeper than " + std::to_string(maxDepth) + " levels" : "holding the key '" + duplicate + "' twice in one object";
        return false;
    }
    return true;
}

}  // namespace perceiver
