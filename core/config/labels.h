// Class names the checkpoints' configs do not carry.
//
// DeepMind's three vision checkpoints classify ImageNet-1k but their config.json (as the
// conversion script writes it) has no id2label, so HF would print LABEL_281. loadModel()
// calls applyKnownLabels(), which gives a 1000-way image classifier with generic names the
// ImageNet-1k names shipped in resources/labels/imagenet-1k.txt (compiled in). Other label
// sets (e.g. Kinetics-700 for the multimodal checkpoint) come from a label file:
//
//   perceiver::setLabels(model->config, perceiver::readLabelFile("kinetics700.txt"));
//
// No torch, no Qt. Thread-safety: imagenetLabels() is immutable data; the rest are plain functions.
#pragma once

#include "config/config.h"

#include <string>
#include <vector>

namespace perceiver {

/// The 1000 ImageNet-1k class names, index = class id.
const std::vector<std::string>& imagenetLabels();

/// A label file: a text file with one name per line (line i = class i; blank lines at the end
/// ignored), or a JSON file holding an array of names or an object {"0": "name", ...} (an
/// id2label, or a whole config.json with an "id2label" key). Throws Error(Config) naming the
/// file and line / key on anything else.
std::vector<std::string> readLabelFile(const std::string& path);

/// Replaces config.id2label by `labels`; throws Error(Config) when their number differs from
/// config.num_labels() (a label file for another head).
void setLabels(PerceiverConfig& config, const std::vector<std::string>& labels);

/// True when every label is the generic "LABEL_<i>" PretrainedConfig makes up.
bool hasGenericLabels(const PerceiverConfig& config);

/// An image classifier with 1000 generic labels gets the ImageNet-1k names.
void applyKnownLabels(PerceiverConfig& config);

}  // namespace perceiver
