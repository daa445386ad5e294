// Percentiles of a benchmark's samples, read the one way every benchmark in bench/ reads them:
// the sample at index floor(n * pct / 100) of the sorted samples, the largest for pct 100, so
// the median of an even count is the upper of the middle two. No samples read as 0.
// Pure; takes its samples by value (it sorts them); thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace omg::bench {

// pct: 0 to 100.
inline double percentile(std::vector<double> samples, int pct) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const size_t at = samples.size() * static_cast<size_t>(std::clamp(pct, 0, 100)) / 100;
    return samples[std::min(samples.size() - 1, at)];
}

inline double median(std::vector<double> samples) { return percentile(std::move(samples), 50); }

}  // namespace omg::bench
