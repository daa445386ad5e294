// Metrics: GET /metrics, in Prometheus' text exposition format (version 0.0.4), on every node.
//
// HttpMetrics counts the answers the Router gave, by status code (counted in its finish hook,
// so every route, error and fallback alike; answers the transport gives itself before a route
// runs — 413 for an oversized request, 503 when its handler queue is full — are not counted).
// `prometheus_text` renders those counts with the queue's state (jobs pending and processing,
// workers, whether it accepts work, its measured speed) and its JobMetrics (wait and run time
// histograms, runs by outcome). An API node over a shared database adds what it last read
// (jobs::ClusterState): worker processes seen, their claim latency (a summary: the sum and count
// over the workers seen recently, so it drops when a worker leaves) and the lease expiries
// counted on the stored jobs (a gauge: deleting jobs lowers it).
// Thread-safe: counting is one relaxed atomic increment.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "jobs/job_metrics.h"
#include "jobs/job_service.h"
#include "jobs/shared_queue.h"

namespace omg::http {

class HttpMetrics {
public:
    void count(int status) {
        if (status >= kFirst && status <= kLast)
            counts_[static_cast<size_t>(status - kFirst)].fetch_add(1, std::memory_order_relaxed);
    }
    uint64_t count_of(int status) const {
        return status >= kFirst && status <= kLast ? counts_[static_cast<size_t>(status - kFirst)].load(std::memory_order_relaxed) : 0;
    }
    static constexpr int kFirst = 100, kLast = 599;

private:
    std::array<std::atomic<uint64_t>, kLast - kFirst + 1> counts_{};
};

std::string prometheus_text(const jobs::QueueStats& queue, const jobs::JobMetrics::Snapshot& jobs,
                            const HttpMetrics& http, const jobs::ClusterState* cluster = nullptr);

}  // namespace omg::http
