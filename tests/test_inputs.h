// Inputs and models the pipeline suites share: the fixture models by name, and a textured frame.
#pragma once

#include "media/image.h"
#include "model/model_factory.h"
#include "test_util.h"

#include <cstdint>
#include <string>

namespace testutil {

/// tests/data/fixtures/parity/<name>, loaded as the application loads a model.
inline perceiver::LoadedModel fixtureModel(const std::string& name) { return perceiver::loadModel(fixture("parity/" + name)); }

/// A textured frame (no two neighbours alike) and the same frame moved by (dx, dy) pixels.
inline perceiver::ImageU8 texture(int w, int h, int dx = 0, int dy = 0) {
    perceiver::ImageU8 img = perceiver::ImageU8::filled(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int sx = x - dx, sy = y - dy;
            uint8_t* p = img.at(x, y);
            p[0] = static_cast<uint8_t>((sx * 37 + sy * 11) & 255);
            p[1] = static_cast<uint8_t>((sx * sx + 3 * sy) & 255);
            p[2] = static_cast<uint8_t>((sy * 29 ^ sx * 7) & 255);
        }
    return img;
}

}  // namespace testutil
