// Reading environment variables (HF_HOME, HF_TOKEN, ...): empty when unset or empty.
#pragma once

#include <cstdlib>
#include <string>

namespace perceiver {

inline std::string environment(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::string();
}

}  // namespace perceiver
