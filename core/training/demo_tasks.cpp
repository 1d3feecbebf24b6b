#include "training/demo_tasks.h"

#include "common/error.h"
#include "training/generators.h"
#include "training/tasks/clips_task.h"
#include "training/tasks/flow_task.h"
#include "training/tasks/masked_lm_task.h"
#include "training/tasks/shapes_task.h"

namespace perceiver {

std::vector<std::string> demoTaskNames() { return {"mlm", "shapes", "flow", "clips"}; }

std::unique_ptr<TrainingTask> makeDemoTask(const std::string& name, const DemoTaskOptions& options) {
    if (name == "mlm") return std::make_unique<MaskedLMTask>(readCorpus(options.corpus_dir, options.held_out));
    if (name == "shapes") return std::make_unique<ShapesTask>();
    if (name == "flow") return std::make_unique<FlowTask>();
    if (name == "clips") return std::make_unique<ClipsTask>();
    fail(ErrorKind::InvalidInput, "unknown task '" + name + "' (mlm, shapes, flow, clips)");
}

}  // namespace perceiver
