#include "master/limiter.h"

#include <algorithm>
#include <cmath>

namespace omg::master {
namespace {

constexpr size_t kBlock = 16;  // frames between grid points

// In place: node[k] = min of node[k .. k + window), a van Herk / Gil-Werman running minimum
// (within blocks of `window` nodes, minima from the block start and to the block end).
void forward_minimum(std::vector<float>& node, size_t window) {
    const size_t count = node.size();
    std::vector<float> ahead(count);
    for (size_t block = 0; block < count; block += window) {
        const size_t end = std::min(count, block + window);
        ahead[block] = node[block];
        for (size_t k = block + 1; k < end; ++k) ahead[k] = std::min(node[k], ahead[k - 1]);
        for (size_t k = end - 1; k > block; --k) node[k - 1] = std::min(node[k - 1], node[k]);
    }
    for (size_t k = 0; k < count; ++k) node[k] = std::min(node[k], ahead[std::min(k + window - 1, count - 1)]);
}

}  // namespace

std::vector<float> limiter_gain(std::span<const float> peaks, double static_gain,
                                double threshold, const LimiterSettings& settings) {
    const size_t frames = peaks.size();
    const double limit = threshold / static_gain;  // the highest peak that needs no reduction
    if (frames == 0) return {};

    // The gain each 16-frame block needs: set by its loudest frame.
    const size_t blocks = (frames + kBlock - 1) / kBlock;
    std::vector<float> need(blocks, 1.0f);
    bool limiting = false;
    for (size_t b = 0; b < blocks; ++b) {
        const size_t end = std::min(frames, (b + 1) * kBlock);
        float loudest = 0;
        for (size_t n = b * kBlock; n < end; ++n) loudest = std::max(loudest, peaks[n]);
        if (loudest > limit) {
            need[b] = static_cast<float>(limit / loudest);
            limiting = true;
        }
    }
    if (!limiting) return {};

    // Grid point k sits at frame k * kBlock; the frames between points k and k + 1 (block k)
    // get values between theirs, so each point must satisfy both blocks it touches.
    std::vector<float> node(blocks + 1);
    node[0] = need[0];
    for (size_t k = 1; k < blocks; ++k) node[k] = std::min(need[k - 1], need[k]);
    node[blocks] = need[blocks - 1];

    // 1. Look-ahead: the lowest gain needed over the next `window` points.
    const size_t window = std::max<size_t>(1, (static_cast<size_t>(std::max(settings.lookahead_frames, 1)) + kBlock - 1) / kBlock);
    forward_minimum(node, window);

    // 2. Exponential release, then 3. a moving average over `window` points. Every average
    //    covers only look-ahead minima whose windows contain point k, so the result never
    //    exceeds what point k needs. Before the start, the gain is the first minimum.
    const double release = std::exp(-static_cast<double>(kBlock) / (settings.release_s * settings.sample_rate));
    std::vector<float> history(window, node[0]);
    double reduction = 1.0 - node[0];  // 1 - released gain
    double sum = static_cast<double>(node[0]) * static_cast<double>(window);
    size_t slot = 0;
    for (float& value : node) {
        reduction = std::max(1.0 - static_cast<double>(value), reduction * release);
        const auto released = static_cast<float>(1.0 - reduction);
        sum += static_cast<double>(released) - history[slot];  // add, and later remove, the same value
        history[slot] = released;
        slot = slot + 1 == window ? 0 : slot + 1;
        value = static_cast<float>(std::min(sum / static_cast<double>(window), 1.0));
    }

    // 4. Frames: linear interpolation between grid points.
    std::vector<float> gain(frames);
    constexpr float kStep = 1.0f / static_cast<float>(kBlock);
    for (size_t b = 0; b < blocks; ++b) {
        const float from = node[b];
        const float slope = (node[b + 1] - from) * kStep;
        const size_t start = b * kBlock;
        const size_t count = std::min(kBlock, frames - start);
        for (size_t j = 0; j < count; ++j) gain[start + j] = from + slope * static_cast<float>(j);
    }
    return gain;
}

}  // namespace omg::master
