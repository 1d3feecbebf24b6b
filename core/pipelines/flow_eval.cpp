#include "pipelines/flow_eval.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/json.h"
#include "media/flow_analysis.h"
#include "media/frame_sequence.h"
#include "media/image.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace perceiver {

namespace fs = std::filesystem;

namespace {

std::string joinPath(const std::string& a, const std::string& b) { return (fs::path(a) / b).string(); }

void requireFolder(const std::string& path, const std::string& what) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) fail(ErrorKind::Media, what + " '" + path + "' is not there (expected a folder)");
}

void requireFile(const std::string& path, const std::string& what) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) fail(ErrorKind::Media, what + " '" + path + "' is missing");
}

std::vector<std::string> subfolders(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_directory(ec)) names.push_back(e.path().filename().string());
    if (ec) fail(ErrorKind::Media, "cannot list the folder '" + dir + "': " + ec.message());
    std::sort(names.begin(), names.end(), naturalLess);
    return names;
}

std::vector<FlowEvalPair> sintelPairs(const std::string& root, const std::string& split) {
    if (split != "clean" && split != "final")
        fail(ErrorKind::InvalidInput, "Sintel split '" + split + "': expected clean or final");
    const std::string images = joinPath(root, "training/" + split), flows = joinPath(root, "training/flow"),
                      occlusions = joinPath(root, "training/occlusions");
    requireFolder(images, "Sintel's frames");
    requireFolder(flows, "Sintel's ground truth");
    std::error_code ec;
    const bool haveOcclusions = fs::is_directory(occlusions, ec);
    std::vector<FlowEvalPair> pairs;
    for (const std::string& scene : subfolders(images)) {
        const std::vector<std::string> frames = listFrameFiles(joinPath(images, scene));
        for (size_t i = 0; i + 1 < frames.size(); ++i) {
            FlowEvalPair p;
            p.scene = scene;
            p.name = fs::path(frames[i]).stem().string();
            p.first = frames[i];
            p.second = frames[i + 1];
            p.truth = joinPath(flows, scene + "/" + p.name + ".flo");
            requireFile(p.truth, "ground truth of " + scene + "/" + p.name);
            if (haveOcclusions) {
                p.occlusions = joinPath(occlusions, scene + "/" + p.name + ".png");
                requireFile(p.occlusions, "occlusion mask of " + scene + "/" + p.name);
            }
            pairs.push_back(std::move(p));
        }
    }
    return pairs;
}

std::vector<FlowEvalPair> kittiPairs(const std::string& root) {
    const std::string images = joinPath(root, "training/image_2"), occ = joinPath(root, "training/flow_occ"),
                      noc = joinPath(root, "training/flow_noc");
    requireFolder(images, "KITTI's frames");
    requireFolder(occ, "KITTI's ground truth");
    std::error_code ec;
    const bool haveNoc = fs::is_directory(noc, ec);
    std::vector<FlowEvalPair> pairs;
    for (const std::string& file : listFrameFiles(images)) {
        const std::string stem = fs::path(file).stem().string();
        if (stem.size() < 4 || stem.compare(stem.size() - 3, 3, "_10") != 0) continue;  // <id>_10 starts a pair
        FlowEvalPair p;
        p.scene = "image_2";
        p.name = stem.substr(0, stem.size() - 3);
        p.first = file;
        p.second = joinPath(images, p.name + "_11" + fs::path(file).extension().string());
        requireFile(p.second, "second frame of " + p.name);
        p.truth = joinPath(occ, p.name + "_10.png");
        requireFile(p.truth, "ground truth of " + p.name);
        if (haveNoc) {
            p.truth_noc = joinPath(noc, p.name + "_10.png");
            requireFile(p.truth_noc, "non-occluded ground truth of " + p.name);
        }
        pairs.push_back(std::move(p));
    }
    return pairs;
}

nlohmann::json metricsJson(const FlowPairMetrics& m) {
    nlohmann::json j = {{"scene", m.scene}, {"pair", m.name}, {"seconds", m.seconds}, {"epe", endPointErrorJson(m.all)}};
    if (m.noc.valid > 0) j["noc"] = endPointErrorJson(m.noc);
    return j;
}

nlohmann::json summaryJson(const FlowSummary& s) {
    nlohmann::json j = {{"pairs", s.pairs}, {"epe", endPointErrorJson(s.all)}};
    if (!s.scene.empty()) j["scene"] = s.scene;
    if (s.noc.valid > 0) j["noc"] = endPointErrorJson(s.noc);
    return j;
}

FlowSummary summarize(const std::string& scene, const std::vector<const FlowPairMetrics*>& pairs) {
    FlowSummary s;
    s.scene = scene;
    s.pairs = static_cast<int64_t>(pairs.size());
    std::vector<EndPointError> all, noc;
    for (const auto* p : pairs) {
        all.push_back(p->all);
        noc.push_back(p->noc);
    }
    s.all = combineEndPointErrors(all);
    s.noc = combineEndPointErrors(noc);
    return s;
}

