// The one error type of the core library.
//
// Every failure that core reports is a perceiver::Error with a kind and a message that names
// the thing (file, tensor, key, frame) and what was expected. The CLI maps kinds to exit codes,
// the studio's Service turns them into a failed signal. Thread-safe: plain value type.
#pragma once

#include <stdexcept>
#include <string>

namespace perceiver {

enum class ErrorKind {
    InvalidInput,  ///< bad user input: a tensor of the wrong shape, a bad option, bad text
    Config,        ///< config.json missing, unreadable or holding an impossible value
    Checkpoint,    ///< weights missing, malformed, hostile or not matching the model
    Media,         ///< image / video / audio cannot be decoded or encoded
    Network,       ///< a download failed: offline, refused, not found on the hub, verification
    Cancelled,     ///< the user cancelled a running job
    Internal,      ///< a bug: an invariant of ours does not hold
};

/// Short lower-case name of a kind ("invalid input", "checkpoint", ...).
const char* errorKindName(ErrorKind kind);

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

[[noreturn]] inline void fail(ErrorKind kind, const std::string& message) { throw Error(kind, message); }

}  // namespace perceiver
