// Events across nodes and bad conditions (issue 13): a throwaway PostgreSQL server, two
// `omg serve --workers 0` API nodes and three `omg worker` processes sharing one data folder,
// all real processes on 127.0.0.1 with the real engine.
// - A job submitted through one node is watched over SSE on the other; a client that drops
//   mid-stream and resumes with Last-Event-ID on either node gets the same events after it.
// - A cancel on one node stops the render on a worker within a second.
// - Under a worker paused past its lease and resumed, workers and an API node killed with
//   kill -9 at random moments and the database stopped and started, every acknowledged job
//   completes exactly once with all its files, and no stale worker's file is left.
// The random moments come from a seed printed with any failure.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
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
using testing::OmgProcess;
using testing::count_of;

namespace {

struct SseEvent {
    uint64_t id = 0;
    std::string type;
    std::string data;
    bool operator==(const SseEvent& o) const { return id == o.id && type == o.type; }
};

// Reads a node's event stream (after `last_event_id` when it is set) on a thread of its own
// until `until` holds for the events read or the reader is dropped.
class SseReader {
public:
    SseReader(int port, std::optional<uint64_t> last_event_id,
              std::function<bool(const std::vector<SseEvent>&)> until = {})
        : until_(std::move(until)) {
        thread_ = std::jthread([this, port, last_event_id](std::stop_token st) {
            httplib::Client sse("127.0.0.1", port);
            sse.set_read_timeout(120, 0);
            httplib::Headers headers;
            if (last_event_id) headers.emplace("Last-Event-ID", std::to_string(*last_event_id));
            sse.Get("/api/v1/events", headers, [&](const char* d, size_t n) {
                std::lock_guard lock(mutex_);
                buffer_.append(d, n);
                parse_locked();
                if (until_ && until_(events_)) done_ = true;
                return !done_ && !st.stop_requested();
            });
            std::lock_guard lock(mutex_);
            done_ = true;
        });
    }
    ~SseReader() { stop(); }
    // Drops the connection at the next bytes the node sends (a keep-alive at the latest).
    void stop() {
        thread_.request_stop();
        if (thread_.joinable()) thread_.join();
    }
    bool hello() const {
        std::lock_guard lock(mutex_);
        return hello_;
    }
    bool done() const {
        std::lock_guard lock(mutex_);
        return done_;
    }
    std::vector<SseEvent> events() const {
        std::lock_guard lock(mutex_);
        return events_;
    }

private:
    void parse_locked() {
        for (size_t end = buffer_.find("\n\n"); end != std::string::npos; end = buffer_.find("\n\n")) {
            const std::string block = buffer_.substr(0, end);
            buffer_.erase(0, end + 2);
            SseEvent e;
            size_t at = 0;
            while (at < block.size()) {
                size_t nl = block.find('\n', at);
                if (nl == std::string::npos) nl = block.size();
                const std::string line = block.substr(at, nl - at);
                at = nl + 1;
                if (line.rfind("id: ", 0) == 0) e.id = std::stoull(line.substr(4));
                if (line.rfind("event: ", 0) == 0) e.type = line.substr(7);
                if (line.rfind("data: ", 0) == 0) e.data = line.substr(6);
            }
            if (e.type == "hello") hello_ = true;
            else if (!e.type.empty()) events_.push_back(std::move(e));
        }
    }

