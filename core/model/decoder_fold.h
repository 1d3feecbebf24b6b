// A decoder's last steps folded for inference (not in HF): after its cross-attention, a
// BasicDecoder runs the attention's output projection, a layer norm, an MLP with a residual
// and its final layer, all per query. Each of those maps is linear except the layer norm's
// division and the activation, so their weights can be multiplied together once and the
// per-query work done with fewer multiply-adds. Outputs equal the reference's up to float
// rounding (the same sums, associated differently); the parity suite holds them at its usual
// tolerances.
//
// Two forms, chosen per layer by counting multiply-adds per query (foldCosts):
//  - Latent: everything from the attention's context c (v channels, before the output
//    projection), for decoders whose context is narrower than their queries (the multimodal
//    decoder: v = 512, queries 1,026 wide): the attention output x = c Wo^T + bo is never
//    formed. Its layer-norm statistics come from c: x - mean(x) = [c, 1] G with G fixed, so
//    |x - mean(x)|^2 = |[c, 1] R^T|^2 for G^T = Q R (a QR factorisation, once); the MLP's first
//    layer reads [c, 1] G diag(gamma) W1^T / sigma; the residual and the MLP's second layer are
//    multiplied into the final layer. Multimodal decoder: 3.15 M -> 1.58 M multiply-adds per
//    query after the attention.
//  - Output: the MLP's second layer multiplied into a narrower final layer (the flow
//    decoder's 322 -> 2): out = x Wf^T + act(h) (Wf W2)^T + b.
//  A linear map after the final layer (a multimodal postprocessor's first layer: 512 -> 3 for
//  the image's pixels) can be folded in as well: the multimodal decoder's image queries then
//  take 0.79 M multiply-adds after the attention instead of 3.15 M.
//  Neither runs when it would not save at least a fifth of the multiply-adds (the classifiers'
//  decoders: one query, a final layer as wide as the MLP), with gradients recorded (training,
//  attributions: the reference's graph), or with reduced-precision products on (precision.h).
//
// Usage, as BasicDecoder::forward does it:
//
//   DecoderFold fold(*layer, *finalLayer);                  // once, beside the layer
//   if (fold.applies(query))                                // else run the reference layer
//       logits = fold.forward(layer->attention->self->forward(query, latents, {}, {}, false).output);
//
// Thread-safety: forward() may run concurrently on one fold. The folded weights are built on
// first use and rebuilt when a weight they were made from changed (another tensor, a device
// or an in-place write: optimizer steps, loading), under a lock concurrent forwards wait on.
#pragma once

#include <torch/nn/modules/linear.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace perceiver {

class Layer;

/// Whether decoders fold at all (default on; off when the environment sets
/// PERCEIVER_NO_DECODER_FOLD). Process-wide; the bench's --baseline turns it off to time the
/// reference form side by side, the tests to compare the two.
bool decoderFolding();
void setDecoderFolding(bool on);
/// Whether the multimodal decoder also folds its scores (MultimodalDecoder::forwardFolded;
/// default on); off, it folds the layers after the reference layer's attention. The bench's
/// --baseline plain-scores times the two side by side.
bool decoderScoreFolding();
void setDecoderScoreFolding(bool on);

enum class FoldForm { None, Latent, Output };
const char* foldFormName(FoldForm form);  ///< "none", "latent", "output"

/// Multiply-adds per query after the attention's context, for each form.
struct FoldCosts {
    int64_t reference = 0, latent = 0, output = 0;
    FoldForm best = FoldForm::None;  ///< the cheapest form saving at least a fifth, or None
};
/// v: context channels (value channels); q: query / attention output width; h: the MLP's
/// hidden width; o: the final layer's output width.
FoldCosts foldCosts(int64_t v, int64_t q, int64_t h, int64_t o);

class DecoderFold {
public:
    /// `layer`: a cross-attention Layer without query residual; `finalLayer`: the decoder's
    /// final Linear (q -> o). Both must outlive the fold.
    DecoderFold(Layer& layer, torch::nn::LinearImpl& finalLayer);

    /// The form this layer's sizes call for (foldCosts(v, q, h, o).best).
    FoldForm form() const { return form_; }
    /// Whether forward() may run now on tensors like `like` (the queries): folding on, a form
    /// chosen, no gradients recorded, fp32 products, float32 tensors and weights.
    bool applies(const torch::Tensor& like) const;
    /// context: (B, Q, v), the attention's context before its output projection ->
    /// (B, Q, o), the decoder's logits; with a `projection` (o -> p, a postprocessor's first
    /// layer, folded in too) -> (B, Q, p), the projection of the logits.
    torch::Tensor forward(const torch::Tensor& context, const torch::nn::LinearImpl* projection = nullptr);

private:
    struct Folded;
    Layer& layer_;
    torch::nn::LinearImpl& final_;
    FoldForm form_ = FoldForm::None;
    std::mutex mutex_;
    std::map<const torch::nn::LinearImpl*, std::shared_ptr<const Folded>> folded_;  ///< by projection
    std::shared_ptr<const Folded> current(const torch::nn::LinearImpl* projection);
};

}  // namespace perceiver
