#include "render/bus_eq.h"

#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace omg::render {
namespace {

constexpr double kSubHz = 60.0;
constexpr double kPresenceHz = 3200.0;
constexpr double kPresenceQ = 0.7;  // about two octaves: 2 to 5 kHz
constexpr double kAirHz = 8000.0;

struct Biquad {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};

enum class Shape { low_shelf, bell, high_shelf };

// RBJ cookbook; shelves with slope 1.
Biquad design(Shape shape, double hz, double q, double gain_db, int rate) {
    const double a = std::pow(10.0, gain_db / 40.0);
    const double w = 2 * std::numbers::pi * hz / rate;
    const double cw = std::cos(w), sw = std::sin(w);
    double b0 = 1, b1 = 0, b2 = 0, a0 = 1, a1 = 0, a2 = 0;
    if (shape == Shape::bell) {
        const double alpha = sw / (2 * q);
        b0 = 1 + alpha * a, b1 = -2 * cw, b2 = 1 - alpha * a;
        a0 = 1 + alpha / a, a1 = -2 * cw, a2 = 1 - alpha / a;
    } else {
        const double alpha = sw / 2 * std::numbers::sqrt2;  // shelf slope 1
        const double k = 2 * std::sqrt(a) * alpha;
        if (shape == Shape::low_shelf) {
            b0 = a * ((a + 1) - (a - 1) * cw + k);
            b1 = 2 * a * ((a - 1) - (a + 1) * cw);
            b2 = a * ((a + 1) - (a - 1) * cw - k);
            a0 = (a + 1) + (a - 1) * cw + k;
            a1 = -2 * ((a - 1) + (a + 1) * cw);
            a2 = (a + 1) + (a - 1) * cw - k;
        } else {
            b0 = a * ((a + 1) + (a - 1) * cw + k);
            b1 = -2 * a * ((a - 1) + (a + 1) * cw);
            b2 = a * ((a + 1) + (a - 1) * cw - k);
            a0 = (a + 1) - (a - 1) * cw + k;
            a1 = 2 * ((a - 1) - (a + 1) * cw);
            a2 = (a + 1) - (a - 1) * cw - k;
        }
    }
    return {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
}

}  // namespace

void apply_bus_eq(const model::MixSpec& mix, model::Pcm& pcm) {
    if (pcm.channels != 2 || pcm.sample_rate <= 0) return;
    std::vector<Biquad> bands;
    const double nyquist = pcm.sample_rate / 2.0;
    if (mix.sub_db != 0) bands.push_back(design(Shape::low_shelf, kSubHz, 0, mix.sub_db, pcm.sample_rate));
    if (mix.presence_db != 0 && kPresenceHz < 0.9 * nyquist)
        bands.push_back(design(Shape::bell, kPresenceHz, kPresenceQ, mix.presence_db, pcm.sample_rate));
    if (mix.air_db != 0 && kAirHz < 0.9 * nyquist)
        bands.push_back(design(Shape::high_shelf, kAirHz, 0, mix.air_db, pcm.sample_rate));
    for (const Biquad& f : bands) {
        for (int ch = 0; ch < 2; ++ch) {
            double x1 = 0, x2 = 0, y1 = 0, y2 = 0;  // direct form I
            for (size_t i = static_cast<size_t>(ch); i < pcm.samples.size(); i += 2) {
                const double x = pcm.samples[i];
                const double y = f.b0 * x + f.b1 * x1 + f.b2 * x2 - f.a1 * y1 - f.a2 * y2;
                x2 = x1, x1 = x, y2 = y1, y1 = y;
                pcm.samples[i] = static_cast<float>(y);
            }
        }
    }
}

}  // namespace omg::render