    std::function<bool(const std::vector<SseEvent>&)> until_;
    mutable std::mutex mutex_;
    std::string buffer_;
    std::vector<SseEvent> events_;
    bool hello_ = false;
    bool done_ = false;
    std::jthread thread_;
};

bool has_event(const std::vector<SseEvent>& events, const std::string& type, const std::string& job) {
    for (const auto& e : events) {
        if (e.type == type && e.data.find(job) != std::string::npos) return true;
    }
    return false;
}

class TwoNodes : public ::testing::Test {
protected:
    void SetUp() override {
        if (auto missing = test::postgres_binaries_missing()) GTEST_SKIP() << *missing;
        url_ = test::fresh_postgres_database();
        ASSERT_FALSE(url_.empty());
        root_ = fs::temp_directory_path() / ("omg-nodes-" + storage::new_uuid());
        fs::create_directories(root_ / "data");
        for (int i = 0; i < 2; ++i) {
            start_node(i);
            ASSERT_NE(ports_[i], 0) << nodes_[i]->log();
        }
        for (int i = 0; i < 3; ++i) start_worker();
        ASSERT_TRUE(testing::eventually([&] { return get(1, "/api/v1/workers")["workers"].size() == 3; }, 60s))
            << get(1, "/api/v1/workers").dump();
    }
    void TearDown() override {
        workers_.clear();
        for (auto& n : nodes_) n.reset();
        if (HasFailure() && !root_.empty()) {
            for (const auto& e : fs::directory_iterator(root_)) {
                if (e.path().extension() != ".log") continue;
                std::ifstream log(e.path());
                std::cerr << e.path().filename().string() << ":\n" << log.rdbuf() << "\n";
            }
        }
        std::error_code ec;
        if (!root_.empty()) fs::remove_all(root_, ec);
    }
    fs::path data() const { return root_ / "data"; }

    void start_node(int i) {
        const std::string name = "api-" + std::to_string(i) + "-" + std::to_string(++started_);
        nodes_[i] = testing::start_api_node(OMG_BINARY, url_, data(), root_ / (name + ".log"), &ports_[i]);
    }
    void start_worker() {
        const std::string name = "worker-" + std::to_string(workers_.size()) + ".log";
        workers_.push_back(testing::start_worker(
            OMG_BINARY, url_, data(), root_ / name,
            {"--lease", "2", "--grace", "1", "--max-lease-expiries", "20"}));
    }
    std::unique_ptr<httplib::Client> client(int node) const {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", ports_[node]);
        c->set_read_timeout(30, 0);
        c->set_connection_timeout(5, 0);
        return c;
    }
    // The answer's JSON object; an empty object when the node did not answer 200 with one (a
    // job submitted on the other node may not have reached this one yet).
    json get(int node, const std::string& path) {
        auto r = client(node)->Get(path.c_str());
        if (!r || r->status != 200) return json::object();
        json j = json::parse(r->body, nullptr, false);
        return j.is_object() ? j : json::object();
    }
    // The job id, or "" when the node did not acknowledge the job.
    std::string submit(int node, const json& body) {
        auto r = client(node)->Post("/api/v1/generate", body.dump(), "application/json");
        if (!r || r->status != 200) return "";
        return json::parse(r->body).value("job_id", "");
    }
    // The job as a live node answers it, once finished (any state, "" if never).
    json wait_finished(const std::string& id, std::chrono::seconds limit) {
        json j;
        testing::eventually(
            [&] {
                for (int n = 0; n < 2; ++n) {
                    if (!nodes_[n]) continue;
                    j = get(n, "/api/v1/jobs/" + id);
                    const std::string s = j.value("status", "");
                    if (s == "completed" || s == "failed" || s == "cancelled") return true;
                }
                return false;
            },
            limit);
        return j;
    }
    std::string all_worker_logs() const {
        std::string all;
        for (const auto& e : fs::directory_iterator(root_)) {
            if (e.path().filename().string().rfind("worker-", 0) != 0) continue;
            std::ifstream in(e.path());
            all += std::string(std::istreambuf_iterator<char>(in), {});
        }
        return all;
    }
    // The worker (an index into workers_) whose log says it claimed the job's attempt, or -1.
    int claimer(const std::string& job_id, int attempt) const {
        const std::string line = "job " + job_id + " attempt " + std::to_string(attempt) + " claimed";
        for (size_t i = 0; i < workers_.size(); ++i) {
            if (workers_[i] && workers_[i]->logged(line)) return static_cast<int>(i);
        }
        return -1;
    }

    std::string url_;
    fs::path root_;
    std::unique_ptr<OmgProcess> nodes_[2];
    int ports_[2] = {0, 0};
    int started_ = 0;
    std::vector<std::unique_ptr<OmgProcess>> workers_;
};

}  // namespace