/// What must match for a journal's pairs to be reused.
nlohmann::json fingerprint(const FlowEvalOptions& o) {
    return {{"model", o.model_id}, {"dataset", o.dataset}, {"format", flowDatasetName(o.format)}, {"split", o.split},
            {"min_overlap", o.flow.min_overlap}, {"flow_scale", o.flow.flow_scale}};
}

/// The journal's pairs by "scene/name"; checks its fingerprint. A last line cut short by a
/// kill is ignored (its pair is computed again).
std::map<std::string, FlowPairMetrics> readJournal(const FlowEvalOptions& o) {
    std::map<std::string, FlowPairMetrics> done;
    std::ifstream in(o.journal);
    if (!in) return done;
    const nlohmann::json expected = fingerprint(o);
    std::string line;
    int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        nlohmann::json j;
        std::string why;
        if (!parseJson(line.begin(), line.end(), j, why) || !j.is_object()) {
            if (number == 1) fail(ErrorKind::InvalidInput, "journal '" + o.journal + "' is not a flow-eval journal; remove it to start over");
            continue;  // a torn last line
        }
        try {
            if (number == 1) {
                if (!j.contains("fingerprint")) fail(ErrorKind::InvalidInput, "journal '" + o.journal + "' is not a flow-eval journal");
                const nlohmann::json& f = j["fingerprint"];
                for (const auto& [key, value] : expected.items())
                    if (!f.contains(key) || f[key] != value)
                        fail(ErrorKind::InvalidInput, "journal '" + o.journal + "' was written with " + key + " " +
                                                          (f.contains(key) ? f[key].dump() : "unset") + ", this run has " + value.dump() +
                                                          "; remove it to start over, or run with the same options");
                continue;
            }
            FlowPairMetrics m;
            m.scene = j.at("scene").get<std::string>();
            m.name = j.at("pair").get<std::string>();
            m.seconds = j.at("seconds").get<double>();
            m.all = endPointErrorFromJson(j.at("epe"));
            if (j.contains("noc")) m.noc = endPointErrorFromJson(j["noc"]);
            m.resumed = true;
            done[m.scene + "/" + m.name] = m;
        } catch (const nlohmann::json::exception&) {
            continue;  // a torn line that happened to parse
        }
    }
    return done;
}

/// Appends lines and makes each durable before the next pair starts. The file is opened at
/// the first line, so a run that fails before finishing a pair leaves no journal behind.
class JournalWriter {
public:
    JournalWriter(std::string path, nlohmann::json header, bool fresh) : path_(std::move(path)), header_(std::move(header)), fresh_(fresh) {}
    ~JournalWriter() {
        if (fd_ >= 0) ::close(fd_);
    }
    JournalWriter(const JournalWriter&) = delete;
    JournalWriter& operator=(const JournalWriter&) = delete;
    void append(const nlohmann::json& j) {
        if (fd_ < 0) {
            fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | (fresh_ ? O_TRUNC : 0), 0644);
            if (fd_ < 0) fail(ErrorKind::InvalidInput, "cannot write the journal '" + path_ + "': " + std::strerror(errno));
            if (fresh_) {
                write(header_);
            } else {  // a line torn by a kill ends here, so the next one starts on its own line
                char last = '\n';
                const off_t end = ::lseek(fd_, 0, SEEK_END);
                if (end > 0 && ::pread(fd_, &last, 1, end - 1) == 1 && last != '\n' && ::write(fd_, "\n", 1) != 1)
                    fail(ErrorKind::InvalidInput, "cannot write the journal '" + path_ + "': " + std::strerror(errno));
            }
        }
        write(j);
    }

private:
    void write(const nlohmann::json& j) {
        const std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd_) != 0)
            fail(ErrorKind::InvalidInput, "cannot write the journal '" + path_ + "': " + std::strerror(errno));
    }

    std::string path_;
    nlohmann::json header_;
    bool fresh_;
    int fd_ = -1;
};

}  // namespace

FlowDataset parseFlowDataset(const std::string& name) {
    if (name == "sintel") return FlowDataset::Sintel;
    if (name == "kitti") return FlowDataset::Kitti;
    fail(ErrorKind::InvalidInput, "dataset format '" + name + "': expected sintel or kitti");
}

const char* flowDatasetName(FlowDataset f) { return f == FlowDataset::Kitti ? "kitti" : "sintel"; }

