// PerceiverTokenizer (transformers 4.37.2): UTF-8 bytes offset by 6, six special tokens.
//
// Usage:
//   perceiver::PerceiverTokenizer tok;
//   std::vector<int64_t> ids = tok.encode("Hello [MASK] world");   // [CLS] bytes... [SEP]
//   auto batch = tok.encodeBatch({"a", "bc"}, {Padding::Longest});  // ids + attention masks
//   std::string text = tok.decode(ids, /*skipSpecialTokens=*/true);
//
// Ids: [PAD]=0 [BOS]=1 [EOS]=2 [MASK]=3 [CLS]=4 [SEP]=5, byte b -> b + 6 (262 ids, no UNK).
// The six special strings are matched literally anywhere in the text. decode() joins the bytes
// (specials as their literal strings), decodes UTF-8 replacing each maximal invalid subpart by
// U+FFFD (Python's errors="replace") and, by default, applies clean_up_tokenization_spaces.
// No Qt, no torch. Thread-safety: all methods are const and reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace perceiver {

class PerceiverTokenizer {
public:
    static constexpr int64_t kPad = 0, kBos = 1, kEos = 2, kMask = 3, kCls = 4, kSep = 5;
    static constexpr int64_t kByteOffset = 6;
    static constexpr int64_t kVocabSize = 262;  ///< len(tokenizer); the byte vocabulary is 256
    static constexpr size_t kModelMaxLength = 2048;

    enum class Padding { None, Longest, MaxLength };
    struct EncodeOptions {
        Padding padding = Padding::None;
        std::optional<size_t> max_length;  ///< default model_max_length where needed
        bool truncation = false;
        bool add_special_tokens = true;
    };
    struct Batch {
        std::vector<std::vector<int64_t>> input_ids;
        std::vector<std::vector<int64_t>> attention_mask;
    };

    /// Token ids of `text` ([CLS] + ids + [SEP] when add_special_tokens).
    std::vector<int64_t> encode(std::string_view text, bool add_special_tokens = true) const;
    Batch encodeBatch(const std::vector<std::string>& texts, const EncodeOptions& options) const;

    /// Text of `ids`; throws Error(InvalidInput) for an id outside [0, 262).
    std::string decode(const std::vector<int64_t>& ids, bool skip_special_tokens = false,
                       bool clean_up_tokenization_spaces = true) const;

    /// The literal string of a special id ("[MASK]"), or "" for byte ids.
    static std::string specialToken(int64_t id);
    static bool isSpecial(int64_t id) { return id >= 0 && id < kByteOffset; }
    /// The byte a token id stands for, or -1 for a special token (and ids out of range).
    static int byteOf(int64_t id) { return id >= kByteOffset && id < kVocabSize ? static_cast<int>(id - kByteOffset) : -1; }
    /// One token as text: the special token's literal, else its byte decoded on its own
    /// (U+FFFD for a byte that is part of a multi-byte character).
    static std::string tokenText(int64_t id) {
        return isSpecial(id) ? specialToken(id) : decodeUtf8Lossy(std::string(1, static_cast<char>(byteOf(id))));
    }
    /// Byte ids -> text with U+FFFD per maximal invalid UTF-8 subpart.
    static std::string decodeUtf8Lossy(std::string_view bytes);
    /// transformers' clean_up_tokenization: " ." -> ".", " n't" -> "n't", ...
    static std::string cleanUpTokenization(std::string text);
};

}  // namespace perceiver
