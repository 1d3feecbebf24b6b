// PerceiverEmbeddings: the learned latent array.
#pragma once

#include "config/config.h"

#include <torch/nn/module.h>

namespace perceiver {

class Embeddings : public torch::nn::Module {
public:
    explicit Embeddings(const PerceiverConfig& config);
    /// Returns the latents expanded to (batch_size, num_latents, d_latents) (a view).
    torch::Tensor forward(int64_t batch_size) { return latents.expand({batch_size, -1, -1}); }
    torch::Tensor latents;  ///< (num_latents, d_latents)
};

}  // namespace perceiver
