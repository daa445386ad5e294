// Versioned migrations (storage/migrations.h): a database written by an older OMG opens and is
// brought to the newest schema with its rows intact; one written by a newer OMG is refused.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "storage/ids.h"
#include "storage/job_store.h"
#include "storage/migrations.h"

namespace omg::storage {
namespace fs = std::filesystem;
namespace {

class SqliteMigration : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-migrate-" + new_uuid());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // One integer from the database file, read with SQLite itself rather than the store.
    int64_t query_int(const char* sql) {
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open_v2((dir_ / "omg.db").c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> owner(db, &sqlite3_close_v2);
        sqlite3_stmt* raw = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &raw, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw, &sqlite3_finalize);
        EXPECT_EQ(sqlite3_step(raw), SQLITE_ROW);
        return sqlite3_column_int64(raw, 0);
    }

    fs::path dir_;
};

// tests/storage/data/main-v1.db was written by the SQLite store of OMG's main branch at commit
// 43a7e78 (schema version 1): a pending job and a completed one with two versions.
TEST_F(SqliteMigration, DatabaseFromTheFirstSchemaOpensWithEveryRow) {
    fs::copy_file(fs::path(OMG_SOURCE_DIR) / "tests/storage/data/main-v1.db", dir_ / "omg.db");
    ASSERT_EQ(query_int("SELECT MAX(version) FROM schema_migrations"), 1);

    auto store = open_sqlite_job_store({dir_ / "omg.db"});
    ASSERT_TRUE(store) << store.error().message;
    auto all = (*store)->load_all();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);

    const JobRecord& pending = (*all)[0];
    EXPECT_EQ(pending.id, "0b7f3c1e-5a2d-4c8e-9f10-aa0000000001");
    EXPECT_EQ(pending.status, JobStatus::pending);
    EXPECT_EQ(pending.params.prompt, "calm piano in D minor");
    EXPECT_EQ(pending.params.seed, 7);
    EXPECT_EQ(pending.params.bpm, 70.0);
    EXPECT_EQ(pending.queue_pos, 1);
    EXPECT_EQ(pending.created_at, "2026-12-06T11:00:00.000001");

    const JobRecord& done = (*all)[1];
    EXPECT_EQ(done.status, JobStatus::completed);
    EXPECT_EQ(done.params.lyrics, "la la");
    EXPECT_EQ(done.params.duration_s, 12.5);
    EXPECT_EQ(done.attempts, 1);
    EXPECT_EQ(done.finished_at, "2026-12-06T11:00:09.000004");
    ASSERT_EQ(done.versions.size(), 2u);
    EXPECT_EQ(done.versions[0].files, (std::vector<std::string>{"v0.mp3", "v0.flac"}));
    EXPECT_EQ(done.versions[1].metadata_json, R"({"seed":12})");

    store->reset();
    EXPECT_EQ(query_int("SELECT MAX(version) FROM schema_migrations"), migrations().back().version);
    EXPECT_EQ(query_int("SELECT COUNT(*) FROM schema_migrations"),
              static_cast<int64_t>(migrations().size()));
    // Version 2: the lease columns, empty on the old rows.
    EXPECT_EQ(query_int("SELECT COUNT(*) FROM pragma_table_info('jobs') "
                        "WHERE name IN ('lease_owner', 'lease_expires_at')"),
              2);
    EXPECT_EQ(query_int("SELECT COUNT(*) FROM jobs WHERE lease_owner IS NULL"), 2);
    // Version 3: lease expiries (none on the old rows) and the workers table.
    EXPECT_EQ(query_int("SELECT COUNT(*) FROM jobs WHERE lease_expiries = 0"), 2);
    EXPECT_EQ(query_int("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'workers'"), 1);
}

TEST_F(SqliteMigration, DatabaseFromANewerOmgIsRefused) {
    ASSERT_TRUE(open_sqlite_job_store({dir_ / "omg.db"}));
    const auto newer = std::to_string(migrations().back().version + 1);
    query_int(("INSERT INTO schema_migrations(version, applied_at) VALUES(" + newer +
               ", 'later') RETURNING version")
                  .c_str());
    auto again = open_sqlite_job_store({dir_ / "omg.db"});
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().message.find("newer OMG"), std::string::npos);
}

TEST(Migrations, VersionsCountUpFromOneAndEveryOneHasBothDialects) {
    int expected = 1;
    for (const Migration& m : migrations()) {
        EXPECT_EQ(m.version, expected++);
        EXPECT_FALSE(m.summary.empty());
        EXPECT_FALSE(m.sqlite.empty());
        EXPECT_FALSE(m.postgres.empty());
    }
}

}  // namespace
}  // namespace omg::storage
