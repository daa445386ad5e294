#include "jobs/eta.h"

#include <algorithm>
#include <cmath>

namespace omg::jobs {

using storage::JobStatus;

void SpeedModel::measured(double compute_s, double audio_s) {
    if (audio_s > 0 && compute_s > 0) speed_ = 0.5 * speed_ + 0.5 * (compute_s / audio_s);
}

double SpeedModel::remaining(const Work& work) const {
    const double total = std::max(1, work.versions) * work.duration_s * speed_;
    if (work.status == JobStatus::processing) return total * (1.0 - std::clamp(work.progress, 0.0, 100.0) / 100.0);
    if (work.status == JobStatus::pending) return total;
    return 0;
}

std::vector<std::optional<double>> queue_etas(const std::vector<Work>& queue, const SpeedModel& speed, int workers,
                                              double running_elsewhere) {
    const double share = std::max(1, workers);
    double running = running_elsewhere;
    for (const auto& w : queue)
        if (w.status == JobStatus::processing) running += speed.remaining(w);
    std::vector<std::optional<double>> out;
    out.reserve(queue.size());
    double ahead = 0;
    for (const auto& w : queue) {
        if (w.status == JobStatus::processing) {
            out.emplace_back(speed.remaining(w));
        } else if (w.status == JobStatus::pending) {
            const double own = speed.remaining(w);
            out.emplace_back((running + ahead) / share + own);
            ahead += own;
        } else {
            out.emplace_back(std::nullopt);
        }
    }
    return out;
}

int retry_after_s(const std::vector<Work>& running, const SpeedModel& speed, int workers) {
    double work = 0;
    for (const auto& w : running) work += speed.remaining(w);
    return std::max(1, static_cast<int>(std::ceil(work / std::max(1, workers))));
}

}  // namespace omg::jobs
