// produce(): the vocal chain an engineer puts on a lead vocal, in plain arithmetic.
//
// High-pass (RBJ biquad, Butterworth Q, 95 Hz) -> presence bell (3 kHz) -> compressor (peak
// envelope, 5 ms attack, 120 ms release, 3:1 above -18 dBFS, 2 dB make-up) -> a stereo reverb
// send (Freeverb-style: 8 damped combs and 4 all-passes per side, the right side's delays a
// little longer so the return is wide), sized by the style's room. Double precision, no state
// outside the call: the same input gives the same output.
// Silence costs nothing: before the first sung sample every state is zero, and once the input
// has been silent for a whole pass of the longest delay line and every state (filters,
// envelope, delay lines) has decayed under kQuiet (-180 dBFS) it is set to zero, so frames
// until the next sung sample are zero without being computed.
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "voice/voice.h"

namespace omg::voice {
namespace {

constexpr double kQuiet = 1e-9;

bool quiet(double v) { return std::abs(v) < kQuiet; }
bool quiet(const std::vector<double>& values) {
    return std::all_of(values.begin(), values.end(), [](double v) { return quiet(v); });
}

struct Biquad {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0, z1 = 0, z2 = 0;
    bool quiet() const { return voice::quiet(z1) && voice::quiet(z2); }
    void clear() { z1 = z2 = 0; }
    double run(double x) {
        double y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        return y;
    }
};

Biquad high_pass(double f, double rate) {
    const double w = 2 * std::numbers::pi * f / rate, c = std::cos(w);
    const double alpha = std::sin(w) / std::numbers::sqrt2;  // sin(w) / (2Q), Q = 1/sqrt(2)
    const double a0 = 1 + alpha;
    return {(1 + c) / 2 / a0, -(1 + c) / a0, (1 + c) / 2 / a0, -2 * c / a0, (1 - alpha) / a0};
}

Biquad bell(double f, double q, double gain_db, double rate) {
    const double a = std::pow(10.0, gain_db / 40), w = 2 * std::numbers::pi * f / rate;
    const double alpha = std::sin(w) / (2 * q), c = std::cos(w), a0 = 1 + alpha / a;
    return {(1 + alpha * a) / a0, -2 * c / a0, (1 - alpha * a) / a0, -2 * c / a0,
            (1 - alpha / a) / a0};
}

class Comb {
public:
    explicit Comb(size_t n) : buf_(n, 0.0) {}
    double run(double x, double feedback, double damp) {
        double y = buf_[i_];
        store_ = y * (1 - damp) + store_ * damp;
        buf_[i_] = x + store_ * feedback;
        if (++i_ == buf_.size()) i_ = 0;
        return y;
    }
    size_t length() const { return buf_.size(); }
    bool quiet() const { return voice::quiet(store_) && voice::quiet(buf_); }
    void clear() {
        std::fill(buf_.begin(), buf_.end(), 0.0);
        store_ = 0;
    }

private:
    std::vector<double> buf_;
    size_t i_ = 0;
    double store_ = 0;
};

class AllPass {
public:
    explicit AllPass(size_t n) : buf_(n, 0.0) {}
    double run(double x) {
        double b = buf_[i_];
        buf_[i_] = x + b * 0.5;
        if (++i_ == buf_.size()) i_ = 0;
        return b - x;
    }
    size_t length() const { return buf_.size(); }
    bool quiet() const { return voice::quiet(buf_); }
    void clear() { std::fill(buf_.begin(), buf_.end(), 0.0); }

private:
    std::vector<double> buf_;
    size_t i_ = 0;
};

// Freeverb's tunings at 44.1 kHz, scaled to the rate; `spread` lengthens one side.
struct ReverbSide {
    std::vector<Comb> combs;
    std::vector<AllPass> passes;
    ReverbSide(double rate, size_t spread) {
        static constexpr std::array<size_t, 8> kComb = {1116, 1188, 1277, 1356,
                                                        1422, 1491, 1557, 1617};
        static constexpr std::array<size_t, 4> kPass = {556, 441, 341, 225};
        const double k = rate / 44100.0;
        auto scaled = [&](size_t n) {
            return std::max<size_t>(1, static_cast<size_t>(static_cast<double>(n + spread) * k));
        };
        for (size_t n : kComb) combs.emplace_back(scaled(n));
        for (size_t n : kPass) passes.emplace_back(scaled(n));
    }
    double run(double x, double feedback, double damp) {
        double y = 0;
        for (auto& c : combs) y += c.run(x, feedback, damp);
        for (auto& p : passes) y = p.run(y);
        return y;
    }
    size_t longest() const {
        size_t n = 0;
        for (const auto& c : combs) n = std::max(n, c.length());
        for (const auto& p : passes) n = std::max(n, p.length());
        return n;
    }
    bool quiet() const {
        return std::all_of(combs.begin(), combs.end(), [](const Comb& c) { return c.quiet(); }) &&
               std::all_of(passes.begin(), passes.end(), [](const AllPass& p) { return p.quiet(); });
    }
    void clear() {
        for (auto& c : combs) c.clear();
        for (auto& p : passes) p.clear();
    }
};

}  // namespace

model::Pcm produce(const model::Pcm& dry, const model::MixSpec& mix) {
    const int rate = dry.sample_rate > 0 ? dry.sample_rate : 44100;
    const size_t frames = dry.frames();
    const size_t ch = static_cast<size_t>(std::max(dry.channels, 1));
    std::vector<float> out(frames * 2);

    Biquad hp = high_pass(95, rate);
    Biquad presence = bell(3000, 1.0, 2.0 + mix.presence_db / 2, rate);
    const double attack = std::exp(-1.0 / (0.005 * rate)),
                 release = std::exp(-1.0 / (0.120 * rate));
    // 3:1 above -18 dBFS with 2 dB of make-up: in linear terms the gain is the make-up times
    // (env / threshold)^(1/3 - 1) above the threshold (one pow where it compresses, none elsewhere).
    const double threshold = std::pow(10.0, -18.0 / 20), ratio = 3, makeup = std::pow(10.0, 2.0 / 20);
    double env = 0;

    ReverbSide left(rate, 0), right(rate, 23);
    const double room = std::clamp(mix.reverb_room, 0.0, 1.0);
    const double feedback = 0.7 + 0.28 * room, damp = 0.4 * std::clamp(mix.reverb_damp, 0.0, 1.0);
    const double send = 0.05 * std::clamp(mix.reverb_level, 0.0, 1.0);
    const double width = std::clamp(mix.reverb_width, 0.0, 1.0);
    const double wet1 = (1 + width) / 2, wet2 = (1 - width) / 2;

    auto silent = [&](size_t i) {
        for (size_t c = 0; c < ch; ++c)
            if (dry.samples[i * ch + c] != 0.0f) return false;
        return true;
    };
    const size_t pass = std::max(left.longest(), right.longest());
    bool at_rest = true;    // every state is zero
    size_t silent_run = 0;  // input frames in a row with nothing in them
    for (size_t i = 0; i < frames; ++i) {
        if (at_rest) {
            while (i < frames && silent(i)) ++i;
            if (i == frames) break;
            at_rest = false;
        }
        silent_run = silent(i) ? silent_run + 1 : 0;
        if (silent_run >= pass) {
            silent_run = 0;
            if (hp.quiet() && presence.quiet() && quiet(env) && left.quiet() && right.quiet()) {
                hp.clear();
                presence.clear();
                env = 0;
                left.clear();
                right.clear();
                at_rest = true;
                continue;  // this frame's output is under kQuiet: it stays zero
            }
        }
        double x = 0;
        for (size_t c = 0; c < ch; ++c) x += dry.samples[i * ch + c];
        x /= static_cast<double>(ch);
        x = presence.run(hp.run(x));
        const double level = std::abs(x);
        env = level > env ? attack * env + (1 - attack) * level
                          : release * env + (1 - release) * level;
        x *= env > threshold ? makeup * std::pow(env / threshold, 1 / ratio - 1) : makeup;
        const double wl = left.run(x * send, feedback, damp);
        const double wr = right.run(x * send, feedback, damp);
        out[2 * i] = static_cast<float>(x + wl * wet1 + wr * wet2);
        out[2 * i + 1] = static_cast<float>(x + wr * wet1 + wl * wet2);
    }
    return model::Pcm(rate, 2, std::move(out));
}

}  // namespace omg::voice
