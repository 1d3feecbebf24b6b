#include "model/perceiver_model.h"

#include "common/error.h"
#include "common/profile.h"
#include "common/shape.h"
#include "model/heads/head.h"

#include <torch/torch.h>

#include <cctype>

#include <limits>

namespace perceiver {

PerceiverModel::PerceiverModel(const PerceiverConfig& c, std::shared_ptr<Decoder> dec, std::shared_ptr<Preprocessor> pre,
                               std::shared_ptr<Postprocessor> post)
    : TaskModel(c) {
    if (pre) input_preprocessor = register_module("input_preprocessor", pre);
    if (post) output_postprocessor = register_module("output_postprocessor", post);
    embeddings = register_module("embeddings", std::make_shared<Embeddings>(c));
    encoder = register_module("encoder", std::make_shared<Encoder>(c, pre ? pre->num_channels() : c.d_model));
    if (dec) decoder = register_module("decoder", dec);
}

PerceiverOutput PerceiverModel::forward(const ModelInputs& in, const ForwardOptions& opt) {
    EncodedInputs enc = encode(in, opt);
    PerceiverOutput out = std::move(enc.encoder);
    if (decoder) {
        PerceiverOutput dec = decode(enc, in.subsampled_output_points, opt.output_attentions);
        out.logits = dec.logits;
        out.logits_by_modality = std::move(dec.logits_by_modality);
        for (auto& a : dec.cross_attentions) out.cross_attentions.push_back(a);
    }
    return out;
}

EncodedInputs PerceiverModel::encode(const ModelInputs& in, const ForwardOptions& opt) {
    EncodedInputs result;
    PreprocessorOutput& pre = result.pre;
    if (input_preprocessor) {
        profile::Scope stage("preprocess");
        pre = input_preprocessor->forward(in.inputs, opt.interpolate_pos_encoding);
    } else {
        const torch::Tensor& x = in.inputs.tensor;
        if (!x.defined() || x.dim() != 3 || !torch::isFloatingType(x.scalar_type()))
            fail(ErrorKind::InvalidInput, "PerceiverModel without a preprocessor expects float inputs (batch, length, d_model)" +
                                              std::string(x.defined() ? ", got " + shapeOf(x) : ""));
        if (x.size(-1) != config.d_model)
            fail(ErrorKind::InvalidInput, "Last dimension of the inputs: " + std::to_string(x.size(-1)) +
                                              " doesn't correspond to config.d_model: " + std::to_string(config.d_model));
        pre.inputs = x;
    }
    const torch::Tensor& inputs = pre.inputs;
    const int64_t B = inputs.size(0), M = inputs.size(1);

    // invert_attention_mask: (1 - m) * finfo(float32).min, broadcast as (B, 1, 1, M).
    torch::Tensor extended;
    if (in.attention_mask.defined()) {
        const auto& m = in.attention_mask;
        if (m.dim() == 2 && m.size(0) == B && m.size(1) == M)
            extended = m.to(inputs.options()).unsqueeze(1).unsqueeze(1);
        else if (m.dim() == 3 && m.size(0) == B && m.size(2) == M)
            extended = m.to(inputs.options()).unsqueeze(1);
        else
            fail(ErrorKind::InvalidInput, "attention_mask " + shapeOf(m) + " does not match the inputs: expected (" +
                                              std::to_string(B) + ", " + std::to_string(M) + ")");
    }
    if (!intervention.dropped_inputs.empty()) {  // the intervention's hidden inputs: mask 0 there
        torch::Tensor keep = torch::ones({1, 1, 1, M}, inputs.options());
        for (const int64_t p : intervention.dropped_inputs) {
            if (p < 0 || p >= M)
                fail(ErrorKind::InvalidInput, "dropped input position " + std::to_string(p) + " out of range: this input has " + std::to_string(M) +
                                                  " positions (0 ... " + std::to_string(M - 1) + ")");
            keep[0][0][0][p] = 0;
        }
        extended = extended.defined() ? extended * keep : keep;
    }
    if (extended.defined()) extended = (1.0 - extended) * std::numeric_limits<float>::lowest();

    // get_head_mask: (heads,) or (layers, heads) -> (layers, 1, heads, 1, 1).
    torch::Tensor head_mask;
    torch::Tensor given = in.head_mask;
    if (!given.defined() && !intervention.masked_heads.empty()) {
        given = torch::ones({config.num_self_attends_per_block, config.num_self_attention_heads});
        for (const auto& [layer, head] : intervention.masked_heads) given[layer][head] = 0;
    }
    if (given.defined()) {
        torch::Tensor h = given.to(inputs.options());
        const int64_t layers = config.num_blocks * config.num_self_attends_per_block;
        if (h.dim() == 1) h = h.unsqueeze(0).expand({layers, -1});
        if (h.dim() != 2 || h.size(1) != config.num_self_attention_heads || h.size(0) < config.num_self_attends_per_block)
            fail(ErrorKind::InvalidInput, "head_mask " + shapeOf(in.head_mask) + ": expected (" +
                                              std::to_string(config.num_self_attention_heads) + ",) or (" + std::to_string(layers) +
                                              ", " + std::to_string(config.num_self_attention_heads) + ")");
        head_mask = h.unsqueeze(1).unsqueeze(-1).unsqueeze(-1);
    }

    ForwardOptions options = opt;
    if (options.ablate_latents.empty()) {
        options.ablate_latents = intervention.ablate_latents;
        options.ablate_after_layer = intervention.ablate_after_layer;
    }
    EncoderOutput enc = encoder->forward(embeddings->forward(B), inputs, extended, head_mask, options);
    PerceiverOutput& out = result.encoder;
    out.last_hidden_state = enc.last_hidden_state;
    out.hidden_states = std::move(enc.hidden_states);
    out.attentions = std::move(enc.attentions);
    if (opt.output_attentions) out.cross_attentions.push_back(enc.cross_attention);

    result.latents = enc.last_hidden_state;
    return result;
}

PerceiverOutput PerceiverModel::decode(const EncodedInputs& enc, const TensorMap& subsampled, bool output_attentions) {
    if (!decoder) fail(ErrorKind::Internal, "decode() on a PerceiverModel without a decoder");
    const PreprocessorOutput& pre = enc.pre;
    PerceiverOutput out;
    QueryContext ctx;
    ctx.inputs = pre.inputs;
    ctx.modality_sizes = pre.modality_sizes;
    ctx.inputs_without_pos = pre.inputs_without_pos;
    ctx.inputs_without_pos_by_modality = pre.inputs_without_pos_by_modality;
    auto* multimodal = dynamic_cast<MultimodalDecoder*>(decoder.get());
    if (multimodal) {
        ctx.subsampled_by_modality = subsampled.empty() ? multimodal->allOutputPoints() : subsampled;
    } else if (!subsampled.empty()) {
        if (subsampled.size() != 1) fail(ErrorKind::InvalidInput, "subsampled_output_points per modality need a multimodal decoder");
        ctx.subsampled_points = subsampled.begin()->second;
    }
    ModalitySizes querySizes = pre.modality_sizes;  // multimodal: queries per modality
    torch::Tensor query;
    {
        profile::Scope stage("decoder queries");
        query = multimodal ? multimodal->queries(ctx, &querySizes) : decoder->decoder_query(ctx);
    }
    // Multimodal: each modality's postprocessor starts with a Linear, which the decoder folds in
    // where it folds (decoder_fold.h: the image's 512 -> 3 pixels).
    auto* multimodalPost = dynamic_cast<MultimodalPostprocessor*>(output_postprocessor.get());
    if (multimodal && multimodalPost && querySizes.size() == multimodalPost->modality_postprocessors.size()) {
        std::map<std::string, torch::nn::LinearImpl*> projections;
        for (const auto& [name, size] : querySizes) {
            auto it = multimodalPost->modality_postprocessors.find(name);
            if (it != multimodalPost->modality_postprocessors.end() && it->second->leadingLinear())
                projections[name] = it->second->leadingLinear();
        }
        if (projections.size() == querySizes.size()) {
            torch::Tensor probs;
            TensorMap parts;
            {
                profile::Scope stage("decoder");
                parts = multimodal->forwardFolded(query, enc.latents, querySizes, projections, output_attentions ? &probs : nullptr);
            }
            if (!parts.empty()) {
                profile::Scope stage("postprocess");
                for (const auto& [name, part] : parts)
                    out.logits_by_modality[name] = multimodalPost->modality_postprocessors.at(name)->afterLinear(part).tensor;
                if (output_attentions) out.cross_attentions.push_back(probs);
                return out;
            }
        }
    }
    DecoderOutput dec;
    {
        profile::Scope stage("decoder");
        dec = decoder->forward(query, enc.latents, output_attentions);
    }
    out.cross_attentions = std::move(dec.cross_attentions);
    if (output_postprocessor) {
        const ModalitySizes& sizes = querySizes;
        profile::Scope stage("postprocess");
        PostprocessorOutput post = output_postprocessor->forward(dec.logits, sizes);
        out.logits = post.tensor;
        out.logits_by_modality = std::move(post.modalities);
    } else {
        out.logits = dec.logits;
    }
    return out;
}

void setIntervention(TaskModel& model, const Intervention& iv) {
    PerceiverModel* trunk = dynamic_cast<PerceiverModel*>(&model);
    if (!trunk) trunk = &trunkOf(model, "interventions");
    const PerceiverConfig& c = model.config;
    for (const auto& [layer, head] : iv.masked_heads) {
        if (layer < 0 || layer >= c.num_self_attends_per_block)
            fail(ErrorKind::InvalidInput, "head mask layer " + std::to_string(layer) + " out of range: a block has " +
                                              std::to_string(c.num_self_attends_per_block) + " self-attention layers (0 ... " +
                                              std::to_string(c.num_self_attends_per_block - 1) + ")");
        if (head < 0 || head >= c.num_self_attention_heads)
            fail(ErrorKind::InvalidInput, "head " + std::to_string(head) + " out of range: self-attention has " +
                                              std::to_string(c.num_self_attention_heads) + " heads (0 ... " +
                                              std::to_string(c.num_self_attention_heads - 1) + ")");
    }
    checkAblation(c, iv.ablate_latents, iv.ablate_after_layer);
    for (const int64_t p : iv.dropped_inputs)
        if (p < 0) fail(ErrorKind::InvalidInput, "dropped input position " + std::to_string(p) + " is negative");
    trunk->intervention = iv;
}

std::string describeIntervention(const Intervention& iv) {
    std::string s;
    if (!iv.masked_heads.empty()) {
        s = "heads";
        for (size_t i = 0; i < iv.masked_heads.size(); ++i)
            s += (i ? ", " : " ") + std::to_string(iv.masked_heads[i].first) + ":" + std::to_string(iv.masked_heads[i].second);
        s += " masked";
    }
    if (!iv.ablate_latents.empty()) {
        s += s.empty() ? "latents" : "; latents";
        for (size_t i = 0; i < iv.ablate_latents.size(); ++i) s += (i ? ", " : " ") + std::to_string(iv.ablate_latents[i]);
        s += " ablated after layer " + std::to_string(iv.ablate_after_layer);
    }
    if (!iv.dropped_inputs.empty()) {
        s += s.empty() ? "" : "; ";
        s += std::to_string(iv.dropped_inputs.size()) + " input position" + (iv.dropped_inputs.size() == 1 ? "" : "s") + " dropped";
    }
    return s;
}

namespace {

std::string trimmed(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

/// The comma-separated parts of `text`, trimmed ("" gives none).
std::vector<std::string> parts(const std::string& text) {
    std::vector<std::string> out;
    if (trimmed(text).empty()) return out;
    size_t begin = 0;
    while (true) {
        const size_t end = std::min(text.find(',', begin), text.size());
        out.push_back(trimmed(text.substr(begin, end - begin)));
        if (end == text.size()) return out;
        begin = end + 1;
    }
}

bool integer(const std::string& s, int64_t* value) {
    if (s.empty()) return false;
    size_t used = 0;
    try {
        *value = std::stoll(s, &used);
    } catch (const std::exception&) {
        return false;
    }
    return used == s.size();
}

}  // namespace

std::vector<std::pair<int64_t, int64_t>> parseHeadMask(const std::string& text) {
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const std::string& pair : parts(text)) {
        const size_t colon = pair.find(':');
        int64_t layer = 0, head = 0;
        if (colon == std::string::npos || !integer(trimmed(pair.substr(0, colon)), &layer) || !integer(trimmed(pair.substr(colon + 1)), &head))
            fail(ErrorKind::InvalidInput, "heads to mask are LAYER:HEAD pairs separated by commas (e.g. 0:1, 2:3), got '" + text + "'");
        out.emplace_back(layer, head);
    }
    return out;
}

std::vector<int64_t> parseIndexRanges(const std::string& text, const std::string& what) {
    std::vector<int64_t> out;
    for (const std::string& part : parts(text)) {
        const size_t dash = part.find('-', 1);  // "-3" is a (negative) number, "3-7" a range
        int64_t a = 0, b = 0;
        const bool ok = dash == std::string::npos ? integer(part, &a) && integer(part, &b)
                                                  : integer(trimmed(part.substr(0, dash)), &a) && integer(trimmed(part.substr(dash + 1)), &b);
        if (!ok || b < a)
            fail(ErrorKind::InvalidInput, what + " are numbers or ranges separated by commas (e.g. 3, 7-9), got '" + text + "'");
        if (b - a >= 1000000 || out.size() + static_cast<size_t>(b - a) >= 1000000)
            fail(ErrorKind::InvalidInput, what + ": more than 1,000,000 values in '" + text + "'");
        for (int64_t i = a; i <= b; ++i) out.push_back(i);
    }
    return out;
}

PerceiverModel& trunkOf(TaskModel& model, const std::string& purpose) {
    auto* head = dynamic_cast<PerceiverHead*>(&model);
    if (!head || !head->perceiver) fail(ErrorKind::Config, purpose + " need one of the task heads, this model is a " + model.className());
    return *head->perceiver;
}

torch::Device modelDevice(const TaskModel& model) {
    for (const auto& p : model.parameters()) return p.device();
    return torch::kCPU;
}

torch::Device parseDevice(const std::string& name) {
    torch::Device d(torch::kCPU);
    try {
        d = torch::Device(name);
    } catch (const c10::Error&) {
        fail(ErrorKind::InvalidInput, "unknown device '" + name + "' (cpu, cuda, cuda:N)");
    }
    if (d.is_cuda()) {
        if (!torch::cuda::is_available())
            fail(ErrorKind::InvalidInput, "device '" + name + "' requested, but this LibTorch build or machine has no CUDA; use --device cpu");
        if (d.has_index() && d.index() >= static_cast<int>(torch::cuda::device_count()))
            fail(ErrorKind::InvalidInput, "device '" + name + "': only " + std::to_string(torch::cuda::device_count()) + " GPU(s)");
    } else if (!d.is_cpu()) {
        fail(ErrorKind::InvalidInput, "device '" + name + "' is not supported (cpu, cuda)");
    }
    return d;
}

torch::Tensor classificationLoss(const PerceiverConfig& c, const torch::Tensor& logits, const torch::Tensor& labels) {
    const int64_t n = c.num_labels();
    std::string problem;
    if (c.problem_type) problem = *c.problem_type;
    else if (n == 1) problem = "regression";
    else if (labels.scalar_type() == torch::kLong || labels.scalar_type() == torch::kInt) problem = "single_label_classification";
    else problem = "multi_label_classification";

    if (problem == "regression") {
        const torch::Tensor l = labels.to(logits.options());
        if (n == 1) return torch::mse_loss(logits.squeeze(), l.squeeze());
        return torch::mse_loss(logits, l);
    }
    if (problem == "single_label_classification") {
        const torch::Tensor l = labels.reshape({-1}).to(torch::kLong);
        if (l.size(0) != logits.size(0))
            fail(ErrorKind::InvalidInput, "labels " + shapeOf(labels) + ": expected one class index per batch item (" +
                                              std::to_string(logits.size(0)) + ")");
        const auto valid = l.ne(-100);
        if ((l.lt(0).logical_and(valid)).any().item<bool>() || l.ge(n).any().item<bool>())
            fail(ErrorKind::InvalidInput, "labels must be class indices in [0, " + std::to_string(n) + ")");
        return torch::nn::functional::cross_entropy(logits.reshape({-1, n}), l);
    }
    if (labels.sizes() != logits.sizes())
        fail(ErrorKind::InvalidInput, "multi-label labels " + shapeOf(labels) + " must have the logits' shape " + shapeOf(logits));
    return torch::binary_cross_entropy_with_logits(logits, labels.to(logits.options()));
}

}  // namespace perceiver