FlowDataset detectFlowDataset(const std::string& root) {
    std::error_code ec;
    if (fs::is_directory(joinPath(root, "training/image_2"), ec)) return FlowDataset::Kitti;
    if (fs::is_directory(joinPath(root, "training/clean"), ec) || fs::is_directory(joinPath(root, "training/final"), ec))
        return FlowDataset::Sintel;
    fail(ErrorKind::Media, "'" + root + "' is neither a Sintel dataset (training/clean, training/final) nor a KITTI one "
                           "(training/image_2); give --format to say which");
}

std::vector<FlowEvalPair> findFlowPairs(const std::string& root, FlowDataset format, const std::string& split) {
    requireFolder(root, "dataset");
    std::vector<FlowEvalPair> pairs = format == FlowDataset::Kitti ? kittiPairs(root) : sintelPairs(root, split);
    if (pairs.empty()) fail(ErrorKind::Media, "dataset '" + root + "' holds no frame pair");
    return pairs;
}

EndPointError combineEndPointErrors(const std::vector<EndPointError>& parts) {
    EndPointError c;
    double sum = 0, a1 = 0, a3 = 0, a5 = 0, fl = 0, s0 = 0, s1 = 0, s2 = 0;
    for (const EndPointError& e : parts) {
        if (e.valid == 0) continue;
        const double n = static_cast<double>(e.valid);
        c.valid += e.valid;
        sum += e.mean * n;
        a1 += e.acc1 * n;
        a3 += e.acc3 * n;
        a5 += e.acc5 * n;
        fl += e.fl_all * n;
        c.max = std::max(c.max, e.max);
        if (e.n0_10) s0 += e.s0_10 * e.n0_10;
        if (e.n10_40) s1 += e.s10_40 * e.n10_40;
        if (e.n40_plus) s2 += e.s40_plus * e.n40_plus;
        c.n0_10 += e.n0_10;
        c.n10_40 += e.n10_40;
        c.n40_plus += e.n40_plus;
    }
    if (c.valid == 0) return c;
    const double n = static_cast<double>(c.valid);
    c.mean = sum / n;
    c.acc1 = a1 / n;
    c.acc3 = a3 / n;
    c.acc5 = a5 / n;
    c.fl_all = fl / n;
    if (c.n0_10) c.s0_10 = s0 / c.n0_10;
    if (c.n10_40) c.s10_40 = s1 / c.n10_40;
    if (c.n40_plus) c.s40_plus = s2 / c.n40_plus;
    return c;
}

nlohmann::json endPointErrorJson(const EndPointError& e) {
    return {{"mean", e.mean}, {"max", e.max}, {"valid_pixels", e.valid}, {"acc_1px", e.acc1}, {"acc_3px", e.acc3},
            {"acc_5px", e.acc5}, {"fl_all", e.fl_all},
            {"by_speed", {{"s0-10", {{"epe", e.s0_10}, {"pixels", e.n0_10}}},
                          {"s10-40", {{"epe", e.s10_40}, {"pixels", e.n10_40}}},
                          {"s40+", {{"epe", e.s40_plus}, {"pixels", e.n40_plus}}}}}};
}

EndPointError endPointErrorFromJson(const nlohmann::json& j) {
    EndPointError e;
    e.mean = j.at("mean").get<double>();
    e.max = j.at("max").get<double>();
    e.valid = j.at("valid_pixels").get<int64_t>();
    e.acc1 = j.at("acc_1px").get<double>();
    e.acc3 = j.at("acc_3px").get<double>();
    e.acc5 = j.at("acc_5px").get<double>();
    e.fl_all = j.at("fl_all").get<double>();
    const nlohmann::json& s = j.at("by_speed");
    e.s0_10 = s.at("s0-10").at("epe").get<double>();
    e.n0_10 = s.at("s0-10").at("pixels").get<int64_t>();
    e.s10_40 = s.at("s10-40").at("epe").get<double>();
    e.n10_40 = s.at("s10-40").at("pixels").get<int64_t>();
    e.s40_plus = s.at("s40+").at("epe").get<double>();
    e.n40_plus = s.at("s40+").at("pixels").get<int64_t>();
    return e;
}

