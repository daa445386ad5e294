// The OpenAPI 3 description of `omg serve`, written by hand as data.
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/openapi_shows.h"

namespace omg::http {
namespace {

using json = nlohmann::json;

json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json json_response(const std::string& description, const json& schema) {
    return {{"description", description}, {"content", {{"application/json", {{"schema", schema}}}}}};
}

json text_response(const std::string& description) {
    return {{"description", description}, {"content", {{"text/plain", {{"schema", {{"type", "string"}}}}}}}};
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
             "brief (as POST /api/v1/interpret answers it, with understood, guessed, ignored), "
             "sections (name, kind, start_s, bars, energy), recipe, command_line, loudness "
             "({preset, target_lufs, ceiling_dbtp, integrated_lufs, true_peak_dbtp, "
             "loudness_range_lu}), parts ([{name, program, drums, role, stem, loudness_lufs}]), "
             "timings ({stage: seconds}), stems, audio_url, formats, midi_url, peaks_url, "
             "stems_url, vocals (whether a voice sings), lines (the sung lines: [{start_s, end_s, "
             "section, text}], empty when instrumental), lrc_url and vtt_url (null when "
             "instrumental), cue (a cue's shape and where its pieces lie, in frames: frames_per_bar, "
             "intro_frames, loop_frames, ending_frames, loop_start, loop_length) and segments ({intro, "
             "loop, ending} URLs; null for a track; a cue's formats have no mp3)"}}}}}};
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
            {"stems", nullable({{"type", "boolean"}})},
            {"vocals",
             nullable({{"type", "boolean"},
                       {"description", "OMG extension: true sings (the lyrics, or words the built-in "
                                       "writer fits to the song), false makes it instrumental even "
                                       "with lyrics; null or absent: sung when there are lyrics or "
                                       "the prompt asks for a song with words."}})},
            {"loudness",
             nullable({{"type", "string"},
                       {"enum", {"streaming", "podcast", "broadcast", "game", "show", "apple", "theatre"}},
                       {"description", "OMG extension: the delivery loudness. streaming -14 LUFS, "
                                       "-1 dBTP (the default); podcast (apple) -16 LUFS, -1 dBTP; "
                                       "broadcast (EBU R128) -23 LUFS, -1 dBTP; game (theatre) -24 "
                                       "LUFS, -6 dBTP; show -18 LUFS, -1 dBTP, the same for every "
                                       "cue."}})},
            {"quality",
             nullable({{"type", "string"},
                       {"enum", {"fast", "best"}},
                       {"description", "OMG extension: the sound. fast (the default) plays FluidR3_GM; "
                                       "best plays MuseScore_General (package "
                                       "musescore-general-soundfont): in phase and more even across "
                                       "parts, a few seconds slower the first time a server uses "
                                       "its instruments. A server without it answers 422 "
                                       "(quality_unavailable); it never falls back to fast."}})},
            {"cue",
             nullable({{"type", "object"},
                       {"required", {"vamp_bars"}},
                       {"additionalProperties", false},
                       {"properties",
                        {{"intro_bars", {{"type", "integer"}, {"minimum", 0}, {"maximum", 64}, {"default", 0}}},
                         {"vamp_bars", {{"type", "integer"}, {"minimum", 1}, {"maximum", 64}}},
                         {"ending",
                          {{"type", "string"},
                           {"enum", {"button", "stinger", "fade", "ring_out"}},
                           {"default", "ring_out"}}}}},
                       {"description",
                        "OMG extension (issue 14): a cue instead of a track: an intro, a vamp of "
                        "vamp_bars bars that loops without a seam, and an ending (button: a tutti "
                        "hit on the tonic; stinger: the hit and a brass flourish up to a detached tutti hit; fade: the vamp "
                        "fading over 4 bars; ring_out: a held tonic chord that decays). The bars set "
                        "the length (duration is not used) and it is instrumental. The version's "
                        "metadata says where the loop lies (`cue`: frames_per_bar, intro_frames, "
                        "loop_frames, ending_frames, loop_start, loop_length)."}})},
            {"hits",
             nullable({{"type", "array"},
                       {"maxItems", 64},
                       {"items",
                        {{"type", "object"},
                         {"required", {"kind"}},
                         {"additionalProperties", false},
                         {"properties",
                          {{"time", {{"type", "number"}, {"minimum", 0}, {"maximum", 600},
                                     {"description", "seconds from the start (or bar_beat)"}}},
                           {"bar_beat", {{"type", "string"}, {"pattern", "^[1-9][0-9]*:[1-9][0-9]*$"},
                                         {"description", "\"BAR:BEAT\" from 1 at the style's tempo (or time)"}}},
                           {"kind",
                            {{"type", "string"},
                             {"enum", {"accent", "stop", "stinger", "section", "cadence", "build"}}}}}}}},
                       {"description",
                        "OMG extension (issue 14): hit points. Each lands on a downbeat within 10 ms "
                        "of its time (the composer chooses its bar and small tempo changes over the "
                        "bars before it, within the style's tempo flex, with a ritardando into the "
                        "ending): accent (a crash and a tutti stab), stop (everything cuts, silence "
                        "until the next section a bar later), stinger (a brass flourish), section (a "
                        "new section starts), cadence (the tune and bass land on the tonic), build (a "
                        "snare roll rising through the bar before). The version's metadata lists each "
                        "(`hits`: met, bar, landed_s, or the reason it could not be met) and the "
                        "`tempo_map`: [{tick, start_s, qpm}]. Not with a cue."}})},
            {"duration_s",
             nullable({{"type", "number"}, {"minimum", 5}, {"maximum", 600},
                       {"description", "OMG extension: the track length, 5..600 s. Replaces "
                                       "`duration` (which keeps the seed's limit of 300 s) and "
                                       "makes it optional."}})}}}}},
        {"InterpretRequest",
         {{"type", "object"},
          {"required", {"prompt"}},
          {"properties",
           {{"prompt", {{"type", "string"}, {"minLength", 1}, {"maxLength", 2000}}},
            {"duration", nullable({{"type", "number"}, {"minimum", 5}, {"maximum", 600}})},
            {"bpm", nullable({{"type", "number"}, {"minimum", 20}, {"maximum", 400}})},
            {"key", nullable({{"type", "string"}, {"example", "D minor"}})},
            {"time_signature", nullable({{"type", "string"}, {"example", "3/4"}})},
            {"style", nullable({{"type", "string"}, {"example", "circus_march"}})},
            {"seed", nullable({{"type", "integer"},
                               {"description", "With hits: the seed to land them for (default 1)"}})},
            {"hits", nullable({{"type", "array"},
                               {"maxItems", 64},
                               {"items", {{"type", "object"}}},
                               {"description",
                                "OMG extension (issue 14): hit points, as in GenerateRequest (and "
                                "checked the same way). The reply then adds `hits` (met, bar, "
                                "landed_s or reason), `tempo_map` and `hits_seed`."}})}}}}},
        {"Interpretation",
         {{"type", "object"},
          {"description", "What the engine understands from the prompt (as `omg interpret` prints it)"},
          {"properties",
           {{"genre", {{"type", "string"}, {"description", "The style id"}}},
            {"style_name", {{"type", "string"}}},
            {"tempo_bpm", {{"type", "number"}}},
            {"key", {{"type", "string"}, {"example", "D minor"}}},
            {"mode", {{"type", "string"}}},
            {"time_signature", {{"type", "string"}}},
            {"duration_s", {{"type", "number"}}},
            {"energy", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
            {"moods", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"instruments", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"excluded", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"ignored", {{"type", "array"}, {"items", {{"type", "string"}}},
                         {"description", "Words of the prompt that changed nothing"}}},
            {"guessed", {{"type", "array"}, {"items", {{"type", "string"}}},
                         {"description", "Fields filled from defaults, with the reason"}}},
            {"understood",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"field", {{"type", "string"}}},
                  {"value", {{"type", "string"}}},
                  {"words", {{"type", "string"}}}}}}}}}}}}},
        {"Style",
         {{"type", "object"},
          {"properties",
           {{"id", {{"type", "string"}, {"example", "circus_march"}}},
            {"name", {{"type", "string"}, {"example", "Circus march"}}},
            {"description", {{"type", "string"}}},
            {"tempo",
             {{"type", "object"},
              {"properties",
               {{"min", {{"type", "number"}}}, {"max", {{"type", "number"}}},
                {"default", {{"type", "number"}}}}}}},
            {"meters", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"moods", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"energy", {{"type", "number"}}}}}}},
        {"StyleList",
         {{"type", "object"},
          {"properties",
           {{"styles", {{"type", "array"}, {"items", ref("Style")}}},
            {"total", {{"type", "integer"}}}}}}},
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
            {"queue_position",
             nullable({{"type", "integer"},
                       {"description", "1-based; null for a cancelled job listed by ?include=cancelled"}})},
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
            {"processing", {{"type", "integer"}}},
            {"database",
             {{"type", "object"},
              {"description", "API nodes over a shared PostgreSQL database only: whether its last read succeeded"},
              {"properties", {{"reachable", {{"type", "boolean"}}}}}}},
            {"worker_processes",
             {{"type", "array"},
              {"description", "API nodes over a shared PostgreSQL database only: the worker processes seen recently"},
              {"items", ref("WorkerProcess")}}}}}}},
        {"WorkerProcess",
         {{"type", "object"},
          {"properties",
           {{"id", {{"type", "string"}}},
            {"host", {{"type", "string"}}},
            {"pid", {{"type", "integer"}}},
            {"providers", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"current_jobs", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"current_job", nullable({{"type", "string"}, {"description", "The first of current_jobs"}})},
            {"started_at", {{"type", "string"}}},
            {"last_heartbeat", {{"type", "string"}, {"format", "date-time"}}},
            {"heartbeat_age_s", {{"type", "number"}}}}}}},
        {"WorkersResponse",
         {{"type", "object"},
          {"properties",
           {{"mode", {{"type", "string"}, {"enum", {"shared", "in_process"}}}},
            {"database_reachable", {{"type", "boolean"}}},
            {"workers", {{"type", "array"}, {"items", ref("WorkerProcess")}}}}}}},
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

