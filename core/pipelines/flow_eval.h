// Evaluating an optical-flow model on a dataset in the MPI-Sintel or the KITTI 2015 layout,
// with the numbers those benchmarks report, resumable after an interruption. Shared by
// `perceiver flow-eval` and the studio.
//
// Usage:
//   auto pairs = perceiver::findFlowPairs("MPI-Sintel", perceiver::FlowDataset::Sintel, "clean");
//   perceiver::FlowEvalOptions o;
//   o.flow = perceiver::defaultFlowOptions(model);        // the `flow` verb's tiling
//   o.journal = "report.json.partial";                    // pairs done so far, kept on cancel
//   perceiver::FlowEvalReport r = perceiver::evaluateFlowDataset(model, pairs, o, nullptr, &progress);
//   perceiver::writeFlowEvalReport("report.json", r);     // or .csv
//
// Layouts (the datasets' own):
//   Sintel: training/{clean,final}/<scene>/frame_XXXX.png, training/flow/<scene>/frame_XXXX.flo
//           (frame i -> i + 1), optional training/occlusions/<scene>/frame_XXXX.png (white =
//           occluded): then the non-occluded EPE too.
//   KITTI:  training/image_2/<id>_10.png and <id>_11.png, training/flow_occ/<id>_10.png (all
//           pixels), optional training/flow_noc/<id>_10.png (non-occluded): 16-bit flow PNGs.
// Aggregates weight every ground-truth pixel alike (the benchmarks' EPE and Fl-all), per scene
// and over the dataset. No Qt. Thread-safety: one call per model at a time.
#pragma once

#include "common/progress.h"
#include "media/flow.h"
#include "pipelines/optical_flow.h"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <string>
#include <vector>

namespace perceiver {

class TaskModel;

enum class FlowDataset { Sintel, Kitti };
/// "sintel" | "kitti"; Error(InvalidInput) otherwise.
FlowDataset parseFlowDataset(const std::string& name);
const char* flowDatasetName(FlowDataset f);
/// By layout: training/image_2 is KITTI, training/clean or training/final Sintel. Throws
/// Error(Media) naming what was looked for when neither is there.
FlowDataset detectFlowDataset(const std::string& root);

struct FlowEvalPair {
    std::string scene;       ///< Sintel's scene ("alley_1"), KITTI's "image_2"
    std::string name;        ///< "frame_0001", KITTI's "000000"
    std::string first, second, truth;
    std::string occlusions;  ///< Sintel: its occlusion PNG, or ""
    std::string truth_noc;   ///< KITTI: its flow_noc PNG, or ""
};

/// Every pair of the dataset in order (scenes and frames naturally sorted). `split` is Sintel's
/// "clean" or "final" (ignored for KITTI). Throws Error(Media) naming the missing folder or
/// file (a frame without its successor's ground truth is an incomplete dataset, not skipped).
std::vector<FlowEvalPair> findFlowPairs(const std::string& root, FlowDataset format, const std::string& split = "clean");

/// EndPointErrors of several images as one, every pixel weighted alike (means by pixel count).
EndPointError combineEndPointErrors(const std::vector<EndPointError>& parts);
/// {"mean", "max", "valid_pixels", "acc_1px", "acc_3px", "acc_5px", "fl_all", "by_speed":
/// {"s0-10": {"epe", "pixels"}, ...}}: the `flow` verb's and flow-eval's one JSON form.
nlohmann::json endPointErrorJson(const EndPointError& e);
EndPointError endPointErrorFromJson(const nlohmann::json& j);

struct FlowPairMetrics {
    std::string scene, name;
    EndPointError all;       ///< every pixel with ground truth
    EndPointError noc;       ///< the non-occluded ones (valid == 0 when the dataset has no mask)
    double seconds = 0;      ///< the flow's estimation time
    bool resumed = false;    ///< read back from the journal, not computed in this run
};

struct FlowSummary {
    std::string scene;       ///< "" for the whole dataset
    int64_t pairs = 0;
    EndPointError all, noc;
};

struct FlowEvalReport {
    std::string dataset, format, split;
    std::vector<FlowPairMetrics> pairs;  ///< dataset order
    std::vector<FlowSummary> scenes;     ///< first-seen order
    FlowSummary summary;                 ///< all pairs
    int64_t resumed = 0;                 ///< pairs taken from the journal
};

struct FlowEvalOptions {
    FlowOptions flow;        ///< defaultFlowOptions(model): `flow`'s numbers per pair
    /// Where finished pairs are appended (one JSON line each, flushed), "" for none. A run that
    /// finds it skips the pairs it holds; written by another model, dataset or tiling it is an
    /// Error(InvalidInput) naming what differs. The caller removes it once the report is written.
    std::string journal;
    std::string model_id;    ///< recorded in the journal: the model's path or hub id
    std::string dataset, split;  ///< recorded too (the dataset root and the split)
    FlowDataset format = FlowDataset::Sintel;
};

/// Estimates and scores every pair; `onPair` (may be null) sees each as it is done. Cancels
/// between pairs and windows (Error(Cancelled)); the journal then holds the pairs finished.
FlowEvalReport evaluateFlowDataset(TaskModel& model, const std::vector<FlowEvalPair>& pairs, const FlowEvalOptions& options,
                                   const std::function<void(const FlowPairMetrics&)>& onPair, Progress* progress = nullptr);

/// The report as JSON (".json": pairs, scenes, summary) or CSV (".csv": one row per pair, per
/// scene and the total, level = pair | scene | all), by the extension; atomic.
void writeFlowEvalReport(const std::string& path, const FlowEvalReport& report);
nlohmann::json flowEvalReportJson(const FlowEvalReport& report);

}  // namespace perceiver
