#include "jobs/job_metrics.h"

#include <algorithm>

namespace omg::jobs {

void Histogram::observe(double seconds) {
    const auto bucket = static_cast<size_t>(std::lower_bound(kBounds.begin(), kBounds.end(), seconds) - kBounds.begin());
    counts_[bucket].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(std::max(0.0, seconds), std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
    Snapshot s;
    for (size_t i = 0; i < counts_.size(); ++i) {
        s.counts[i] = counts_[i].load(std::memory_order_relaxed);
        s.count += s.counts[i];
    }
    s.sum = sum_.load(std::memory_order_relaxed);
    return s;
}

void JobMetrics::finished(Outcome outcome, double ran_s) {
    run_.observe(ran_s);
    count(outcome);
}

JobMetrics::Snapshot JobMetrics::snapshot() const {
    Snapshot s;
    s.wait = wait_.snapshot();
    s.run = run_.snapshot();
    for (size_t i = 0; i < ended_.size(); ++i) s.ended[i] = ended_[i].load(std::memory_order_relaxed);
    return s;
}

const char* outcome_name(Outcome outcome) {
    switch (outcome) {
        case Outcome::completed: return "completed";
        case Outcome::failed: return "failed";
        case Outcome::cancelled: return "cancelled";
        case Outcome::requeued: return "requeued";
    }
    return "unknown";
}

}  // namespace omg::jobs