TEST_F(TwoNodes, EventsOfAJobSubmittedOnOneNodeReachTheOtherAndResumeOnEitherNode) {
    SseReader first(ports_[1], std::nullopt);
    ASSERT_TRUE(testing::eventually([&] { return first.hello(); })) << "node B's stream opened";
    const std::string id = submit(0, {{"prompt", "calm piano"}, {"duration", 20}, {"seed", 3}});
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(testing::eventually([&] { return has_event(first.events(), "progress", id); }, 120s))
        << "node B streams what a worker does with a job submitted on node A";
    first.stop();  // the client drops mid-stream
    const auto before = first.events();
    ASSERT_FALSE(before.empty());
    EXPECT_EQ(before.front().type, "created");
    const uint64_t last = before.back().id;
    ASSERT_EQ(wait_finished(id, 180s).value("status", ""), "completed");

    // It resumes on either node with the id it last saw, and gets the same events after it.
    auto until_completed = [&](const std::vector<SseEvent>& es) { return has_event(es, "completed", id); };
    SseReader on_a(ports_[0], last, until_completed);
    SseReader on_b(ports_[1], last, until_completed);
    ASSERT_TRUE(testing::eventually([&] { return on_a.done() && on_b.done(); }, 30s));
    const auto after_a = on_a.events();
    const auto after_b = on_b.events();
    ASSERT_FALSE(after_a.empty());
    EXPECT_GT(after_a.front().id, last);
    EXPECT_EQ(after_a.back().type, "completed");
    EXPECT_EQ(after_a, after_b) << "the same ids and types on both nodes";
    for (const auto& e : after_a) EXPECT_NE(e.type, "resync") << "nothing was lost";
    for (size_t i = 1; i < after_a.size(); ++i) EXPECT_LT(after_a[i - 1].id, after_a[i].id);
    // What the client saw and what it got on resuming are the job's changes, each once.
    std::set<uint64_t> ids;
    for (const auto& e : before) ids.insert(e.id);
    for (const auto& e : after_a) EXPECT_TRUE(ids.insert(e.id).second) << e.id;
    // The running stage reached the other node.
    bool staged = false;
    for (const auto& e : before) staged = staged || (e.type == "progress" && e.data.find("\"stage\":\"\"") == std::string::npos);
    for (const auto& e : after_a) staged = staged || (e.type == "progress" && e.data.find("\"stage\":\"\"") == std::string::npos);
    EXPECT_TRUE(staged) << "a progress event names the stage";
}

TEST_F(TwoNodes, ACancelOnOneNodeStopsTheRenderOfAJobSubmittedOnTheOtherWithinASecond) {
    const std::string id = submit(0, {{"prompt", "long orchestral film score"}, {"duration", 300}, {"seed", 9}});
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(testing::eventually([&] { return claimer(id, 1) >= 0; }, 60s));
    const int w = claimer(id, 1);
    ASSERT_TRUE(testing::eventually([&] { return get(1, "/api/v1/jobs/" + id).value("progress", 0.0) > 0; }, 60s));
    EXPECT_NE(get(1, "/api/v1/jobs/" + id).value("stage", ""), "") << "node B shows the running stage";
    auto del = client(1)->Delete(("/api/v1/queue/" + id).c_str());
    ASSERT_TRUE(del);
    EXPECT_EQ(del->status, 200) << del->body;
    const auto t0 = std::chrono::steady_clock::now();
    const std::string stopped = "job " + id + " attempt 1 stopped after";
    ASSERT_TRUE(testing::eventually([&] { return workers_[static_cast<size_t>(w)]->logged(stopped); }, 10s))
        << workers_[static_cast<size_t>(w)]->log();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s) << "the render stopped within a second";
    EXPECT_TRUE(testing::eventually([&] { return get(0, "/api/v1/jobs/" + id).value("status", "") == "cancelled"; }));
}

