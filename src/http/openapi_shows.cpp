#include "http/openapi_shows.h"

namespace omg::http {

using json = nlohmann::json;

json openapi_show_paths() {
    const json id = {{"name", "show_id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
    const json e404 = {{"description", "No such show"}};
    const json e409 = {{"description", "The show is not completed yet"}};
    const json binary = {{"type", "string"}, {"format", "binary"}};
    const json cue = {
        {"type", "object"},
        {"description", "A cue: a generation request (prompt and/or style, duration in seconds 5..600 OR cue "
                        "{intro_bars, vamp_bars, ending}, hits, bpm, key, seed, as POST /api/v1/generate) plus "
                        "its show fields."},
        {"required", json::array({"title"})},
        {"properties",
         {{"title", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}},
          {"prompt", {{"type", "string"}}},
          {"style", {{"type", "string"}}},
          {"duration", {{"type", "number"}, {"minimum", 5}, {"maximum", 600}}},
          {"cue", {{"type", "object"}}},
          {"hits", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"bpm", {{"type", "number"}}},
          {"key", {{"type", "string"}}},
          {"seed", {{"type", "integer"}}},
          {"ending_on", {{"type", "string"}, {"enum", {"bar", "beat"}}}},
          {"vamp_repeats", {{"type", "integer"}, {"minimum", 1}, {"maximum", 64}, {"default", 2}}},
          {"transition",
           {{"type", "object"},
            {"properties",
             {{"type", {{"type", "string"}, {"enum", {"segue", "crossfade", "cut"}}, {"default", "segue"}}},
              {"seconds", {{"type", "number"}, {"description", "a crossfade's length, 0.5..10 (default 2)"}}}}}}}}}};
    const json show = {
        {"type", "object"},
        {"required", json::array({"title", "cues"})},
        {"properties",
         {{"title", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}},
          {"loudness", {{"type", "string"}, {"default", "show"}}},
          {"keep_compatible", {{"type", "boolean"}, {"default", true}}},
          {"seed", {{"type", "integer"}}},
          {"cues", {{"type", "array"}, {"minItems", 1}, {"maxItems", 50}, {"items", cue}}}}}};
    auto file = [&](const char* summary, const char* mime) {
        return json{{"get", {{"summary", summary}, {"tags", {"shows"}}, {"parameters", {id}},
                             {"responses", {{"200", {{"description", mime}, {"content", {{mime, {{"schema", binary}}}}}}},
                                            {"404", e404}, {"409", e409}}}}}};
    };
    return {
        {"/api/v1/shows",
         {{"post", {{"summary", "Create a show: every cue becomes a job; then the show mix and cue sheets"},
                    {"tags", {"shows"}},
                    {"description", "Neighbouring cues joined by a segue or crossfade get related keys and close "
                                    "tempos unless a cue sets its own or keep_compatible is false. 422 bodies are the "
                                    "API's one shape, {detail: [{type, loc, msg}]}, located in the body, e.g. "
                                    "loc [body, cues, 2, cue, vamp_bars]."},
                    {"requestBody", {{"required", true}, {"content", {{"application/json", {{"schema", show}}}}}}},
                    {"responses", {{"202", {{"description", "{id, status, cues: [{number, title, job_id}]}"}}},
                                   {"422", {{"description", "Validation error"}}},
                                   {"503", {{"description", "Shows are not available on this server"}}}}}}},
          {"get", {{"summary", "Every show, newest first"}, {"tags", {"shows"}},
                   {"responses", {{"200", {{"description", "{shows: [{id, title, status, created_at, cue_count}]}"}}}}}}}}},
        {"/api/v1/shows/{show_id}",
         {{"get", {{"summary", "A show, its cues (status, version, tempo, key, length, start, segments, hits, links)"},
                   {"tags", {"shows"}}, {"parameters", {id}},
                   {"responses", {{"200", {{"description", "The show"}}}, {"404", e404}}}}},
          {"delete", {{"summary", "Cancel its unfinished cue jobs, remove the show and its files"},
                      {"tags", {"shows"}}, {"parameters", {id}},
                      {"responses", {{"204", {{"description", "Removed"}}}, {"404", e404}}}}}}},
        {"/api/v1/shows/{show_id}/mix", file("The continuous show mix (WAV; ?format=flac|ogg|mp3; Range)", "audio/wav")},
        {"/api/v1/shows/{show_id}/cue-sheet.csv", file("The cue sheet as CSV", "text/csv")},
        {"/api/v1/shows/{show_id}/cue-sheet.json", file("The cue sheet as JSON", "application/json")},
        {"/api/v1/shows/{show_id}/zip", file("Everything: mix, cue sheets, each cue's files, stems and segments",
                                             "application/zip")},
    };
}

}  // namespace omg::http
