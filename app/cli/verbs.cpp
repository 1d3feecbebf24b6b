#include "verbs.h"

#include <algorithm>
#include <sstream>

namespace perceiver::cli {

namespace {

// Options several verbs share, so their wording is written once.
const OptionSpec kModel{"model", "MODEL", "a model folder, weights file or hub id (org/name[@revision]) in the Hugging Face cache"};
const OptionSpec kModelOrDemo{"model", "MODEL", "a model folder, weights file or hub id; default: the built-in demo model of the task"};
const OptionSpec kDevice{"device", "cpu|cuda[:N]", "where the model runs (default cpu)"};
// Interventions (core: setIntervention), on every verb that runs a task model.
const OptionSpec kHeadMask{"head-mask", "L:H,...", "mask self-attention head H of layer L (HF's head_mask: every block)"};
const OptionSpec kAblateLatents{"ablate-latents", "N,...", "zero these latents after the cross-attention (or --ablate-after-layer)"};
const OptionSpec kAblateAfter{"ablate-after-layer", "K", "ablate after self-attention layer K instead (0: the cross-attention)"};
const OptionSpec kDropInputs{"drop-inputs", "P,A-B,...", "hide these input positions from the latents (mask 0; text: token k+1, images: row-major over the token grid, flow: over each window, video: [audio][frames][label])"};

const OptionSpec kJson{"json", "", "print the result as JSON"};
const OptionSpec kTopK{"top-k", "K", "how many classes or candidates to list (default 5)"};
const OptionSpec kLabels{"labels", "FILE", "class names, one per line or a JSON list (checked against the model's classes)"};
const OptionSpec kPrecision{"precision", "fp32|bf16|fp16",
                            "bf16: products in bf16 (CUDA autocast, or the CPU's bf16 units; fp32 with a note where it has none); fp16: CUDA only; default fp32"};
const OptionSpec kTask{"task", "mlm|shapes|flow|clips", "which demo task"};
const OptionSpec kCorpus{"corpus", "DIR", "mlm: the licence texts (default /usr/share/common-licenses)"};
const OptionSpec kHeldOut{"held-out", "F,...", "mlm: the corpus files held out for evaluation (default Apache-2.0)"};

/// `own` options, then the one output of `trace` and `attribute` (the input forms, which output),
/// the interventions, the device and --json.
std::vector<OptionSpec> withOutputOptions(std::vector<OptionSpec> own) {
    const std::vector<OptionSpec> shared = {
        {"text", "TEXT", "a text (masked LM or text classifier)"},
        {"position", "P", "the token: 0 = the text's first byte, a [MASK] counts as one (default: the first [MASK])"},
        {"image", "IMAGE", "an image (classifiers)"}, {"class", "C", "the class (default: the top one)"},
        {"pixel", "X,Y|F,X,Y", "the flow pixel of the first frame, or frame F's reconstructed pixel"},
        {"video", "VIDEO", "a video (multimodal autoencoders): its first window"},
        {"audio-sample", "N", "the window's reconstructed audio sample N"}, {"label", "", "the window's label"},
        {"opacity", "A", "overlay opacity in [0, 1] (default 0.6)"}, kHeadMask, kAblateLatents, kAblateAfter, kDropInputs, kDevice, kJson};
    own.insert(own.end(), shared.begin(), shared.end());
    return own;
}

#ifdef PERCEIVER_WITH_MEDIA
#define PERCEIVER_MEDIA_VERB(f) &f
#else
#define PERCEIVER_MEDIA_VERB(f) nullptr
#endif

std::vector<VerbSpec> makeVerbs() {
    return {
        {"run", "",
         "run any class on the tensors of a safetensors file",
         "Runs the class named in config.json on the in.* tensors of IO and writes every output as\n"
         "out.* (the names of the golden fixtures).",
         {kModel, {"inputs", "IO.safetensors", "the inputs, as in.* tensors"}, {"out", "OUT.safetensors", "where the outputs go"},
          {"output-attentions", "", "also write every attention map"}, {"output-hidden-states", "", "also write every hidden state"},
          {"constructor", "FILE", "JSON of the preprocessor / decoder / postprocessor a PerceiverModel is built with"}, kPrecision,
          kDevice, kJson},
         &runCommand, true},
        {"fill-mask", "TEXT",
         "predict the [MASK] bytes of a text (PerceiverForMaskedLM)",
         "Predicts every [MASK] byte of TEXT: the top-k candidates per position and the filled text.",
         {kModelOrDemo, kTopK, {"mask-range", "A:B,...", "mask these byte ranges of TEXT instead of writing [MASK]"}, kHeadMask, kAblateLatents, kAblateAfter, kDropInputs, kDevice, kJson},
         &fillMaskCommand, true},
        {"classify-text", "TEXT | --file F",
         "classify a text (PerceiverForSequenceClassification)",
         "Scores a text's labels as the model's config.json says (problem_type): single-label\n"
         "(softmax, the top label predicted), multi-label (a sigmoid per label, those at or over\n"
         "--threshold predicted) or regression (the value of each output). Without a problem_type\n"
         "one output is a regression and several are single-label, HF's loss rules. A text longer\n"
         "than the model reads (max_position_embeddings - 2 bytes) is truncated, with a notice.\n"
         "There is no built-in demo text classifier: --model is needed.",
         {{"model", "MODEL", "a PerceiverForSequenceClassification folder, weights file or hub id"}, kTopK,
          {"threshold", "P", "multi-label: predict the labels with a probability of at least P (default 0.5)"},
          {"file", "F", "read the text from the file F (UTF-8) instead of TEXT"}, kLabels, kHeadMask, kAblateLatents, kAblateAfter,
          kDropInputs, kDevice, kJson},
         &classifyTextCommand, true},
        {"classify", "IMAGE",
         "classify an image with any of the three image classifiers",
         "Top-k classes of an image. 1000-class models without names get the ImageNet-1k names.",
         {kModelOrDemo, kTopK, {"save-view", "CROP.png", "also save the exact crop the model sees"}, kLabels, kHeadMask, kAblateLatents, kAblateAfter, kDropInputs, kDevice, kJson},
         PERCEIVER_MEDIA_VERB(classifyCommand), true},
        {"flow", "FRAME1 FRAME2 | --video VIDEO|DIR --out-dir DIR",
         "optical flow between two frames, through a video or a folder of frames",
         "Optical flow of frames of any size, tiled in train_size windows with pyramid blending (the\n"
         "studio's rule: a 20 px overlap, or a quarter window for small windows). For a pair it\n"
         "reports the warp check (|I1 - warp(I2)|), and with --backward the forward-backward\n"
         "consistency, with --gt the EPE, 1/3/5 px accuracy, Fl-all and EPE by speed (non-occluded\n"
         "too with --occlusions or --gt-noc), with --compare the difference to another flow, with\n"
         "--entropy the decoder's attention entropy (and its correlation with the error). --out-dir\n"
         "writes every view as a PNG (flow, arrows, magnitude, warped, warp_error, consistency, epe,\n"
         "kitti_error, other, difference, entropy) plus flow.flo. A video or a folder of frames\n"
         "(frame_0001.png, ...) writes flow_NNNNN.flo / .png per pair.",
         {kModelOrDemo, {"flo", "F.flo", "write the flow (Middlebury .flo)"}, {"color", "C.png", "write the colour coding"},
          {"arrows", "A.png", "write arrows over the first frame (with --video: a flag, per pair)"},
          {"arrow-step", "N", "pixels between arrows (default 16)"},
          {"magnitude", "M.png", "write the flow magnitude (with --video: a flag, per pair)"},
          {"gt", "GT.flo|GT.png", "ground truth (.flo, or KITTI 16-bit PNG): EPE, 1/3/5 px accuracy, Fl-all, EPE by speed"},
          {"occlusions", "OCC.png", "Sintel occlusion mask (white = occluded): also the non-occluded EPE"},
          {"gt-noc", "NOC.png", "KITTI flow_noc ground truth: also the non-occluded EPE"},
          {"compare", "OTHER.flo|.png", "another method's flow for the pair: the difference and the EPE between them"},
          {"backward", "", "also the flow 2 -> 1: forward-backward consistency (alpha 0.01, beta 0.5)"},
          {"entropy", "", "the decoder's attention entropy over the latents per pixel"},
          {"out-dir", "DIR", "write every view (a pair) or every pair's flow (--video)"},
          {"min-overlap", "PX", "pixels shared by neighbouring windows (default: the model's rule)"},
          {"tile-batch", "N", "windows per forward pass (default 1)"},
          {"video", "VIDEO|DIR", "every consecutive pair of a video or of a folder of frames"}, kHeadMask, kAblateLatents, kAblateAfter, kDropInputs, kDevice, kJson},
         PERCEIVER_MEDIA_VERB(flowCommand), true},
        {"flow-eval", "DATASET",
         "evaluate a flow model on a Sintel or KITTI dataset",
         "Every pair of a dataset in the MPI-Sintel layout (training/{clean,final}/<scene>/frame_XXXX.png,\n"
         "training/flow/<scene>/frame_XXXX.flo, optional training/occlusions) or the KITTI 2015 one\n"
         "(training/image_2/<id>_10.png, _11.png, training/flow_occ, optional flow_noc), with the\n"
         "`flow` verb's tiling (so each pair's numbers equal `flow --gt`'s): per pair, per scene and\n"
         "overall EPE (all and non-occluded), 1/3/5 px accuracy, Fl-all and EPE by speed. With --out\n"
         "the pairs done are kept in OUT.partial, so an interrupted run resumes where it stopped.",
         {kModelOrDemo, {"format", "sintel|kitti", "the layout (default: detected)"},
          {"split", "clean|final", "Sintel's rendering pass (default clean)"},
          {"out", "REPORT.json|REPORT.csv", "write the report (per pair, per scene, overall)"},
          {"min-overlap", "PX", "pixels shared by neighbouring windows (default: the model's rule)"},
          {"tile-batch", "N", "windows per forward pass (default 1)"}, kDevice, kJson},
         PERCEIVER_MEDIA_VERB(flowEvalCommand), true},
        {"track", "--video VIDEO|DIR --points X,Y;... --out-dir DIR",
         "track points through a clip by chaining its pair flows",
         "Moves each point by the flow of every consecutive pair (bilinear look-up); a point stops\n"
         "when it leaves the frame or fails the forward-backward check (an occlusion). Writes\n"
         "tracks.csv (track,frame,x,y,status), tracks.png (the last frame) and tracks.mp4.",
         {kModelOrDemo, {"video", "VIDEO|DIR", "a video or a folder of frames"}, {"points", "X,Y;...", "points on the first frame, pixels"},
          {"out-dir", "DIR", "where the tracks go"}, {"no-check", "", "no forward-backward check (half the work; tracks run through occlusions)"},
          {"max-pairs", "N", "stop after N pairs (default 0: all)"},
          {"min-overlap", "PX", "pixels shared by neighbouring windows (default: the model's rule)"},
          {"tile-batch", "N", "windows per forward pass (default 1)"}, kDevice, kJson},
         PERCEIVER_MEDIA_VERB(trackCommand), true},
        {"autoencode", "VIDEO",
         "reconstruct a video and its sound (PerceiverForMultimodalAutoencoding)",
         "Video + audio autoencoding window by window (num_frames frames each), decoded in chunks;\n"
         "the reconstructed MP4 / WAV, PSNR per window, top-k labels.",
         {kModelOrDemo, {"out", "RECON.mp4", "write the reconstruction"}, {"side-by-side", "", "--out shows input | reconstruction"},
          {"wav", "RECON.wav", "write the reconstructed sound"}, {"chunks", "N", "decode chunks per window (default 128)"}, kTopK,
          kLabels, kHeadMask, kAblateLatents, kAblateAfter, kDropInputs, kDevice, kJson},
         PERCEIVER_MEDIA_VERB(autoencodeCommand), true},
        {"attention", "(--text TEXT | --image IMAGE | --video VIDEO | FRAME1 FRAME2) --out-dir DIR",
         "attention maps of a run, as images",
         "Encoder cross-attention mapped onto the input (heatmap + overlay PNG, per-byte HTML for\n"
         "text, per-frame overlays + an audio track for a video's first window), and every latent\n"
         "self-attention layer as a PNG matrix.",
         {kModelOrDemo, {"text", "TEXT", "a text (masked-LM models)"}, {"image", "IMAGE", "an image (classifiers)"},
          {"video", "VIDEO", "a video (multimodal autoencoders): its first window"}, {"out-dir", "DIR", "where the images go"},
          {"head", "H", "cross-attention head (default -1: the mean)"}, {"latent", "N", "latent (default -1: the mean)"},
          {"rollout", "", "weight the latents by attention rollout"}, {"opacity", "A", "overlay opacity in [0, 1] (default 0.6)"},
          kHeadMask, kAblateLatents, kAblateAfter, kDropInputs, kDevice, kJson},
         PERCEIVER_MEDIA_VERB(attentionCommand), true},
        {"trace", "(--text TEXT [--position P] | --image IMAGE [--class C] | FRAME1 FRAME2 --pixel X,Y | --video VIDEO (--pixel F,X,Y | --audio-sample N | --label)) --out-dir DIR",
         "trace one output back through the latents to the input",
         "The output's decoder cross-attention over the latents (per head and mean), carried back\n"
         "through the self-attention layers (rollout with the residual identity, and the plain\n"
         "product) and the encoder cross-attention: one weight per latent and per input element.\n"
         "Only the traced query is decoded where the decoder takes subsampled points (flow, video).\n"
         "Writes the input heatmaps (as `attention` does; plain_* for the plain product) and\n"
         "trace.json: every hop's weights and sums, the prediction there, the video latents' shares.",
         withOutputOptions({kModelOrDemo, {"out-dir", "DIR", "where the images and trace.json go"}}),
         PERCEIVER_MEDIA_VERB(traceCommand), true},
        {"attribute", "(--text TEXT [--position P] | --image IMAGE [--class C] | FRAME1 FRAME2 --pixel X,Y | --video VIDEO (--pixel F,X,Y | --audio-sample N | --label)) --out-dir DIR",
         "which input elements drive one output (gradient attributions)",
         "Integrated Gradients (Gauss-Legendre quadrature; the nodes doubled up to 256 while the sum\n"
         "misses f(x) - f(baseline) by more than 1 %, unless --steps is given) or gradient x input, on\n"
         "the input the model sees: byte embeddings, the classifier's pixels, the flow window's\n"
         "patches, a video window's frames and audio. The output: a logit (the top byte or class, the\n"
         "label), the flow's u, v or magnitude at a pixel, a reconstructed pixel's mean RGB or sample.\n"
         "Writes |attribution| heatmaps (as `attention` does) and attribution.json (signed weights,\n"
         "f(x), f(baseline), the completeness error).",
         withOutputOptions({kModelOrDemo, {"method", "ig|grad-x-input", "Integrated Gradients (default) or gradient x input"},
                            {"steps", "N", "Integrated Gradients: quadrature nodes (default 32, refined to 1 %)"},
                            {"baseline", "zeros|mean|blur", "the IG baseline (default zeros; blur: images, frames, flow)"},
                            {"batch", "N", "interpolation points per pass (default: as many as fit ~4 GB, at most 8)"},
                            {"component", "u|v|magnitude", "flow: what of the pixel's flow (default magnitude)"},
                            {"out-dir", "DIR", "where the images and attribution.json go"}}),
         PERCEIVER_MEDIA_VERB(attributeCommand), true},
        {"rank-latents", "(--text TEXT [--position P] | --image IMAGE [--class C] | FRAME1 FRAME2 --pixel X,Y | --video VIDEO (--pixel F,X,Y | --audio-sample N | --label))",
         "ablate each latent in turn and rank them by their effect on one output",
         "The output as `trace` picks it (a logit, the flow magnitude at a pixel, a reconstructed\n"
         "pixel's mean RGB or sample, the label's logit), with each latent zeroed after layer K in\n"
         "turn: the layers before K run once, the later ones and the traced query a batch of latents\n"
         "at a time. Prints the latents with the largest |change| first (--json: every latent).",
         withOutputOptions({kModelOrDemo, {"after-layer", "K", "zero each latent after self-attention layer K (default 0: the cross-attention)"},
                            {"latents", "N,A-B,...", "rank only these latents (default: every one)"},
                            {"top", "N", "how many latents to print (default 10)"},
                            {"batch", "N", "latents per pass (default 8)"}}),
         PERCEIVER_MEDIA_VERB(rankLatentsCommand), true},
        {"train", "",
         "train a small demo model on generated data",
         "Trains a demo model on data the project generates (or, for mlm, the licence texts of\n"
         "/usr/share/common-licenses): AdamW, warm-up + cosine decay, gradient clipping, held-out\n"
         "evaluation; keeps the best evaluation and writes DIR/config.json + DIR/model.safetensors.",
         {kTask, {"out", "DIR", "where the model goes"}, {"steps", "N", "optimiser steps (default 1000)"},
          {"batch-size", "N", "examples per step (default 16)"}, {"lr", "RATE", "peak learning rate (default 1e-3)"},
          {"warmup", "N", "warm-up steps"}, {"weight-decay", "W", "AdamW weight decay (default 0.01)"},
          {"clip", "NORM", "global gradient-norm clip (default 1.0)"}, {"eval-every", "N", "steps between evaluations (default 250)"},
          {"seed", "N", "seed of torch and the batch sampler (default 0)"}, {"init", "DIR", "continue a saved model"}, kCorpus, kHeldOut,
          kJson, {"quiet", "", "no progress lines"}},
         PERCEIVER_MEDIA_VERB(trainCommand), true},
        {"finetune", "--task image|text --data DIR|FILE --out DIR",
         "fine-tune a classifier on your own images or labelled texts",
         "Fine-tunes an image classifier on a folder of images with one sub-folder per class\n"
         "(DIR/<class>/*, or DIR/train/<class> + DIR/val/<class> when the split is given), or a\n"
         "PerceiverForSequenceClassification on a CSV / TSV with a header naming a \"text\" and a\n"
         "\"label\" column (RFC 4180 quoting; a tab separates .tsv). It starts from --init (an\n"
         "image classifier, default the demo shapes model; a masked LM or a text classifier, default\n"
         "the demo language model): every weight whose name and shape fit is loaded, the rest (the\n"
         "new head) initialised as HF's ignore_mismatched_sizes does, and listed. The held-out\n"
         "examples are the given split, else a seeded fraction of each class. Bad data is refused\n"
         "before any training. Keeps the best held-out accuracy (on disk too with --checkpoint,\n"
         "which --resume continues) and writes DIR/config.json + DIR/model.safetensors atomically.",
         {{"task", "image|text", "what to fine-tune"}, {"data", "DIR|FILE", "the image folder, or the labelled texts (.csv, .tsv)"},
          {"held-out-data", "FILE", "text: held-out labelled texts (default: a fraction of --data)"},
          {"held-out-fraction", "F", "the share of each class held out (default 0.2)"},
          {"init", "MODEL", "the model to start from (default: the task's demo model)"},
          {"fresh", "", "start from a fresh small model of the demo models' size instead"}, {"out", "DIR", "where the model goes"},
          {"checkpoint", "DIR", "keep the best evaluation so far here while training"},
          {"resume", "DIR", "continue from a kept checkpoint (same data, same --steps)"},
          {"freeze-encoder", "", "train the decoder (the head) only"}, {"no-augment", "", "image: no crops, flips or colour jitter"},
          {"steps", "N", "optimiser steps (default 300)"},
          {"batch-size", "N", "examples per step (default 16)"}, {"lr", "RATE", "peak learning rate (default 1e-3)"},
          {"eval-every", "N", "steps between evaluations (default 50)"}, {"seed", "N", "seed of the split, torch and the sampler (default 0)"},
          kJson, {"quiet", "", "no progress lines"}},
         PERCEIVER_MEDIA_VERB(finetuneCommand), true},
        {"evaluate", "",
         "the held-out scores of a demo model",
         "The held-out scores of a demo model: byte / word accuracy, top-1, EPE, PSNR.",
         {kTask, kModel, kCorpus, kHeldOut, kJson},
         PERCEIVER_MEDIA_VERB(evaluateCommand), true},
        {"samples", "",
         "write the demo's sample inputs",
         "The demo's sample inputs (shape images, a frame pair with its true flow, a video with\n"
         "sound) from the held-out side of the generators.",
         {{"out", "DIR", "where they go"}},
         PERCEIVER_MEDIA_VERB(samplesCommand), false},
        {"bench", "",
         "time the six checkpoint architectures",
         "The six checkpoint architectures with random weights on demo-sized inputs: median seconds,\n"
         "the GFLOP of the products one run computes and their rate (against the yardstick's), and\n"
         "peak RSS (and peak GPU memory) per workload, plus a matmul yardstick on the same device.",
         {{"repeat", "N", "timed runs per workload (default 3)"}, {"only", "a,b,...", "these workloads (mlm, vision-learned, ...)"},
          kDevice, kPrecision, {"profile", "", "also the seconds and GFLOP per model stage"},
          {"baseline", "FORM", "also time FORM run for run alternating with this build's form in one process, and\n"
                               "compare their outputs: unfolded (the decoders as HF writes them, decoder_fold.h) or\n"
                               "plain-scores (folded decoders, the multimodal scores as the reference layer computes them)"},
          kJson},
         &benchCommand, true},
        {"models", "",
         "the public checkpoints and the Perceiver models in the HF cache",
         "The six public checkpoints (task, size, cached or not) and other Perceiver models found in\n"
         "the Hugging Face cache.",
         {kJson},
         &modelsCommand, false},
        {"download", "ORG/NAME",
         "fetch a model into the Hugging Face cache",
         "Fetches config.json + weights into the Hugging Face cache layout (resumable, verified,\n"
         "atomic); endpoint from $HF_ENDPOINT, token from $HF_TOKEN.",
         {{"revision", "R", "branch, tag or commit (default main)"}, {"endpoint", "URL", "the hub (default $HF_ENDPOINT)"},
          {"cache-dir", "DIR", "the cache (default $HF_HUB_CACHE)"}, kJson, {"quiet", "", "no progress lines"}},
         &downloadCommand, false},
        {"convert", "IN OUT.safetensors",
         "rewrite a checkpoint as one safetensors file",
         "Rewrites a checkpoint (folder, pytorch_model.bin, sharded index, hub id) as one safetensors\n"
         "file with the identical state dict.",
         {kJson},
         &convertCommand, false},
        {"tokenize", "TEXT | --decode IDS",
         "byte-tokenize a text, or decode ids",
         "Byte-tokenizes TEXT ([CLS] bytes [SEP]), or decodes comma-separated ids with --decode.",
         {{"decode", "", "decode IDS instead"}, {"no-special", "", "without [CLS] / [SEP]"}, kJson},
         &tokenizeCommand, false},
    };
}

std::string usageLine(const VerbSpec& v) {
    return "perceiver " + v.name + (v.options.empty() ? "" : " [options]") + (v.arguments.empty() ? "" : " " + v.arguments);
}

}  // namespace

const std::vector<VerbSpec>& verbs() {
    static const std::vector<VerbSpec> table = makeVerbs();
    return table;
}

const VerbSpec* findVerb(const std::string& name) {
    for (const auto& v : verbs())
        if (v.name == name) return &v;
    return nullptr;
}

const VerbSpec& verb(const std::string& name) {
    const VerbSpec* v = findVerb(name);
    if (!v) throw UsageError{"internal: no verb '" + name + "' in the table"};
    return *v;
}

std::string verbHelp(const VerbSpec& v) {
    std::ostringstream out;
    out << "Usage: " << usageLine(v) << "\n\n" << v.details << "\n";
    if (!v.options.empty()) {
        out << "\nOptions:\n";
        for (const auto& o : v.options) {
            std::string left = "  --" + o.name + (o.value.empty() ? "" : " " + o.value);
            if (left.size() < 26) left.resize(26, ' ');
            else left += "\n" + std::string(26, ' ');
            out << left << o.help << "\n";
        }
    }
    out << "  -h, --help              this help\n";
    if (!v.run) out << "\n(Not in this build: it was configured with PERCEIVER_WITH_MEDIA=OFF.)\n";
    return out.str();
}

std::string overallHelp() {
    std::ostringstream out;
    out << "perceiver - run Hugging Face Perceiver / Perceiver IO models\n\n"
           "Usage: perceiver [--threads N] COMMAND [options]\n"
           "       perceiver COMMAND --help      the options of one command\n\n"
           "MODEL may be a folder, a weights file or a hub id (org/name[@revision]) found in the\n"
           "Hugging Face cache ($HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub). Without\n"
           "--model, fill-mask, classify, flow, autoencode, attention, trace, attribute and\n"
           "rank-latents use the built-in demo model of their task (resources/models, or\n"
           "$PERCEIVER_STUDIO_MODELS); classify-text has none.\n\nCommands:\n";
    size_t width = std::string("version").size();  // the names in one column, the summaries beside them
    for (const auto& v : verbs()) width = std::max(width, v.name.size());
    auto line = [&](const std::string& name, const std::string& summary) {
        std::string left = "  " + name;
        left.resize(width + 4, ' ');
        out << left << summary << "\n";
    };
    for (const auto& v : verbs()) line(v.name, v.summary);
    line("version", "print versions and the thread count");
    out << "\n"
           "Global options:\n"
           "  --threads N   LibTorch intra-op threads (default: all cores)\n"
           "  -h, --help    this help\n\n"
           "Exit codes: 0 ok, 2 usage, 3 invalid input, 4 config, 5 checkpoint, 6 media,\n"
           "7 cancelled, 8 network, 70 internal error.\n";
    return out.str();
}

}  // namespace perceiver::cli