FlowEvalReport evaluateFlowDataset(TaskModel& model, const std::vector<FlowEvalPair>& pairs, const FlowEvalOptions& o,
                                   const std::function<void(const FlowPairMetrics&)>& onPair, Progress* progress) {
    FlowEvalReport r;
    r.dataset = o.dataset;
    r.format = flowDatasetName(o.format);
    r.split = o.format == FlowDataset::Sintel ? o.split : "";
    std::map<std::string, FlowPairMetrics> done;
    std::unique_ptr<JournalWriter> journal;
    if (!o.journal.empty()) {
        done = readJournal(o);
        std::error_code ec;
        const bool fresh = !fs::exists(o.journal, ec) || fs::file_size(o.journal, ec) == 0;
        journal = std::make_unique<JournalWriter>(o.journal, nlohmann::json{{"fingerprint", fingerprint(o)}}, fresh);
    }
    for (size_t i = 0; i < pairs.size(); ++i) {
        const FlowEvalPair& p = pairs[i];
        const double begin = static_cast<double>(i) / pairs.size(), end = static_cast<double>(i + 1) / pairs.size();
        if (progress) {
            progress->checkCancelled();
            progress->report(begin, p.scene + "/" + p.name + " (" + std::to_string(i + 1) + " of " + std::to_string(pairs.size()) + ")");
        }
        FlowPairMetrics m;
        if (auto it = done.find(p.scene + "/" + p.name); it != done.end()) {
            m = it->second;
            ++r.resumed;
        } else {
            // The truth first: a bad file fails before the model runs.
            const FlowField truth = readFlowFile(p.truth);
            const ImageU8 a = loadImage(p.first), b = loadImage(p.second);
            if (truth.width != a.width || truth.height != a.height)
                fail(ErrorKind::Media, "ground truth '" + p.truth + "' is " + std::to_string(truth.width) + "x" + std::to_string(truth.height) +
                                           ", the frame '" + p.first + "' " + std::to_string(a.width) + "x" + std::to_string(a.height));
            Progress pairProgress = progress ? progress->sub(begin, end, p.scene + "/" + p.name + ": ") : Progress();
            const auto start = std::chrono::steady_clock::now();
            const FlowResult flow = estimateFlow(model, a, b, o.flow, &pairProgress);
            m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            m.scene = p.scene;
            m.name = p.name;
            m.all = endPointError(flow.flow, truth);
            if (!p.occlusions.empty()) m.noc = endPointError(flow.flow, truth, maskFromImage(loadImage(p.occlusions), /*invert=*/true));
            if (!p.truth_noc.empty()) m.noc = endPointError(flow.flow, readFlowFile(p.truth_noc));
            if (journal) journal->append(metricsJson(m));
        }
        r.pairs.push_back(m);
        if (onPair) onPair(m);
    }
    std::vector<std::string> order;
    std::map<std::string, std::vector<const FlowPairMetrics*>> byScene;
    std::vector<const FlowPairMetrics*> everything;
    for (const auto& m : r.pairs) {
        if (!byScene.count(m.scene)) order.push_back(m.scene);
        byScene[m.scene].push_back(&m);
        everything.push_back(&m);
    }
    for (const auto& scene : order) r.scenes.push_back(summarize(scene, byScene[scene]));
    r.summary = summarize("", everything);
    if (progress) progress->report(1.0, "done");
    return r;
}

nlohmann::json flowEvalReportJson(const FlowEvalReport& r) {
    nlohmann::json j = {{"dataset", r.dataset}, {"format", r.format}, {"pairs", nlohmann::json::array()},
                        {"scenes", nlohmann::json::array()}, {"summary", summaryJson(r.summary)}, {"resumed_pairs", r.resumed}};
    if (!r.split.empty()) j["split"] = r.split;
    for (const auto& p : r.pairs) j["pairs"].push_back(metricsJson(p));
    for (const auto& s : r.scenes) j["scenes"].push_back(summaryJson(s));
    return j;
}

void writeFlowEvalReport(const std::string& path, const FlowEvalReport& r) {
    std::string text;
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".csv") {
        text = "level,scene,pair,pairs,pixels,epe,noc_epe,acc_1px,acc_3px,acc_5px,fl_all,epe_s0-10,epe_s10-40,epe_s40+\n";
        auto row = [&](const char* level, const std::string& scene, const std::string& pair, int64_t n, const EndPointError& e,
                       const EndPointError& noc) {
            auto num = [](double v) {
                char b[32];
                std::snprintf(b, sizeof b, "%.6g", v);
                return std::string(b);
            };
            auto band = [&](double v) { return v < 0 ? std::string() : num(v); };
            text += std::string(level) + "," + scene + "," + pair + "," + std::to_string(n) + "," + std::to_string(e.valid) + "," +
                    num(e.mean) + "," + (noc.valid ? num(noc.mean) : "") + "," + num(e.acc1) + "," + num(e.acc3) + "," +
                    num(e.acc5) + "," + num(e.fl_all) + "," + band(e.s0_10) + "," + band(e.s10_40) + "," + band(e.s40_plus) + "\n";
        };
        for (const auto& p : r.pairs) row("pair", p.scene, p.name, 1, p.all, p.noc);
        for (const auto& s : r.scenes) row("scene", s.scene, "", s.pairs, s.all, s.noc);
        row("all", "", "", r.summary.pairs, r.summary.all, r.summary.noc);
    } else if (ext == ".json") {
        text = flowEvalReportJson(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    } else {
        fail(ErrorKind::InvalidInput, "report '" + path + "': expected a .json or .csv file name");
    }
    AtomicFile f(path);
    f.write(text.data(), text.size());
    f.commit();
}

}  // namespace perceiver
