#include "core/rng.h"

#include <cassert>
#include <random>

namespace omg {
namespace {

uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(uint64_t seed) : seed_(seed) {
    uint64_t x = seed;
    for (auto& s : s_) s = splitmix64(x);
}

uint64_t Rng::next_u64() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

int Rng::range(int lo, int hi) {
    assert(lo <= hi);
    const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo) + 1;
    return lo + static_cast<int>(next_u64() % span);
}

bool Rng::chance(double p) { return uniform() < p; }

double Rng::jitter(double amount) {
    return (uniform() + uniform() - 1.0) * amount;
}

size_t Rng::weighted(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w > 0 ? w : 0;
    if (total <= 0) return 0;
    double r = uniform() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
        const double w = weights[i] > 0 ? weights[i] : 0;
        if (r < w) return i;
        r -= w;
    }
    return weights.size() - 1;
}

Rng Rng::fork(std::string_view tag) const { return Rng(seed_ ^ (stable_hash(tag) * 0x9E3779B97F4A7C15ULL)); }

uint64_t stable_hash(std::string_view text) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t fresh_seed() {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32 | device()) & kSeedMask;
}

}  // namespace omg
