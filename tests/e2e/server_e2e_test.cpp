// `omg serve` end to end: the real binary, a temp data folder, a port of its own, real HTTP.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "encode/audio_writer.h"
#include "storage/ids.h"
#include "support/eventually.h"
#include "support/omg_process.h"

namespace omg::e2e {
namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

// One `omg serve` process (support/omg_process.h), with a client once it said its port.
class Server {
public:
    explicit Server(fs::path data_dir, int workers = 1) : data_dir_(std::move(data_dir)) {
        fs::create_directories(data_dir_);
        port_file_ = data_dir_.parent_path() / ("port-" + storage::new_uuid());
        process_ = std::make_unique<testing::OmgProcess>(
            OMG_BINARY,
            std::vector<std::string>{"serve", "--host", "127.0.0.1", "--port", "0", "--port-file",
                                     port_file_.string(), "--data-dir", data_dir_.string(),
                                     "--workers", std::to_string(workers), "--grace", "3"},
            data_dir_.parent_path() / "server.log");
        for (int i = 0; i < 600 && port_ == 0; ++i) {
            std::ifstream in(port_file_);
            if (!(in >> port_)) {
                port_ = 0;
                std::this_thread::sleep_for(50ms);
            }
        }
        if (port_ != 0) {
            client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
            client_->set_read_timeout(30, 0);
        }
    }
    ~Server() {
        process_.reset();
        std::error_code ec;
        fs::remove(port_file_, ec);
    }
    bool up() const { return port_ != 0; }
    int port() const { return port_; }
    httplib::Client& http() { return *client_; }
    void kill9() { process_->kill9(); }
    // SIGTERM; the exit code, or -1 if it did not exit within `timeout`.
    int terminate(std::chrono::seconds timeout) { return process_->terminate(timeout); }
    bool alive() { return process_->alive(); }

private:
    fs::path data_dir_;
    fs::path port_file_;
    std::unique_ptr<testing::OmgProcess> process_;
    int port_ = 0;
    std::unique_ptr<httplib::Client> client_;
};

class E2E : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("omg-e2e-" + storage::new_uuid());
        fs::create_directories(root_);
    }
    void TearDown() override {
        if (HasFailure()) {
            std::ifstream log(root_ / "server.log");
            std::cerr << "server log:\n" << log.rdbuf() << "\n";
        }
        fs::remove_all(root_);
    }
    fs::path data() const { return root_ / "data"; }

    static json get(httplib::Client& c, const std::string& path, int expect = 200) {
        auto r = c.Get(path.c_str());
        EXPECT_TRUE(r) << path;
        if (!r) return {};
        EXPECT_EQ(r->status, expect) << path << " " << r->body;
        return json::parse(r->body, nullptr, false);
    }
    static std::string submit(httplib::Client& c, const json& body) {
        auto r = c.Post("/api/v1/generate", body.dump(), "application/json");
        EXPECT_TRUE(r);
        if (!r) return {};
        EXPECT_EQ(r->status, 200) << r->body;
        return json::parse(r->body).value("job_id", "");
    }
    static json wait_done(httplib::Client& c, const std::string& id, std::chrono::seconds t = 120s) {
        auto end = std::chrono::steady_clock::now() + t;
        json j;
        while (std::chrono::steady_clock::now() < end) {
            j = get(c, "/api/v1/jobs/" + id);
            std::string s = j.value("status", "");
            if (s == "completed" || s == "failed" || s == "cancelled") return j;
            std::this_thread::sleep_for(50ms);
        }
        ADD_FAILURE() << "job " << id << " never finished: " << j.dump();
        return j;
    }

    fs::path root_;
};

bool has_magic(const std::string& body, const std::string& format) {
    if (format == "mp3") {
        return body.rfind("ID3", 0) == 0 ||
               (body.size() > 1 && static_cast<unsigned char>(body[0]) == 0xff &&
                (static_cast<unsigned char>(body[1]) & 0xe0) == 0xe0);
    }
    if (format == "wav") return body.rfind("RIFF", 0) == 0 && body.substr(8, 4) == "WAVE";
    if (format == "flac") return body.rfind("fLaC", 0) == 0;
    if (format == "ogg") return body.rfind("OggS", 0) == 0;
    return false;
}

}  // namespace

