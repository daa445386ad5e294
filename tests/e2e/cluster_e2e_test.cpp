// Many machines on one: a throwaway PostgreSQL server, one `omg serve --workers 0` API node and
// two `omg worker` processes, each with a data folder of its own (no shared folder: the files
// travel through the database), all real processes on 127.0.0.1 with the real engine. A job
// submitted through the API node is rendered by a worker and its files are served by the node
// from the database, with Range; a worker killed with kill -9 mid-render loses the job to the
// other, which completes it exactly once; a cancel on the API node stops the render on its
// worker within a second; with --artifacts, a shared folder carries the files instead.
// Skipped only where Debian's PostgreSQL binaries are missing.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "storage/ids.h"
#include "storage/job_store.h"
#include "storage/pg_session.h"
#include "support/eventually.h"
#include "support/omg_process.h"
#include "support/postgres_fixture.h"

namespace omg::e2e {
namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

using Process = testing::OmgProcess;
using testing::count_of;

class Cluster : public ::testing::Test {
protected:
    void SetUp() override {
        if (auto missing = test::postgres_binaries_missing()) GTEST_SKIP() << *missing;
        url_ = test::fresh_postgres_database();
        ASSERT_FALSE(url_.empty());
        root_ = fs::temp_directory_path() / ("omg-cluster-" + storage::new_uuid());
        fs::create_directories(root_ / "data");
        api_ = start_api(url_, data(), "api", &port_);
        ASSERT_NE(port_, 0) << api_->log();
        client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
        client_->set_read_timeout(30, 0);
        for (int i = 0; i < 2; ++i) {
            workers_.push_back(start_worker(root_ / ("worker-" + std::to_string(i) + "-data"),
                                            "worker-" + std::to_string(i)));
        }
        ASSERT_TRUE(testing::eventually(
            [&] { return get("/api/v1/workers")["workers"].size() == 2; }, 60s))
            << get("/api/v1/workers").dump() << workers_[0]->log() << workers_[1]->log();
    }
    void TearDown() override {
        workers_.clear();
        api_.reset();
        if (HasFailure() && !root_.empty()) {
            for (const char* name : {"api.log", "worker-0.log", "worker-1.log", "restored-api.log",
                                     "folder-api.log", "folder-worker.log"}) {
                // A log that is not there is skipped: streaming an empty rdbuf would set
                // failbit on std::cerr and silence everything after it.
                std::ifstream log(root_ / name);
                if (log && log.peek() != std::ifstream::traits_type::eof()) {
                    std::cerr << name << ":\n" << log.rdbuf() << "\n";
                }
            }
        }
        std::error_code ec;
        if (!root_.empty()) fs::remove_all(root_, ec);
    }
    // The API node's own data folder (the workers have theirs).
    fs::path data() const { return root_ / "data"; }

    // An `omg worker` on the database with `data_dir` of its own, plus `extra` flags.
    std::unique_ptr<Process> start_worker(const fs::path& data_dir, const std::string& name,
                                          std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"--lease", "2", "--grace", "1"};
        args.insert(args.end(), extra.begin(), extra.end());
        return testing::start_worker(OMG_BINARY, url_, data_dir, root_ / (name + ".log"), std::move(args));
    }
    // One column of text per row, straight from the database.
    std::vector<std::string> rows_of(const std::string& sql, const std::string& param,
                                     const std::string& param2 = "") {
        auto db = storage::pg::Session::connect(url_);
        EXPECT_TRUE(db);
        std::vector<std::string> out;
        if (!db) return out;
        auto rows = db->exec_binary(sql, storage::pg::Params().text(param).text(param2));
        EXPECT_TRUE(rows) << (rows ? "" : rows.error().message);
        for (int i = 0; rows && i < rows->size(); ++i) out.push_back(rows->text(i, 0));
        return out;
    }

