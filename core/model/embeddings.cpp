#include "model/embeddings.h"

#include <torch/torch.h>

namespace perceiver {

Embeddings::Embeddings(const PerceiverConfig& c) {
    latents = register_parameter("latents", torch::randn({c.num_latents, c.d_latents}) * c.initializer_range);
}

}  // namespace perceiver
