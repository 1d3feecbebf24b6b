// perceiver bench: the six real checkpoint architectures with random weights on the demo-sized
// inputs. Each workload runs in a forked child so that its peak RSS is its own; a fixed-size
// matmul timed in the same run gives a yardstick for comparing machines.
#include "commands.h"
#include "options.h"

#include "checkpoint/catalog.h"
#include "common/error.h"
#include "common/profile.h"
#include "common/runtime.h"
#include "model/decoder_fold.h"
#include "model/model_factory.h"
#include "model/precision.h"
#include "model/precision_cost.h"
#include "pipelines/tensor_runner.h"
#ifdef PERCEIVER_WITH_MEDIA
#include "pipelines/autoencode.h"
#include "pipelines/attribution.h"
#include "pipelines/intervention.h"
#include "pipelines/optical_flow.h"
#include "pipelines/trace.h"
#endif
#ifdef PERCEIVER_CUDA_BUILD
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <functional>
#include <set>
#include <sstream>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace perceiver::cli {

namespace {

struct Workload {
    std::string name, repo, input;
    std::function<ModelInputs()> make;          ///< one forward pass on these inputs, or
    std::function<void(TaskModel&)> pipeline;   ///< a whole pipeline step
};

#ifdef PERCEIVER_WITH_MEDIA
/// Uniform noise, the same on every call of one process.
ImageU8 benchImage(int width, int height) {
    ImageU8 img = ImageU8::filled(width, height);
    const torch::Tensor noise = torch::randint(0, 256, {static_cast<int64_t>(img.rgb.size())}, torch::kUInt8);
    std::copy_n(noise.data_ptr<uint8_t>(), img.rgb.size(), img.rgb.data());
    return img;
}
/// 16 frames of noise at 224², the same on every call of one process.
const std::vector<ImageU8>& benchWindow() {
    static const std::vector<ImageU8> frames = [] {
        std::vector<ImageU8> f;
        for (int t = 0; t < 16; ++t) f.push_back(benchImage(224, 224));
        return f;
    }();
    return frames;
}
AttributionOptions gradientTimesInput() {
    AttributionOptions o;
    o.method = AttributionMethod::GradientTimesInput;
    return o;
}
#endif

#ifdef PERCEIVER_WITH_MEDIA
RankOptions rankSixteen() {
    RankOptions o;
    for (int64_t i = 0; i < 16; ++i) o.latents.push_back(i);
    return o;
}
#endif

std::vector<Workload> workloads() {
    return {
        {"mlm", "deepmind/language-perceiver", "2048 bytes",
         [] {
             ModelInputs in;
             in.inputs.tensor = torch::randint(6, 262, {1, 2048}, torch::kLong);
             in.attention_mask = torch::ones({1, 2048}, torch::kLong);
             return in;
         }},
        {"vision-learned", "deepmind/vision-perceiver-learned", "224x224", [] { ModelInputs in; in.inputs.tensor = torch::randn({1, 3, 224, 224}); return in; }},
        {"vision-fourier", "deepmind/vision-perceiver-fourier", "224x224", [] { ModelInputs in; in.inputs.tensor = torch::randn({1, 3, 224, 224}); return in; }},
        {"vision-conv", "deepmind/vision-perceiver-conv", "224x224", [] { ModelInputs in; in.inputs.tensor = torch::randn({1, 3, 224, 224}); return in; }},
        {"flow", "deepmind/optical-flow-perceiver", "368x496 pair", [] { ModelInputs in; in.inputs.tensor = torch::randn({1, 2, 27, 368, 496}); return in; }},
        {"multimodal-chunk", "deepmind/multimodal-perceiver", "16x224x224 + 30720 samples, 1/128 decode",
         [] {
             ModelInputs in;
             in.inputs.modalities = {{"image", torch::randn({1, 16, 3, 224, 224})},
                                     {"audio", torch::randn({1, 30720, 1})},
                                     {"label", torch::zeros({1, 700})}};
             in.subsampled_output_points = {{"image", torch::arange(6272, torch::kLong)}, {"audio", torch::arange(15, torch::kLong)}};
             return in;
         }},
#ifdef PERCEIVER_WITH_MEDIA
        // A whole window decoded in raster order (before progressive decoding): the next one's baseline.
        {"multimodal-window-raster", "deepmind/multimodal-perceiver", "16x224x224 + 30720 samples, 128 chunks, raster order", nullptr,
         [](TaskModel& model) {
             AutoencodeOptions o;
             o.chunks = 128;
             o.progressive = false;
             (void)autoencodeWindow(model, benchWindow(), std::vector<float>(30720, 0.1f), o);
         }},
        // The whole window as the autoencode pipeline runs it: encode once, decode in 128 chunks,
        // coarse passes first.
        {"multimodal-window", "deepmind/multimodal-perceiver", "16x224x224 + 30720 samples, 128 chunks", nullptr,
         [](TaskModel& model) {
             AutoencodeOptions o;
             o.chunks = 128;
             (void)autoencodeWindow(model, benchWindow(), std::vector<float>(30720, 0.1f), o);
         }},
        // The same window until its first coarse preview (progressive decoding: the encode and
        // the 1/64 pass): how long the studio's Autoencoding page takes to show a first picture.
        {"multimodal-first-look", "deepmind/multimodal-perceiver", "16x224x224 + 30720 samples, to the 1/64 preview", nullptr,
         [](TaskModel& model) {
             struct Shown {};
             AutoencodeOptions o;
             o.chunks = 128;
             o.preview = [](const AutoencodePreview&) { throw Shown{}; };
             try {
                 (void)autoencodeWindow(model, benchWindow(), std::vector<float>(30720, 0.1f), o);
             } catch (const Shown&) {
             }
         }},
        // A pair of 3 x 3 windows (optical_flow.h): until the first look the studio shows (the
        // pair scaled down to one window), and the whole with its previews.
        {"flow-first-look", "deepmind/optical-flow-perceiver", "1024x736 pair (9 windows), to the first look", nullptr,
         [](TaskModel& model) {
             struct Shown {};
             FlowOptions o = defaultFlowOptions(model);
             o.preview = [](const FlowPreview&) { throw Shown{}; };
             try {
                 (void)estimateFlow(model, benchImage(1024, 736), benchImage(1024, 736), o);
             } catch (const Shown&) {
             }
         }},
        {"flow-large", "deepmind/optical-flow-perceiver", "1024x736 pair, 9 windows after the first look", nullptr,
         [](TaskModel& model) {
             FlowOptions o = defaultFlowOptions(model);
             o.preview = [](const FlowPreview&) {};
             (void)estimateFlow(model, benchImage(1024, 736), benchImage(1024, 736), o);
         }},
        // Tracing one output (trace.h): an encode with the maps kept, the traced query decoded.
        {"trace-mlm", "deepmind/language-perceiver", "2048 bytes, byte 1000", nullptr,
         [](TaskModel& model) { (void)traceText(model, std::string(2046, 'a'), 1000); }},
        {"trace-vision", "deepmind/vision-perceiver-learned", "224x224, the top class", nullptr,
         [](TaskModel& model) { (void)traceImage(model, benchImage(224, 224)); }},
        {"trace-flow", "deepmind/optical-flow-perceiver", "368x496 pair, one pixel", nullptr,
         [](TaskModel& model) { (void)traceFlow(model, benchImage(496, 368), benchImage(496, 368), 248, 184); }},
        // Gradients of one output (attribution.h): one forward and backward pass per point.
        {"attribute-mlm", "deepmind/language-perceiver", "2048 bytes, byte 1000, gradient x input", nullptr,
         [](TaskModel& model) { (void)attributeText(model, std::string(2046, 'a'), 1000, -1, gradientTimesInput()); }},
        {"attribute-vision", "deepmind/vision-perceiver-learned", "224x224, the top class, gradient x input", nullptr,
         [](TaskModel& model) { (void)attributeImage(model, benchImage(224, 224), -1, gradientTimesInput()); }},
        {"attribute-vision-ig8", "deepmind/vision-perceiver-learned", "224x224, IG with 8 nodes (automatic batch)", nullptr,
         [](TaskModel& model) {
             AttributionOptions o;
             o.steps = 8;
             o.refine = false;
             (void)attributeImage(model, benchImage(224, 224), -1, o);
         }},
        // Interventions (intervention.h): 16 latents ranked, each ablated after the cross-attention
        // (the cross-attention once, then 2 passes of 8 through the later layers); a comparison
        // (the task twice).
        {"rank16-mlm", "deepmind/language-perceiver", "2048 bytes, byte 1000, 16 latents", nullptr,
         [](TaskModel& model) { (void)rankLatentsText(model, std::string(2046, 'a'), 1000, -1, rankSixteen()); }},
        {"rank16-vision", "deepmind/vision-perceiver-learned", "224x224, the top class, 16 latents", nullptr,
         [](TaskModel& model) { (void)rankLatentsImage(model, benchImage(224, 224), -1, rankSixteen()); }},
        {"compare-vision", "deepmind/vision-perceiver-learned", "224x224, 4 latents ablated, before and after", nullptr,
         [](TaskModel& model) {
             Intervention iv;
             iv.ablate_latents = {0, 1, 2, 3};
             (void)compareImage(model, benchImage(224, 224), iv, 5);
         }},
        {"trace-multimodal", "deepmind/multimodal-perceiver", "16x224x224 + 30720 samples, the label", nullptr,
         [](TaskModel& model) {
             static const std::vector<ImageU8> frames(16, benchImage(224, 224));
             VideoTarget label;
             label.output = VideoTarget::Output::Label;
             (void)traceVideo(model, frames, std::vector<float>(30720, 0.1f), label);
         }},
#endif
    };
}

/// Wall seconds of f(), including the device work it queued.
double seconds(const std::function<void()>& f, const torch::Device& device = torch::kCPU) {
    if (device.is_cuda()) torch::cuda::synchronize();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    if (device.is_cuda()) torch::cuda::synchronize();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Peak bytes the CUDA caching allocator reserved on `device` since the process started.
int64_t peakGpuBytes(const torch::Device& device) {
#ifdef PERCEIVER_CUDA_BUILD
    if (device.is_cuda())
        return c10::cuda::CUDACachingAllocator::getDeviceStats(device.has_index() ? device.index() : 0).reserved_bytes[0].peak;
#endif
    (void)device;
    return -1;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
}

// Runs `work` in a child process; returns its JSON result with the child's peak RSS added.
nlohmann::json inChild(int threads, const std::function<nlohmann::json()>& work) {
    int fds[2];
    if (::pipe(fds) != 0) throw Error(ErrorKind::Internal, "pipe failed");
    const pid_t pid = ::fork();
    if (pid < 0) throw Error(ErrorKind::Internal, "fork failed");
    if (pid == 0) {
        ::close(fds[0]);
        nlohmann::json j;
        try {
            setThreads(threads);
            j = work();
            rusage ru{};
            ::getrusage(RUSAGE_SELF, &ru);
            j["peak_rss_bytes"] = static_cast<int64_t>(ru.ru_maxrss) * 1024;
        } catch (const std::exception& e) {
            j = {{"error", e.what()}};
        }
        const std::string s = j.dump();
        (void)!::write(fds[1], s.data(), s.size());
        ::close(fds[1]);
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (out.empty()) return {{"error", "the benchmark process died (out of memory?)"}};
    return nlohmann::json::parse(out);
}

}  // namespace

int benchCommand(const Args& args) {
    const Options o(args, verb("bench"));
    if (!o.positional.empty())
        usage("bench takes no arguments besides --repeat N, --only a,b, --device D, --precision P, --profile, --baseline and --json");
    // A baseline runs in the same child, alternating run for run with this build's form, so
    // that a ratio is measured side by side (the machine drifts between processes).
    const std::string baseline = o.get("baseline", "");
    if (!baseline.empty() && baseline != "unfolded" && baseline != "plain-scores")
        throw Error(ErrorKind::InvalidInput, "--baseline: unknown baseline '" + baseline + "' (unfolded, plain-scores)");
    // The baseline's form on or off: unfolded decoders (HF's form), or folded decoders whose
    // multimodal scores run as the reference layer computes them.
    const auto baselineForm = [&](bool on) {
        if (baseline == "unfolded") setDecoderFolding(!on);
        else setDecoderScoreFolding(!on);
    };
    // The device is checked in the worker processes: CUDA must not be initialised before fork().
    const std::string deviceName = o.get("device", "cpu");
    const Precision precision = parsePrecision(o.get("precision", "fp32"));
    const int repeat = std::max(1, o.integer("repeat", 3));
    const bool json = o.flag("json");
    const bool profiling = o.flag("profile");
    std::set<std::string> only;
    std::stringstream ss(o.get("only", ""));
    for (std::string w; std::getline(ss, w, ',');) only.insert(w);
    const int threads = threadsRequested();
    nlohmann::json report = {{"threads", threads}, {"device", deviceName}, {"precision", precisionName(precision)},
                             {"repeat", repeat}, {"workloads", nlohmann::json::array()}};
    // Yardstick: an n^3 matmul in the bench's precision on its device (n = 1024 on the CPU,
    // 8192 on a GPU), median of 9.
    report["yardstick"] = inChild(threads, [&] {
        const torch::Device device = parseDevice(deviceName);
        checkPrecision(precision, device);
        if (device.is_cuda()) at::globalContext().setAllowTF32CuBLAS(false);
        const int64_t n = device.is_cuda() ? 8192 : 1024;
        // (bf16 on a CPU without bf16 units runs fp32, emulated or not: so does its yardstick)
        const bool reduced = precision != Precision::Float32 && precisionNotice(precision, device).empty();
        const auto type = !reduced                          ? torch::kFloat
                          : precision == Precision::BFloat16 ? torch::kBFloat16
                          : precision == Precision::Float16  ? torch::kHalf
                                                             : torch::kFloat;
        const auto opts = torch::TensorOptions().device(device).dtype(type);
        const auto a = torch::randn({n, n}, opts), b = torch::randn({n, n}, opts);
        (void)torch::matmul(a, b);
        std::vector<double> t;
        for (int i = 0; i < 9; ++i) t.push_back(seconds([&] { (void)torch::matmul(a, b); }, device));
        const double m = median(t);
        return nlohmann::json{{"size", n}, {"seconds", m}, {"gflops", 2.0 * n * n * n / m / 1e9},
                              {"notice", precisionNotice(precision, device)}};
    });
    if (report["yardstick"].contains("error")) throw Error(ErrorKind::InvalidInput, report["yardstick"]["error"].get<std::string>());
    report["runtime"] = inChild(threads, [] { return nlohmann::json{{"summary", runtimeSummary()}}; })["summary"];
    if (!json) {
        const auto& y = report["yardstick"];
        std::printf("%s\ndevice %s, %s\nyardstick: %lld^3 matmul %.4f s (%.1f GFLOP/s)\n", report["runtime"].get<std::string>().c_str(),
                    deviceName.c_str(), precisionName(precision).c_str(), static_cast<long long>(y["size"].get<int64_t>()),
                    y["seconds"].get<double>(), y["gflops"].get<double>());
        if (const std::string notice = y.value("notice", ""); !notice.empty()) std::printf("note: %s\n", notice.c_str());
        std::printf("\n");
        std::printf("%-18s %-40s %10s %10s %8s %8s %7s %12s %12s\n", "workload", "input", "median s", "min s", "GFLOP", "GFLOP/s",
                    "of yard", "peak RSS", "peak GPU");
    }
    for (const auto& w : workloads()) {
        if (!only.empty() && !only.count(w.name)) continue;
        nlohmann::json r = inChild(threads, [&] {
            const torch::Device device = parseDevice(deviceName);
            auto model = buildModel(catalogConfig(w.repo));
            model->eval();
            if (!device.is_cpu()) moveModel(*model, device);
            const ModelInputs in = w.make ? inputsOn(w.make(), device) : ModelInputs();
            c10::InferenceMode guard;
            // A reduced precision that runs: the fp32 outputs first, to hold its outputs against.
            const bool reduced = reducedPrecisionRuns(precision, device);
            const PerceiverOutput reference = reduced && w.make ? model->forward(in, {}) : PerceiverOutput();
            AutocastScope autocast(device, precision);
            const auto once = [&] {
                if (w.pipeline) w.pipeline(*model);
                else (void)model->forward(in, {});
            };
            // Warm-up (also fills the position-encoding caches), counting the products' FLOPs
            // (common/profile.h): the work of one run, for its GFLOP/s.
            profile::setCountingFlops(true);
            once();
            const double flops = profile::takeFlops();
            profile::setCountingFlops(profiling);
            if (profiling && device.is_cuda()) profile::setSynchronize([] { torch::cuda::synchronize(); });
            profile::setEnabled(profiling);
            std::vector<double> t, tBase;
            for (int i = 0; i < repeat; ++i) {
                if (!baseline.empty()) {
                    baselineForm(true);
                    profile::setEnabled(false);
                    tBase.push_back(seconds(once, device));
                    baselineForm(false);
                    profile::setEnabled(profiling);
                }
                t.push_back(seconds(once, device));
            }
            profile::setEnabled(false);
            profile::setCountingFlops(false);
            (void)profile::takeFlops();
            nlohmann::json stages = nlohmann::json::array();
            for (const auto& e : profile::take())
                stages.push_back({{"stage", e.name}, {"path", e.path}, {"depth", e.depth}, {"seconds", e.seconds / repeat},
                                  {"calls", e.calls / repeat}, {"gflop", e.flops / repeat / 1e9}});
            nlohmann::json r{{"median_seconds", median(t)}, {"min_seconds", *std::min_element(t.begin(), t.end())},
                             {"runs", t}, {"peak_gpu_bytes", peakGpuBytes(device)}, {"gflop", flops / 1e9},
                             {"gflops_per_second", flops / 1e9 / median(t)}};
            if (profiling) r["profile"] = stages;
            if (!baseline.empty()) {
                r["baseline"] = {{"name", baseline}, {"median_seconds", median(tBase)}, {"runs", tBase}};
                if (w.make) {  // the two forms' outputs on the same input
                    const PerceiverOutput folded = model->forward(in, {});
                    baselineForm(true);
                    const PerceiverOutput reference = model->forward(in, {});
                    baselineForm(false);
                    const PrecisionCost c = precisionCost(model->className(), reference, folded);
                    r["baseline"]["max_abs"] = c.max_abs;
                    r["baseline"]["max_reference"] = c.max_reference;
                }
            }
            if (reduced && w.make) {
                const PrecisionCost c = precisionCost(model->className(), reference, model->forward(in, {}));
                r["precision_cost"] = {{"max_abs", c.max_abs}, {"max_reference", c.max_reference}, {"rows", c.rows},
                                       {"top1", c.top1}, {"top5", c.top5}, {"epe", c.epe}, {"psnr", c.psnr}};
            }
            return r;
        });
        r["name"] = w.name;
        r["repo"] = w.repo;
        r["input"] = w.input;
        if (!json) {
            if (r.contains("error"))
                std::printf("%-18s %-40s  failed: %s\n", w.name.c_str(), w.input.c_str(), r["error"].get<std::string>().c_str());
            else {
                const double rate = r["gflops_per_second"].get<double>();
                std::printf("%-18s %-40s %10.3f %10.3f %8.1f %8.1f %6.0f%% %9.2f GB", w.name.c_str(), w.input.c_str(),
                            r["median_seconds"].get<double>(), r["min_seconds"].get<double>(), r["gflop"].get<double>(), rate,
                            100.0 * rate / report["yardstick"]["gflops"].get<double>(), r["peak_rss_bytes"].get<int64_t>() / 1e9);
                if (const int64_t gpu = r["peak_gpu_bytes"].get<int64_t>(); gpu >= 0) std::printf(" %9.2f GB", gpu / 1e9);
                std::printf("\n");
                if (r.contains("precision_cost")) {  // against fp32 on the same input
                    const auto& c = r["precision_cost"];
                    std::printf("  %s vs fp32: max |diff| %.3g (outputs up to %.3g)", precisionName(precision).c_str(),
                                c["max_abs"].get<double>(), c["max_reference"].get<double>());
                    if (c["top1"].get<double>() >= 0)
                        std::printf(", top-1 agreement %.4f, top-5 overlap %.4f over %lld rows", c["top1"].get<double>(), c["top5"].get<double>(),
                                    static_cast<long long>(c["rows"].get<int64_t>()));
                    if (c["epe"].get<double>() >= 0) std::printf(", EPE %.4f px", c["epe"].get<double>());
                    if (c["psnr"].get<double>() >= 0) std::printf(", PSNR %.2f dB", c["psnr"].get<double>());
                    std::printf("\n");
                }
                if (r.contains("baseline")) {
                    const auto& b = r["baseline"];
                    const double base = b["median_seconds"].get<double>();
                    std::printf("  baseline %s, alternating: median %.3f s; this build %.2fx as fast", b["name"].get<std::string>().c_str(),
                                base, base / r["median_seconds"].get<double>());
                    if (b.contains("max_abs"))
                        std::printf(", outputs within %.3g (up to %.3g)", b["max_abs"].get<double>(), b["max_reference"].get<double>());
                    std::printf("\n");
                }
                // Per run; a stage includes its sub-stages, and the times are taken with profiling
                // on (each stage waits for the device on a GPU), so they add up to about the total.
                const double total = r["median_seconds"].get<double>();
                for (const auto& e : r.value("profile", nlohmann::json::array())) {
                    const double s = e["seconds"].get<double>(), gflop = e["gflop"].get<double>();
                    std::printf("  %*s%-*s %8.3f s %5.1f %%  %8.2f GFLOP %7.1f GFLOP/s  %lld calls\n", 2 * e["depth"].get<int>(), "",
                                40 - 2 * e["depth"].get<int>(), e["stage"].get<std::string>().c_str(), s, 100.0 * s / total, gflop,
                                s > 0 ? gflop / s : 0.0, static_cast<long long>(e["calls"].get<int64_t>()));
                }
            }
            std::fflush(stdout);
        }
        report["workloads"].push_back(r);
    }
    if (json) std::cout << jsonText(report) << "\n";
    return 0;
}

}  // namespace perceiver::cli
