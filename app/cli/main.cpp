// perceiver: the headless command-line tool of Perceiver Studio.
#include "commands.h"

#include "common/error.h"
#include "common/runtime.h"

#include <cstdlib>
#include <exception>
#include <iostream>
#include <set>
#include <string>

namespace {

int gThreads = 0;

const char* kHelp = R"(perceiver - run Hugging Face Perceiver / Perceiver IO models

Usage: perceiver [--threads N] <command> [options]

MODEL may be a folder, a weights file or a hub id (org/name[@revision]) found in the
Hugging Face cache ($HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub).

Commands:
  run        --model MODEL --inputs IO.safetensors --out OUT.safetensors
             [--output-attentions] [--output-hidden-states] [--constructor FILE]
             [--precision fp32|bf16|fp16] [--json]
             Runs the class named in DIR/config.json on the in.* tensors of IO and writes
             every output as out.* (the names of the golden fixtures). bf16 / fp16: CUDA
             autocast (--device cuda).
  fill-mask  [--model MODEL] [--top-k K] [--mask-range A:B,...] [--json] TEXT
             Predicts every [MASK] byte of TEXT (PerceiverForMaskedLM): top-k per position
             and the filled text. --mask-range masks byte ranges instead.
  classify   [--model MODEL] [--top-k K] [--save-view CROP.png] [--labels FILE] [--json] IMAGE
             Top-k classes of an image with any of the three image classifiers. 1000-class
             models without names get the ImageNet-1k names; --labels FILE (one name per
             line, or JSON) names the classes of any other head.
  flow       [--model MODEL] [--flo F.flo] [--color C.png] [--arrows A.png] [--arrow-step N]
             [--magnitude M.png] [--gt GT.flo] [--min-overlap 20] [--tile-batch N] [--json]
             FRAME1 FRAME2  |  --video VIDEO --out-dir DIR
             Optical flow of frames of any size (tiled in train_size windows, pyramid
             blending); the colour image carries the Middlebury wheel legend.
  autoencode [--model MODEL] [--out RECON.mp4] [--side-by-side] [--wav RECON.wav] [--chunks 128]
             [--top-k K] [--labels FILE] [--json] VIDEO
             Video + audio autoencoding window by window (num_frames frames each), decoded in
             chunks; reconstructed MP4 / WAV, PSNR per window, top-k labels.
  attention  [--model MODEL] (--text TEXT | --image IMAGE | --video VIDEO | FRAME1 FRAME2) --out-dir DIR
             [--head H] [--latent N] [--rollout] [--opacity 0.6] [--json]
             Encoder cross-attention mapped onto the input (heatmap + overlay PNG, or per-byte
             HTML for text, per-frame overlays + an audio track for a video's first window),
             every latent self-attention layer as a PNG matrix.
  train      --task mlm|shapes|flow|clips --out DIR [--steps 1000] [--batch-size 16]
             [--lr 1e-3] [--warmup N] [--weight-decay 0.01] [--clip 1.0] [--eval-every 250]
             [--seed 0] [--init DIR] [--corpus DIR] [--held-out F,...] [--json] [--quiet]
             Trains a small demo model on data the project generates (or, for mlm, the
             licence texts of /usr/share/common-licenses): AdamW, warm-up + cosine decay,
             gradient clipping, held-out evaluation; keeps the best evaluation and writes
             DIR/config.json + DIR/model.safetensors. --init continues a saved model.
  evaluate   --task mlm|shapes|flow|clips --model DIR [--json]
             The held-out scores of a demo model (byte/word accuracy, top-1, EPE, PSNR).
  samples    --out DIR   the demo's sample inputs (shape images, a frame pair with its
             true flow, a video with sound) from the held-out side of the generators
  bench      [--repeat N] [--only mlm,vision-learned,...] [--device cpu|cuda[:N]]
             [--precision fp32|bf16|fp16] [--profile] [--json]
             The six checkpoint architectures with random weights on demo-sized inputs:
             median seconds and peak RSS (and peak GPU memory) per workload, plus a matmul
             yardstick on the same device. --profile adds the seconds per stage
             (preprocess, encoder cross-attention, self-attention, decoder, ...).
  models     [--json]    the six public checkpoints (task, size, cached or not) and other
             Perceiver models found in the Hugging Face cache
  download   ORG/NAME [--revision R] [--endpoint URL] [--cache-dir DIR] [--json] [--quiet]
             Fetches config.json + weights into the Hugging Face cache layout (resumable,
             verified, atomic); endpoint from $HF_ENDPOINT, token from $HF_TOKEN.
  convert    IN OUT.safetensors [--json]
             Rewrites a checkpoint (folder, pytorch_model.bin, sharded index, hub id) as
             one safetensors file with the identical state dict.
  tokenize   [--no-special] [--json] TEXT      byte-tokenize TEXT
             --decode [--no-special] IDS       decode comma-separated ids
  version    print versions and the thread count

Every verb that runs a model also takes --device cpu|cuda[:N] (default cpu). Without
--model, fill-mask, classify, flow, autoencode and attention use the built-in demo model of
their task (resources/models, or $PERCEIVER_STUDIO_MODELS).

Global options:
  --threads N   LibTorch intra-op threads (default: all cores)
  -h, --help    this help

Exit codes: 0 ok, 2 usage, 3 invalid input, 4 config, 5 checkpoint, 6 media,
7 cancelled, 8 network, 70 internal error.
)";

}  // namespace

