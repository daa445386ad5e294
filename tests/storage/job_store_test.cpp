#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <ostream>

#include "storage/ids.h"
#include "storage/job_store.h"
#include "support/postgres_fixture.h"

namespace omg::storage {
namespace fs = std::filesystem;

namespace {

JobRecord make_job(const std::string& prompt, int64_t pos) {
    JobRecord j;
    j.id = new_uuid();
    j.params.prompt = prompt;
    j.params.duration_s = 12.5;
    j.params.num_versions = 2;
    j.params.seed = -42;
    j.params.lyrics = "la la";
    j.params.bpm = 90;
    j.params.vocals = false;
    j.params.client_job_id = "client-7";
    j.created_at = now_iso();
    j.queue_pos = pos;
    return j;
}

enum class Kind { memory, sqlite, postgres };
const char* kind_name(Kind k) {
    switch (k) {
        case Kind::memory: return "Memory";
        case Kind::sqlite: return "Sqlite";
        case Kind::postgres: return "Postgres";
    }
    return "Unknown";
}
// ctest's test names show the parameter as this prints it.
void PrintTo(Kind k, std::ostream* out) { *out << kind_name(k); }

// The same conformance tests for every store: the in-memory fake, SQLite, and a real
// PostgreSQL server started by the test (support/postgres_fixture.h), a new database each test.
class StoreTest : public ::testing::TestWithParam<Kind> {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-store-" + new_uuid());
        fs::create_directories(dir_);
        if (GetParam() == Kind::postgres) {
            url_ = test::fresh_postgres_database();
            ASSERT_FALSE(url_.empty());
        }
        store_ = open();
        ASSERT_TRUE(store_);
    }
    void TearDown() override {
        store_.reset();
        fs::remove_all(dir_);
    }
    std::unique_ptr<JobStore> open() {
        Result<std::unique_ptr<JobStore>> s;
        switch (GetParam()) {
            case Kind::memory: return std::make_unique<MemoryJobStore>();
            case Kind::sqlite: s = open_sqlite_job_store({dir_ / "omg.db"}); break;
            case Kind::postgres: s = open_postgres_job_store({url_}); break;
        }
        if (!s) {
            ADD_FAILURE() << "cannot open the store: " << s.error().message;
            return nullptr;
        }
        return std::move(*s);
    }
    fs::path dir_;
    std::string url_;
    std::unique_ptr<JobStore> store_;
};

}  // namespace

TEST_P(StoreTest, InsertLoadRoundTrip) {
    auto a = make_job("first \xe2\x99\xab 'quoted' \"x\"", 1);
    a.progress = 100.0 / 3;  // doubles come back bit for bit
    a.params.duration_s = 12.345678901234567;
    auto b = make_job("second", 2);
    b.params.seed.reset();
    b.params.lyrics.reset();
    ASSERT_TRUE(store_->insert(a));
    ASSERT_TRUE(store_->insert(b));
    auto all = store_->load_all();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0], a);
    EXPECT_EQ((*all)[1], b);
}

TEST_P(StoreTest, DuplicateIdIsAConflict) {
    auto a = make_job("x", 1);
    ASSERT_TRUE(store_->insert(a));
    auto again = store_->insert(a);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::conflict);
}

TEST_P(StoreTest, CompleteWritesStatusAndVersionsTogether) {
    auto a = make_job("x", 1);
    ASSERT_TRUE(store_->insert(a));
    a.status = JobStatus::completed;
    a.progress = 100;
    a.finished_at = now_iso();
    a.versions = {{new_uuid(), 0, R"({"seed":1})", {"a.mp3", "a.flac"}},
                  {new_uuid(), 1, R"({"seed":2})", {"b.mp3"}}};
    ASSERT_TRUE(store_->complete(a));
    auto all = store_->load_all();
    ASSERT_TRUE(all);
    EXPECT_EQ(all->front(), a);
}

