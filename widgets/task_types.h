// What the studio's pages ask for and what they get back: plain Qt value types, no torch.
//
// A page fills a *Request and emits it; the app's Service (app/studio/service.h) runs the
// matching core pipeline on its worker thread and answers with the *Result (in a QVariant),
// which the page draws. Nothing here knows about tensors or LibTorch.
// Thread-safety: values; copies are independent (QImage / QVector are implicitly shared).
#pragma once

#include <QImage>
#include <QPair>
#include <QPoint>
#include <QPointF>
#include <QList>
#include <QMap>
#include <QRect>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <memory>

namespace perceiver {
struct AttentionMaps;  // core's maps: opaque here, only carried from the run to its views
struct FlowViewInput;  // core's flow of a pair with what it was analysed with (flow_views.h)
}

namespace studio {

/// The maps of one attention run, as the Service keeps them: views are rendered from the
/// handle a request carries, never from whatever ran last. Opaque to the widgets.
using AttentionMapsHandle = std::shared_ptr<const perceiver::AttentionMaps>;
/// A pair's flow with its frames and checks, as the Service keeps it: a ground truth or another
/// method's flow chosen afterwards is analysed against it without running the model again.
using FlowInputHandle = std::shared_ptr<const perceiver::FlowViewInput>;

/// One model people can pick: a built-in demo, a public checkpoint (cached or not), a folder.
struct ModelInfo {
    QString spec;           ///< what loadModel takes: a folder, or a hub id "org/name"
    QString name;           ///< shown to people
    QString architecture;   ///< HF class, e.g. "PerceiverForOpticalFlow"
    QString origin;         ///< "demo", "catalog", "cache" or "folder"
    QString description;    ///< task / input, for tooltips
    qint64 parameters = 0;
    int maxTextBytes = 0;   ///< byte models: the longest text (max_position_embeddings − [CLS], [SEP]); else 0
    bool available = false; ///< weights are on this machine
};

struct Candidate {
    QString text;        ///< the byte as text ("␣" for space is added by the page, not here)
    int tokenId = 0;
    int byte = -1;       ///< the byte this token stands for; -1 for a special token
    double probability = 0;
};

struct MaskSlot {
    int byteIndex = 0;             ///< in the UTF-8 bytes of the text
    QList<Candidate> candidates;   ///< best first
};

struct FillMaskRequest {
    QString model;
    QString text;   ///< masks written as [MASK]
    int topK = 5;
};
struct FillMaskResult {
    QString text;
    QString filled;
    QList<MaskSlot> masks;
};

struct ClassScore {
    int index = 0;
    QString label;
    double probability = 0;
};

struct ClassifyRequest {
    QString model;
    QImage image;
    int topK = 5;
};
struct ClassifyResult {
    QString architecture;
    QImage modelView;         ///< the exact crop the model sees
    QList<ClassScore> top;
};

struct TextClassifyRequest {
    QString model;
    QString text;
    int topK = 5;
    double threshold = 0.5;   ///< multi-label models: a label is predicted at or over it
};
struct TextClassifyResult {
    QString architecture;
    /// "single-label" (softmax), "multi-label" (sigmoid per label) or "regression" (values),
    /// as core reads the model's problem_type (pipelines/classify_text.h).
    QString kind;
    QList<ClassScore> top;    ///< best first; probability holds the value for a regression
    QStringList predicted;    ///< the top label, or the labels at / over the threshold
    double threshold = 0.5;
    int textBytes = 0, readBytes = 0;  ///< the text's bytes and those the model read
    QStringList notices;      ///< the truncation, in words
};

struct FlowRequest {
    QString model;
    QImage first, second;     ///< a pair, or
    QString video;            ///< a video: every consecutive pair (up to maxPairs)
    int maxPairs = 50;
    QString groundTruth;      ///< optional .flo or KITTI PNG for the end-point error (pairs only)
    bool backward = false;    ///< pairs: also the flow 2 -> 1, for the forward-backward check
    bool entropy = false;     ///< pairs: the decoder's attention entropy per pixel
    QString compareWith;      ///< pairs: another method's flow (.flo / KITTI PNG) to compare with
    QList<QPointF> trackPoints;  ///< videos: points of the first frame to track (pixels), or none
};
/// One of core's trust views of a pair (pipelines/flow_views.h): its key ("warp_error",
/// "consistency", "kitti_error", ...) and its image.
struct FlowViewImage {
    QString key;
    QImage image;
};
/// One frame pair's flow.
struct FlowFrame {
    int index = 0;
    QImage first;             ///< the first frame
    QImage color;             ///< Middlebury colour coding
    QImage legend;            ///< colour image with the wheel legend
    QImage magnitude;
    QVector<float> u, v;      ///< pixels, row-major, first.width() x first.height()
    double maxMagnitude = 0;
    bool hasEpe = false;
    double epeMean = 0, epeMax = 0;
    QImage epe;               ///< per-pixel end-point error map (white: epeMax)
    QList<FlowViewImage> views;  ///< pairs: the warp check and what the request asked for (core's order)
    QStringList summary;      ///< pairs: the numbers of those views, one line each
    FlowInputHandle input;    ///< what these views were computed from (Service::reanalyzeFlow)
};
/// A pair's flow analysed again against a ground truth and / or another method's flow (files
/// chosen after the run); an empty path leaves that comparison out.
struct FlowReanalysisRequest {
    FlowFrame frame;          ///< the pair as shown (its input handle)
    QString groundTruth, compareWith;
};
/// A pair's flow before its result, on frames of more than one window (core's FlowPreview):
/// the first look (the pair scaled down to one window), then the windows done over it.
struct FlowPreview {
    FlowFrame frame;
    int windowsDone = 0;      ///< 0: the first look alone
    int windows = 0;
};
struct FlowResult {
    QList<FlowFrame> frames;
    QString tracksCsv;        ///< videos with track points: core's CSV of the tracks (flow_analysis.h)
    QStringList trackSummary; ///< one line per track: start, end, frames, why it was lost
};

struct AutoencodeRequest {
    QString model;
    QString video;
    int chunks = 16;
};
struct AutoencodeResult {
    QString originalVideo;       ///< what the model saw (MP4 with its audio), in a temporary folder
    QString reconstructedVideo;  ///< the reconstruction (MP4 with its audio)
    QString reconstructedWav;
    QString sideBySideVideo;
    int windows = 0, frames = 0;
    double meanPsnr = 0;
    QVector<double> psnr;        ///< per window
    QList<ClassScore> windowTop; ///< per window, its most probable label
    QVector<int> windowStarts;   ///< per window, the index of its first frame
    QList<ClassScore> top;
    /// Every frame the model saw and its reconstruction, in order (what the page shows, exactly;
    /// the MP4s are these, encoded).
    QList<QImage> inputFrames, reconstructedFrames;
    double fps = 25.0;           ///< of the MP4s
};

/// A window while the autoencoding run goes on: its coarse reconstruction after the 1/64, 1/16
/// and 1/4 passes of the progressive decode (stride 8, 4, 2: each decoded point fills its
/// block), then the window decoded (stride 1).
struct AutoencodePreview {
    int window = 0;              ///< index of the window
    int stride = 1;
    double decoded = 1;          ///< fraction of the window's points decoded
    QList<QImage> inputFrames, reconstructedFrames;  ///< the window's frames
    QList<ClassScore> top;       ///< the window's label prediction
};

/// The input of the attention inspector: the last run of one of the task pages.
struct AttentionRequest {
    enum Kind { Text, Image, Flow, Video };
    QString model;
    Kind kind = Text;
    QString text;
    QImage image, second;
    QString video;               ///< Video: the file whose first window is inspected
};
/// Shape of the maps of an attention run, and the maps themselves.
struct AttentionSummary {
    AttentionMapsHandle maps;    ///< what views of this run are rendered from
    QString architecture;
    int crossHeads = 0, latents = 0, inputs = 0;
    int selfLayers = 0, selfHeads = 0;
    int decoderHeads = 0, decoderQueries = 0;
    AttentionRequest::Kind kind = AttentionRequest::Text;
    QImage view;                 ///< image / flow inputs: what the model saw
    QStringList tokens;          ///< text inputs: one string per input position
    int frames = 0;              ///< video inputs: frames of the window
};
/// What to show: cross-attention of `latent` (-1 mean) for `head` (-1 mean), optionally
/// through the rollout, and latent self-attention of `layer` / `head`.
struct AttentionViewRequest {
    AttentionMapsHandle maps;     ///< the run to view (AttentionSummary::maps)
    int head = -1, latent = -1;   ///< cross-attention
    int layer = 0, selfHead = -1; ///< latent self-attention (-1: mean over heads)
    int frame = 0;                ///< video inputs: which frame to overlay
    bool rollout = false;
    double opacity = 0.6;
};
struct AttentionView {
    AttentionMapsHandle maps;    ///< the run it shows (the request's)
    QImage overlay;              ///< image / flow / video frame: input with the heatmap
    QImage audioTrack;           ///< video: the waveform over the audio positions' weights
    QImage heatmap;
    QVector<float> weights;      ///< per input position
    QVector<qint64> weightsShape;  ///< their layout: {rows, cols} of the input grid (text {1, tokens}), or {positions}
    QImage selfMatrix;           ///< (latents x latents) of the chosen layer / head: one pixel per cell
    QVector<float> selfValues;   ///< the same matrix's values, row-major
    int selfSize = 0;            ///< its side (latents)
    double selfMin = 0, selfMax = 0;  ///< the values at the colour bar's bottom and top
    QImage colorBar;             ///< the heatmaps' colour scale, largest at the top
};

/// One output of the inspector's current source to trace back to the input (core's trace.h).
struct TraceRequest {
    AttentionRequest source;       ///< the input and the model
    enum Output { Default, Pixel, AudioSample, Label };
    Output output = Default;       ///< text: a token; image: the top class; flow: a pixel; video: as chosen
    int position = -1;             ///< text: the token (0 = the first byte; -1: the first [MASK])
    int x = 0, y = 0, frame = 0;   ///< flow: pixel of the first frame; video: pixel of frame `frame`
    qint64 sample = 0;             ///< video: audio sample of the window
    double opacity = 0.6;
};
struct TraceResult {
    AttentionRequest::Kind kind = AttentionRequest::Text;
    QString output;                           ///< what was traced, in words (core's)
    QList<QPair<QString, double>> prediction; ///< the model's output there
    QString note;                             ///< e.g. a classifier's one query serves every class
    QString sums;                             ///< each hop's sum, one line
    QVector<float> latents;                   ///< per latent: rollout with the residual identity
    QVector<float> latentsPlain;              ///< per latent: the plain product
    QVector<float> decoderMean;               ///< per latent: the decoder hop alone
    QVector<float> shares;                    ///< video: per latent its audio, video and label share (3 each)
    QVector<float> inputs;                    ///< per input position
    QStringList tokens;                       ///< text: per input position
    QImage overlay;                           ///< image / flow window / the traced frame, with the inputs' weights
    QImage audioTrack;                        ///< video: the waveform over the audio positions' weights
    QPoint window;                            ///< flow: the window's origin in the frame
};

/// Gradient attributions of the same kind of output a trace takes (core's attribution.h).
struct AttributionRequest {
    TraceRequest target;           ///< the source and the output
    bool integratedGradients = true;  ///< else gradient x input
    int baseline = 0;              ///< 0 zeros, 1 mean, 2 blur
    int steps = 0;                 ///< 0: the default, refined to 1 %
};
struct AttributionResult {
    AttentionRequest::Kind kind = AttentionRequest::Text;
    QString output, method;        ///< core's words
    double value = 0, baselineValue = 0, total = 0, completenessError = 0;
    QVector<float> weights;        ///< signed, per input element
    QStringList tokens;            ///< text
    QImage overlay;                ///< |attribution| over the image / flow window / the frame
    QImage audioTrack;             ///< video
};

/// An intervention on the inspector's source (core's pipelines/intervention.h), compared with
/// the unmodified run. The lists are typed as people type them; core parses and checks them.
struct InterventionRequest {
    AttentionRequest source;
    AttentionMapsHandle maps;      ///< the inspector's run of the source (the input layout for drops); optional
    QString heads;                 ///< "L:H, ..." self-attention heads to mask
    QString latents;               ///< "3, 7-9" latents to ablate
    int afterLayer = 0;            ///< where (0: after the cross-attention)
    QString inputs;                ///< "3, 7-9" input positions to drop
    QRect region;                  ///< image / flow window / every video frame: a rectangle of the view to drop; null: none
    QString audioSamples;          ///< video: "A-B" samples of the window to drop
    bool dropLabel = false;        ///< video: drop the label input
    int topK = 5;
    double opacity = 0.6;
};
/// One output's scores before and after.
struct ScoreDelta {
    QString output;
    QList<QPair<QString, double>> before, after;
    bool topChanged = false;
    double topDelta = 0, maxDelta = 0;
};
struct InterventionResult {
    AttentionRequest::Kind kind = AttentionRequest::Text;
    QString intervention;          ///< core's words
    QList<ScoreDelta> scores;      ///< text: per [MASK]; image: one; video: the label
    QImage before, after, change;  ///< flow: the two colour codings and the end-point-error map between them;
                                   ///< video: frame 0 of the input, before, after (change: the input)
    QStringList summary;           ///< the numbers, one translated line each
    double epeMean = 0, epeMax = 0;
    QVector<double> psnrBefore, psnrAfter;  ///< video: per frame, dB
};
/// Rank the latents by what ablating each does to the traced output.
struct LatentRankRequest {
    TraceRequest target;
    int afterLayer = 0;
    QVector<qint64> latents;       ///< the latents to rank; empty: every one
};
struct LatentRankResult {
    QString output;
    double value = 0;
    int afterLayer = 0;
    QVector<int> latents;          ///< largest |delta| first
    QVector<double> values, deltas;
};

/// Fine-tuning a classifier on the user's own data (core's training/finetune_job.h): what the
/// Train page asks for.
struct TrainRequest {
    QString task = QStringLiteral("image");  ///< "image" (a folder, one sub-folder per class) or "text" (a CSV / TSV)
    QString data;
    QString heldOutData;           ///< text: a file of held-out texts; else a seeded fraction
    double heldOutFraction = 0.2;
    QString init;                  ///< the model to start from (ModelInfo::spec)
    bool fresh = false;            ///< instead: a fresh small model of the demo models' size
    QString resume;                ///< a kept checkpoint to continue from (instead of init)
    QString out;                   ///< where the finished model is saved
    QString checkpoint;            ///< where the best evaluation is kept while training
    bool freezeEncoder = true;
    bool augment = true;
    int steps = 300, batchSize = 16, evalEvery = 25;  ///< (the warm-up: core's fineTuneWarmupSteps)
    double learningRate = 1e-3;
    quint64 seed = 0;
    /// Set by the page while paused: the worker waits between steps (still cancellable).
    std::shared_ptr<std::atomic<bool>> paused = std::make_shared<std::atomic<bool>>(false);
};
/// The data and the start, before the first step (a partial result).
struct TrainStarted {
    QStringList labels;
    int trainingExamples = 0, heldOutExamples = 0;
    bool splitGiven = false;
    QString source, architecture;
    QStringList reinitialised, unused;
    qint64 parameters = 0, trainable = 0;
    int firstStep = 1;
    QString exampleLabel;          ///< the class of the example whose attention is shown
};
/// One step (a partial result): the loss, and the held-out metrics at evaluations.
struct TrainPoint {
    int step = 0;                  ///< the start's evaluation: firstStep - 1, loss NaN
    double loss = 0, learningRate = 0, gradNorm = 0;
    QMap<QString, double> metrics; ///< "accuracy", "loss"; empty between evaluations
    bool kept = false;             ///< this evaluation is the best so far (in the checkpoint)
    double stepsPerSecond = 0;
    double secondsLeft = -1;       ///< -1 while too early to say
    bool paused = false;
    /// At evaluations: what the class output reads of the example (traced through the latents),
    /// rendered over what the model sees, and the probability the model gives its class.
    QImage attention;
    double exampleProbability = -1;
};
struct TrainResult {
    int firstStep = 1, steps = 0, bestStep = 0;
    double seconds = 0, finalLoss = 0;
    QMap<QString, double> metrics;
    QString out, checkpoint;
};

/// A download's outcome.
struct DownloadResult {
    QString repo;
    QString snapshot;
    qint64 bytes = 0;
};

}  // namespace studio

