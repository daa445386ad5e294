// POST /api/v1/shows: the JSON body (/work/coord/show-api.md, docs in README's API section) read
// into a model::Show, with FastAPI-shaped errors located in the body ("loc": ["body", "cues", 2,
// "cue", "vamp_bars"]).
//
// A cue is a generation request (parse_generate checks its fields, as for POST
// /api/v1/generate) plus its own title, ending_on, vamp_repeats and transition; its "duration"
// is seconds, 5..600 (the engine's range: generate's `duration_s`). A cue needs a prompt or a
// style. The show-level checks (show/plan.h validate_show) run after this. Pure: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/validation.h"
#include "model/show.h"

namespace omg::http {

std::optional<model::Show> parse_show(const std::string& body, const Limits& limits, nlohmann::json* errors);

// "cues[2].vamp_repeats" (a field path, as show/plan.h's messages name fields) -> ["body",
// "cues", 2, "vamp_repeats"], the "loc" of the API's 422s.
nlohmann::json body_loc(std::string_view path);

}  // namespace omg::http