    // An `omg serve --workers 0` API node on `database` and `data_dir`, its log in
    // <root>/<name>.log; *port stays 0 if it never said which port it bound.
    std::unique_ptr<Process> start_api(const std::string& database, const fs::path& data_dir,
                                       const std::string& name, int* port,
                                       std::vector<std::string> extra = {}) {
        return testing::start_api_node(OMG_BINARY, database, data_dir, root_ / (name + ".log"), port,
                                       std::move(extra));
    }

    json get(const std::string& path, int expect = 200) {
        auto r = client_->Get(path.c_str());
        EXPECT_TRUE(r) << path;
        if (!r) return {};
        EXPECT_EQ(r->status, expect) << path << " " << r->body;
        return json::parse(r->body, nullptr, false);
    }
    std::string submit(const json& body) {
        auto r = client_->Post("/api/v1/generate", body.dump(), "application/json");
        EXPECT_TRUE(r);
        if (!r) return {};
        EXPECT_EQ(r->status, 200) << r->body;
        return json::parse(r->body).value("job_id", "");
    }
    json wait_finished(const std::string& id, std::chrono::seconds limit = 180s) {
        json j;
        testing::eventually(
            [&] {
                j = get("/api/v1/jobs/" + id);
                const std::string s = j.value("status", "");
                return s == "completed" || s == "failed" || s == "cancelled";
            },
            limit);
        return j;
    }
    // The worker whose log says it claimed `job_id` (attempt `attempt`), or -1.
    int claimer(const std::string& job_id, int attempt) const {
        const std::string line = "job " + job_id + " attempt " + std::to_string(attempt) + " claimed";
        for (size_t i = 0; i < workers_.size(); ++i) {
            if (workers_[i] && workers_[i]->logged(line)) return static_cast<int>(i);
        }
        return -1;
    }
    storage::JobRecord stored(const std::string& id) {
        auto store = storage::open_postgres_job_store({url_});
        EXPECT_TRUE(store);
        if (!store) return {};
        auto all = (*store)->load_all();
        EXPECT_TRUE(all);
        for (auto& j : *all) {
            if (j.id == id) return j;
        }
        return {};
    }

    std::string url_;
    fs::path root_;
    int port_ = 0;
    std::unique_ptr<Process> api_;
    std::vector<std::unique_ptr<Process>> workers_;
    std::unique_ptr<httplib::Client> client_;
};

}  // namespace

