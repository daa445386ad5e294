// Prompt understanding: free text -> Brief, plus an Interpretation for people.
//
// Finds the style (from each style's aliases and moods), tempo (numbers and words), key and
// mode, time signature, instruments (GM programs), exclusions ("no drums"), moods, energy and a
// duration in words ("3 minutes"). Explicit overrides (CLI/API options) win over the text, and
// the text wins over style defaults. Deterministic; thread-safe; never fails on odd text: an
// unknown prompt still yields a sensible Brief with `guessed` saying what was assumed.
//
// Interpretation conventions: a finding that came from an override has empty `words`; every
// `guessed` note starts with the field it is about ("tempo: 112 bpm (the style's default)");
// `ignored` lists content words in prompt order, lower case, once each, always valid UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "model/brief.h"
#include "model/limits.h"
#include "model/style.h"

namespace omg::prompt {

struct Overrides {
    std::optional<double> duration_s;
    std::optional<double> bpm;
    std::optional<std::string> key;             // "D minor"
    std::optional<std::string> time_signature;  // "3/4"
    std::optional<std::string> style;           // style id
};

inline constexpr double kMinDuration = model::kMinDurationS;
inline constexpr double kMaxDuration = model::kMaxDurationS;
inline constexpr double kDefaultDuration = model::kDefaultDurationS;
inline constexpr size_t kMaxPromptLength = model::kMaxPromptChars;

struct Understanding {
    model::Brief brief;
    model::Interpretation interpretation;
};

// Errors (Errc::invalid_argument, one clear sentence): empty or whitespace-only prompt, prompt
// longer than kMaxPromptLength, override duration outside 5..600 s, unknown key, bad time
// signature, bpm outside 20..400, unknown style id.
Result<Understanding> understand(std::string_view text, const Overrides& overrides,
                                 const model::StyleLibrary& styles);

}  // namespace omg::prompt
