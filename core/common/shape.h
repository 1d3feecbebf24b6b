// "(2, 64, 262)" for error messages. Inline: used wherever core names a tensor's shape.
#pragma once

#include <torch/types.h>

#include <string>

namespace perceiver {

inline std::string shapeString(c10::IntArrayRef sizes) {
    std::string s = "(";
    for (size_t i = 0; i < sizes.size(); ++i) s += (i ? ", " : "") + std::to_string(sizes[i]);
    return s + (sizes.size() == 1 ? ",)" : ")");
}

inline std::string shapeOf(const torch::Tensor& t) { return t.defined() ? shapeString(t.sizes()) : "(undefined)"; }

}  // namespace perceiver