TEST_F(Cluster, AJobSubmittedToTheApiNodeIsRenderedByAWorkerAndServedByTheNode) {
    const json health = get("/health");
    EXPECT_EQ(health["status"], "healthy") << health.dump();
    EXPECT_EQ(health["database"]["reachable"], true);
    EXPECT_EQ(health["worker_processes"].size(), 2u);
    // The node's SSE clients see what a worker process does.
    std::string events;
    std::atomic<bool> hello{false};
    std::jthread listener([&] {
        httplib::Client sse("127.0.0.1", port_);
        sse.set_read_timeout(60, 0);
        sse.Get("/api/v1/events", [&](const char* d, size_t n) {
            events.append(d, n);
            hello = events.find("event: hello") != std::string::npos;
            return events.find("event: completed") == std::string::npos;
        });
    });
    ASSERT_TRUE(testing::eventually([&] { return hello.load(); })) << "the event stream opened";
    const std::string id = submit({{"prompt", "calm piano"}, {"duration", 120}, {"seed", 3}});
    ASSERT_FALSE(id.empty());
    const json job = wait_finished(id);
    listener.join();
    ASSERT_EQ(job["status"], "completed") << job.dump();
    for (const char* type : {"event: created", "event: started", "event: progress", "event: completed"}) {
        EXPECT_NE(events.find(type), std::string::npos) << type << " in\n" << events;
    }
    EXPECT_NE(events.find(id), std::string::npos);
    ASSERT_EQ(job["versions"].size(), 1u);
    const std::string vid = job["versions"][0]["id"];
    auto mp3 = client_->Get(("/api/v1/versions/" + vid + "/audio?format=mp3").c_str());
    ASSERT_TRUE(mp3);
    EXPECT_EQ(mp3->status, 200);
    EXPECT_GT(mp3->body.size(), 10000u);
    auto range = client_->Get(("/api/v1/versions/" + vid + "/audio?format=flac").c_str(),
                              {{"Range", "bytes=0-3"}});
    ASSERT_TRUE(range);
    EXPECT_EQ(range->status, 206);
    EXPECT_EQ(range->body, "fLaC");
    EXPECT_EQ(claimer(id, 1) >= 0, true) << "a worker process ran it";
    const std::string metrics = client_->Get("/metrics")->body;
    EXPECT_NE(metrics.find("omg_worker_processes 2"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("omg_claim_seconds_count"), std::string::npos);
    EXPECT_NE(metrics.find("omg_lease_expiries 0"), std::string::npos);
}

TEST_F(Cluster, AWorkerKilledMidRenderLosesItsJobToTheOtherWhichCompletesItOnce) {
    const std::string id = submit({{"prompt", "slow ambient pads"}, {"duration", 300}, {"seed", 5}});
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(testing::eventually([&] { return claimer(id, 1) >= 0; }, 60s));
    const int first = claimer(id, 1);
    ASSERT_TRUE(testing::eventually([&] { return get("/api/v1/jobs/" + id).value("progress", 0.0) > 0; }, 60s))
        << "the render is under way";
    workers_[static_cast<size_t>(first)]->kill9();
    const json job = wait_finished(id);
    ASSERT_EQ(job["status"], "completed") << job.dump();
    const int second = claimer(id, 2);
    EXPECT_EQ(second, 1 - first) << "the other worker ran it again";
    // The worker says so after its commit, which the node may have read first (NOTIFY).
    EXPECT_TRUE(testing::eventually([&] {
        return count_of(workers_[static_cast<size_t>(1 - first)]->log(), "job " + id + " attempt 2 completed") > 0;
    }, 10s));
    const std::string log = workers_[static_cast<size_t>(1 - first)]->log();
    EXPECT_NE(log.find("job " + id + " attempt 2 claimed after a lease expired"), std::string::npos) << log;
    EXPECT_EQ(count_of(log, "job " + id + " attempt 2 completed"), 1u);
    EXPECT_EQ(count_of(workers_[static_cast<size_t>(first)]->log(), "completed"), 0u);
    const storage::JobRecord rec = stored(id);
    EXPECT_EQ(rec.attempts, 2);
    ASSERT_EQ(rec.versions.size(), 1u);
    // Exactly the completed version's files are stored: none of the dead attempt's.
    const auto names = rows_of("SELECT name FROM artifacts WHERE job_id = $1 AND $2 = ''", id);
    const std::set<std::string> stored_names(names.begin(), names.end());
    const std::set<std::string> owned(rec.versions[0].files.begin(), rec.versions[0].files.end());
    EXPECT_EQ(stored_names, owned);
    const std::string metrics = client_->Get("/metrics")->body;
    EXPECT_NE(metrics.find("omg_lease_expiries 1"), std::string::npos) << metrics;
}

TEST_F(Cluster, AWorkerStoppedWithSigtermHandsItsJobBackWithoutBlame) {
    // Longer than the workers' --grace of 1 s.
    const std::string id = submit({{"prompt", "slow ambient pads"}, {"duration", 300}, {"num_versions", 2}, {"seed", 4}});
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(testing::eventually([&] { return claimer(id, 1) >= 0; }, 60s));
    const int first = claimer(id, 1);
    EXPECT_EQ(workers_[static_cast<size_t>(first)]->terminate(20s), 0);
    EXPECT_TRUE(workers_[static_cast<size_t>(first)]->logged("job " + id + " attempt 1 handed back"))
        << workers_[static_cast<size_t>(first)]->log();
    const json job = wait_finished(id);
    ASSERT_EQ(job["status"], "completed") << job.dump();
    EXPECT_EQ(claimer(id, 2), 1 - first);
    EXPECT_FALSE(workers_[static_cast<size_t>(1 - first)]->logged("after a lease expired"));
    const std::string metrics = client_->Get("/metrics")->body;
    EXPECT_NE(metrics.find("omg_lease_expiries 0"), std::string::npos) << metrics;
    EXPECT_TRUE(testing::eventually([&] { return get("/api/v1/workers")["workers"].size() == 1; }))
        << "the stopped worker left the workers table";
}

TEST_F(Cluster, ACancelOnTheApiNodeStopsTheRenderOnTheWorkerWithinASecond) {
    const std::string id = submit({{"prompt", "long orchestral film score"}, {"duration", 300}, {"num_versions", 2}, {"seed", 9}});
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(testing::eventually([&] { return claimer(id, 1) >= 0; }, 60s));
    const int w = claimer(id, 1);
    ASSERT_TRUE(testing::eventually([&] { return get("/api/v1/jobs/" + id).value("progress", 0.0) > 0; }, 60s));
    auto del = client_->Delete(("/api/v1/queue/" + id).c_str());
    ASSERT_TRUE(del);
    EXPECT_EQ(del->status, 200) << del->body;
    const auto t0 = std::chrono::steady_clock::now();
    const std::string stopped = "job " + id + " attempt 1 stopped after";
    ASSERT_TRUE(testing::eventually([&] { return workers_[static_cast<size_t>(w)]->logged(stopped); }, 10s))
        << workers_[static_cast<size_t>(w)]->log();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s) << "the render stopped within a second";
    EXPECT_EQ(get("/api/v1/jobs/" + id)["status"], "cancelled");
    EXPECT_FALSE(workers_[static_cast<size_t>(w)]->logged("job " + id + " attempt 1 completed"));
    // The worker is free again: a new job runs to the end.
    const std::string next = submit({{"prompt", "calm piano"}, {"duration", 5}, {"seed", 1}});
    EXPECT_EQ(wait_finished(next)["status"], "completed");
}

