// The verbs of the `perceiver` command-line tool. Each takes its arguments (after the verb)
// and returns the process exit code; errors are printed as one line on stderr.
#pragma once

#include <string>
#include <vector>

namespace perceiver::cli {

using Args = std::vector<std::string>;

int runCommand(const Args& args);      ///< perceiver run --model DIR --inputs F --out F ...
int downloadCommand(const Args& args); ///< perceiver download ORG/NAME [--revision R]
int modelsCommand(const Args& args);    ///< perceiver models [--json]
int convertCommand(const Args& args);  ///< perceiver convert IN OUT.safetensors
int fillMaskCommand(const Args& args);  ///< perceiver fill-mask --model M TEXT
int classifyTextCommand(const Args& args);  ///< perceiver classify-text --model M TEXT | --file F
int classifyCommand(const Args& args);  ///< perceiver classify --model M IMAGE
int flowCommand(const Args& args);      ///< perceiver flow --model M FRAME1 FRAME2 | --video V --out-dir D
int flowEvalCommand(const Args& args);  ///< perceiver flow-eval DATASET [--format sintel|kitti] [--out R.json|csv]
int trackCommand(const Args& args);     ///< perceiver track --video V|DIR --points X,Y;... --out-dir D
int benchCommand(const Args& args);     ///< perceiver bench [--repeat N] [--only a,b] [--json]
/// The --threads value given on the command line (0 = all cores).
int threadsRequested();
int attentionCommand(const Args& args); ///< perceiver attention --model M --text T | --image I | A B --out-dir D
int traceCommand(const Args& args);     ///< perceiver trace (--text T | --image I | A B --pixel X,Y | --video V ...) --out-dir D
int attributeCommand(const Args& args); ///< perceiver attribute [--method ig|grad-x-input] (inputs as trace) --out-dir D
int rankLatentsCommand(const Args& args); ///< perceiver rank-latents [--after-layer K] (inputs as trace)
int autoencodeCommand(const Args& args); ///< perceiver autoencode --model M VIDEO [--out R.mp4] [--wav R.wav]
int tokenizeCommand(const Args& args); ///< perceiver tokenize [--decode] TEXT|IDS
int finetuneCommand(const Args& args);  ///< perceiver finetune --task text --data FILE --out DIR ...
int trainCommand(const Args& args);    ///< perceiver train --task NAME --out DIR [--steps N] ...
int evaluateCommand(const Args& args); ///< perceiver evaluate --task NAME --model DIR
int samplesCommand(const Args& args);  ///< perceiver samples --out DIR

/// Exit code for an error kind: 3 invalid input, 4 config, 5 checkpoint, 6 media, 7 cancelled, 8 network, 70 internal.
int exitCodeFor(int kind);

}  // namespace perceiver::cli
