#include "common/progress.h"

#include "common/error.h"

namespace perceiver {

void Progress::checkCancelled() const {
    if (isCancelled()) fail(ErrorKind::Cancelled, "cancelled by the user");
}

}  // namespace perceiver