std::string openapi_json(const std::string& title) {
    const json e404 = error_response("Not found");
    const json e422 = json_response("Validation error", ref("HTTPValidationError"));
    const json e401 = error_response("Missing or wrong bearer token (only when OMG_API_KEY is set)");
    const json full = {{"description", "The queue is full (429), or the server is shutting down or cannot reach its database (503); see Retry-After"},
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
        {"/metrics",
         {{"get", {{"summary", "Prometheus metrics: jobs by state, wait and run times, runs by outcome, answers by status; "
                                "on an API node over a shared database also worker processes, claim latency "
                                "and lease expiries"},
                   {"tags", {"meta"}},
                   {"responses", {{"200", text_response("Prometheus text exposition format 0.0.4")}}}}}}},
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
                   {"description",
                    "Jobs still in the queue, in queue order (the seed's listing). Cancelled jobs leave "
                    "the queue; with include=cancelled they follow the queue, oldest first, with "
                    "status \"cancelled\" and queue_position null."},
                   {"parameters",
                    {{{"name", "include"}, {"in", "query"}, {"required", false},
                      {"description", "queue (default): the seed's listing; cancelled: also cancelled jobs"},
                      {"schema", {{"type", "string"}, {"enum", {"queue", "cancelled"}}, {"default", "queue"}}}},
                     {{"name", "offset"}, {"in", "query"}, {"required", false},
                      {"description", "Items to skip (a page's start)"},
                      {"schema", {{"type", "integer"}, {"minimum", 0}, {"default", 0}}}},
                     {{"name", "limit"}, {"in", "query"}, {"required", false},
                      {"description", "Items per page (at most, and by default, the server's page size)"},
                      {"schema", {{"type", "integer"}, {"minimum", 1}}}}}},
                   {"responses", {{"200", json_response("Items in queue order", ref("QueueListResponse"))},
                                  {"422", e422}}}}}}},
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
         {{"post", {{"summary", "Generate or refine lyrics fitted to the song's form (the LLM when "
                                "OMG_LLM_URL is set, the built-in writer otherwise; OMG extensions: "
                                "seed, writer = builtin | llm)"},
                    {"tags", {"lyrics"}},
                    {"requestBody", body("LyricsGenerationRequest")},
                    {"responses", {{"200", {{"description", "{lyrics, writer, model, seed, sections}"}}},
                                   {"401", e401}, {"422", e422},
                                   {"503", error_response("The chosen writer is unavailable; detail says why")}}}}}}},
        {"/api/v1/providers",
         {{"get", {{"summary", "Music providers (builtin, ace-step, acestep-cpp, omg-model-service) and "
                                "whether each is configured and answering"},
                   {"tags", {"providers"}},
                   {"responses", {{"200", {{"description", "{default, providers: [{name, description, "
                                                           "configured, available, detail, "
                                                           "accepts_source_audio, default}]}"}}}}}}}}},
        {"/api/v1/workers",
         {{"get", {{"summary", "Worker processes seen recently (omg worker), with the jobs they run"},
                   {"tags", {"meta"}},
                   {"description",
                    "On an API node (omg serve --database postgresql://... --workers 0): the workers "
                    "whose heartbeat reached the database in the last 10 seconds, as this node last read "
                    "them. In the one-process mode the jobs run in the server's own threads: mode "
                    "\"in_process\" and an empty list."},
                   {"responses", {{"200", json_response("The workers", ref("WorkersResponse"))}}}}}}},
        {"/api/v1/versions/{version_id}/audio",
         {{"get", {{"summary", "A version's audio"}, {"tags", {"versions"}}, {"parameters", {version_id, format_q}},
                   {"responses", {{"200", audio_response("Content-Type matches the format.")},
                                  {"206", audio_response("Partial content.")}, {"404", e404}, {"422", e422}}}}}}},
        {"/api/v1/versions/{version_id}/midi",
         {{"get", {{"summary", "A version's score as a Standard MIDI File"}, {"tags", {"versions"}},
                   {"parameters", {version_id}},
                   {"responses", {{"200", {{"description", "audio/midi"}}}, {"404", e404}}}}}}},
        {"/api/v1/versions/{version_id}/lyrics.lrc",
         {{"get", {{"summary", "The sung lines' times as LRC (a version with vocals)"}, {"tags", {"versions"}},
                   {"parameters", {version_id}},
                   {"responses", {{"200", {{"description", "text/plain; charset=utf-8: [mm:ss.xx]line"},
                                           {"content", {{"text/plain", {{"schema", {{"type", "string"}}}}}}}}},
                                  {"404", e404}}}}}}},
        {"/api/v1/versions/{version_id}/lyrics.vtt",
         {{"get", {{"summary", "The sung lines' times as WebVTT (a version with vocals)"}, {"tags", {"versions"}},
                   {"parameters", {version_id}},
                   {"responses", {{"200", {{"description", "text/vtt; charset=utf-8, one cue per sung line"},
                                           {"content", {{"text/vtt", {{"schema", {{"type", "string"}}}}}}}}},
                                  {"404", e404}}}}}}},
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
        {"/api/v1/versions/{version_id}/segments/{segment}",
         {{"get", {{"summary", "One segment of a cue: intro, loop or ending (issue 14)"}, {"tags", {"versions"}},
                   {"description", "Sample-aligned pieces of a cue's one-pass render: the loop (the second "
                                   "vamp, its start holding the first's tails) loops as a whole file (WAV smpl "
                                   "and cue chunks, FLAC/OGG LOOPSTART/LOOPLENGTH and LOOP_START/LOOP_END). "
                                   "The version's audio is the one file, intro + loop + ending, with its loop "
                                   "points. MP3 is refused (422): it cannot loop gaplessly."},
                   {"parameters", {version_id, path_param("segment", "intro, loop or ending"), format_q}},
                   {"responses", {{"200", audio_response("Default format flac.")}, {"404", e404},
                                  {"422", error_response("MP3 asked for, or an unknown format")}}}}}}},
        {"/api/v1/versions/{version_id}/stems.zip",
         {{"get", {{"summary", "All stems of a version in one ZIP (FLAC files, stored)"}, {"tags", {"versions"}},
                   {"parameters", {version_id}},
                   {"responses", {{"200", {{"description", "application/zip (HTTP Range supported)"},
                                           {"content", {{"application/zip", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}}},
                                  {"404", e404}}}}}}},
        {"/api/v1/interpret",
         {{"post", {{"summary", "What the engine will understand from a prompt, without generating"},
                    {"tags", {"generation"}},
                    {"description", "The studio's live preview. Options beat the prompt, the prompt "
                                    "beats the style's defaults, as in generation."},
                    {"requestBody", body("InterpretRequest")},
                    {"responses", {{"200", json_response("The interpretation", ref("Interpretation"))},
                                   {"422", e422},
                                   {"503", error_response("No engine behind this server")}}}}}}},
        {"/api/v1/styles",
         {{"get", {{"summary", "The styles the engine knows"}, {"tags", {"generation"}},
                   {"responses", {{"200", json_response("Styles, by id", ref("StyleList"))},
                                  {"503", error_response("No engine behind this server")}}}}}}},
        {"/assets/{file}",
         {{"get", {{"summary", "The web studio's scripts, styles and images (web/dist/assets)"},
                   {"tags", {"meta"}},
                   {"parameters", {path_param("file", "A file name from the studio build")}},
                   {"responses", {{"200", {{"description", "The file, with its content type"}}}, {"404", e404}}}}}}},
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
        {"/music", {{"get", {{"summary", "Redirects to /music/ (307)"}, {"tags", {"music"}},
                             {"responses", {{"307", {{"description", "Location: /music/"}}}}}}}}},
        {"/openapi.json", {{"get", {{"summary", "This document"}, {"tags", {"meta"}},
                                    {"responses", {{"200", {{"description", "OpenAPI 3 JSON"}}}}}}}}},
        {"/docs", {{"get", {{"summary", "Swagger UI"}, {"tags", {"meta"}},
                            {"responses", {{"200", {{"description", "HTML"}}},
                                           {"503", {{"description", "Swagger UI is not installed"}}}}}}}}},
        {"/docs/assets/{name}", {{"get", {{"summary", "Swagger UI's files"}, {"tags", {"meta"}},
                                          {"parameters", {path_param("name", "A file name")}},
                                          {"responses", {{"200", {{"description", "The file"}}}, {"404", e404}}}}}}},
        {"/redoc", {{"get", {{"summary", "ReDoc"}, {"tags", {"meta"}},
                             {"responses", {{"200", {{"description", "HTML"}}},
                                            {"503", {{"description", "ReDoc is not installed"}}}}}}}}},
        {"/redoc/assets/{name}", {{"get", {{"summary", "ReDoc's files"}, {"tags", {"meta"}},
                                           {"parameters", {path_param("name", "A file name")}},
                                           {"responses", {{"200", {{"description", "The file"}}}, {"404", e404}}}}}}},
        {"/api/v1/lyrics/writers",
         {{"get", {{"summary", "The lyrics writers (builtin, llm) and whether each is available"},
                   {"tags", {"lyrics"}},
                   {"responses", {{"200", {{"description", "{default, writers: [{name, available, detail}]}"}}}}}}}}},
        // The seed's model-service API (seed-systems.md §2.2), over OMG's own queue.
        {"/model/v1/generate",
         {{"post", {{"summary", "Submit a job (model-service API; the seed backend's client)"},
                    {"tags", {"model-service"}},
                    {"responses", {{"200", {{"description", "{job_id, status, message}"}}},
                                   {"401", e401}, {"422", e422}, {"429", full}, {"503", full}}}}}}},
        {"/model/v1/generate/{job_id}",
         {{"delete", {{"summary", "Forget a finished job (its files stay)"}, {"tags", {"model-service"}},
                      {"parameters", {job_id}},
                      {"responses", {{"200", {{"description", "{message}"}}}, {"401", e401}, {"404", e404}}}}}}},
        {"/model/v1/generate/{job_id}/progress",
         {{"get", {{"summary", "A job's progress"}, {"tags", {"model-service"}}, {"parameters", {job_id}},
                   {"responses", {{"200", {{"description", "{job_id, status, progress, ...}"}}}, {"404", e404}}}}}}},
        {"/model/v1/generate/{job_id}/status",
         {{"get", {{"summary", "A job's status and versions"}, {"tags", {"model-service"}},
                   {"parameters", {job_id}},
                   {"responses", {{"200", {{"description", "{job_id, status, versions, error}"}}}, {"404", e404}}}}}}},
        {"/model/v1/generate/{job_id}/cancel",
         {{"delete", {{"summary", "Cancel a job"}, {"tags", {"model-service"}}, {"parameters", {job_id}},
                      {"responses", {{"200", {{"description", "{message}"}}}, {"401", e401}, {"404", e404}}}}}}},
        {"/model/v1/jobs/cleanup",
         {{"post", {{"summary", "Forget finished jobs older than max_age_seconds"}, {"tags", {"model-service"}},
                    {"responses", {{"200", {{"description", "{removed}"}}}, {"401", e401}}}}}}},
        {"/model/v1/provider",
         {{"get", {{"summary", "The current provider"}, {"tags", {"model-service"}},
                   {"responses", {{"200", {{"description", "{current_provider, available_providers}"}}}}}}}}},
        {"/model/v1/provider/switch",
         {{"post", {{"summary", "Choose the provider for later jobs"}, {"tags", {"model-service"}},
                    {"responses", {{"200", {{"description", "{message, provider, model_info}"}}}, {"401", e401},
                                   {"400", error_response("Unknown provider")}, {"422", e422}}}}}}},
        {"/model/v1/provider/status",
         {{"get", {{"summary", "Every provider and whether it answers"}, {"tags", {"model-service"}},
                   {"responses", {{"200", {{"description", "{providers: [...]}"}}}}}}}}},
        {"/model/v1/lyrics/generate",
         {{"post", {{"summary", "Lyrics (model-service API; same as /api/v1/lyrics/generate)"},
                    {"tags", {"model-service"}}, {"requestBody", body("LyricsGenerationRequest")},
                    {"responses", {{"200", {{"description", "{lyrics, ...}"}}}, {"401", e401},
                                   {"422", e422}, {"503", error_response("No writer available")}}}}}}},
        {"/downloads/{track_id}.mp3",
         {{"get", {{"summary", "A finished track's MP3 (the download_url)"}, {"tags", {"music"}},
                   {"parameters", {path_param("track_id", "track_xxxxxxxx")}},
                   {"responses", {{"200", audio_response("audio/mpeg")}, {"404", e404}}}}}}},
    };
    const json show_paths = openapi_show_paths();
    for (auto it = show_paths.begin(); it != show_paths.end(); ++it) paths[it.key()] = it.value();
    json doc = {
        {"openapi", "3.0.3"},
        {"info", {{"title", title}, {"version", "1.0.0"},
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