TEST_F(TwoNodes, UnderKillsAPauseAndADatabaseRestartEveryAcknowledgedJobCompletesExactlyOnce) {
    const unsigned seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    auto pause_for = [&](int max_ms) { std::this_thread::sleep_for(std::chrono::milliseconds(pick(max_ms))); };
    std::vector<std::string> acknowledged;
    int next_seed = 100;
    auto submit_some = [&](int n) {
        for (int i = 0; i < n; ++i) {
            const int node = nodes_[0] ? (nodes_[1] ? pick(2) : 0) : 1;
            const std::string id = submit(node, {{"prompt", "calm piano"}, {"duration", 6}, {"seed", next_seed++}});
            if (!id.empty()) acknowledged.push_back(id);
        }
    };

    // A worker paused mid-render past its lease: another takes the job over.
    const std::string paused_job = submit(0, {{"prompt", "slow ambient pads"}, {"duration", 60}, {"seed", 5}});
    ASSERT_FALSE(paused_job.empty());
    acknowledged.push_back(paused_job);
    ASSERT_TRUE(testing::eventually([&] { return claimer(paused_job, 1) >= 0; }, 60s));
    const size_t paused = static_cast<size_t>(claimer(paused_job, 1));
    ASSERT_TRUE(testing::eventually([&] { return get(1, "/api/v1/jobs/" + paused_job).value("progress", 0.0) > 0; }, 60s));
    workers_[paused]->pause();
    submit_some(4);
    ASSERT_TRUE(testing::eventually([&] { return claimer(paused_job, 2) >= 0; }, 60s)) << "taken over";
    workers_[paused]->resume();
    ASSERT_TRUE(testing::eventually([&] { return workers_[paused]->logged("job " + paused_job + " attempt 1 lost"); }, 10s))
        << "the resumed worker's renewal is refused";

    // A worker killed at a random moment (a fresh one takes its place).
    pause_for(3000);
    const size_t victim = static_cast<size_t>(pick(static_cast<int>(workers_.size())));
    workers_[victim]->kill9();
    start_worker();
    submit_some(2);

    // An API node killed at a random moment, and started again.
    pause_for(3000);
    const int node = pick(2);
    nodes_[node]->kill9();
    nodes_[node].reset();  // its log stays
    submit_some(2);
    start_node(node);
    ASSERT_NE(ports_[node], 0);

    // The database stopped and started.
    pause_for(3000);
    auto cluster = test::shared_postgres();
    ASSERT_TRUE(cluster);
    ASSERT_TRUE((*cluster)->stop());
    submit_some(1);  // refused (503) while the database is away: not acknowledged
    std::this_thread::sleep_for(3s);
    ASSERT_TRUE((*cluster)->restart());
    submit_some(2);

    std::map<std::string, json> finished;
    for (const auto& id : acknowledged) finished[id] = wait_finished(id, 400s);
    const std::string logs = all_worker_logs();
    auto store = storage::open_postgres_job_store({url_});
    ASSERT_TRUE(store);
    auto stored = (*store)->load_all();
    ASSERT_TRUE(stored);
    std::map<std::string, storage::JobRecord> by_id;
    for (auto& r : *stored) by_id[r.id] = r;
    auto db = storage::pg::Session::connect(url_);
    ASSERT_TRUE(db) << db.error().message;
    for (const auto& id : acknowledged) {
        SCOPED_TRACE(id);
        EXPECT_EQ(finished[id].value("status", ""), "completed") << finished[id].dump();
        ASSERT_EQ(by_id.count(id), 1u);
        const auto& rec = by_id[id];
        EXPECT_EQ(rec.status, storage::JobStatus::completed);
        ASSERT_EQ(rec.versions.size(), 1u);
        // Completed once: one attempt's completion was written, whatever the others did.
        size_t completions = 0;
        for (int a = 1; a <= rec.attempts; ++a) {
            completions += count_of(logs, "job " + id + " attempt " + std::to_string(a) + " completed");
        }
        EXPECT_LE(completions, 1u);
        // All its files, and only the completed version's, stored in the database (the nodes'
        // default artifact store): nothing of a stale attempt, none empty.
        auto rows = db->exec_binary("SELECT name, size::text FROM artifacts WHERE job_id = $1",
                                    storage::pg::Params().text(id));
        ASSERT_TRUE(rows) << rows.error().message;
        std::set<std::string> in_database;
        for (int i = 0; i < rows->size(); ++i) {
            in_database.insert(rows->text(i, 0));
            EXPECT_GT(std::stoll(rows->text(i, 1)), 0) << rows->text(i, 0);
        }
        const std::set<std::string> owned(rec.versions[0].files.begin(), rec.versions[0].files.end());
        EXPECT_EQ(in_database, owned);
    }
    EXPECT_FALSE(workers_[paused]->logged("job " + paused_job + " attempt 1 completed"))
        << "the paused worker's late completion was refused";
    EXPECT_GE(by_id[paused_job].attempts, 2);
}

}  // namespace omg::e2e
