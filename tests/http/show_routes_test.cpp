// The shows API (/api/v1/shows) over the real queue and ShowQueue, the fake engine, a fake
// prompt service and a fake assembly: creating a show queues one job per cue, the show follows
// them to completed, serves its cue sheets and zip, refuses bad bodies with a located 422, plans
// related keys, and DELETE removes it.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "http/api.h"
#include "jobs/show_queue.h"
#include "show/cue_sheet.h"
#include "show/plan.h"
#include "support/api_server.h"
#include "support/eventually.h"
#include "support/fake_job_engine.h"

namespace omg::http {
namespace {

using json = nlohmann::json;

class KeyPrompts final : public PromptService {
public:
    Result<json> interpret(const InterpretRequest& request) const override {
        if (request.asked.style && *request.asked.style == "nope") return fail(Errc::invalid_argument, "Unknown style 'nope'");
        return json{{"tempo_bpm", request.asked.bpm.value_or(120)}, {"key", "C"}, {"mode", "major"},
                    {"time_signature", "4/4"}};
    }
    json styles() const override { return json::array(); }
};

// Writes the three files the real assembly writes; every cue starts 10 s after the previous.
Result<jobs::AssembledShow> fake_assembly(const storage::ShowRecord& show, const std::vector<jobs::JobView>& jobs,
                                          storage::ArtifactStore& files, std::stop_token) {
    std::vector<show::CueSheetRow> rows;
    jobs::AssembledShow out;
    for (size_t i = 0; i < jobs.size(); ++i) {
        show::CueSheetRow r;
        r.number = static_cast<int>(i + 1);
        r.title = show.show.cues[i].title;
        r.start_s = 10.0 * static_cast<double>(i);
        out.starts_s.push_back(r.start_s);
        rows.push_back(r);
    }
    if (auto st = files.write_file(show.id, "mix.flac", std::string_view("fLaC-mix")); !st) return tl::unexpected(st.error());
    if (auto st = files.write_file(show.id, "cue-sheet.csv", show::cue_sheet_csv(rows)); !st) return tl::unexpected(st.error());
    if (auto st = files.write_file(show.id, "cue-sheet.json", show::cue_sheet_json(show.title, 30, rows)); !st)
        return tl::unexpected(st.error());
    out.files = {"mix.flac", "cue-sheet.csv", "cue-sheet.json"};
    return out;
}

json circus() {
    return {{"title", "Circus night"},
            {"seed", 7},
            {"cues",
             {{{"title", "Opening"}, {"prompt", "circus march"}, {"bpm", 100}, {"key", "D major"}, {"duration", 20}},
              {{"title", "Jugglers"}, {"prompt", "circus galop"}, {"cue", {{"vamp_bars", 4}, {"ending", "button"}}},
               {"transition", {{"type", "crossfade"}, {"seconds", 3}}}},
              {{"title", "Bow"}, {"style", "circus_march"}, {"hits", {{{"time", 5}, {"kind", "accent"}}}}}}}};
}

class ShowRoutesTest : public ::testing::Test {
protected:
    void SetUp() override {
        engine_.version_ms = 5;
        server_.enable_shows(fake_assembly);
        ApiOptions ao;
        ao.prompts = &prompts_;
        std::string why;
        ASSERT_TRUE(server_.start(std::move(ao), {}, 1 << 20, &why)) << why;
        client_ = server_.client();
    }
    httplib::Result post(const json& body) { return client_->Post("/api/v1/shows", body.dump(), "application/json"); }
    json get(const std::string& path) {
        auto r = client_->Get(path.c_str());
        return r && r->status == 200 ? json::parse(r->body) : json();
    }

    testing::FakeJobEngine engine_;
    KeyPrompts prompts_;
    testing::ApiServer server_{engine_};
    std::unique_ptr<httplib::Client> client_;
};

TEST_F(ShowRoutesTest, EveryCueIsAJobAndTheShowCompletesWithItsFiles) {
    auto r = post(circus());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 202) << r->body;
    const json created = json::parse(r->body);
    const std::string id = created["id"];
    EXPECT_EQ(created["status"], "queued");
    ASSERT_EQ(created["cues"].size(), 3u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(created["cues"][i]["number"], i + 1);
        EXPECT_FALSE(get("/api/v1/jobs/" + created["cues"][i]["job_id"].get<std::string>()).is_null());
    }
    ASSERT_TRUE(testing::eventually([&] { return get("/api/v1/shows/" + id).value("status", "") == "completed"; }));
    const json show = get("/api/v1/shows/" + id);
    EXPECT_EQ(show["title"], "Circus night");
    EXPECT_EQ(show["loudness"], "show");
    EXPECT_EQ(show["links"]["zip"], "/api/v1/shows/" + id + "/zip");
    ASSERT_EQ(show["cues"].size(), 3u);
    EXPECT_EQ(show["cues"][1]["kind"], "vamp");
    EXPECT_EQ(show["cues"][1]["vamp_bars"], 4);
    EXPECT_EQ(show["cues"][1]["transition"]["type"], "crossfade");
    EXPECT_EQ(show["cues"][1]["transition"]["seconds"], 3.0);
    EXPECT_EQ(show["cues"][2]["start_s"], 20.0);
    EXPECT_EQ(show["cues"][0]["status"], "completed");
    EXPECT_TRUE(show["cues"][0]["version_id"].is_string());
    EXPECT_EQ(show["cues"][2]["hits"].size(), 1u);

