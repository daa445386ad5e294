// The sergiecode API (/music, /downloads): submit, status and the finished MP3.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "http/route_helpers.h"
#include "http/routes.h"
#include "storage/ids.h"
#include "storage/job_record.h"

namespace omg::http {

using json = nlohmann::json;
using storage::JobStatus;
namespace fs = std::filesystem;

namespace {

std::string iso_after(double seconds) {
    using namespace std::chrono;
    return storage::iso_time(system_clock::now() + duration_cast<system_clock::duration>(duration<double>(seconds)));
}

bool safe_host(const std::string& host) {
    if (host.empty() || host.size() > 255) return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '-' ||
               c == '[' || c == ']';
    });
}

}  // namespace

void install_music_routes(const AddRoute& route, const ApiContext& ctx) {
    route("GET", "/music/", RouteKind::quick_read, [](const Request&, Reply& res) {
        reply_json(res, 200,
              {{"service", "Music AI Generator"},
               {"version", kApiVersion},
               {"supported_formats", json::array({"mp3", "wav", "flac", "ogg"})},
               {"max_duration", 300},
               {"min_duration", 5},
               {"status", "active"}});
    });
    route("GET", "/music", RouteKind::quick_read, [](const Request&, Reply& res) {
        res.set_redirect("/music/", 307);
    });
    auto track_status = [](const jobs::JobView& v) -> std::string {
        switch (v.record.status) {
            case JobStatus::completed: return "completed";
            case JobStatus::failed:
            case JobStatus::cancelled: return "failed";
            default: return "processing";
        }
    };
    auto download_url = [](const Request& req, const std::string& id) {
        std::string host = req.get_header_value("Host");
        std::string path = "/downloads/" + id + ".mp3";
        return safe_host(host) ? "http://" + host + path : path;
    };
    route("POST", "/music/generate", RouteKind::submit,
          [&ctx](const Request& req, Reply& res) {
              json errors = json::array();
              bool blank = false;
              auto t = parse_track(req.body, &errors, &blank);
              if (blank) {
                  detail(res, 400, "Prompt cannot be empty");
                  return;
              }
              if (!t) {
                  reply_json(res, 422, {{"detail", errors}});
                  return;
              }
              storage::JobParams params;
              params.prompt = t->prompt;
              params.duration_s = t->duration;
              auto view = ctx.queue.submit(params, "track");
              if (!view) {
                  refuse_submit(ctx, res, view.error());
                  return;
              }
              int estimate = std::max(1, static_cast<int>(std::ceil(view->eta_s.value_or(1))));
              reply_json(res, 200,
                    {{"success", true},
                     {"message", "Music generation started for prompt: '" + t->prompt + "'"},
                     {"track_id", view->record.id},
                     {"prompt", t->prompt},
                     {"duration", t->duration},
                     {"estimated_processing_time", estimate},
                     {"status", "processing"},
                     {"download_url", nullptr}});
          });
    route("GET", "/music/status/{id}", RouteKind::quick_read,
          [&ctx, track_status, download_url](const Request& req, Reply& res) {
              const std::string id = req.matches[1];
              auto v = storage::is_valid_id(id) ? ctx.queue.get(id) : std::nullopt;
              if (!v) {
                  detail(res, 404, "Track not found: 'Track ID " + id + " not found'");
                  return;
              }
              const auto& r = v->record;
              const std::string status = track_status(*v);
              json body = {{"track_id", r.id},
                           {"status", status},
                           {"progress", static_cast<int>(std::floor(r.progress))},
                           {"prompt", r.params.prompt},
                           {"duration", static_cast<int>(std::lround(r.params.duration_s))},
                           {"created_at", r.created_at},
                           {"estimated_completion",
                            r.finished_at ? *r.finished_at : iso_after(v->eta_s.value_or(0))},
                           {"download_url", status == "completed" ? json(download_url(req, r.id))
                                                                  : json(nullptr)}};
              if (r.error) body["error"] = *r.error;
              reply_json(res, 200, body);
          });
    route("GET", "/downloads/{id}.mp3", RouteKind::slow_read, [&ctx](const Request& req, Reply& res) {
        const std::string id = req.matches[1];
        auto v = storage::is_valid_id(id) ? ctx.queue.get(id) : std::nullopt;
        if (!v || v->record.status != JobStatus::completed || v->record.versions.empty()) {
            detail(res, 404, "Track " + id + " not found");
            return;
        }
        jobs::VersionRef ref{id, v->record.versions.front()};
        auto path = version_audio(ctx, ref, ref.version.id, "mp3");
        if (!path) {
            detail(res, 404, "Track " + id + " not found");
            return;
        }
        serve_artifact(res, *path, "audio/mpeg", "generated_music_" + id + ".mp3");
    });

}

}  // namespace omg::http
