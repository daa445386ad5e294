// JobMetrics: what the queue counts for monitoring (GET /metrics): how long jobs waited before
// work began, how long the work took, and how runs ended, since this process started.
//
// Histograms have fixed bucket bounds in seconds (Prometheus' cumulative `le` buckets are
// derived when read). Every update is a few relaxed atomic additions, so the queue records
// under its own lock without contention and readers take a snapshot from any thread at any
// time; a snapshot taken while a job finishes may count it in one series and not yet another.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace omg::jobs {

class Histogram {
public:
    static constexpr std::array<double, 11> kBounds = {0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900};

    void observe(double seconds);

    struct Snapshot {
        std::array<uint64_t, kBounds.size() + 1> counts{};  // per bucket, the last above every bound
        uint64_t count = 0;
        double sum = 0;
    };
    Snapshot snapshot() const;

private:
    std::array<std::atomic<uint64_t>, kBounds.size() + 1> counts_{};
    std::atomic<double> sum_{0};
};

// How a run ended. cancelled: by a user, or the job was deleted while it ran (a pending job
// cancelled counts too, with no run time); requeued: stopped by a shutdown, to run again.
enum class Outcome { completed, failed, cancelled, requeued };

class JobMetrics {
public:
    void started(double waited_s) { wait_.observe(waited_s); }
    void finished(Outcome outcome, double ran_s);
    void cancelled_waiting() { count(Outcome::cancelled); }

    struct Snapshot {
        Histogram::Snapshot wait;         // submitted (or recovered, requeued) -> work began
        Histogram::Snapshot run;          // work began -> ended, any outcome
        std::array<uint64_t, 4> ended{};  // by Outcome
    };
    Snapshot snapshot() const;

private:
    void count(Outcome outcome) { ended_[static_cast<size_t>(outcome)].fetch_add(1, std::memory_order_relaxed); }
    Histogram wait_;
    Histogram run_;
    std::array<std::atomic<uint64_t>, 4> ended_{};
};

const char* outcome_name(Outcome outcome);

}  // namespace omg::jobs