TEST_F(Cluster, WhileTheDatabaseIsDownTheApiNodeAnswers503WithRetryAfterAndRecoversByItself) {
    const std::string id = submit({{"prompt", "calm piano"}, {"duration", 5}, {"seed", 2}});
    ASSERT_FALSE(id.empty());
    ASSERT_EQ(wait_finished(id)["status"], "completed");
    auto cluster = test::shared_postgres();
    ASSERT_TRUE(cluster);
    ASSERT_TRUE((*cluster)->stop());

    const json body = {{"prompt", "calm piano"}, {"duration", 5}, {"seed", 8}};
    httplib::Response refused;
    ASSERT_TRUE(testing::eventually([&] {
        auto r = client_->Post("/api/v1/generate", body.dump(), "application/json");
        if (r) refused = *r;
        return r && r->status == 503;
    }, 10s)) << "a submit while the database is down";
    EXPECT_TRUE(refused.has_header("Retry-After"));
    EXPECT_GE(std::atoi(refused.get_header_value("Retry-After").c_str()), 1);
    const json error = json::parse(refused.body, nullptr, false);
    EXPECT_EQ(error.value("detail", ""), "The database cannot be reached; try again later") << refused.body;
    // Changes are refused the same way; reads, once the node's snapshot is too old.
    auto cancel = client_->Delete(("/api/v1/queue/" + id).c_str());
    ASSERT_TRUE(cancel);
    EXPECT_EQ(cancel->status, 503) << cancel->body;
    EXPECT_TRUE(cancel->has_header("Retry-After"));
    auto erase = client_->Delete(("/api/v1/jobs/" + id).c_str());
    ASSERT_TRUE(erase);
    EXPECT_EQ(erase->status, 503) << erase->body;
    auto reorder = client_->Patch("/api/v1/queue/reorder", json{{"job_id", id}, {"new_position", 1}}.dump(),
                                  "application/json");
    ASSERT_TRUE(reorder);
    EXPECT_EQ(reorder->status, 503) << reorder->body;
    httplib::Response read;
    ASSERT_TRUE(testing::eventually([&] {
        auto r = client_->Get(("/api/v1/jobs/" + id).c_str());
        if (r) read = *r;
        return r && r->status == 503;
    }, 20s)) << "a read from a stale snapshot";
    EXPECT_TRUE(read.has_header("Retry-After"));
    // What reports the outage keeps answering.
    const json health = get("/health");
    EXPECT_EQ(health["status"], "degraded");
    EXPECT_EQ(health["database"]["reachable"], false);
    auto metrics = client_->Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_EQ(metrics->status, 200);

    ASSERT_TRUE((*cluster)->restart());
    ASSERT_TRUE(testing::eventually([&] {
        auto r = client_->Get(("/api/v1/jobs/" + id).c_str());
        return r && r->status == 200;
    }, 30s)) << "the same node reads again, without a restart";
    EXPECT_EQ(get("/health")["database"]["reachable"], true);
    const std::string next = submit(body);
    ASSERT_FALSE(next.empty());
    EXPECT_EQ(wait_finished(next)["status"], "completed") << "the workers came back too";
}