Q_DECLARE_METATYPE(studio::ModelInfo)
Q_DECLARE_METATYPE(studio::FillMaskResult)
Q_DECLARE_METATYPE(studio::ClassifyResult)
Q_DECLARE_METATYPE(studio::TextClassifyResult)
Q_DECLARE_METATYPE(studio::FlowFrame)
Q_DECLARE_METATYPE(studio::FlowPreview)
Q_DECLARE_METATYPE(studio::FlowReanalysisRequest)
Q_DECLARE_METATYPE(studio::FlowResult)
Q_DECLARE_METATYPE(studio::AutoencodeResult)
Q_DECLARE_METATYPE(studio::AutoencodePreview)
Q_DECLARE_METATYPE(studio::AttentionSummary)
Q_DECLARE_METATYPE(studio::AttentionView)
Q_DECLARE_METATYPE(studio::TraceResult)
Q_DECLARE_METATYPE(studio::AttributionResult)
Q_DECLARE_METATYPE(studio::InterventionResult)
Q_DECLARE_METATYPE(studio::LatentRankResult)
Q_DECLARE_METATYPE(studio::DownloadResult)
Q_DECLARE_METATYPE(studio::TrainStarted)
Q_DECLARE_METATYPE(studio::TrainPoint)
Q_DECLARE_METATYPE(studio::TrainResult)
