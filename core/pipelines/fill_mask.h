// Fill mask: text with masked bytes -> per masked position the top-k candidates and the
// greedily filled text. Shared by `perceiver fill-mask` and the studio's Masked text page.
//
// Masks are written as "[MASK]" in the text (each one masks one byte; a run of n masks n
// bytes) or given as byte ranges that are replaced by masks (maskByteRanges). The text is
// byte-tokenised ([CLS] bytes [SEP]) and fed unpadded: padding to 2048 as the demo does is
// masked out in the reference and changes nothing but the cost.
// No torch in this header. Thread-safety: one call per model at a time.
#pragma once

#include "common/progress.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace perceiver {

class TaskModel;

struct TokenCandidate {
    int64_t id = 0;          ///< token id
    int byte = -1;           ///< the byte it stands for (PerceiverTokenizer::byteOf), -1 for a special token
    std::string text;        ///< the byte as text (may be part of a UTF-8 character) or "[SEP]" etc.
    double probability = 0;
};

struct MaskedPosition {
    int64_t token_index = 0;   ///< index in input_ids ([CLS] is 0)
    int64_t byte_index = 0;    ///< index of the masked byte in the text's bytes
    std::vector<TokenCandidate> candidates;  ///< best first
};

struct FillMaskResult {
    std::string text;                       ///< the input, masks written as [MASK]
    std::string filled_text;                ///< every mask replaced by its best byte, decoded as UTF-8
    std::vector<int64_t> input_ids;
    std::vector<MaskedPosition> masks;
    std::vector<std::string> warnings;      ///< non-finite logits (finite_check.h)
};

/// Replaces the bytes [begin, end) of `text` for each range by [MASK] tokens (one per byte).
std::string maskByteRanges(const std::string& text, const std::vector<std::pair<size_t, size_t>>& ranges);

/// Runs a PerceiverForMaskedLM. Throws Error(InvalidInput) when the text has no mask or does
/// not fit max_position_embeddings - 2 bytes, Error(Config) for a model of another class.
FillMaskResult fillMask(TaskModel& model, const std::string& text, int top_k = 5, Progress* progress = nullptr);

}  // namespace perceiver