TEST_F(Cluster, ABackupRestoredIntoAFreshDatabaseServesTheSameJobsAndTheirFiles) {
    const std::string done = submit({{"prompt", "calm piano"}, {"duration", 5}, {"seed", 6}});
    ASSERT_FALSE(done.empty());
    const json job = wait_finished(done);
    ASSERT_EQ(job["status"], "completed") << job.dump();
    const std::string vid = job["versions"][0]["id"];
    auto audio = client_->Get(("/api/v1/versions/" + vid + "/audio?format=flac").c_str());
    ASSERT_TRUE(audio);
    ASSERT_EQ(audio->status, 200);
    // A second job, cancelled: the history comes back too, not only the finished work.
    workers_.clear();
    const std::string cancelled = submit({{"prompt", "calm piano"}, {"duration", 5}, {"seed", 7}});
    ASSERT_FALSE(cancelled.empty());
    auto del = client_->Delete(("/api/v1/queue/" + cancelled).c_str());
    ASSERT_TRUE(del);
    ASSERT_EQ(del->status, 200);

    // The backup: the database with pg_dump (custom format). The files are in it: no folder
    // is copied.
    auto cluster = test::shared_postgres();
    ASSERT_TRUE(cluster);
    const std::string database = url_.substr(url_.rfind('/') + 1);
    auto dump = (*cluster)->dump(database);
    ASSERT_TRUE(dump) << dump.error().message;
    const fs::path restored_data = root_ / "restored-data";

    // The restore: a fresh database, and a new API node on it with an empty data folder.
    auto restored = (*cluster)->restore(*dump, database + "_restored");
    ASSERT_TRUE(restored) << restored.error().message;
    int port = 0;
    auto node = start_api(*restored, restored_data, "restored-api", &port);
    ASSERT_NE(port, 0) << node->log();
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    auto again = client.Get(("/api/v1/jobs/" + done).c_str());
    ASSERT_TRUE(again);
    ASSERT_EQ(again->status, 200) << again->body;
    const json restored_job = json::parse(again->body);
    EXPECT_EQ(restored_job["status"], "completed");
    EXPECT_EQ(restored_job["versions"], job["versions"]);
    auto restored_audio = client.Get(("/api/v1/versions/" + vid + "/audio?format=flac").c_str());
    ASSERT_TRUE(restored_audio);
    EXPECT_EQ(restored_audio->status, 200);
    EXPECT_EQ(restored_audio->body, audio->body) << "the same file, from the restored database";
    auto history = client.Get("/api/v1/queue?include=cancelled");
    ASSERT_TRUE(history);
    std::set<std::string> listed;
    const json items = json::parse(history->body)["items"];
    for (const auto& item : items) listed.insert(item["job_id"].get<std::string>());
    EXPECT_EQ(listed, (std::set<std::string>{done, cancelled})) << history->body;
    auto cancelled_job = client.Get(("/api/v1/jobs/" + cancelled).c_str());
    ASSERT_TRUE(cancelled_job);
    EXPECT_EQ(json::parse(cancelled_job->body)["status"], "cancelled");
    // The restored schema is current: the node takes new jobs.
    auto more = client.Post("/api/v1/generate", json{{"prompt", "calm piano"}, {"duration", 5}}.dump(),
                            "application/json");
    ASSERT_TRUE(more);
    EXPECT_EQ(more->status, 200) << more->body;
}

