// perceiver: the headless command-line tool of Perceiver Studio.
#include "commands.h"
#include "verbs.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/runtime.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <set>
#include <string>

namespace {

int gThreads = 0;


}  // namespace

int perceiver::cli::threadsRequested() { return gThreads; }

int main(int argc, char** argv) {
    perceiver::removeTemporariesOnSignals();  // Ctrl+C leaves no .part / .tmp- file behind
    std::vector<std::string> args(argv + 1, argv + argc);
    int threads = 0;
    if (args.size() >= 2 && args[0] == "--threads") {
        try {
            size_t used = 0;
            threads = std::stoi(args[1], &used);
            if (used != args[1].size()) throw std::invalid_argument(args[1]);
        } catch (const std::exception&) {
            std::cerr << "perceiver: --threads needs a number, got '" << args[1] << "'\n";
            return 2;
        }
        if (threads < 0 || threads > 1024) {  // 100000 threads hung creating the pool
            std::cerr << "perceiver: --threads takes 0 (all cores) to 1024, got " << threads << "\n";
            return 2;
        }
        gThreads = threads;
        args.erase(args.begin(), args.begin() + 2);
    }
    if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        if (args.size() >= 2 && args[0] == "help" && perceiver::cli::findVerb(args[1])) {  // perceiver help VERB
            std::cout << perceiver::cli::verbHelp(*perceiver::cli::findVerb(args[1]));
            return 0;
        }
        std::cout << perceiver::cli::overallHelp();
        return args.empty() ? 2 : 0;
    }
    const std::string verb = args[0];
    args.erase(args.begin());
    if (verb == "version" || verb == "--version") {
        std::cout << "perceiver " << PERCEIVER_VERSION << " (" << perceiver::runtimeSummary() << ")\n";
        return 0;
    }
    const perceiver::cli::VerbSpec* spec = perceiver::cli::findVerb(verb);
    if (!spec) {
        std::cerr << "perceiver: unknown command '" << verb << "' (see perceiver --help)\n";
        return 2;
    }
    try {
        if (!spec->run) {
            for (const auto& a : args)
                if (a == "--help" || a == "-h") throw perceiver::cli::HelpRequested{verb};
            std::cerr << "perceiver: '" << verb << "' reads images, video or audio, and this build has no media support "
                      << "(configured with PERCEIVER_WITH_MEDIA=OFF)\n";
            return 2;
        }
        if (verb != "bench") perceiver::setThreads(threads);  // bench sets threads in its worker processes
        const bool help = std::find(args.begin(), args.end(), "--help") != args.end() || std::find(args.begin(), args.end(), "-h") != args.end();
        if (spec->runsModel && !help && perceiver::referenceBlas())
            std::cerr << "perceiver: warning: LibTorch uses the reference BLAS (" << perceiver::blasLibrary()
                      << "), about 10x slower; install libopenblas0-pthread\n";
        return spec->run(args);
    } catch (const perceiver::cli::HelpRequested& h) {
        std::cout << perceiver::cli::verbHelp(perceiver::cli::verb(h.verb));
        return 0;
    } catch (const perceiver::cli::UsageError& e) {
        std::cerr << "perceiver " << verb << ": usage error: " << e.message << " (see perceiver " << verb << " --help)\n";
        return 2;
    } catch (const perceiver::Error& e) {
        std::cerr << "perceiver " << verb << ": " << perceiver::errorKindName(e.kind()) << " error: " << e.what() << "\n";
        return perceiver::cli::exitCodeFor(static_cast<int>(e.kind()));
    } catch (const c10::Error& e) {
        std::cerr << "perceiver " << verb << ": internal error: " << e.what_without_backtrace() << "\n";
        return 70;
    } catch (const std::exception& e) {
        std::cerr << "perceiver " << verb << ": internal error: " << e.what() << "\n";
        return 70;
    }
}
