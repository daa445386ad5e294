// The generate request's `hits` (issue 14): hit points as JSON, checked and typed.
//
// `hits` is an array of at most model::kMaxHits objects, each {"time": seconds 0..600} or
// {"bar_beat": "8:1"} (bar 1..model::kMaxHitBar, beat from 1), and "kind": "accent" | "stop" |
// "stinger" | "section" | "cadence" | "build". Every error is pydantic-shaped and located at
// ["body", "hits", index, field] (["body", "hits"] for the array itself), all of them reported
// at once. Pure; thread-safe.
#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/hit.h"

namespace omg::http {

std::optional<std::vector<model::Hit>> parse_hits(const nlohmann::json& value, nlohmann::json* errors);

}  // namespace omg::http
