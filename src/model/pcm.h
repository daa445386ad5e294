// Pcm: interleaved floating-point audio, the currency between render, master and encode.
// Move-only: it is big, and a copy should be a visible decision (`clone()`).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace omg::model {

struct Pcm {
    int sample_rate = 44100;
    int channels = 2;
    std::vector<float> samples;  // interleaved, nominal range [-1, 1]

    Pcm() = default;
    Pcm(int rate, int ch, std::vector<float> data)
        : sample_rate(rate), channels(ch), samples(std::move(data)) {}
    Pcm(Pcm&&) noexcept = default;
    Pcm& operator=(Pcm&&) noexcept = default;
    Pcm(const Pcm&) = delete;
    Pcm& operator=(const Pcm&) = delete;

    Pcm clone() const { return Pcm(sample_rate, channels, samples); }
    size_t frames() const { return channels > 0 ? samples.size() / static_cast<size_t>(channels) : 0; }
    double seconds() const { return sample_rate > 0 ? static_cast<double>(frames()) / sample_rate : 0; }
};

// One instrument's share of the mix, for stem export.
struct Stem {
    std::string name;  // the track name: "Bass", "Drums"
    Pcm pcm;
};

}  // namespace omg::model