TEST_P(StoreTest, UpdateKeepsVersionsAndEraseRemovesEverything) {
    auto a = make_job("x", 1);
    ASSERT_TRUE(store_->insert(a));
    a.status = JobStatus::completed;
    a.versions = {{new_uuid(), 0, "{}", {"f.mp3"}}};
    ASSERT_TRUE(store_->complete(a));
    a.queue_pos.reset();
    ASSERT_TRUE(store_->update(a));
    EXPECT_EQ(store_->load_all()->front().versions.size(), 1u);
    ASSERT_TRUE(store_->erase(a.id));
    EXPECT_TRUE(store_->load_all()->empty());
    EXPECT_EQ(store_->erase(a.id).error().code, Errc::not_found);
    EXPECT_EQ(store_->update(a).error().code, Errc::not_found);
}

TEST_P(StoreTest, QueuePositions) {
    auto a = make_job("a", 1);
    auto b = make_job("b", 2);
    ASSERT_TRUE(store_->insert(a));
    ASSERT_TRUE(store_->insert(b));
    ASSERT_TRUE(store_->set_queue_positions({{a.id, 2}, {b.id, std::nullopt}}));
    auto all = store_->load_all();
    EXPECT_EQ((*all)[0].queue_pos, 2);
    EXPECT_FALSE((*all)[1].queue_pos.has_value());
}

TEST_P(StoreTest, SurvivesReopen) {
    if (GetParam() == Kind::memory) GTEST_SKIP() << "memory store is not durable";
    auto a = make_job("durable", 1);
    ASSERT_TRUE(store_->insert(a));
    store_.reset();
    store_ = open();  // migrations run again as a no-op
    auto all = store_->load_all();
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ(all->front(), a);
}

namespace {
ShowRecord make_show(int cues) {
    ShowRecord r;
    r.id = new_uuid();
    r.title = "Circus night \xe2\x99\xab";
    r.created_at = now_iso();
    r.show.title = r.title;
    r.show.seed = 7;
    r.show.keep_compatible = false;
    for (int i = 0; i < cues; ++i) {
        model::ShowCue cue;
        cue.title = "Act " + std::to_string(i + 1);
        cue.request.prompt = "circus march";
        cue.request.key = "D major";
        cue.request.bpm = 132.5;
        cue.request.loudness = model::LoudnessPreset::show;
        if (i == 1) {
            cue.request.cue = model::CueShape{2, 4, model::CueEnding::button};
            cue.ending_on = model::EndingOn::beat;
            cue.vamp_repeats = 3;
            cue.transition = {model::TransitionType::crossfade, 2.5};
        }
        if (i == 2) cue.request.hits.push_back(*model::parse_hit("12.5:accent"));
        r.show.cues.push_back(cue);
        r.cues.push_back({new_uuid(), i == 1});
    }
    return r;
}
}  // namespace

TEST_P(StoreTest, ShowsRoundTripUpdateAndErase) {
    const ShowRecord a = make_show(3);
    ShowRecord b = make_show(1);
    ASSERT_TRUE(store_->insert_show(a));
    ASSERT_TRUE(store_->insert_show(b));
    auto st = store_->insert_show(a);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, Errc::conflict);
    auto all = store_->load_shows();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0], a);  // every cue, in order, with its job id
    EXPECT_EQ((*all)[1], b);

    b.status = kShowCompleted;
    b.finished_at = now_iso();
    b.starts_s = {0.0};
    b.files = {"mix.flac", "cue-sheet.csv", "cue-sheet.json"};
    ASSERT_TRUE(store_->update_show(b));
    ASSERT_TRUE(store_->erase_show(a.id));
    EXPECT_EQ(store_->erase_show(a.id).error().code, Errc::not_found);
    ShowRecord missing = make_show(1);
    EXPECT_EQ(store_->update_show(missing).error().code, Errc::not_found);
    if (GetParam() != Kind::memory) {
        store_.reset();
        store_ = open();
        ASSERT_TRUE(store_);
    }
    all = store_->load_shows();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ((*all)[0], b);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest,
                         ::testing::Values(Kind::memory, Kind::sqlite, Kind::postgres),
                         [](const ::testing::TestParamInfo<Kind>& p) { return kind_name(p.param); });

TEST(SqliteStore, UnwritableLocationIsAnIoError) {
    auto s = open_sqlite_job_store({"/nonexistent-dir/for/sure/omg.db"});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, Errc::io);
    EXPECT_EQ(s.error().message.find("/nonexistent"), std::string::npos);
}

}  // namespace omg::storage
