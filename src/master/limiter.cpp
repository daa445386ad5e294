#include "master/limiter.h"

#include <algorithm>
#include <cmath>

namespace omg::master {

std::vector<float> limiter_gain(std::span<const float> peaks, double static_gain,
                                double threshold, const LimiterSettings& settings) {
    const size_t frames = peaks.size();
    const double limit = threshold / static_gain;  // the highest peak that needs no reduction
    if (frames == 0 || *std::max_element(peaks.begin(), peaks.end()) <= limit) return {};
    const auto window = static_cast<size_t>(std::max(settings.lookahead_frames, 1));

    // gain[n]: the gain each frame needs on its own.
    std::vector<float> gain(frames);
    const auto limit_f = static_cast<float>(limit);
    for (size_t n = 0; n < frames; ++n) {  // branch-free, so it vectorises
        gain[n] = std::min(1.0f, limit_f / std::max(peaks[n], 1e-30f));
    }

    // 1. The lowest gain needed within [n, n + window): van Herk / Gil-Werman running minimum.
    //    Within blocks of `window` frames, `ahead` holds minima from the block start and `gain`
    //    (in place) minima to the block end; any window spans at most two blocks.
    std::vector<float> ahead(frames);
    for (size_t block = 0; block < frames; block += window) {
        const size_t end = std::min(frames, block + window);
        ahead[block] = gain[block];
        for (size_t n = block + 1; n < end; ++n) ahead[n] = std::min(gain[n], ahead[n - 1]);
        for (size_t n = end - 1; n > block; --n) gain[n - 1] = std::min(gain[n - 1], gain[n]);
    }
    for (size_t n = 0; n < frames; ++n) {
        gain[n] = std::min(gain[n], ahead[std::min(n + window - 1, frames - 1)]);
    }

    // 2. Exponential release, then 3. a moving average over `window` frames, in place. Every
    //    average covers only look-ahead minima whose windows contain frame n, so the result
    //    never exceeds what frame n needs. Before the start, the gain is the first minimum.
    const double release = std::exp(-1.0 / (settings.release_s * settings.sample_rate));
    const double inverse_window = 1.0 / static_cast<double>(window);
    std::vector<float> history(window, gain[0]);
    double released = gain[0];
    double sum = static_cast<double>(gain[0]) * static_cast<double>(window);
    size_t slot = 0;
    size_t unity_run = 0;  // consecutive frames at gain 1: after `window` of them, all is 1
    for (size_t n = 0; n < frames; ++n) {
        if (unity_run >= window && gain[n] == 1.0f) continue;  // idle: stays exactly 1
        released = std::min(static_cast<double>(gain[n]), 1.0 - (1.0 - released) * release);
        if (released > 0.99999 && gain[n] == 1.0f) released = 1.0;  // recovered: snap to 1
        const auto value = static_cast<float>(released);  // add and later remove the same value
        sum += static_cast<double>(value) - history[slot];
        history[slot] = value;
        slot = slot + 1 == window ? 0 : slot + 1;
        unity_run = value == 1.0f ? unity_run + 1 : 0;
        if (unity_run >= window) sum = static_cast<double>(window);  // all 1: drop rounding residue
        gain[n] = static_cast<float>(std::min(sum * inverse_window, 1.0));
    }
    return gain;
}

}  // namespace omg::master
