// The shows API (/api/v1/shows, the contract in README's API section): a show's cues are
// ordinary jobs; this file reads the body, asks the prompt service for each cue's key and tempo
// alone, plans the show (show/plan.h), hands it to the ShowService, and answers from the show
// records, the cue jobs' versions and the show's own files.
#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "http/route_helpers.h"
#include "http/routes.h"
#include "http/show_validation.h"
#include "http/zip_archive.h"
#include "show/cue_sheet.h"
#include "show/plan.h"
#include "storage/ids.h"

namespace omg::http {

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The cue's key and tempo by itself: from its own fields, else the engine's interpretation.
Result<show::Tonality> tonality_alone(const ApiContext& ctx, const model::GenerationRequest& request) {
    show::Tonality t;
    std::optional<model::Key> key = request.key ? model::parse_key(*request.key) : std::nullopt;
    if (request.bpm) t.bpm = *request.bpm;
    if ((!key || !request.bpm) && ctx.options.prompts != nullptr) {
        InterpretRequest asked{request, request.cue ? std::nullopt : std::optional<double>(request.duration_s)};
        auto brief = ctx.options.prompts->interpret(asked);
        if (!brief) return tl::unexpected(brief.error());
        if (!request.bpm) t.bpm = brief->value("tempo_bpm", 120.0);
        if (!key) key = model::parse_key(brief->value("key", std::string("C")) + " " + brief->value("mode", std::string("major")));
    }
    t.key = key.value_or(model::Key{});
    return t;
}

std::string slug(const std::string& title) {
    std::string s;
    for (char c : title) {
        if (std::isalnum(static_cast<unsigned char>(c))) s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        else if (!s.empty() && s.back() != '-') s.push_back('-');
    }
    while (!s.empty() && s.back() == '-') s.pop_back();
    return s.empty() ? "cue" : s.substr(0, 40);
}

std::string cue_prefix(size_t i, const std::string& title) {
    const std::string num = std::to_string(i + 1);
    return (num.size() < 2 ? "0" + num : num) + "-" + slug(title);
}

json show_links(const std::string& id) {
    const std::string base = "/api/v1/shows/" + id;
    return {{"mix", base + "/mix"}, {"cue_sheet_csv", base + "/cue-sheet.csv"},
            {"cue_sheet_json", base + "/cue-sheet.json"}, {"zip", base + "/zip"}};
}

json cue_json(const jobs::ShowView& view, size_t i) {
    const storage::ShowRecord& rec = view.record;
    const model::ShowCue& cue = rec.show.cues[i];
    const auto& job = view.jobs[i];
    json j = {{"number", i + 1}, {"title", cue.title}, {"job_id", rec.cues[i].job_id},
              {"status", job ? json(std::string(storage::status_name(job->record.status))) : json("deleted")},
              {"kind", cue.request.cue ? "vamp" : "track"}, {"adjusted", rec.cues[i].adjusted}};
    const storage::VersionRecord* version =
        job && job->record.status == storage::JobStatus::completed && !job->record.versions.empty()
            ? &job->record.versions.front() : nullptr;
    const json meta = version ? json::parse(version->metadata_json, nullptr, false) : json();
    const json brief = meta.is_object() ? meta.value("brief", json::object()) : json::object();
    j["version_id"] = version ? json(version->id) : json();
    // The Brief's and the request's bpm count felt beats (dotted quarters in 6/8).
    const std::string metre_text = brief.value("time_signature", cue.request.time_signature.value_or("4/4"));
    const auto metre = model::parse_time_signature(metre_text);
    const std::optional<double> felt_bpm = brief.contains("tempo_bpm") && brief["tempo_bpm"].is_number()
                                               ? std::optional<double>(brief["tempo_bpm"].get<double>())
                                               : cue.request.bpm;
    if (felt_bpm) {
        const show::CueTempo tempo = show::cue_tempo(metre ? metre_text : "4/4", *felt_bpm);
        j["tempo_qpm"] = std::round(tempo.qpm * 1000) / 1000;
        j["beat"] = tempo.beat;
        j["beats_per_minute"] = std::round(tempo.beats_per_minute * 1000) / 1000;
        j["tempo"] = tempo.text;
    } else {
        j["tempo_qpm"] = j["beat"] = j["beats_per_minute"] = j["tempo"] = nullptr;
    }
    // Felt beats (2 in 6/8): the player's "to ending on the beat" cuts on them.
    j["beats_per_bar"] = metre ? metre->beats_per_bar() : 4;
    j["beat_unit"] = metre ? metre->denominator : 4;
    j["key"] = brief.contains("key") ? json(brief.value("key", std::string()) + " " + brief.value("mode", std::string("major")))
                                     : cue.request.key ? json(*cue.request.key) : json();
    const json layout = meta.is_object() && meta.contains("cue") ? meta["cue"] : json();
    double length = cue.request.duration_s;
    if (layout.is_object()) {
        const double rate = layout.value("sample_rate", 44100.0);
        length = static_cast<double>(layout.value("intro_frames", int64_t{0}) + layout.value("loop_frames", int64_t{0}) +
                                     layout.value("ending_frames", int64_t{0})) / rate;
    } else if (brief.contains("duration_s")) {
        length = brief["duration_s"].get<double>();
    }
    j["length_s"] = version ? json(std::round(length * 1000) / 1000) : json();
    j["start_s"] = i < rec.starts_s.size() ? json(std::round(rec.starts_s[i] * 1000) / 1000) : json();
    j["vamp_bars"] = cue.request.cue ? json(cue.request.cue->vamp_bars) : json();
    j["intro_bars"] = cue.request.cue ? json(cue.request.cue->intro_bars) : json();
    j["ending"] = cue.request.cue ? json(std::string(model::cue_ending_name(cue.request.cue->ending))) : json();
    j["ending_on"] = std::string(model::ending_on_name(cue.ending_on));
    j["vamp_repeats"] = cue.vamp_repeats;
    j["segments"] = layout.is_object()
                        ? json{{"sample_rate", layout.value("sample_rate", 44100)},
                               {"intro_frames", layout.value("intro_frames", int64_t{0})},
                               {"loop_start", layout.value("intro_frames", int64_t{0})},
                               {"loop_frames", layout.value("loop_frames", int64_t{0})},
                               {"ending_frames", layout.value("ending_frames", int64_t{0})},
                               {"frames_per_bar", layout.value("frames_per_bar", int64_t{0})}}
                        : json();
    json hits = json::array();
    if (meta.is_object() && meta.contains("hits")) {
        for (const json& h : meta["hits"])
            hits.push_back({{"time", h.value("time_s", h.value("time", 0.0))}, {"kind", h.value("kind", "accent")},
                            {"met", h.value("met", false)}, {"landed_at", h.value("landed_s", json())},
                            {"reason", h.value("reason", json())}});
    } else {
        for (const model::Hit& h : cue.request.hits)
            hits.push_back({{"time", h.time_s ? json(*h.time_s) : json()}, {"kind", std::string(model::hit_kind_name(h.kind))},
                            {"met", nullptr}, {"landed_at", nullptr}, {"reason", nullptr}});
    }
    j["hits"] = std::move(hits);
    j["transition"] = {{"type", std::string(model::transition_name(cue.transition.type))}, {"seconds", cue.transition.seconds}};
    if (version) {
        const std::string base = "/api/v1/versions/" + version->id;
        j["links"] = {{"audio", base + "/audio?format=wav"}, {"stems", base + "/stems"}};
        if (layout.is_object()) {
            j["links"]["intro"] = base + "/segments/intro";
            j["links"]["loop"] = base + "/segments/loop";
            j["links"]["ending"] = base + "/segments/ending";
        }
    } else {
        j["links"] = nullptr;
    }
    return j;
}

json show_json(const jobs::ShowView& view) {
    const storage::ShowRecord& rec = view.record;
    json cues = json::array();
    for (size_t i = 0; i < rec.cues.size() && i < rec.show.cues.size(); ++i) cues.push_back(cue_json(view, i));
    json j = {{"id", rec.id}, {"title", rec.title}, {"status", rec.status},
              {"loudness", std::string(model::loudness_name(rec.show.loudness))},
              {"keep_compatible", rec.show.keep_compatible}, {"created_at", rec.created_at},
              {"finished_at", rec.finished_at ? json(*rec.finished_at) : json()},
              {"error", rec.error ? json(*rec.error) : json()}, {"cues", std::move(cues)}};
    if (rec.status == storage::kShowCompleted) j["links"] = show_links(rec.id);
    return j;
}

// The zip's entries: the show's files, then each cue's files under cues/NN-title...
std::vector<ZipEntry> zip_entries(const ApiContext& ctx, const jobs::ShowView& view, jobs::ShowService& shows) {
    std::vector<ZipEntry> entries;
    for (const std::string& name : view.record.files)
        if (auto path = shows.file_path(view.record.id, name)) entries.push_back({name, *path});
    for (size_t i = 0; i < view.jobs.size(); ++i) {
        if (!view.jobs[i] || view.jobs[i]->record.versions.empty()) continue;
        const auto& job = view.jobs[i]->record;
        const auto& version = job.versions.front();
        const std::string prefix = "cues/" + cue_prefix(i, view.record.show.cues[i].title);
        for (const std::string& file : version.files) {
            if (file.rfind(version.id, 0) != 0) continue;
            std::string rest = file.substr(version.id.size());  // ".flac", ".loop.flac", ".stem-bass.flac", ".mid"
            if (rest == ".mp3" || rest == ".peaks.json") continue;
            std::replace(rest.begin(), rest.end(), '.', '-');
            const auto dot = rest.rfind('-');
            std::string name = prefix + rest.substr(0, dot) + "." + rest.substr(dot + 1);
            if (name.find("-stem-") != std::string::npos) name = prefix + "/stems/" + rest.substr(6, dot - 6) + "." + rest.substr(dot + 1);
            if (auto path = ctx.artifacts.file_path(job.id, file)) entries.push_back({name, *path});
        }
    }
    return entries;
}

}  // namespace