TEST_F(E2E, GenerateFollowDownloadEveryFormatAndDelete) {
    Server s(data());
    ASSERT_TRUE(s.up());
    auto& c = s.http();
    EXPECT_EQ(get(c, "/health")["status"], "healthy");

    std::string events;
    std::atomic<bool> done{false};
    std::atomic<bool> hello{false};
    std::jthread listener([&] {
        httplib::Client sse("127.0.0.1", s.port());
        sse.set_read_timeout(60, 0);
        sse.Get("/api/v1/events", [&](const char* d, size_t n) {
            events.append(d, n);
            hello = events.find("event: hello") != std::string::npos;  // all after it will come
            done = events.find("event: completed") != std::string::npos;
            return !done.load();
        });
    });
    ASSERT_TRUE(testing::eventually([&] { return hello.load(); })) << "the event stream opened";
    std::string id = submit(c, {{"prompt", "a cheerful circus march with trumpets"}, {"duration", 6},
                                {"seed", 7}, {"stems", true}, {"loudness", "podcast"}});
    json job = wait_done(c, id);
    listener.join();
    ASSERT_EQ(job["status"], "completed") << job.dump();
    EXPECT_NE(events.find("event: progress"), std::string::npos);
    ASSERT_EQ(job["versions"].size(), 1u);
    json meta = job["versions"][0]["metadata"];
    EXPECT_EQ(meta["seed"], 7);
    EXPECT_TRUE(meta["sections"].is_array() && !meta["sections"].empty()) << meta.dump();
    // The same view of the song as `omg generate --json` (engine::song_json).
    EXPECT_TRUE(meta["brief"].contains("understood")) << meta.dump();
    EXPECT_EQ(meta["brief"]["genre"], "circus_march") << meta["brief"].dump();
    EXPECT_EQ(meta["recipe"]["seed"], 7);
    EXPECT_TRUE(meta["loudness"].contains("integrated_lufs"));
    EXPECT_FALSE(meta.contains("audio_path"));
    const std::string vid = job["versions"][0]["id"];
    // The loudness it was mastered to and measured at, and the parts of the mix with their stems.
    EXPECT_EQ(meta["loudness"]["preset"], "podcast");
    EXPECT_NEAR(meta["loudness"]["integrated_lufs"].get<double>(), -16.0, 0.5);
    EXPECT_LE(meta["loudness"]["true_peak_dbtp"].get<double>(), -1.0);
    ASSERT_TRUE(meta["parts"].is_array() && !meta["parts"].empty()) << meta.dump();
    for (const auto& part : meta["parts"]) {
        ASSERT_TRUE(part["stem"].is_string()) << part.dump();
        EXPECT_TRUE(part["loudness_lufs"].is_number()) << part.dump();
        auto r = c.Get(("/api/v1/versions/" + vid + "/stems/" + part["stem"].get<std::string>()).c_str());
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200) << part.dump();
    }

    for (const std::string format : {"mp3", "wav", "flac", "ogg"}) {
        auto r = c.Get(("/api/v1/versions/" + vid + "/audio?format=" + format).c_str());
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200) << format;
        EXPECT_TRUE(has_magic(r->body, format)) << format;
        fs::path file = root_ / ("download." + format);
        std::ofstream(file, std::ios::binary) << r->body;
        auto pcm = encode::read_audio(file);
        ASSERT_TRUE(pcm) << format << ": " << pcm.error().message;
        EXPECT_NEAR(pcm->seconds(), 6.0, 0.3) << format;
        auto tags = encode::read_metadata(file);
        ASSERT_TRUE(tags) << format;
        if (format == "flac") {  // the CLI's tags: the recipe, marked, in the comment
            EXPECT_TRUE(tags->comment.starts_with("omg-recipe {")) << tags->comment;
        }
        // The mix's loudness as tags (ReplayGain in MP3, FLAC and OGG, BWF loudness in WAV).
        ASSERT_TRUE(tags->loudness) << format;
        EXPECT_NEAR(tags->loudness->integrated_lufs, meta["loudness"]["integrated_lufs"].get<double>(), 0.02) << format;
    }
    auto range = c.Get(("/api/v1/versions/" + vid + "/audio?format=wav").c_str(), {{"Range", "bytes=0-11"}});
    EXPECT_EQ(range->status, 206);
    EXPECT_EQ(range->body.size(), 12u);
    auto midi = c.Get(("/api/v1/versions/" + vid + "/midi").c_str());
    EXPECT_EQ(midi->body.substr(0, 4), "MThd");
    json peaks = get(c, "/api/v1/versions/" + vid + "/peaks?points=100");
    EXPECT_EQ(peaks["max"].size(), 100u);
    json stems = get(c, "/api/v1/versions/" + vid + "/stems");
    ASSERT_FALSE(stems["stems"].empty());
    auto stem = c.Get(stems["stems"][0]["url"].get<std::string>().c_str());
    EXPECT_TRUE(has_magic(stem->body, "flac"));

    auto del = c.Delete(("/api/v1/jobs/" + id).c_str());
    EXPECT_EQ(del->status, 200);
    get(c, "/api/v1/jobs/" + id, 404);
    get(c, "/api/v1/versions/" + vid + "/audio", 404);
    EXPECT_FALSE(fs::exists(data() / "artifacts" / id));
    EXPECT_EQ(s.terminate(30s), 0);
}