int perceiver::cli::threadsRequested() { return gThreads; }

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    int threads = 0;
    if (args.size() >= 2 && args[0] == "--threads") {
        try {
            threads = std::stoi(args[1]);
            gThreads = threads;
        } catch (const std::exception&) {
            std::cerr << "perceiver: --threads needs a number, got '" << args[1] << "'\n";
            return 2;
        }
        args.erase(args.begin(), args.begin() + 2);
    }
    if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        std::cout << kHelp;
        return args.empty() ? 2 : 0;
    }
    const std::string verb = args[0];
    args.erase(args.begin());
    try {
        if (verb != "bench") perceiver::setThreads(threads);  // bench sets threads in its worker processes
        static const std::set<std::string> modelVerbs{"run", "fill-mask", "classify", "flow", "autoencode", "attention", "bench", "train", "evaluate"};
        if (modelVerbs.count(verb) && perceiver::referenceBlas())
            std::cerr << "perceiver: warning: LibTorch uses the reference BLAS (" << perceiver::blasLibrary()
                      << "), about 10x slower; install libopenblas0-pthread\n";
        if (verb == "run") return perceiver::cli::runCommand(args);
        if (verb == "fill-mask") return perceiver::cli::fillMaskCommand(args);
#ifdef PERCEIVER_WITH_MEDIA
        if (verb == "classify") return perceiver::cli::classifyCommand(args);
        if (verb == "flow") return perceiver::cli::flowCommand(args);
        if (verb == "autoencode") return perceiver::cli::autoencodeCommand(args);
        if (verb == "attention") return perceiver::cli::attentionCommand(args);
        if (verb == "train") return perceiver::cli::trainCommand(args);
        if (verb == "evaluate") return perceiver::cli::evaluateCommand(args);
        if (verb == "samples") return perceiver::cli::samplesCommand(args);
#else
        if (verb == "classify" || verb == "flow" || verb == "autoencode" || verb == "attention" || verb == "train" ||
            verb == "evaluate" || verb == "samples") {
            std::cerr << "perceiver: '" << verb << "' reads images, video or audio, and this build has no media support "
                      << "(configured with PERCEIVER_WITH_MEDIA=OFF)\n";
            return 2;
        }
#endif
        if (verb == "bench") return perceiver::cli::benchCommand(args);
        if (verb == "models") return perceiver::cli::modelsCommand(args);
        if (verb == "download") return perceiver::cli::downloadCommand(args);
        if (verb == "convert") return perceiver::cli::convertCommand(args);
        if (verb == "tokenize") return perceiver::cli::tokenizeCommand(args);
        if (verb == "version" || verb == "--version") {
            std::cout << "perceiver " << PERCEIVER_VERSION << " (" << perceiver::runtimeSummary() << ")\n";
            return 0;
        }
        std::cerr << "perceiver: unknown command '" << verb << "' (see perceiver --help)\n";
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
