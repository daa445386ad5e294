// What only the PostgreSQL store does: servers that open one database together, the exclusive
// lock of a single-node server, a database that goes away and comes back. Against a real
// throwaway server (support/postgres_fixture.h); the shared conformance tests are in
// job_store_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "storage/ids.h"
#include "storage/job_store.h"
#include "support/eventually.h"
#include "support/postgres_fixture.h"

namespace omg::storage {
namespace {

JobRecord job(const std::string& prompt) {
    JobRecord j;
    j.id = new_uuid();
    j.params.prompt = prompt;
    j.params.duration_s = 10;
    j.params.num_versions = 1;
    j.created_at = now_iso();
    j.queue_pos = 1;
    return j;
}

TEST(PostgresFixture, MissingServerProgramsFailWithAReason) {
    auto cluster = test::PostgresCluster::start("/nonexistent/postgresql/bin");
    ASSERT_FALSE(cluster);
    EXPECT_NE(cluster.error().message.find("postgresql package"), std::string::npos);
}

TEST(PostgresStore, ServersOpeningAFreshDatabaseTogetherMigrateItOnce) {
    const std::string url = test::fresh_postgres_database();
    ASSERT_FALSE(url.empty());
    constexpr int kServers = 4;
    std::vector<Result<std::unique_ptr<JobStore>>> opened(kServers);
    {
        std::vector<std::jthread> threads;
        for (int i = 0; i < kServers; ++i) {
            threads.emplace_back([&, i] { opened[static_cast<size_t>(i)] = open_postgres_job_store({url}); });
        }
    }
    for (auto& s : opened) ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE((*opened[0])->insert(job("one schema")));
    auto seen = (*opened[kServers - 1])->load_all();
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->size(), 1u);
}

TEST(PostgresStore, ExclusiveOpenRefusesASecondServerUntilTheFirstCloses) {
    const std::string url = test::fresh_postgres_database();
    ASSERT_FALSE(url.empty());
    auto first = open_postgres_job_store({url, true});
    ASSERT_TRUE(first) << first.error().message;
    auto second = open_postgres_job_store({url, true});
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, Errc::unavailable);
    EXPECT_NE(second.error().message.find("another OMG server"), std::string::npos);
    first->reset();
    // The server ends the closed session's backend, and so frees its lock, a moment after the
    // client has gone: under load a third open can come first and must then try again.
    std::string refused;
    EXPECT_TRUE(testing::eventually([&] {
        auto third = open_postgres_job_store({url, true});
        if (!third) refused = third.error().message;
        return third.has_value();
    })) << refused;
}

TEST(PostgresStore, UnreachableServerIsUnavailableWithoutTheUrl) {
    auto s = open_postgres_job_store({"postgresql://omg:secret-word@127.0.0.1:1/omg"});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, Errc::unavailable);
    EXPECT_EQ(s.error().message.find("secret-word"), std::string::npos);
}

TEST(PostgresStore, DatabaseOutageIsUnavailableThenRecoversByItself) {
    const std::string url = test::fresh_postgres_database();
    ASSERT_FALSE(url.empty());
    auto store = open_postgres_job_store({url});
    ASSERT_TRUE(store) << store.error().message;
    auto before = job("before");
    ASSERT_TRUE((*store)->insert(before));

    auto cluster = test::shared_postgres();
    ASSERT_TRUE(cluster);
    ASSERT_TRUE((*cluster)->stop());
    auto during = (*store)->insert(job("during"));
    ASSERT_FALSE(during);
    EXPECT_EQ(during.error().code, Errc::unavailable) << during.error().message;

    ASSERT_TRUE((*cluster)->restart());
    auto after = job("after");
    ASSERT_TRUE((*store)->insert(after)) << "the store reconnects on its next call";
    auto all = (*store)->load_all();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0], before);
    EXPECT_EQ((*all)[1], after);
}

TEST(PostgresStore, TextIsNeverCutShortAtANulByte) {
    const std::string url = test::fresh_postgres_database();
    ASSERT_FALSE(url.empty());
    auto store = open_postgres_job_store({url});
    ASSERT_TRUE(store) << store.error().message;
    auto j = job(std::string("before\0after", 12));
    EXPECT_FALSE((*store)->insert(j)) << "PostgreSQL text holds no NUL: refused, not truncated";
    EXPECT_TRUE((*store)->load_all()->empty());
}

TEST(OpenJobStore, NoUrlIsSqlitePostgresUrlIsPostgresAnythingElseIsRefused) {
    const auto dir = std::filesystem::temp_directory_path() / ("omg-open-" + new_uuid());
    std::filesystem::create_directories(dir);
    auto sqlite = open_job_store({"", dir / "omg.db"});
    ASSERT_TRUE(sqlite) << sqlite.error().message;
    EXPECT_TRUE(std::filesystem::exists(dir / "omg.db"));
    sqlite->reset();

    for (const char* bad : {"mysql://u:pw@host/db", "sqlite:///tmp/x.db", "/var/lib/omg.db"}) {
        auto refused = open_job_store({bad, dir / "other.db"});
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().code, Errc::invalid_argument);
        EXPECT_EQ(refused.error().message.find(bad), std::string::npos);
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "other.db"));
    std::filesystem::remove_all(dir);

    const std::string url = test::fresh_postgres_database();
    ASSERT_FALSE(url.empty());
    auto pg = open_job_store({url, dir / "unused.db"});
    ASSERT_TRUE(pg) << pg.error().message;
    ASSERT_TRUE((*pg)->insert(job("through the URL")));
    EXPECT_FALSE(open_job_store({url, dir / "unused.db"})) << "exclusive by default";
}

}  // namespace
}  // namespace omg::storage
