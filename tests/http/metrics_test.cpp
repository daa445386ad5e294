// GET /metrics: Prometheus' text format with the queue's state, its wait and run histograms,
// runs by outcome and the routes' answers by status, asked of the routes without a socket.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/api_server.h"
#include "support/eventually.h"
#include "support/fake_job_engine.h"

namespace omg::http {
namespace {

using json = nlohmann::json;

// Every sample line as "name{labels}" -> value; comments checked for HELP and TYPE pairs.
std::map<std::string, double> parse(const std::string& text) {
    std::map<std::string, double> out;
    std::istringstream in(text);
    std::string line;
    std::string typed;
    while (std::getline(in, line)) {
        if (line.rfind("# TYPE ", 0) == 0) {
            typed = line.substr(7, line.find(' ', 7) - 7);
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.rfind(' ');
        const std::string key = line.substr(0, space);
        EXPECT_EQ(key.rfind(typed, 0), 0u) << "a sample outside its TYPE: " << line;
        EXPECT_EQ(out.count(key), 0u) << "twice: " << key;
        out[key] = std::stod(line.substr(space + 1));
    }
    return out;
}

Request get(const std::string& path) {
    Request r;
    r.method = "GET";
    r.path = path;
    return r;
}

TEST(Metrics, CountJobsTheirTimesAndTheAnswers) {
    testing::FakeJobEngine engine;
    engine.version_ms = 20;
    testing::ApiServer server(engine);
    ASSERT_TRUE(server.start());
    for (const char* prompt : {"one", "two", "please FAIL"}) {
        Request post;
        post.method = "POST";
        post.path = "/api/v1/generate";
        post.headers.set("Content-Type", "application/json");
        post.body = json{{"prompt", prompt}, {"duration", 10}}.dump();
        ASSERT_EQ(server.handle(post).status, 200);
    }
    ASSERT_TRUE(testing::eventually([&] { return server.queue().stats().pending + server.queue().stats().processing == 0; }));
    EXPECT_EQ(server.handle(get("/api/v1/jobs/no-such-job")).status, 404);

    const Reply reply = server.handle(get("/metrics"));
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
    const auto m = parse(reply.body);
    EXPECT_EQ(m.at("omg_jobs{state=\"pending\"}"), 0);
    EXPECT_EQ(m.at("omg_jobs{state=\"processing\"}"), 0);
    EXPECT_EQ(m.at("omg_job_runs_total{outcome=\"completed\"}"), 2);
    EXPECT_EQ(m.at("omg_job_runs_total{outcome=\"failed\"}"), 1);
    EXPECT_EQ(m.at("omg_job_runs_total{outcome=\"cancelled\"}"), 0);
    EXPECT_EQ(m.at("omg_job_run_seconds_count"), 3);
    EXPECT_EQ(m.at("omg_job_wait_seconds_count"), 3);
    EXPECT_EQ(m.at("omg_job_run_seconds_bucket{le=\"+Inf\"}"), 3);
    EXPECT_GT(m.at("omg_job_run_seconds_sum"), 0.01) << "each run took about 20 ms";
    EXPECT_LT(m.at("omg_job_run_seconds_sum"), 30);
    // Cumulative buckets never fall.
    double last = 0;
    for (double le : jobs::Histogram::kBounds) {
        std::ostringstream key;
        key << "omg_job_run_seconds_bucket{le=\"" << le << "\"}";
        const double v = m.at(key.str());
        EXPECT_GE(v, last) << key.str();
        last = v;
    }
    EXPECT_EQ(m.at("omg_http_responses_total{code=\"200\"}"), 3) << "the three submits";
    EXPECT_EQ(m.at("omg_http_responses_total{code=\"404\"}"), 1);
    EXPECT_EQ(m.at("omg_accepting"), 1);

    // The scrape itself is counted on the next one.
    const auto again = parse(server.handle(get("/metrics")).body);
    EXPECT_EQ(again.at("omg_http_responses_total{code=\"200\"}"), 4);
}

TEST(Metrics, ACancelledJobIsCounted) {
    testing::FakeJobEngine engine;
    engine.version_ms = 5000;
    testing::ApiServer server(engine);
    ASSERT_TRUE(server.start());
    Request post;
    post.method = "POST";
    post.path = "/api/v1/generate";
    post.headers.set("Content-Type", "application/json");
    post.body = json{{"prompt", "long"}, {"duration", 10}}.dump();
    const Reply submitted = server.handle(post);
    ASSERT_EQ(submitted.status, 200);
    const std::string id = json::parse(submitted.body)["job_id"];
    ASSERT_TRUE(testing::eventually([&] { return server.queue().stats().processing == 1; }));
    ASSERT_TRUE(server.queue().remove_from_queue(id));
    ASSERT_TRUE(testing::eventually([&] {
        return parse(server.handle(get("/metrics")).body).at("omg_job_runs_total{outcome=\"cancelled\"}") == 1;
    }));
}

// An API node over a shared database (ApiOptions::cluster): the worker processes it last read,
// their claim latency and the lease expiries, in /metrics, /health and GET /api/v1/workers.
TEST(Metrics, AnApiNodeReportsTheWorkerProcessesItSees) {
    jobs::ClusterState cluster;
    cluster.database_reachable = true;
    cluster.lease_expiries = 4;
    storage::WorkerSeen gpu;
    gpu.worker = {"gpu-1-10-ab", "gpu-1", 10, {"ace-step"}, {"job-a"}, "2026-12-06T10:00:00.000000", 3, 0.5};
    gpu.last_heartbeat = "2026-12-06T10:00:05.000000+00:00";
    gpu.heartbeat_age_s = 0.4;
    storage::WorkerSeen cpu;
    cpu.worker = {"cpu-2-20-cd", "cpu-2", 20, {"builtin"}, {}, "2026-12-06T10:00:00.000000", 5, 0.25};
    cluster.workers = {gpu, cpu};

    testing::FakeJobEngine engine;
    testing::ApiServer server(engine);
    ApiOptions options;
    options.cluster = [&cluster] { return cluster; };
    ASSERT_TRUE(server.start(options));

    const auto m = parse(server.handle(get("/metrics")).body);
    EXPECT_EQ(m.at("omg_database_up"), 1);
    EXPECT_EQ(m.at("omg_worker_processes"), 2);
    EXPECT_EQ(m.at("omg_claim_seconds_count"), 8);
    EXPECT_DOUBLE_EQ(m.at("omg_claim_seconds_sum"), 0.75);
    EXPECT_EQ(m.at("omg_lease_expiries"), 4);

    const json workers = json::parse(server.handle(get("/api/v1/workers")).body);
    EXPECT_EQ(workers["mode"], "shared");
    ASSERT_EQ(workers["workers"].size(), 2u);
    EXPECT_EQ(workers["workers"][0]["id"], "gpu-1-10-ab");
    EXPECT_EQ(workers["workers"][0]["providers"], json::array({"ace-step"}));
    EXPECT_EQ(workers["workers"][0]["current_job"], "job-a");
    EXPECT_EQ(workers["workers"][0]["last_heartbeat"], "2026-12-06T10:00:05.000000+00:00");
    EXPECT_TRUE(workers["workers"][1]["current_job"].is_null());

    json health = json::parse(server.handle(get("/health")).body);
    EXPECT_EQ(health["status"], "healthy");
    EXPECT_EQ(health["worker_processes"].size(), 2u);
    cluster.database_reachable = false;
    health = json::parse(server.handle(get("/health")).body);
    EXPECT_EQ(health["status"], "degraded") << "the database did not answer the last read";
    EXPECT_EQ(health["database"]["reachable"], false);
    EXPECT_EQ(parse(server.handle(get("/metrics")).body).at("omg_database_up"), 0);
}

TEST(Metrics, TheOneProcessModeListsNoWorkerProcesses) {
    testing::FakeJobEngine engine;
    testing::ApiServer server(engine);
    ASSERT_TRUE(server.start());
    const json workers = json::parse(server.handle(get("/api/v1/workers")).body);
    EXPECT_EQ(workers["mode"], "in_process");
    EXPECT_TRUE(workers["workers"].empty());
    const json health = json::parse(server.handle(get("/health")).body);
    EXPECT_FALSE(health.contains("worker_processes"));
    EXPECT_EQ(parse(server.handle(get("/metrics")).body).count("omg_lease_expiries"), 0u);
}

}  // namespace
}  // namespace omg::http
