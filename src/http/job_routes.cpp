// The OMG backend API's jobs and queue (/api/v1/generate, /jobs, /queue) and the studio's
// prompt interpretation and style list.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "http/route_helpers.h"
#include "http/routes.h"
#include "model/hit.h"
#include "storage/ids.h"
#include "storage/job_record.h"

namespace omg::http {

using json = nlohmann::json;
using storage::JobStatus;
namespace fs = std::filesystem;

void install_job_routes(const AddRoute& route, const ApiContext& ctx) {
    // The JSON shapes of a job and a queue item.
    auto versions_json = [](const storage::JobRecord& r) -> json {
        if (r.status != JobStatus::completed) return nullptr;
        json out = json::array();
        for (const auto& v : r.versions) out.push_back({{"id", v.id}, {"metadata", version_metadata_with_links(v)}});
        return out;
    };
    auto job_json = [versions_json](const jobs::JobView& v) {
        const auto& r = v.record;
        return json{{"job_id", r.id},
                    {"status", storage::status_name(r.status)},
                    {"progress", std::round(r.progress * 100.0) / 100.0},
                    {"versions", versions_json(r)},
                    {"error", opt(r.error)},
                    {"queue_position", opt(v.queue_position)},
                    {"stage", v.stage},
                    {"eta_seconds", opt(v.eta_s)},
                    {"created_at", r.created_at},
                    {"started_at", opt(r.started_at)},
                    {"finished_at", opt(r.finished_at)}};
    };
    auto queue_item_json = [versions_json](const jobs::JobView& v) {
        const auto& r = v.record;
        return json{{"job_id", r.id},
                    {"status", storage::status_name(r.status)},
                    {"queue_position", opt(v.queue_position)},
                    {"progress", std::round(r.progress * 100.0) / 100.0},
                    {"prompt", r.params.prompt},
                    {"duration", r.params.duration_s},
                    {"num_versions", r.params.num_versions},
                    {"lyrics", opt(r.params.lyrics)},
                    {"seed", opt(r.params.seed)},
                    {"provider", opt(r.params.provider)},
                    {"versions", versions_json(r)},
                    {"error", opt(r.error)},
                    {"created_at", r.created_at},
                    {"stage", v.stage},
                    {"eta_seconds", opt(v.eta_s)}};
    };
    // ---- prompt understanding and styles, for the studio ------------------------------------
    route("POST", "/api/v1/interpret", RouteKind::slow_read, [&ctx](const Request& req, Reply& res) {
        json errors = json::array();
        auto request = parse_interpret(req.body, ctx.options.limits, &errors);
        if (!request) {
            reply_json(res, 422, {{"detail", errors}});
            return;
        }
        if (ctx.options.prompts == nullptr) {
            detail(res, 503, "Prompt interpretation is not available on this server");
            return;
        }
        auto brief = ctx.options.prompts->interpret(*request);
        if (!brief) {
            const Errc code = brief.error().code;
            if (code == Errc::invalid_argument || code == Errc::not_found) {
                detail(res, 422, brief.error().message);
            } else {
                detail(res, 500, "Could not interpret the prompt");
            }
            return;
        }
        reply_json(res, 200, *brief);
    });
    route("GET", "/api/v1/styles", RouteKind::slow_read, [&ctx](const Request&, Reply& res) {
        if (ctx.options.prompts == nullptr) {
            detail(res, 503, "The style list is not available on this server");
            return;
        }
        json styles = ctx.options.prompts->styles();
        const auto total = styles.size();
        reply_json(res, 200, {{"styles", std::move(styles)}, {"total", total}});
    });

    // ---- OMG backend API ---------------------------------------------------------------------
    route("POST", "/api/v1/generate", RouteKind::submit,
          [&ctx](const Request& req, Reply& res) {
              json errors = json::array();
              auto params = parse_generate(req.body, ctx.options.limits, &errors);
              if (!params) {
                  reply_json(res, 422, {{"detail", errors}});
                  return;
              }
              auto view = ctx.queue.submit(std::move(*params));
              if (!view) {
                  refuse_submit(ctx, res, view.error());
                  return;
              }
              reply_json(res, 200,
                    {{"job_id", view->record.id},
                     {"status", "pending"},
                     {"queue_position", opt(view->queue_position)},
                     {"eta_seconds", opt(view->eta_s)}});
          });
    route("GET", "/api/v1/jobs/{id}", RouteKind::quick_read, [&ctx, job_json](const Request& req, Reply& res) {
        const std::string id = req.matches[1];
        auto view = storage::is_valid_id(id) ? ctx.queue.get(id) : std::nullopt;
        if (!view) {
            detail(res, 404, "Job " + id + " not found");
            return;
        }
        reply_json(res, 200, job_json(*view));
    });
    route("DELETE", "/api/v1/jobs/{id}", RouteKind::write, [&ctx](const Request& req, Reply& res) {
        const std::string id = req.matches[1];
        auto st = storage::is_valid_id(id) ? ctx.queue.erase(id)
                                           : Status(fail(Errc::not_found, "not found"));
        if (!st) {
            if (st.error().code == Errc::not_found) {
                detail(res, 404, "Job " + id + " not found");
            } else if (st.error().code == Errc::unavailable) {
                detail(res, 503, st.error().message);
            } else {
                detail(res, 500, "Failed to delete job " + id);
            }
            return;
        }
        reply_json(res, 200, {{"message", "Job " + id + " deleted"}, {"job_id", id}});
    });
    route("GET", "/api/v1/queue", RouteKind::slow_read, [&ctx, queue_item_json](const Request& req, Reply& res) {
        // ?include=cancelled (opt-in, OMG): cancelled jobs that left the queue follow it, so a
        // reloaded studio keeps them in its history. The default is the seed's listing.
        const std::string include = req.has_param("include") ? lower(req.get_param_value("include"))
                                                             : "queue";
        if (include != "queue" && include != "cancelled") {
            reply_json(res, 422,
                  {{"detail", json::array({{{"type", "enum"},
                                            {"loc", json::array({"query", "include"})},
                                            {"msg", "Input should be 'queue' or 'cancelled'"},
                                            {"input", include},
                                            {"ctx", {{"expected", "'queue' or 'cancelled'"}}}}})}});
            return;
        }
        // Pages: ?offset= (0..) and ?limit= (1..max_page_items, which is also the default).
        json errors = json::array();
        const size_t limit = query_count(req, "limit", 1, ctx.options.max_page_items,
                                         ctx.options.max_page_items, &errors);
        const size_t offset = query_count(req, "offset", 0, SIZE_MAX / 2, 0, &errors);
        if (!errors.empty()) {
            reply_json(res, 422, {{"detail", errors}});
            return;
        }
        const auto all = ctx.queue.list_queue(include == "cancelled");
        json items = json::array();
        for (size_t i = offset; i < all.size() && items.size() < limit; ++i) {
            items.push_back(queue_item_json(all[i]));
        }
        reply_json(res, 200,
              {{"items", std::move(items)}, {"total", all.size()}, {"offset", offset},
               {"limit", limit}});
    });
    route("PATCH", "/api/v1/queue/reorder", RouteKind::write, [&ctx](const Request& req, Reply& res) {
        json errors = json::array();
        auto r = parse_reorder(req.body, &errors);
        if (!r) {
            reply_json(res, 422, {{"detail", errors}});
            return;
        }
        auto st = storage::is_valid_id(r->job_id) ? ctx.queue.reorder(r->job_id, r->new_position)
                                                  : Status(fail(Errc::not_found, "not found"));
        if (!st && st.error().code == Errc::unavailable) {
            detail(res, 503, st.error().message);
            return;
        }
        if (!st) {
            detail(res, 400,
                   "Failed to reorder job " + r->job_id +
                       ". Job may not exist, position may be invalid, or job may be currently "
                       "processing.");
            return;
        }
        reply_json(res, 200, {{"message", "Job " + r->job_id + " moved to position " +
                                         std::to_string(r->new_position)}});
    });
    auto in_queue = [&ctx](const std::string& id) -> std::optional<jobs::JobView> {
        if (!storage::is_valid_id(id)) return std::nullopt;
        auto v = ctx.queue.get(id);
        if (!v || !v->queue_position) return std::nullopt;
        return v;
    };
    route("GET", "/api/v1/queue/{id}", RouteKind::quick_read,
          [in_queue, queue_item_json](const Request& req, Reply& res) {
              const std::string id = req.matches[1];
              auto v = in_queue(id);
              if (!v) {
                  detail(res, 404, "Queue item " + id + " not found");
                  return;
              }
              reply_json(res, 200, queue_item_json(*v));
          });
    route("DELETE", "/api/v1/queue/{id}", RouteKind::write, [&ctx](const Request& req, Reply& res) {
        const std::string id = req.matches[1];
        auto st = storage::is_valid_id(id) ? ctx.queue.remove_from_queue(id)
                                           : Status(fail(Errc::not_found, "not found"));
        if (!st && st.error().code == Errc::unavailable) {
            detail(res, 503, st.error().message);
            return;
        }
        if (!st) {
            detail(res, 404, "Queue item " + id + " not found");
            return;
        }
        reply_json(res, 200, {{"message", "Job " + id + " removed from queue"}});
    });
    route("GET", "/api/v1/queue/{id}/preset", RouteKind::quick_read, [in_queue](const Request& req, Reply& res) {
        const std::string id = req.matches[1];
        auto v = in_queue(id);
        if (!v) {
            detail(res, 404, "Queue item " + id + " not found");
            return;
        }
        const auto& p = v->record.params;
        json preset = {{"prompt", p.prompt},          {"duration", p.duration_s},
                       {"num_versions", p.num_versions}, {"lyrics", opt(p.lyrics)},
                       {"seed", opt(p.seed)},          {"provider", opt(p.provider)}};
        if (p.bpm) preset["bpm"] = *p.bpm;
        if (p.key) preset["key"] = *p.key;
        if (p.time_signature) preset["time_signature"] = *p.time_signature;
        if (p.style) preset["style"] = *p.style;
        if (p.stems) preset["stems"] = true;
        if (p.vocals) preset["vocals"] = *p.vocals;
        if (p.loudness) preset["loudness"] = std::string(model::loudness_name(*p.loudness));
        if (p.quality) preset["quality"] = std::string(model::sound_quality_name(*p.quality));
        if (p.arrangement_guided) preset["arrangement_guided"] = true;
        if (p.cover_strength) preset["cover_strength"] = *p.cover_strength;
        if (!p.hits.empty()) {
            json hits = json::array();
            for (const model::Hit& hit : p.hits) {
                json h;
                if (hit.bar_beat) h["bar_beat"] = std::to_string(hit.bar_beat->bar) + ":" + std::to_string(hit.bar_beat->beat);
                else h["time"] = hit.time_s.value_or(0);
                h["kind"] = std::string(model::hit_kind_name(hit.kind));
                hits.push_back(std::move(h));
            }
            preset["hits"] = std::move(hits);  // as the request gave them
        }
        reply_json(res, 200, preset);
    });
}

}  // namespace omg::http
