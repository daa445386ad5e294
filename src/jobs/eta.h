// ETA: how long jobs will take, from one model of the machine's measured speed.
//
// A job's work is versions x duration x speed (compute seconds per second of audio); a running
// job has the unfinished share of it left. A job waiting in the queue starts when the work of the
// running jobs and of the pending jobs ahead of it is done, shared over the workers. The speed
// starts at a guess and follows measured runs (an even blend of the last measure and the one
// before). `queue_etas` is the one place that turns a queue into ETAs: the job view, the queue
// listing, events and Retry-After all read it. Pure functions and a value type; not thread-safe
// by itself (the queue holds its lock).
#pragma once

#include <optional>
#include <vector>

#include "storage/job_record.h"

namespace omg::jobs {

struct Work {
    storage::JobStatus status = storage::JobStatus::pending;
    int versions = 1;
    double duration_s = 0;
    double progress = 0;  // percent, for a running job
};

class SpeedModel {
public:
    explicit SpeedModel(double initial) : speed_(initial > 0 ? initial : 0.05) {}
    double speed() const { return speed_; }
    // A finished run: `compute_s` of wall time for `audio_s` seconds of audio.
    void measured(double compute_s, double audio_s);
    // Seconds of compute left for this job (0 when it is finished).
    double remaining(const Work& work) const;

private:
    double speed_;
};

// ETAs for the queue in its order: a running job's remaining work; a pending job's wait for the
// running work (`running_elsewhere` adds running jobs that left the queue) and the pending work
// ahead of it, over `workers`, plus its own; unset for finished jobs.
std::vector<std::optional<double>> queue_etas(const std::vector<Work>& queue, const SpeedModel& speed, int workers,
                                              double running_elsewhere = 0);

// Seconds until a worker frees up: the running work over the workers, at least one second.
int retry_after_s(const std::vector<Work>& running, const SpeedModel& speed, int workers);

}  // namespace omg::jobs
