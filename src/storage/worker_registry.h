// WorkerRegistry: the `workers` table, where worker processes on many machines say that they are
// alive and what they run, for /health, GET /api/v1/workers and people operating them.
//
// A worker upserts its row with `beat` on every heartbeat (the time is the database server's
// clock, as for leases) and deletes it with `leave` on a graceful stop; a worker killed with
// kill -9 leaves its row behind, and readers tell it apart by the age of its last heartbeat.
// `seen_within` lists the workers whose last heartbeat is at most that old, newest first.
// Thread-safe: each implementation serialises its calls through its own connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace omg::storage {

struct WorkerBeat {
    std::string id;    // unique per process: host, pid and a random part
    std::string host;
    int64_t pid = 0;
    std::vector<std::string> providers;
    std::vector<std::string> current_jobs;  // ids of the jobs it runs now
    std::string started_at;                 // ISO time the process started
    int64_t claims = 0;                     // claim statements made since it started
    double claim_seconds = 0;               // their total time (claim latency's sum)
};

struct WorkerSeen {
    WorkerBeat worker;
    std::string last_heartbeat;   // ISO 8601 with the server's offset
    double heartbeat_age_s = 0;   // seconds since, by the database's clock
};

class WorkerRegistry {
public:
    virtual ~WorkerRegistry() = default;
    virtual Status beat(const WorkerBeat& worker) = 0;
    virtual Status leave(const std::string& worker_id) = 0;
    virtual Result<std::vector<WorkerSeen>> seen_within(std::chrono::seconds age) = 0;
};

// A connection of its own (the schema created and migrated as needed). Errc::unavailable when
// the database cannot be reached.
Result<std::unique_ptr<WorkerRegistry>> open_postgres_worker_registry(const std::string& url);

}  // namespace omg::storage
