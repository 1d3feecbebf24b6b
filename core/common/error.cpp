#include "common/error.h"

namespace perceiver {

const char* errorKindName(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::InvalidInput: return "invalid input";
        case ErrorKind::Config: return "config";
        case ErrorKind::Checkpoint: return "checkpoint";
        case ErrorKind::Media: return "media";
        case ErrorKind::Network: return "network";
        case ErrorKind::Cancelled: return "cancelled";
        case ErrorKind::Internal: return "internal";
    }
    return "unknown";
}

}  // namespace perceiver
