#include "jobs/recovery.h"

#include <algorithm>
#include <cstdint>

namespace omg::jobs {

using storage::JobStatus;

RecoveryPlan plan_recovery(std::vector<storage::JobRecord> records, const RecoveryRules& rules,
                           const std::string& now_iso) {
    RecoveryPlan plan;
    for (auto& rec : records) {
        RecoveredJob job;
        if (rec.status == JobStatus::processing) {
            // Interrupted: by a crash this job caused (the crash log names it), or by a kill, a
            // power cut or another job's crash (it does not).
            auto crashed = rules.crash_counts.find(rec.id);
            const int crashes = crashed == rules.crash_counts.end() ? 0 : crashed->second;
            if (rules.max_crashes > 0 && crashes >= rules.max_crashes) {
                rec.status = JobStatus::failed;
                rec.error = "This job crashed the server " + std::to_string(crashes) + " times; it will not be run again";
                rec.finished_at = now_iso;
            } else if (rules.max_interruptions > 0 && rec.attempts >= rules.max_interruptions) {
                rec.status = JobStatus::failed;
                rec.error = "Generation was interrupted " + std::to_string(rec.attempts) + " times; giving up";
                rec.finished_at = now_iso;
            } else {
                rec.status = JobStatus::pending;
                if (crashes > 0) {  // a suspect goes behind the others and waits
                    rec.queue_pos = 0;
                    job.wait = rules.crash_backoff * (1 << std::min(crashes - 1, 10));
                }
            }
            rec.progress = 0;
            job.changed = true;
        }
        if (rec.status == JobStatus::pending && !rec.queue_pos) {
            rec.queue_pos = 0;  // runnable again: at the end
            job.changed = true;
        }
        job.record = std::move(rec);
        plan.jobs.push_back(std::move(job));
    }
    std::vector<std::pair<int64_t, std::string>> queued;
    for (const auto& j : plan.jobs)
        if (j.record.queue_pos) queued.emplace_back(*j.record.queue_pos, j.record.id);
    // Position 0 marks "append": after every real position, in the order found.
    std::stable_sort(queued.begin(), queued.end(), [](const auto& a, const auto& b) {
        auto key = [](int64_t p) { return p == 0 ? INT64_MAX : p; };
        return key(a.first) < key(b.first);
    });
    for (const auto& [pos, id] : queued) plan.order.push_back(id);
    return plan;
}

}  // namespace omg::jobs
