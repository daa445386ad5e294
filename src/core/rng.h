// Rng: the deterministic random source of the engine.
//
// Same seed, same sequence, on every platform and compiler: it is SplitMix64 feeding
// xoshiro256**, with our own range mapping (std::uniform_*_distribution is not portable across
// standard libraries, so it is not used). `fork(tag)` derives an independent stream for a
// sub-task (melody, drums ...) so that changing one part's choices never shifts another's.
// Not thread-safe: one Rng per thread of work.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace omg {

class Rng {
public:
    explicit Rng(uint64_t seed);

    uint64_t next_u64();
    // Uniform in [0, 1).
    double uniform();
    // Uniform integer in [lo, hi] (inclusive). Requires lo <= hi.
    int range(int lo, int hi);
    // True with probability p.
    bool chance(double p);
    // Gaussian-ish jitter: sum of uniforms, mean 0, in [-amount, amount].
    double jitter(double amount);
    // Index chosen with the given non-negative weights (all zero -> 0).
    size_t weighted(std::span<const double> weights);
    // A new independent generator for a named sub-task.
    Rng fork(std::string_view tag) const;

    template <typename Container>
    const auto& pick(const Container& items) {
        return items[static_cast<size_t>(range(0, static_cast<int>(items.size()) - 1))];
    }

private:
    uint64_t s_[4];
    uint64_t seed_;
};

// Stable 64-bit hash of a string (FNV-1a), used to derive seeds from names.
uint64_t stable_hash(std::string_view text);

// Seeds OMG draws are 31 bits: exact in JavaScript numbers and in every client's JSON.
inline constexpr uint64_t kSeedMask = 0x7fffffffULL;
// A fresh seed from the operating system's entropy: the one place OMG draws one (the CLI, the
// engine, the queue and the lyrics service alike). Thread-safe.
uint64_t fresh_seed();

}  // namespace omg
