#include "tokenizer/tokenizer.h"

#include "common/error.h"

#include <algorithm>
#include <array>

namespace perceiver {

namespace {

const std::array<const char*, 6> kSpecials = {"[PAD]", "[BOS]", "[EOS]", "[MASK]", "[CLS]", "[SEP]"};

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}

}  // namespace

std::string PerceiverTokenizer::specialToken(int64_t id) { return isSpecial(id) ? kSpecials[static_cast<size_t>(id)] : ""; }

std::vector<int64_t> PerceiverTokenizer::encode(std::string_view text, bool add_special_tokens) const {
    std::vector<int64_t> ids;
    ids.reserve(text.size() + 2);
    if (add_special_tokens) ids.push_back(kCls);
    for (size_t i = 0; i < text.size();) {
        bool matched = false;
        for (size_t s = 0; s < kSpecials.size(); ++s) {
            const std::string_view sp(kSpecials[s]);
            if (text.compare(i, sp.size(), sp) == 0) {
                ids.push_back(static_cast<int64_t>(s));
                i += sp.size();
                matched = true;
                break;
            }
        }
        if (!matched) ids.push_back(static_cast<unsigned char>(text[i++]) + kByteOffset);
    }
    if (add_special_tokens) ids.push_back(kSep);
    return ids;
}

PerceiverTokenizer::Batch PerceiverTokenizer::encodeBatch(const std::vector<std::string>& texts, const EncodeOptions& o) const {
    Batch b;
    const size_t specials = o.add_special_tokens ? 2 : 0;
    for (const auto& t : texts) {
        std::vector<int64_t> ids = encode(t, false);
        if (o.truncation) {
            const size_t limit = o.max_length.value_or(kModelMaxLength);
            if (limit < specials) fail(ErrorKind::InvalidInput, "max_length " + std::to_string(limit) + " leaves no room for [CLS] and [SEP]");
            if (ids.size() + specials > limit) ids.resize(limit - specials);
        }
        if (o.add_special_tokens) {
            ids.insert(ids.begin(), kCls);
            ids.push_back(kSep);
        }
        b.input_ids.push_back(std::move(ids));
    }
    size_t target = 0;
    if (o.padding == Padding::Longest)
        for (const auto& ids : b.input_ids) target = std::max(target, ids.size());
    if (o.padding == Padding::MaxLength) target = o.max_length.value_or(kModelMaxLength);
    for (auto& ids : b.input_ids) {
        std::vector<int64_t> mask(ids.size(), 1);
        if (ids.size() < target) {
            mask.resize(target, 0);
            ids.resize(target, kPad);
        }
        b.attention_mask.push_back(std::move(mask));
    }
    return b;
}

std::string PerceiverTokenizer::decodeUtf8Lossy(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        int need = 0;
        uint32_t cp = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
        else if (c == 0xE0) { need = 2; cp = c & 0x0F; lo = 0xA0; }
        else if (c >= 0xE1 && c <= 0xEC) { need = 2; cp = c & 0x0F; }
        else if (c == 0xED) { need = 2; cp = c & 0x0F; hi = 0x9F; }
        else if (c >= 0xEE && c <= 0xEF) { need = 2; cp = c & 0x0F; }
        else if (c == 0xF0) { need = 3; cp = c & 0x07; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) { need = 3; cp = c & 0x07; }
        else if (c == 0xF4) { need = 3; cp = c & 0x07; hi = 0x8F; }
        else { out += "\xEF\xBF\xBD"; ++i; continue; }  // invalid lead byte
        size_t j = i + 1;
        int got = 0;
        for (; got < need && j < n; ++got, ++j) {
            const unsigned char b = p[j];
            const unsigned char l = got == 0 ? lo : 0x80, h = got == 0 ? hi : 0xBF;
            if (b < l || b > h) break;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (got == need) appendUtf8(out, cp);
        else out += "\xEF\xBF\xBD";  // one replacement per maximal invalid subpart
        i = j;
    }
    return out;
}

std::string PerceiverTokenizer::cleanUpTokenization(std::string s) {
    replaceAll(s, " .", ".");
    replaceAll(s, " ?", "?");
    replaceAll(s, " !", "!");
    replaceAll(s, " ,", ",");
    replaceAll(s, " ' ", "'");
    replaceAll(s, " n't", "n't");
    replaceAll(s, " 'm", "'m");
    replaceAll(s, " 's", "'s");
    replaceAll(s, " 've", "'ve");
    replaceAll(s, " 're", "'re");
    return s;
}

std::string PerceiverTokenizer::decode(const std::vector<int64_t>& ids, bool skip_special_tokens, bool clean_up) const {
    std::string bytes;
    bytes.reserve(ids.size());
    for (int64_t id : ids) {
        if (id < 0 || id >= kVocabSize)
            fail(ErrorKind::InvalidInput, "token id " + std::to_string(id) + " outside [0, " + std::to_string(kVocabSize) + ")");
        if (isSpecial(id)) {
            if (!skip_special_tokens) bytes += kSpecials[static_cast<size_t>(id)];
        } else {
            bytes.push_back(static_cast<char>(id - kByteOffset));
        }
    }
    std::string text = decodeUtf8Lossy(bytes);
    return clean_up ? cleanUpTokenization(std::move(text)) : text;
}

}  // namespace perceiver
