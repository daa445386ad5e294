// Recovery: what happens to each stored job when the server starts again.
//
// A job found `processing` was interrupted. Being interrupted is no evidence against it: it is
// requeued, unless the crash log (jobs/crash_guard.h) names it as the cause of `max_crashes`
// crashes, or (when `max_interruptions` > 0) it was interrupted that often; then it fails with a
// reason a user can read. A job that crashed the server before goes behind the others and waits
// `crash_backoff`, doubled for each further crash. A pending job without a queue position is put
// back at the end. `order` is the queue after recovery: by stored position, re-added jobs last.
// Pure: no clock, no store; the queue applies the plan.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "storage/job_record.h"

namespace omg::jobs {

struct RecoveryRules {
    int max_crashes = 3;
    int max_interruptions = 0;
    std::map<std::string, int> crash_counts;
    std::chrono::milliseconds crash_backoff{2000};
};

struct RecoveredJob {
    storage::JobRecord record;
    std::chrono::milliseconds wait{0};  // before it may run again (crash backoff)
    bool changed = false;               // the store must be told
};

struct RecoveryPlan {
    std::vector<RecoveredJob> jobs;
    std::vector<std::string> order;  // job ids in the queue, by position
};

RecoveryPlan plan_recovery(std::vector<storage::JobRecord> records, const RecoveryRules& rules,
                           const std::string& now_iso);

}  // namespace omg::jobs
