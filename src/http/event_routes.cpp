// GET /api/v1/events: every job change as Server-Sent Events, with Last-Event-ID resume.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <atomic>

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

// One client's Server-Sent Events: a hello (with the id it starts after), then every event of
// the bus newer than that, optionally only one job's; a resync when a resumed client missed
// events that are gone; a comment line when idle, so proxies keep the connection.
class EventStream final : public Stream {
public:
    EventStream(jobs::EventBus& bus, const std::atomic<bool>& shutting_down, uint64_t after,
                bool resumed, std::string job_filter, int keepalive_ms)
        : bus_(bus),
          shutting_down_(shutting_down),
          after_(after),
          resumed_(resumed),
          job_filter_(std::move(job_filter)),
          keepalive_ms_(keepalive_ms) {}

    void start(std::function<void()> wake) override { token_ = bus_.subscribe(std::move(wake)); }
    void stop() override {
        if (token_ != 0) bus_.unsubscribe(token_);
        token_ = 0;
    }
    int keepalive_ms() const override { return keepalive_ms_; }

    bool pull(std::string* out, bool idle) override {
        if (first_) {
            first_ = false;
            *out += "retry: 2000\nid: " + std::to_string(after_) + "\nevent: hello\ndata: {}\n\n";
        }
        if (shutting_down_) return false;
        auto batch = bus_.collect_after(after_);
        if (batch.closed) return false;
        if (batch.gap && resumed_) {
            // Missed events are gone: tell the client to re-read the state.
            *out += "event: resync\ndata: {}\n\n";
        }
        resumed_ = false;
        // An id from another numbering (a node of another database, an old server): go on from
        // here, the resync above having told the client to re-read.
        if (batch.gap && batch.events.empty()) after_ = std::min(after_, bus_.last_id());
        const std::string quoted = "\"" + job_filter_ + "\"";
        for (const auto& e : batch.events) {
            after_ = e.id;
            if (!job_filter_.empty() && e.data.find(quoted) == std::string::npos) continue;
            *out += "id: " + std::to_string(e.id) + "\nevent: " + e.type + "\ndata: " + e.data +
                    "\n\n";
        }
        if (out->empty() && idle) *out = ": keepalive\n\n";
        return true;
    }

private:
    jobs::EventBus& bus_;
    const std::atomic<bool>& shutting_down_;
    uint64_t after_;
    bool resumed_;
    std::string job_filter_;
    int keepalive_ms_;
    bool first_ = true;
    uint64_t token_ = 0;
};

}  // namespace

void install_event_routes(const AddRoute& route, const ApiContext& ctx) {
    route("GET", "/api/v1/events", RouteKind::quick_read, [&ctx](const Request& req, Reply& res) {
        uint64_t after = ctx.events.last_id();
        std::string last = req.get_header_value("Last-Event-ID");
        if (last.empty() && req.has_param("last_event_id")) last = req.get_param_value("last_event_id");
        bool resumed = false;
        if (!last.empty()) {
            char* end = nullptr;
            unsigned long long v = std::strtoull(last.c_str(), &end, 10);
            if (end != nullptr && *end == '\0') {
                after = v;
                resumed = true;
            }
        }
        std::string job_filter = req.has_param("job_id") ? req.get_param_value("job_id") : "";
        res.status = 200;
        res.set_stream(std::make_shared<EventStream>(ctx.events, ctx.shutting_down, after, resumed,
                                                     std::move(job_filter),
                                                     ctx.options.sse_keepalive_s * 1000),
                       "text/event-stream");
        res.set_header("Cache-Control", "no-cache");
        res.set_header("X-Accel-Buffering", "no");
    });

}

}  // namespace omg::http
