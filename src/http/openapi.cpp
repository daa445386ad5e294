// The OpenAPI 3 description of `omg serve`, written by hand as data.
#include <nlohmann/json.hpp>

#include "http/api.h"

namespace omg::http {
namespace {

using json = nlohmann::json;

json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json json_response(const std::string& description, const json& schema) {
    return {{"description", description}, {"content", {{"application/json", {{"schema", schema}}}}}};
}

json error_response(const std::string& description) {
    return json_response(description, ref("HTTPError"));
}

json path_param(const std::string& name, const std::string& description) {
    return {{"name", name}, {"in", "path"}, {"required", true}, {"description", description},
            {"schema", {{"type", "string"}}}};
}

json body(const std::string& schema) {
    return {{"required", true}, {"content", {{"application/json", {{"schema", ref(schema)}}}}}};
}

json nullable(json schema) {
    return {{"anyOf", json::array({std::move(schema), {{"type", "null"}}})}};
}

json audio_response(const std::string& mime_note) {
    return {{"description", "The file (HTTP Range supported: 206 with Content-Range). " + mime_note},
            {"content",
             {{"audio/mpeg", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
              {"audio/wav", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
              {"audio/flac", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
              {"audio/ogg", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
}

json schemas() {
    json status = {{"type", "string"},
                   {"enum", {"pending", "processing", "completed", "failed", "cancelled"}}};
    json version_info = {
        {"type", "object"},
        {"required", {"id", "metadata"}},
        {"properties",
         {{"id", {{"type", "string"}, {"format", "uuid"}}},
          {"metadata",
           {{"type", "object"},
            {"description",
             "prompt, lyrics, duration, model, version, format, seed (the actual seed), "
             "interpretation, brief, sections (name, kind, start_s, bars, energy), recipe, "
             "command_line, integrated_lufs, timings, audio_url, formats, midi_url, peaks_url, "
             "stems_url"}}}}}};
    return {
        {"HTTPError",
         {{"type", "object"}, {"properties", {{"detail", {{"type", "string"}}}}}}},
        {"ValidationError",
         {{"type", "object"},
          {"properties",
           {{"loc", {{"type", "array"}, {"items", {{"anyOf", json::array({{{"type", "string"}}, {{"type", "integer"}}})}}}}},
            {"msg", {{"type", "string"}}},
            {"type", {{"type", "string"}}},
            {"input", json::object()},
            {"ctx", {{"type", "object"}}}}}}},
        {"HTTPValidationError",
         {{"type", "object"},
          {"properties", {{"detail", {{"type", "array"}, {"items", ref("ValidationError")}}}}}}},
        {"JobStatus", status},
        {"GenerationRequest",
         {{"type", "object"},
          {"required", {"prompt", "duration"}},
          {"properties",
           {{"prompt", {{"type", "string"}, {"maxLength", 2000}}},
            {"duration", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 300}}},
            {"lyrics", nullable({{"type", "string"}})},
            {"num_versions", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}, {"default", 1}}},
            {"seed", nullable({{"type", "integer"}})},
            {"provider", nullable({{"type", "string"}})},
            {"bpm", nullable({{"type", "number"}, {"minimum", 20}, {"maximum", 400}})},
            {"key", nullable({{"type", "string"}, {"example", "D minor"}})},
            {"time_signature", nullable({{"type", "string"}, {"example", "3/4"}})},
            {"style", nullable({{"type", "string"}})},
            {"stems", nullable({{"type", "boolean"}})}}}}},
        {"GenerationSubmitResponse",
         {{"type", "object"},
          {"properties",
           {{"job_id", {{"type", "string"}}},
            {"status", {{"type", "string"}, {"enum", {"pending"}}}},
            {"queue_position", {{"type", "integer"}}},
            {"eta_seconds", nullable({{"type", "number"}})}}}}},
        {"VersionInfo", version_info},
        {"JobResponse",
         {{"type", "object"},
          {"properties",
           {{"job_id", {{"type", "string"}}},
            {"status", ref("JobStatus")},
            {"progress", nullable({{"type", "number"}})},
            {"versions", nullable({{"type", "array"}, {"items", ref("VersionInfo")}})},
            {"error", nullable({{"type", "string"}})},
            {"queue_position", nullable({{"type", "integer"}})},
            {"stage", {{"type", "string"}}},
            {"eta_seconds", nullable({{"type", "number"}})},
            {"created_at", {{"type", "string"}}},
            {"started_at", nullable({{"type", "string"}})},
            {"finished_at", nullable({{"type", "string"}})}}}}},
        {"QueueItemResponse",
         {{"type", "object"},
          {"properties",
           {{"job_id", {{"type", "string"}}},
            {"status", ref("JobStatus")},
            {"queue_position", {{"type", "integer"}}},
            {"progress", nullable({{"type", "number"}})},
            {"prompt", {{"type", "string"}}},
            {"duration", {{"type", "number"}}},
            {"num_versions", {{"type", "integer"}}},
            {"lyrics", nullable({{"type", "string"}})},
            {"seed", nullable({{"type", "integer"}})},
            {"provider", nullable({{"type", "string"}})},
            {"versions", nullable({{"type", "array"}, {"items", ref("VersionInfo")}})},
            {"error", nullable({{"type", "string"}})},
            {"created_at", {{"type", "string"}}},
            {"eta_seconds", nullable({{"type", "number"}})}}}}},
        {"QueueListResponse",
         {{"type", "object"},
          {"properties",
           {{"items", {{"type", "array"}, {"items", ref("QueueItemResponse")}}},
            {"total", {{"type", "integer"}}}}}}},
        {"ReorderQueueRequest",
         {{"type", "object"},
          {"required", {"job_id", "new_position"}},
          {"properties",
           {{"job_id", {{"type", "string"}}},
            {"new_position", {{"type", "integer"}, {"minimum", 1}}}}}}},
        {"PresetInfo",
         {{"type", "object"},
          {"properties",
           {{"prompt", {{"type", "string"}}},
            {"duration", {{"type", "number"}}},
            {"num_versions", {{"type", "integer"}}},
            {"lyrics", nullable({{"type", "string"}})},
            {"seed", nullable({{"type", "integer"}})},
            {"provider", nullable({{"type", "string"}})}}}}},
        {"LyricsGenerationRequest",
         {{"type", "object"},
          {"required", {"prompt", "duration", "topic"}},
          {"properties",
           {{"current_lyrics", nullable({{"type", "string"}})},
            {"prompt", {{"type", "string"}}},
            {"duration", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 300}}},
            {"topic", {{"type", "string"}}}}}}},
        {"Message", {{"type", "object"}, {"properties", {{"message", {{"type", "string"}}}}}}},
        {"Health",
         {{"type", "object"},
          {"properties",
           {{"status", {{"type", "string"}, {"enum", {"healthy", "degraded"}}}},
            {"model_service", {{"type", "string"}}},
            {"service", {{"type", "string"}}},
            {"engine", {{"type", "string"}}},
            {"workers", {{"type", "integer"}}},
            {"pending", {{"type", "integer"}}},
            {"processing", {{"type", "integer"}}}}}}},
        {"MusicGenerationRequest",
         {{"type", "object"},
          {"required", {"prompt"}},
          {"properties",
           {{"prompt", {{"type", "string"}, {"minLength", 1}, {"maxLength", 500}}},
            {"duration", nullable({{"type", "integer"}, {"minimum", 5}, {"maximum", 300}, {"default", 30}})}}}}},
        {"MusicGenerationResponse",
         {{"type", "object"},
          {"properties",
           {{"success", {{"type", "boolean"}}},
            {"message", {{"type", "string"}}},
            {"track_id", {{"type", "string"}, {"pattern", "^track_[0-9a-f]{8}$"}}},
            {"prompt", {{"type", "string"}}},
            {"duration", {{"type", "integer"}}},
            {"estimated_processing_time", {{"type", "integer"}}},
            {"status", {{"type", "string"}}},
            {"download_url", nullable({{"type", "string"}})}}}}},
        {"TrackStatus",
         {{"type", "object"},
          {"properties",
           {{"track_id", {{"type", "string"}}},
            {"status", {{"type", "string"}, {"enum", {"processing", "completed", "failed"}}}},
            {"progress", {{"type", "integer"}, {"minimum", 0}, {"maximum", 100}}},
            {"prompt", {{"type", "string"}}},
            {"duration", {{"type", "integer"}}},
            {"created_at", {{"type", "string"}}},
            {"estimated_completion", {{"type", "string"}}},
            {"download_url", nullable({{"type", "string"}})}}}}},
    };
}

}  // namespace

std::string openapi_json() {
    const json e404 = error_response("Not found");
    const json e422 = json_response("Validation error", ref("HTTPValidationError"));
    const json e401 = error_response("Missing or wrong bearer token (only when OMG_API_KEY is set)");
    const json full = {{"description", "The queue is full (429) or the server is shutting down (503); see Retry-After"},
                       {"headers", {{"Retry-After", {{"schema", {{"type", "integer"}}}}}}},
                       {"content", {{"application/json", {{"schema", ref("HTTPError")}}}}}};
    const json job_id = path_param("job_id", "A job id (uuid4, or track_xxxxxxxx)");
    const json version_id = path_param("version_id", "A version id (uuid4)");
    const json format_q = {{"name", "format"}, {"in", "query"}, {"required", false},
                           {"schema", {{"type", "string"}, {"enum", {"mp3", "wav", "flac", "ogg"}}, {"default", "mp3"}}}};
    json paths = {
        {"/", {{"get", {{"summary", "Home: the web studio, or an API overview"}, {"tags", {"meta"}},
                        {"responses", {{"200", {{"description", "HTML, or JSON {message, version, docs}"}}}}}}}}},
        {"/health", {{"get", {{"summary", "Health"}, {"tags", {"meta"}},
                              {"responses", {{"200", json_response("Always 200", ref("Health"))}}}}}}},
        {"/api/v1/generate",
         {{"post", {{"summary", "Queue a generation job"}, {"tags", {"generation"}},
                    {"requestBody", body("GenerationRequest")},
                    {"responses", {{"200", json_response("Queued", ref("GenerationSubmitResponse"))},
                                   {"401", e401}, {"413", error_response("Body too large")},
                                   {"422", e422}, {"429", full}, {"503", full}}}}}}},
        {"/api/v1/jobs/{job_id}",
         {{"get", {{"summary", "Job status"}, {"tags", {"jobs"}}, {"parameters", {job_id}},
                   {"responses", {{"200", json_response("The job", ref("JobResponse"))}, {"404", e404}}}}},
          {"delete", {{"summary", "Delete a job and its files (cancels it if running)"}, {"tags", {"jobs"}},
                      {"parameters", {job_id}},
                      {"responses", {{"200", json_response("Deleted", ref("Message"))}, {"401", e401}, {"404", e404}}}}}}},
        {"/api/v1/queue",
         {{"get", {{"summary", "The queue, with finished jobs as history"}, {"tags", {"queue"}},
                   {"responses", {{"200", json_response("Items in queue order", ref("QueueListResponse"))}}}}}}},
        {"/api/v1/queue/reorder",
         {{"patch", {{"summary", "Move a job to a 1-based position"}, {"tags", {"queue"}},
                     {"requestBody", body("ReorderQueueRequest")},
                     {"responses", {{"200", json_response("Moved", ref("Message"))},
                                    {"400", error_response("Not in queue, bad position, or processing")},
                                    {"401", e401}, {"422", e422}}}}}}},
        {"/api/v1/queue/{job_id}",
         {{"get", {{"summary", "One queue item (real progress)"}, {"tags", {"queue"}}, {"parameters", {job_id}},
                   {"responses", {{"200", json_response("The item", ref("QueueItemResponse"))}, {"404", e404}}}}},
          {"delete", {{"summary", "Remove from the queue; cancels a pending or running job"}, {"tags", {"queue"}},
                      {"parameters", {job_id}},
                      {"responses", {{"200", json_response("Removed", ref("Message"))}, {"401", e401}, {"404", e404}}}}}}},
        {"/api/v1/queue/{job_id}/preset",
         {{"get", {{"summary", "A job's parameters, for reuse"}, {"tags", {"queue"}}, {"parameters", {job_id}},
                   {"responses", {{"200", json_response("Preset", ref("PresetInfo"))}, {"404", e404}}}}}}},
        {"/api/v1/lyrics/generate",
         {{"post", {{"summary", "Generate or refine lyrics (not available yet: 501)"}, {"tags", {"lyrics"}},
                    {"requestBody", body("LyricsGenerationRequest")},
                    {"responses", {{"501", error_response("Not implemented yet")}, {"401", e401}, {"422", e422}}}}}}},
        {"/api/v1/versions/{version_id}/audio",
         {{"get", {{"summary", "A version's audio"}, {"tags", {"versions"}}, {"parameters", {version_id, format_q}},
                   {"responses", {{"200", audio_response("Content-Type matches the format.")},
                                  {"206", audio_response("Partial content.")}, {"404", e404}, {"422", e422}}}}}}},
        {"/api/v1/versions/{version_id}/midi",
         {{"get", {{"summary", "A version's score as a Standard MIDI File"}, {"tags", {"versions"}},
                   {"parameters", {version_id}},
                   {"responses", {{"200", {{"description", "audio/midi"}}}, {"404", e404}}}}}}},
        {"/api/v1/versions/{version_id}/peaks",
         {{"get", {{"summary", "Waveform peaks for a player"}, {"tags", {"versions"}},
                   {"parameters", {version_id, {{"name", "points"}, {"in", "query"}, {"required", false},
                                                {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}}}}}},
                   {"responses", {{"200", {{"description", "{points, duration, sample_rate, min[], max[]}"}}}, {"404", e404}}}}}}},
        {"/api/v1/versions/{version_id}/stems",
         {{"get", {{"summary", "The stems of a version (jobs submitted with stems: true)"}, {"tags", {"versions"}},
                   {"parameters", {version_id}},
                   {"responses", {{"200", {{"description", "{version_id, stems: [{name, url}]}"}}}, {"404", e404}}}}}}},
        {"/api/v1/versions/{version_id}/stems/{name}",
         {{"get", {{"summary", "One stem's audio"}, {"tags", {"versions"}},
                   {"parameters", {version_id, path_param("name", "Stem name"), format_q}},
                   {"responses", {{"200", audio_response("Default format flac.")}, {"404", e404}}}}}}},
        {"/api/v1/events",
         {{"get", {{"summary", "Server-Sent Events of every job change"}, {"tags", {"jobs"}},
                   {"description", "Events: created, started, progress, completed, failed, cancelled, "
                                   "removed, reordered, deleted, requeued; data is a JSON job summary. "
                                   "Send Last-Event-ID (or ?last_event_id=) to resume; an event 'resync' "
                                   "means missed events are gone and the state should be re-read. "
                                   "?job_id= filters to one job."},
                   {"parameters", {{{"name", "Last-Event-ID"}, {"in", "header"}, {"required", false}, {"schema", {{"type", "string"}}}},
                                   {{"name", "job_id"}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}}}},
                   {"responses", {{"200", {{"description", "text/event-stream"}, {"content", {{"text/event-stream", {{"schema", {{"type", "string"}}}}}}}}}}}}}}},
        {"/music/",
         {{"get", {{"summary", "Service info (sergiecode API)"}, {"tags", {"music"}},
                   {"responses", {{"200", {{"description", "service, version, supported_formats, max_duration, min_duration, status"}}}}}}}}},
        {"/music/generate",
         {{"post", {{"summary", "Generate a track (sergiecode API)"}, {"tags", {"music"}},
                    {"requestBody", body("MusicGenerationRequest")},
                    {"responses", {{"200", json_response("Started", ref("MusicGenerationResponse"))},
                                   {"400", error_response("Prompt cannot be empty")}, {"401", e401},
                                   {"422", e422}, {"429", full}, {"503", full}}}}}}},
        {"/music/status/{track_id}",
         {{"get", {{"summary", "Track status (sergiecode API)"}, {"tags", {"music"}},
                   {"parameters", {path_param("track_id", "track_xxxxxxxx")}},
                   {"responses", {{"200", json_response("Status", ref("TrackStatus"))}, {"404", e404}}}}}}},
        {"/downloads/{track_id}.mp3",
         {{"get", {{"summary", "A finished track's MP3 (the download_url)"}, {"tags", {"music"}},
                   {"parameters", {path_param("track_id", "track_xxxxxxxx")}},
                   {"responses", {{"200", audio_response("audio/mpeg")}, {"404", e404}}}}}}},
    };
    json doc = {
        {"openapi", "3.0.3"},
        {"info", {{"title", "Music Generation API"}, {"version", "1.0.0"},
                  {"description", "OMG (Open Music Generator): text prompt to a composed, rendered, "
                                  "mastered track. Compatible with the OMG seed backend (/api/v1) and "
                                  "the sergiecode backend (/music)."}}},
        {"paths", paths},
        {"components", {{"schemas", schemas()},
                        {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
    };
    return doc.dump();
}

}  // namespace omg::http
