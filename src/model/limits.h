// Limits on what a request may ask for: one place for every parser (HTTP, CLI, prompt) to check.
//
// Lengths are in characters (UTF-8 code points), durations in seconds. The seed's own API keeps
// its narrower `duration` (0 < d <= 300) beside OMG's 5..600 s; seeds drawn by OMG are 31 bits,
// exact in JavaScript numbers and in every client.
#pragma once

#include <cstddef>
#include <cstdint>

namespace omg::model {

inline constexpr double kMinDurationS = 5;
inline constexpr double kMaxDurationS = 600;
inline constexpr double kDefaultDurationS = 60;
inline constexpr double kSeedApiMaxDurationS = 300;  // the seed API's `duration`
inline constexpr double kMinBpm = 20;
inline constexpr double kMaxBpm = 400;
inline constexpr size_t kMaxPromptChars = 2000;
inline constexpr size_t kMaxLyricsChars = 10000;
inline constexpr int kMaxVersions = 5;
inline constexpr size_t kMaxOptionChars = 64;        // key, time signature, style
inline constexpr size_t kMaxProviderChars = 100;
// A cue's intro and vamp (model/cue.h), in bars; the whole cue must still last at most
// kMaxDurationS (checked where its tempo is known, by the engine).
inline constexpr int kMaxCueBars = 64;
// Hit points (model/hit.h): at most this many per request; a bar:beat's bar is 1..kMaxHitBar.
inline constexpr size_t kMaxHits = 64;
inline constexpr int kMaxHitBar = 999;
// Seeds: 31 bits, drawn only by core::fresh_seed() (core/rng.h).

}  // namespace omg::model