// No shared folder: the API node and the workers have data folders of their own, so every byte
// the node serves comes from the database. Each answer is the stored file byte for byte (read
// back with SQL, chunk by chunk), a Range across a chunk boundary answers 206 with those bytes,
// a WAV made on first request is stored for every node, and deleting the job leaves no chunk.
TEST_F(Cluster, WithNoSharedFolderTheNodeServesTheWorkersFilesFromTheDatabase) {
    const std::string id = submit({{"prompt", "upbeat jazz trio"}, {"duration", 12}, {"seed", 11}, {"stems", true}});
    ASSERT_FALSE(id.empty());
    const json job = wait_finished(id);
    ASSERT_EQ(job["status"], "completed") << job.dump();
    const std::string vid = job["versions"][0]["id"];
    const int w = claimer(id, 1);
    ASSERT_GE(w, 0);
    EXPECT_FALSE(fs::exists(data() / "artifacts" / id)) << "nothing of the job on the node's disk";
    // The worker removes its staged copies just after the commit that completes the job, so a
    // client may see "completed" a moment before they are gone.
    const fs::path staged = root_ / ("worker-" + std::to_string(w) + "-data") / "artifacts" / id / (vid + ".flac");
    EXPECT_TRUE(testing::eventually([&] { return !fs::exists(staged); }))
        << "the worker's staged copies are gone once they are in the database";
    auto stored_bytes = [&](const std::string& name) {
        std::string bytes;
        for (const auto& chunk : rows_of("SELECT c.data FROM artifact_chunks c JOIN artifacts a ON a.id = c.artifact_id "
                                         "WHERE a.job_id = $1 AND a.name = $2 ORDER BY c.seq", id, name)) {
            bytes += chunk;
        }
        return bytes;
    };
    auto fetch = [&](const std::string& path, httplib::Headers headers = {}) {
        auto r = client_->Get(path.c_str(), headers);
        EXPECT_TRUE(r) << path;
        return r ? *r : httplib::Response{};
    };
    const std::string base = "/api/v1/versions/" + vid;
    for (const auto& [path, name] : std::vector<std::pair<std::string, std::string>>{
             {base + "/audio?format=flac", vid + ".flac"},
             {base + "/audio?format=mp3", vid + ".mp3"},
             {base + "/midi", vid + ".mid"}}) {
        const auto r = fetch(path);
        EXPECT_EQ(r.status, 200) << path;
        const std::string stored = stored_bytes(name);
        EXPECT_GT(stored.size(), 0u) << name;
        EXPECT_TRUE(r.body == stored) << path << ": " << r.body.size() << " bytes served, " << stored.size() << " stored";
    }
    EXPECT_EQ(json::parse(fetch(base + "/peaks").body, nullptr, false).value("points", 0), 1000);

    // A WAV, longer than a chunk, made on first request by the node and stored.
    const auto wav = fetch(base + "/audio?format=wav");
    ASSERT_EQ(wav.status, 200);
    ASSERT_GT(wav.body.size(), 2u * 256 * 1024);
    EXPECT_EQ(wav.body.substr(0, 4), "RIFF");
    EXPECT_TRUE(stored_bytes(vid + ".wav") == wav.body) << "stored for every node";
    const auto range = fetch(base + "/audio?format=wav", {{"Range", "bytes=262000-262299"}});
    EXPECT_EQ(range.status, 206);
    EXPECT_EQ(range.get_header_value("Content-Range"), "bytes 262000-262299/" + std::to_string(wav.body.size()));
    EXPECT_TRUE(range.body == wav.body.substr(262000, 300)) << "a range across the first chunk boundary";

    // The stems, one by one and as a ZIP read from the database.
    const json stems = get(base + "/stems");
    ASSERT_GE(stems["stems"].size(), 2u) << stems.dump();
    const std::string first_stem = stems["stems"][0]["name"];
    const auto stem = fetch(base + "/stems/" + first_stem);
    EXPECT_EQ(stem.status, 200);
    EXPECT_TRUE(stem.body == stored_bytes(vid + ".stem-" + first_stem + ".flac"));
    const auto zip = fetch(base + "/stems.zip");
    EXPECT_EQ(zip.status, 200);
    EXPECT_EQ(zip.body.substr(0, 4), std::string("PK\x03\x04", 4));
    EXPECT_NE(zip.body.find(stem.body.substr(0, 4096)), std::string::npos) << "the stem's bytes are in the ZIP";

    // Deleted with its job, to the last chunk.
    auto del = client_->Delete(("/api/v1/jobs/" + id).c_str());
    ASSERT_TRUE(del);
    EXPECT_EQ(del->status, 200) << del->body;
    EXPECT_TRUE(rows_of("SELECT name FROM artifacts WHERE job_id = $1 AND $2 = ''", id).empty());
    EXPECT_EQ(rows_of("SELECT count(*)::text FROM artifact_chunks WHERE $1 <> $2", "x"),
              std::vector<std::string>{"0"}) << "no chunk is left";
    EXPECT_EQ(fetch(base + "/audio?format=flac").status, 404);
}