TEST_F(E2E, CancelReorderPresetAndTheSergiecodeFlow) {
    Server s(data());
    ASSERT_TRUE(s.up());
    auto& c = s.http();
    std::string a = submit(c, {{"prompt", "slow ambient pads"}, {"duration", 30}, {"num_versions", 3}});
    std::string b = submit(c, {{"prompt", "b"}, {"duration", 5}, {"seed", 0}});
    std::string d = submit(c, {{"prompt", "d"}, {"duration", 5}});
    EXPECT_EQ(get(c, "/api/v1/queue/" + b + "/preset")["seed"], 0);
    auto mv = c.Patch("/api/v1/queue/reorder", json{{"job_id", d}, {"new_position", 1}}.dump(), "application/json");
    EXPECT_EQ(mv->status, 200) << mv->body;
    EXPECT_EQ(c.Delete(("/api/v1/queue/" + a).c_str())->status, 200);
    EXPECT_EQ(wait_done(c, a)["status"], "cancelled");
    EXPECT_EQ(wait_done(c, b)["status"], "completed");
    EXPECT_EQ(wait_done(c, d)["status"], "completed");

    auto r = c.Post("/music/generate", R"({"prompt":"relaxing piano melody for meditation","duration":5})",
                    "application/json");
    ASSERT_EQ(r->status, 200) << r->body;
    std::string track = json::parse(r->body)["track_id"];
    json st;
    for (int i = 0; i < 600; ++i) {
        st = get(c, "/music/status/" + track);
        if (st["status"] != "processing") break;
        std::this_thread::sleep_for(100ms);
    }
    ASSERT_EQ(st["status"], "completed");
    std::string url = st["download_url"];
    auto mp3 = c.Get(url.substr(url.find("/downloads/")).c_str());
    ASSERT_EQ(mp3->status, 200);
    EXPECT_EQ(mp3->get_header_value("Content-Type"), "audio/mpeg");
    EXPECT_TRUE(has_magic(mp3->body, "mp3"));
}

TEST_F(E2E, BadRequestsGetFourHundreds) {
    Server s(data());
    ASSERT_TRUE(s.up());
    auto& c = s.http();
    EXPECT_EQ(c.Post("/api/v1/generate", "{oops", "application/json")->status, 422);
    EXPECT_EQ(c.Post("/api/v1/generate", R"({"prompt":"x","duration":301})", "application/json")->status, 422);
    EXPECT_EQ(c.Post("/api/v1/generate", std::string(4 << 20, 'x'), "application/json")->status, 413);
    EXPECT_EQ(c.Get("/api/v1/generate")->status, 405);
    EXPECT_EQ(c.Delete("/api/v1/queue")->status, 405);
    EXPECT_EQ(c.Get("/nothing/here")->status, 404);
    EXPECT_EQ(c.Get("/api/v1/versions/../../../etc/passwd/audio")->status, 404);
    EXPECT_EQ(c.Get("/openapi.json")->status, 200);
}