void install_show_routes(const AddRoute& route, const ApiContext& ctx) {
    auto unavailable = [](Reply& res) { detail(res, 503, "Shows are not available on this server"); };
    route("POST", "/api/v1/shows", RouteKind::submit, [&ctx, unavailable](const Request& req, Reply& res) {
        if (ctx.options.shows == nullptr) return unavailable(res);
        json errors = json::array();
        auto show = parse_show(req.body, ctx.options.limits, &errors);
        if (!show) return reply_json(res, 422, {{"detail", errors}});
        // The show-level checks name a field path ("cues[2].vamp_repeats"): located as the
        // parser's errors are, ["body", "cues", 2, "vamp_repeats"].
        auto refuse = [&res](const std::string& field, const std::string& message) {
            reply_json(res, 422, {{"detail", json::array({{{"type", "value_error"}, {"loc", body_loc(field)}, {"msg", message}}})}});
        };
        if (auto st = show::validate_show(*show); !st) {
            const std::string& m = st.error().message;
            return refuse(m.substr(0, m.find(':')), m);
        }
        std::vector<show::Tonality> alone;
        for (size_t i = 0; i < show->cues.size(); ++i) {
            auto t = tonality_alone(ctx, show->cues[i].request);
            if (!t) return refuse("cues[" + std::to_string(i) + "]", t.error().message);
            alone.push_back(*t);
        }
        auto plans = show::plan_show(*show, alone);
        if (!plans) return refuse("cues", plans.error().message);
        std::vector<bool> adjusted;
        for (size_t i = 0; i < plans->size(); ++i) {
            show->cues[i].request = (*plans)[i].request;
            adjusted.push_back((*plans)[i].adjusted);
        }
        auto created = ctx.options.shows->create(std::move(*show), std::move(adjusted));
        if (!created) return refuse_submit(ctx, res, created.error());
        json cues = json::array();
        for (size_t i = 0; i < created->record.cues.size(); ++i)
            cues.push_back({{"number", i + 1}, {"title", created->record.show.cues[i].title},
                            {"job_id", created->record.cues[i].job_id}});
        reply_json(res, 202, {{"id", created->record.id}, {"status", created->record.status}, {"cues", std::move(cues)}});
    });
    route("GET", "/api/v1/shows", RouteKind::quick_read, [&ctx, unavailable](const Request&, Reply& res) {
        if (ctx.options.shows == nullptr) return unavailable(res);
        json shows = json::array();
        for (const auto& s : ctx.options.shows->list())
            shows.push_back({{"id", s.id}, {"title", s.title}, {"status", s.status}, {"created_at", s.created_at},
                             {"cue_count", s.cues.size()}});
        reply_json(res, 200, {{"shows", std::move(shows)}});
    });
    auto find = [&ctx](const std::string& id, Reply& res) -> std::optional<jobs::ShowView> {
        if (ctx.options.shows == nullptr) {
            detail(res, 503, "Shows are not available on this server");
            return std::nullopt;
        }
        auto view = storage::is_uuid(id) ? ctx.options.shows->get(id) : std::nullopt;
        if (!view) detail(res, 404, "Show " + id + " not found");
        return view;
    };
    route("GET", "/api/v1/shows/{id}", RouteKind::quick_read, [find](const Request& req, Reply& res) {
        if (auto view = find(req.matches[1], res)) reply_json(res, 200, show_json(*view));
    });
    route("DELETE", "/api/v1/shows/{id}", RouteKind::write, [&ctx, find](const Request& req, Reply& res) {
        if (!find(req.matches[1], res)) return;
        if (auto st = ctx.options.shows->erase(req.matches[1]); !st && st.error().code != Errc::not_found)
            return detail(res, 500, "Failed to delete show " + std::string(req.matches[1]));
        res.status = 204;
    });
    // A completed show's file, or a 409 naming its status.
    auto completed = [find](const Request& req, Reply& res) -> std::optional<jobs::ShowView> {
        auto view = find(req.matches[1], res);
        if (view && view->record.status != storage::kShowCompleted) {
            detail(res, 409, "Show " + view->record.id + " is " + view->record.status + ", not completed");
            return std::nullopt;
        }
        return view;
    };
    for (const char* name : {"cue-sheet.csv", "cue-sheet.json"}) {
        const std::string file = name;
        const char* mime = file.ends_with(".csv") ? "text/csv; charset=utf-8" : "application/json";
        route("GET", "/api/v1/shows/{id}/" + file, RouteKind::quick_read, [&ctx, completed, file, mime](const Request& req, Reply& res) {
            auto view = completed(req, res);
            if (!view) return;
            auto path = ctx.options.shows->file_path(view->record.id, file);
            if (!path) return detail(res, 404, "Show file not found");
            serve_file(res, *path, mime, slug(view->record.title) + "-" + file);
        });
    }
    route("GET", "/api/v1/shows/{id}/mix", RouteKind::slow_read, [&ctx, completed](const Request& req, Reply& res) {
        auto view = completed(req, res);
        if (!view) return;
        const std::string format = req.has_param("format") ? lower(req.get_param_value("format")) : "wav";
        auto type = audio_type(format);
        if (!type) {
            return reply_json(res, 422, {{"detail", json::array({{{"type", "enum"}, {"loc", json::array({"query", "format"})},
                                                                  {"msg", "Input should be 'wav', 'flac', 'ogg' or 'mp3'"},
                                                                  {"input", format}}})}});
        }
        auto source = ctx.options.shows->file_path(view->record.id, "mix.flac");
        auto path = ctx.options.shows->file_path(view->record.id, "mix." + format);
        if (!source || !path) return detail(res, 404, "Show mix not found");
        std::error_code ec;
        if (!fs::is_regular_file(*path, ec)) {
            if (auto st = ctx.engine.convert_audio(*source, *path, format); !st)
                return detail(res, 500, "Could not convert the show mix");
        }
        serve_file(res, *path, type->mime, slug(view->record.title) + "." + format);
    });
    route("GET", "/api/v1/shows/{id}/zip", RouteKind::slow_read, [&ctx, completed](const Request& req, Reply& res) {
        auto view = completed(req, res);
        if (!view) return;
        auto zip = ZipArchive::plan(zip_entries(ctx, *view, *ctx.options.shows));
        if (!zip) {
            const bool big = zip.error().code == Errc::too_large;
            return detail(res, big ? 413 : 500, big ? zip.error().message : "Could not build the show's archive");
        }
        res.status = 200;
        res.set_content(zip_content(std::move(*zip)), "application/zip");
        res.set_header("Accept-Ranges", "bytes");
        res.set_header("Content-Disposition", attachment(slug(view->record.title) + ".zip"));
    });
}

}  // namespace omg::http
