// The verbs of `perceiver` and their options, in one table: the parser accepts exactly the
// options a verb's entry lists, and `perceiver --help` / `perceiver VERB --help` are written
// from the same entries, so the help and the parser cannot drift apart.
//
//   const VerbSpec& spec = verb("flow");
//   const Options o(args, spec);          // throws HelpRequested on --help / -h
//   std::cout << verbHelp(spec);          // "Usage: perceiver flow [options] FRAME1 FRAME2 ..."
// Thread-safety: the table is built once and then only read.
#pragma once

#include "commands.h"

#include <string>
#include <vector>

namespace perceiver::cli {

struct OptionSpec {
    std::string name;   ///< without the dashes
    std::string value;  ///< what it takes ("N", "FILE"); empty: a flag
    std::string help;
};

struct VerbSpec {
    std::string name;
    std::string arguments;  ///< the positional arguments, e.g. "FRAME1 FRAME2 | --video VIDEO --out-dir DIR"
    std::string summary;    ///< one line for the overview
    std::string details;    ///< what it does, for `perceiver VERB --help`
    std::vector<OptionSpec> options;
    int (*run)(const Args&) = nullptr;  ///< null: not in this build (no media support)
    bool runsModel = false;             ///< warn about a slow BLAS before it runs
};

/// Every verb, in the order of the overview.
const std::vector<VerbSpec>& verbs();
/// The verb `name`; null when there is none.
const VerbSpec* findVerb(const std::string& name);
/// The verb `name` (which must exist: for the verbs' own functions).
const VerbSpec& verb(const std::string& name);

/// `perceiver VERB --help`: usage line, details, every option with its value and help.
std::string verbHelp(const VerbSpec& spec);
/// `perceiver --help`: global options, one line per verb, exit codes.
std::string overallHelp();

/// Thrown by the option parser for --help / -h; main prints verbHelp() and exits 0.
struct HelpRequested {
    std::string verb;
};

/// A command line of the wrong shape (unknown option, missing value, wrong arguments): exit 2.
struct UsageError {
    std::string message;
};

}  // namespace perceiver::cli