TEST_F(E2E, NaughtyStringsNeverBreakTheServer) {
    std::ifstream in(OMG_BLNS_JSON);
    if (!in) GTEST_SKIP() << "no blns.json at " << OMG_BLNS_JSON;
    json strings = json::parse(in);
    Server s(data(), 2);
    ASSERT_TRUE(s.up());
    auto& c = s.http();
    std::vector<std::string> ids;
    for (const auto& item : strings) {
        const std::string prompt = item.get<std::string>();
        auto r = c.Post("/api/v1/generate", json{{"prompt", prompt}, {"duration", 5}}.dump(), "application/json");
        ASSERT_TRUE(r) << "no reply for: " << prompt;
        EXPECT_GE(r->status, 200);
        EXPECT_LT(r->status, 500) << prompt << " -> " << r->body;
        if (r->status == 200) ids.push_back(json::parse(r->body)["job_id"]);
        auto t = c.Post("/music/generate", json{{"prompt", prompt}, {"duration", 5}}.dump(), "application/json");
        ASSERT_TRUE(t);
        EXPECT_LT(t->status, 500) << prompt;
        if (t->status == 200) c.Delete(("/api/v1/jobs/" + json::parse(t->body)["track_id"].get<std::string>()).c_str());
    }
    for (const auto& id : ids) {
        json j = wait_done(c, id, 300s);
        std::string status = j.value("status", "");
        EXPECT_TRUE(status == "completed" || status == "failed") << j.dump();
    }
    EXPECT_TRUE(s.alive());
}

TEST_F(E2E, KillNineAtAnyMomentLosesNoAcknowledgedJob) {
    std::vector<std::string> acked;
    std::map<std::string, int> versions_wanted;
    for (int round = 0; round < 4; ++round) {
        Server s(data());
        ASSERT_TRUE(s.up()) << "restart " << round;
        auto& c = s.http();
        for (int i = 0; i < 3; ++i) {
            int n = 1 + (i % 2);
            std::string id = submit(c, {{"prompt", "crash test " + std::to_string(round * 10 + i)},
                                        {"duration", 8}, {"num_versions", n}});
            ASSERT_FALSE(id.empty());
            acked.push_back(id);
            versions_wanted[id] = n;
        }
        // Kill mid-generation: as soon as something is processing (after a varying delay).
        for (int i = 0; i < 400; ++i) {
            json q = get(c, "/api/v1/queue");
            bool busy = false;
            for (const auto& item : q["items"]) busy |= item["status"] == "processing";
            if (busy) break;
            std::this_thread::sleep_for(10ms);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(37 * round));
        s.kill9();
    }
    Server s(data());
    ASSERT_TRUE(s.up());
    auto& c = s.http();
    for (const auto& id : acked) {
        json j = wait_done(c, id, 300s);
        ASSERT_EQ(j["status"], "completed") << j.dump();
        EXPECT_EQ(j["versions"].size(), static_cast<size_t>(versions_wanted[id]));
    }
    EXPECT_EQ(s.terminate(30s), 0);
    // Files: exactly the completed versions' files, nothing else, no temporaries.
    Server again(data());
    ASSERT_TRUE(again.up());
    std::set<std::string> dirs;
    for (const auto& e : fs::directory_iterator(data() / "artifacts")) dirs.insert(e.path().filename());
    EXPECT_EQ(dirs, std::set<std::string>(acked.begin(), acked.end()));
    for (const auto& id : acked) {
        json j = get(again.http(), "/api/v1/jobs/" + id);
        std::set<std::string> vids;
        for (const auto& v : j["versions"]) vids.insert(v["id"]);
        for (const auto& f : fs::directory_iterator(data() / "artifacts" / id)) {
            std::string name = f.path().filename();
            EXPECT_NE(name.rfind(".tmp", 0), 0u) << name;
            EXPECT_TRUE(vids.count(name.substr(0, 36))) << "orphan file " << name;
        }
        for (const auto& v : vids) EXPECT_TRUE(fs::exists(data() / "artifacts" / id / (v + ".mp3")));
    }
}