// --artifacts: the files in a folder every node and worker mounts, as before the database held them.
TEST_F(Cluster, WithArtifactsAFolderSharedByTheNodeAndTheWorkerCarriesTheFiles) {
    workers_.clear();
    const fs::path shared = root_ / "shared";
    int port = 0;
    auto node = start_api(url_, root_ / "folder-api-data", "folder-api", &port, {"--artifacts", shared.string()});
    ASSERT_NE(port, 0) << node->log();
    workers_.push_back(start_worker(root_ / "folder-worker-data", "folder-worker", {"--artifacts", shared.string()}));
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    auto posted = client.Post("/api/v1/generate", json{{"prompt", "calm piano"}, {"duration", 5}, {"seed", 12}}.dump(),
                              "application/json");
    ASSERT_TRUE(posted);
    ASSERT_EQ(posted->status, 200) << posted->body;
    const std::string id = json::parse(posted->body).value("job_id", "");
    json job;
    ASSERT_TRUE(testing::eventually([&] {
        auto r = client.Get(("/api/v1/jobs/" + id).c_str());
        if (r && r->status == 200) job = json::parse(r->body, nullptr, false);
        return job.is_object() && job.value("status", "") == "completed";
    }, 180s)) << job.dump() << workers_[0]->log();
    const std::string vid = job["versions"][0]["id"];
    EXPECT_TRUE(fs::is_regular_file(shared / "artifacts" / id / (vid + ".flac")));
    EXPECT_TRUE(rows_of("SELECT name FROM artifacts WHERE job_id = $1 AND $2 = ''", id).empty()) << "nothing in the database";
    auto flac = client.Get(("/api/v1/versions/" + vid + "/audio?format=flac").c_str(), {{"Range", "bytes=0-3"}});
    ASSERT_TRUE(flac);
    EXPECT_EQ(flac->status, 206);
    EXPECT_EQ(flac->body, "fLaC");
}

}  // namespace omg::e2e