    auto csv = client_->Get(("/api/v1/shows/" + id + "/cue-sheet.csv").c_str());
    ASSERT_TRUE(csv);
    EXPECT_EQ(csv->status, 200);
    for (const char* title : {"Opening", "Jugglers", "Bow"}) EXPECT_NE(csv->body.find(title), std::string::npos);
    EXPECT_EQ(get("/api/v1/shows/" + id + "/cue-sheet.json")["cues"].size(), 3u);
    auto zip = client_->Get(("/api/v1/shows/" + id + "/zip").c_str());
    ASSERT_TRUE(zip);
    EXPECT_EQ(zip->status, 200);
    EXPECT_EQ(zip->body.rfind("PK", 0), 0u);
    EXPECT_NE(zip->body.find("mix.flac"), std::string::npos);
    EXPECT_NE(zip->body.find("cues/02-jugglers"), std::string::npos);

    const json list = get("/api/v1/shows");
    ASSERT_EQ(list["shows"].size(), 1u);
    EXPECT_EQ(list["shows"][0]["cue_count"], 3);

    auto del = client_->Delete(("/api/v1/shows/" + id).c_str());
    ASSERT_TRUE(del);
    EXPECT_EQ(del->status, 204);
    auto gone = client_->Get(("/api/v1/shows/" + id).c_str());
    ASSERT_TRUE(gone);
    EXPECT_EQ(gone->status, 404);
}

TEST_F(ShowRoutesTest, SeguePlansARelatedKeyAndACloseTempo) {
    auto r = post(circus());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 202);
    auto view = server_.shows()->get(json::parse(r->body)["id"]);
    ASSERT_TRUE(view);
    const auto& cues = view->record.show.cues;
    // Cue 2 (C major, 120 alone) follows D major at 100 by a segue: G major (D's subdominant,
    // C's neighbour), 106 bpm. Cue 3 follows by a crossfade: related to G, close to 106.
    EXPECT_EQ(cues[1].request.key, "G major");
    EXPECT_DOUBLE_EQ(cues[1].request.bpm.value_or(0), 100 * (1 + show::kSegueTempoRatio));
    ASSERT_TRUE(cues[2].request.key);
    EXPECT_TRUE(show::is_related(*model::parse_key("G major"), *model::parse_key(*cues[2].request.key)));
    EXPECT_TRUE(view->record.cues[1].adjusted);
    EXPECT_EQ(cues[0].request.seed, 7);
    EXPECT_EQ(cues[2].request.seed, 9);
    EXPECT_TRUE(cues[0].request.stems);
}

TEST_F(ShowRoutesTest, BadBodiesAreLocated422s) {
    auto field = [&](json body) {
        auto r = post(body);
        EXPECT_TRUE(r);
        if (!r) return std::string();
        EXPECT_EQ(r->status, 422) << r->body;
        // The API's one 422 shape, as /api/v1/generate answers: {"detail": [{type, loc, msg}]}.
        const json reply = json::parse(r->body);
        EXPECT_EQ(reply.size(), 1u) << r->body;
        if (!reply.contains("detail") || !reply["detail"].is_array() || reply["detail"].empty()) return std::string();
        const json& first = reply["detail"][0];
        EXPECT_TRUE(first["type"].is_string() && first["msg"].is_string()) << r->body;
        const json& loc = first["loc"];
        EXPECT_EQ(loc[0], "body") << r->body;
        std::string path;  // ["body", "cues", 2, "cue", "vamp_bars"] -> "cues[2].cue.vamp_bars"
        for (size_t i = 1; i < loc.size(); ++i) {
            if (loc[i].is_number()) path += "[" + std::to_string(loc[i].get<int>()) + "]";
            else path += (path.empty() ? "" : ".") + loc[i].get<std::string>();
        }
        return path;
    };
    json body = circus();
    body["cues"][2]["cue"] = {{"vamp_bars", 0}};
    EXPECT_EQ(field(body), "cues[2].cue.vamp_bars");
    body = circus();
    body.erase("title");
    EXPECT_EQ(field(body), "title");
    body = circus();
    body["cues"][0]["transition"] = {{"type", "crossfade"}, {"seconds", 20}};
    EXPECT_EQ(field(body), "cues[0].transition.seconds");
    body = circus();
    body["cues"][1].erase("prompt");
    EXPECT_EQ(field(body), "cues[1].prompt");
    body = circus();
    body["cues"][0]["vamp_repeats"] = 0;
    EXPECT_EQ(field(body), "cues[0].vamp_repeats");
    body = circus();
    body["cues"][0]["duration"] = 900;
    EXPECT_EQ(field(body), "cues[0].duration");
    body = circus();
    body["cues"] = json::array();
    EXPECT_EQ(field(body), "cues");
    body = circus();
    body["cues"][2]["style"] = "nope";
    EXPECT_EQ(field(body), "cues[2]");
    EXPECT_TRUE(get("/api/v1/shows")["shows"].empty());  // nothing was queued
    EXPECT_TRUE(server_.queue().list_queue().empty());
}

TEST_F(ShowRoutesTest, UnknownShowsAre404AndUnfinishedFilesAre409) {
    auto r = client_->Get("/api/v1/shows/not-an-id");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    engine_.version_ms = 2000;
    auto created = post(circus());
    ASSERT_TRUE(created);
    const std::string id = json::parse(created->body)["id"];
    auto mix = client_->Get(("/api/v1/shows/" + id + "/mix").c_str());
    ASSERT_TRUE(mix);
    EXPECT_EQ(mix->status, 409);
    auto del = client_->Delete(("/api/v1/shows/" + id).c_str());
    ASSERT_TRUE(del);
    EXPECT_EQ(del->status, 204);
    // Its cue jobs left the queue, cancelled.
    EXPECT_TRUE(testing::eventually([&] {
        for (const auto& v : server_.queue().list_queue(true))
            if (v.record.status != storage::JobStatus::cancelled) return false;
        return true;
    }));
}

}  // namespace
}  // namespace omg::http