TEST_F(E2E, SigtermLetsTheRunningJobFinishAndExitsZero) {
    Server s(data());
    ASSERT_TRUE(s.up());
    std::string id = submit(s.http(), {{"prompt", "short"}, {"duration", 5}});
    for (int i = 0; i < 200; ++i) {
        if (get(s.http(), "/api/v1/jobs/" + id)["status"] != "pending") break;
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(s.terminate(60s), 0);
    Server again(data());
    ASSERT_TRUE(again.up());
    EXPECT_EQ(wait_done(again.http(), id)["status"], "completed");
}

// A show (issue 14) through the real engine: two cues become two jobs, the show completes with
// its continuous mix (the cut puts cue 2 exactly at cue 1's end), cue sheets listing both cues,
// and a zip holding the mix and every cue's files, loop segment and stems.
TEST_F(E2E, AShowRendersItsCuesThenItsMixCueSheetsAndZip) {
    Server s(data());
    ASSERT_TRUE(s.up());
    auto& c = s.http();
    const json body = {{"title", "Tiny show"},
                       {"seed", 5},
                       {"cues",
                        {{{"title", "Opening"}, {"prompt", "circus march"}, {"duration", 5},
                          {"transition", {{"type", "cut"}}}},
                         {{"title", "Vamp"}, {"prompt", "circus march"}, {"cue", {{"vamp_bars", 1}, {"ending", "button"}}}}}}};
    auto r = c.Post("/api/v1/shows", body.dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 202) << r->body;
    const std::string id = json::parse(r->body)["id"];
    json show;
    const auto end = std::chrono::steady_clock::now() + 180s;
    while (std::chrono::steady_clock::now() < end) {
        show = get(c, "/api/v1/shows/" + id);
        const std::string status = show.value("status", "");
        if (status == "completed" || status == "failed" || status == "cancelled") break;
        std::this_thread::sleep_for(100ms);
    }
    ASSERT_EQ(show.value("status", ""), "completed") << show.dump();
    ASSERT_EQ(show["cues"].size(), 2u);
    EXPECT_EQ(show["cues"][0]["start_s"], 0.0);
    EXPECT_NEAR(show["cues"][1]["start_s"].get<double>(), show["cues"][0]["length_s"].get<double>(), 0.002);
    EXPECT_EQ(show["cues"][1]["kind"], "vamp");
    EXPECT_TRUE(show["cues"][1]["segments"].is_object());

    auto mix = c.Get(("/api/v1/shows/" + id + "/mix").c_str());
    ASSERT_TRUE(mix);
    ASSERT_EQ(mix->status, 200);
    EXPECT_TRUE(has_magic(mix->body, "wav"));
    const fs::path wav = root_ / "mix.wav";
    std::ofstream(wav, std::ios::binary) << mix->body;
    auto pcm = encode::read_audio(wav);
    ASSERT_TRUE(pcm);
    const json sheet = get(c, "/api/v1/shows/" + id + "/cue-sheet.json");
    ASSERT_EQ(sheet["cues"].size(), 2u);
    EXPECT_NEAR(pcm->seconds(), sheet["length_s"].get<double>(), 0.002);
    float peak = 0;
    for (float v : pcm->samples) peak = std::max(peak, std::abs(v));
    EXPECT_GT(peak, 0.05f);
    auto csv = c.Get(("/api/v1/shows/" + id + "/cue-sheet.csv").c_str());
    ASSERT_TRUE(csv);
    EXPECT_NE(csv->body.find("\r\n1,Opening,track,0.000,"), std::string::npos) << csv->body;
    EXPECT_NE(csv->body.find("\r\n2,Vamp,vamp,"), std::string::npos) << csv->body;
    auto zip = c.Get(("/api/v1/shows/" + id + "/zip").c_str());
    ASSERT_TRUE(zip);
    ASSERT_EQ(zip->status, 200);
    for (const char* name : {"mix.flac", "cue-sheet.csv", "cues/01-opening.flac", "cues/02-vamp-loop.flac", "cues/02-vamp/stems/"})
        EXPECT_NE(zip->body.find(name), std::string::npos) << name;

    auto del = c.Delete(("/api/v1/shows/" + id).c_str());
    ASSERT_TRUE(del);
    EXPECT_EQ(del->status, 204);
    EXPECT_FALSE(fs::exists(data() / "shows" / "artifacts" / id));
}

}  // namespace omg::e2e
