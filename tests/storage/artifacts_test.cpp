// The artifact stores (storage/artifacts.h) against one contract: the data folder, and a real
// PostgreSQL server the test starts itself (support/postgres_fixture.h), where a worker's files
// are stored by its fenced completion (storage/job_claims.h) exactly as `omg worker` stores them.
// Then what only the database does: files that go with their job, a stale attempt's files that
// never become visible, and a worker killed while it sends its files leaving nothing.
#include "storage/artifacts.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "storage/artifact_store.h"
#include "storage/ids.h"
#include "storage/job_claims.h"
#include "storage/job_store.h"
#include "storage/pg_session.h"
#include "support/eventually.h"
#include "support/postgres_fixture.h"

namespace omg::storage {
namespace {
namespace fs = std::filesystem;
using std::chrono::milliseconds;

// Bytes that differ at every position, so a piece read from the wrong place cannot pass.
std::string pattern(size_t n, unsigned seed) {
    std::string s(n, '\0');
    uint32_t x = 2463534242u ^ seed;
    for (auto& c : s) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x & 0xff);
    }
    return s;
}

std::string read_range(const ArtifactReader& r, uint64_t offset, size_t length) {
    std::string out;
    auto st = r.read(offset, length, &out);
    EXPECT_TRUE(st) << (st ? "" : st.error().message);
    return out;
}

// A job with files, as a worker publishes them: in the folder, or with the completion.
class Backend {
public:
    virtual ~Backend() = default;
    virtual Artifacts& files() = 0;
    // A new job whose files are `files` (name, bytes), published; returns its id.
    virtual std::string publish(const std::vector<std::pair<std::string, std::string>>& files) = 0;
    // The job deleted the way its store deletes it.
    virtual void delete_job(const std::string& id) = 0;
};

class FolderBackend final : public Backend {
public:
    explicit FolderBackend(const fs::path& dir)
        : store_(*ArtifactStore::open(dir)), files_(folder_artifacts(store_)) {}
    Artifacts& files() override { return *files_; }
    std::string publish(const std::vector<std::pair<std::string, std::string>>& files) override {
        const std::string id = new_uuid();
        for (const auto& [name, bytes] : files) EXPECT_TRUE(store_.write_file(id, name, bytes));
        return id;
    }
    void delete_job(const std::string& id) override { EXPECT_TRUE(files_->remove_job(id)); }

private:
    ArtifactStore store_;
    std::unique_ptr<Artifacts> files_;
};

class PostgresBackend final : public Backend {
public:
    PostgresBackend(std::string url, fs::path dir) : url_(std::move(url)), dir_(std::move(dir)) {
        auto store = open_postgres_job_store({url_});
        EXPECT_TRUE(store) << store.error().message;
        if (store) store_ = std::move(*store);
        auto files = open_postgres_artifacts(url_, dir_ / "scratch");
        EXPECT_TRUE(files) << files.error().message;
        if (files) files_ = std::move(*files);
    }
    Artifacts& files() override { return *files_; }

    JobRecord add() {
        JobRecord j;
        j.id = new_uuid();
        j.params.prompt = "a job with files";
        j.params.duration_s = 10;
        j.params.num_versions = 1;
        j.created_at = now_iso();
        j.queue_pos = ++pos_;
        EXPECT_TRUE(store_->insert(j));
        return j;
    }
    std::vector<StagedFile> stage(const std::string& id,
                                  const std::vector<std::pair<std::string, std::string>>& files) {
        std::vector<StagedFile> staged;
        fs::create_directories(dir_ / "staged" / id);
        for (const auto& [name, bytes] : files) {
            const fs::path p = dir_ / "staged" / id / name;
            std::ofstream(p, std::ios::binary) << bytes;
            staged.push_back({name, p});
        }
        return staged;
    }
    static JobRecord completed(JobRecord j, const std::vector<StagedFile>& files) {
        j.status = JobStatus::completed;
        j.progress = 100;
        j.finished_at = now_iso();
        VersionRecord v{new_uuid(), 0, "{}", {}};
        for (const auto& f : files) v.files.push_back(f.name);
        j.versions = {v};
        return j;
    }
    std::unique_ptr<JobClaims> worker() {
        auto w = open_postgres_job_claims(url_);
        EXPECT_TRUE(w) << w.error().message;
        return w ? std::move(*w) : nullptr;
    }
    static ClaimRequest request(milliseconds lease = milliseconds(60000)) {
        ClaimRequest q;
        q.worker = "test-worker";
        q.providers = {"builtin"};
        q.lease = lease;
        q.started_at = now_iso();
        return q;
    }
    std::string publish(const std::vector<std::pair<std::string, std::string>>& files) override {
        add();
        auto w = worker();
        auto claim = w->claim(request());
        EXPECT_TRUE(claim && *claim);
        if (!claim || !*claim) return "";
        const auto staged = stage((*claim)->job.id, files);
        auto st = w->complete(completed((*claim)->job, staged), (*claim)->attempt, staged);
        EXPECT_TRUE(st) << (st ? "" : st.error().message);
        return (*claim)->job.id;
    }
    void delete_job(const std::string& id) override { EXPECT_TRUE(store_->erase(id)); }

    // One number from the database (a count).
    int64_t query(const std::string& sql, const std::string& job_id = "") {
        auto db = pg::Session::connect(url_);
        EXPECT_TRUE(db);
        if (!db) return -1;
        auto rows = job_id.empty() ? db->exec(sql) : db->exec(sql, pg::Params().text(job_id));
        EXPECT_TRUE(rows) << (rows ? "" : rows.error().message);
        return rows ? rows->integer(0, 0) : -1;
    }
    int64_t stored_files(const std::string& job_id) {
        return query("SELECT count(*) FROM artifacts WHERE job_id = $1", job_id);
    }
    int64_t all_chunks() { return query("SELECT count(*) FROM artifact_chunks"); }
    JobRecord stored(const std::string& id) {
        auto all = store_->load_all();
        EXPECT_TRUE(all);
        for (auto& j : *all) {
            if (j.id == id) return j;
        }
        return {};
    }
    const std::string& url() const { return url_; }

private:
    std::string url_;
    fs::path dir_;
    int64_t pos_ = 0;
    std::unique_ptr<JobStore> store_;
    std::unique_ptr<Artifacts> files_;
};

class ArtifactsTest : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-artifacts-" + new_uuid());
        fs::create_directories(dir_);
        if (std::string(GetParam()) == "folder") {
            backend_ = std::make_unique<FolderBackend>(dir_);
        } else {
            const std::string url = test::fresh_postgres_database();
            ASSERT_FALSE(url.empty());
            pg_ = new PostgresBackend(url, dir_);
            backend_.reset(pg_);
        }
    }
    void TearDown() override {
        backend_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path dir_;
    std::unique_ptr<Backend> backend_;
    PostgresBackend* pg_ = nullptr;  // when the backend is PostgreSQL
};

constexpr size_t kChunk = kArtifactChunkBytes;

TEST_P(ArtifactsTest, AStoredFileReadsBackByteForByteInPiecesAndAcrossChunks) {
    const std::string big = pattern(2 * kChunk + 12345, 1);  // three chunks, the last one short
    const std::string exact = pattern(kChunk, 2);            // exactly one chunk
    const std::string id = backend_->publish({{"v.stem-piano.flac", big},
                                              {"v.mid", exact},
                                              {"v.lrc", ""},
                                              {"v.peaks.json", "{\"min\":[0]}"}});
    ASSERT_FALSE(id.empty());
    Artifacts& files = backend_->files();

    auto reader = files.open(id, "v.stem-piano.flac");
    ASSERT_TRUE(reader) << reader.error().message;
    const ArtifactReader& r = **reader;
    ASSERT_EQ(r.size(), big.size());
    // Whole, in pieces that never line up with the chunks.
    std::string whole;
    for (uint64_t at = 0; at < big.size(); at += 100000) {
        whole +=
            read_range(r, at, static_cast<size_t>(std::min<uint64_t>(100000, big.size() - at)));
    }
    EXPECT_TRUE(whole == big) << "the same bytes";
    // Ranges across each chunk boundary, at the very start and the very end.
    for (uint64_t at :
         {uint64_t{0}, uint64_t{kChunk - 10}, uint64_t{2 * kChunk - 1}, uint64_t{big.size() - 7}}) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(20, big.size() - at));
        EXPECT_TRUE(read_range(r, at, n) == big.substr(static_cast<size_t>(at), n)) << at;
    }
    EXPECT_TRUE(read_range(r, 5, 0).empty());
    std::string past;
    EXPECT_FALSE(r.read(big.size() - 3, 4, &past)) << "past the end";

    auto one = files.open(id, "v.mid");
    ASSERT_TRUE(one);
    EXPECT_TRUE(read_range(**one, 0, kChunk) == exact);
    auto empty = files.open(id, "v.lrc");
    ASSERT_TRUE(empty);
    EXPECT_EQ((*empty)->size(), 0u);
    auto peaks = read_whole(files, id, "v.peaks.json");
    ASSERT_TRUE(peaks);
    EXPECT_EQ(*peaks, "{\"min\":[0]}");
    EXPECT_EQ(read_whole(files, id, "v.stem-piano.flac", 1000).error().code, Errc::too_large);
}

TEST_P(ArtifactsTest, MissingAndMalformedNamesAreNotFoundOrRefused) {
    const std::string id = backend_->publish({{"v.mp3", "ID3"}});
    Artifacts& files = backend_->files();
    EXPECT_EQ(files.open(id, "w.mp3").error().code, Errc::not_found);
    EXPECT_EQ(files.open(new_uuid(), "v.mp3").error().code, Errc::not_found);
    EXPECT_EQ(files.open(id, "../v.mp3").error().code, Errc::invalid_argument);
    EXPECT_EQ(files.open("../etc", "passwd").error().code, Errc::invalid_argument);
    EXPECT_EQ(files.open(id, ".hidden").error().code, Errc::invalid_argument);
}

TEST_P(ArtifactsTest, ADerivedFileIsMadeOnceFromTheStoredSourceAndStoredForEveryReader) {
    const std::string flac = pattern(kChunk + 999, 3);
    const std::string id = backend_->publish({{"v.flac", flac}});
    Artifacts& files = backend_->files();
    int made = 0;
    auto make = [&made, &flac](const fs::path& from, const fs::path& to) -> Status {
        ++made;
        std::ifstream in(from, std::ios::binary);
        std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (got != flac) return fail(Errc::io, "the source came out different");
        std::ofstream(to, std::ios::binary) << "RIFF" << got;
        return {};
    };
    ASSERT_TRUE(files.derive(id, "v.flac", "v.wav", make));
    ASSERT_TRUE(files.derive(id, "v.flac", "v.wav", make));
    EXPECT_EQ(made, 1) << "made once";
    auto wav = files.open(id, "v.wav");
    ASSERT_TRUE(wav);
    EXPECT_TRUE(read_range(**wav, 0, (*wav)->size()) == "RIFF" + flac);
    EXPECT_EQ(files.derive(id, "v.ogg.flac", "v.ogg", make).error().code, Errc::not_found);
    EXPECT_EQ(made, 1);
    // A conversion that fails stores nothing.
    EXPECT_FALSE(
        files.derive(id, "v.flac", "v.ogg", [](const fs::path&, const fs::path&) -> Status {
            return fail(Errc::io, "the encoder failed");
        }));
    EXPECT_EQ(files.open(id, "v.ogg").error().code, Errc::not_found);
    if (pg_ != nullptr) {
        EXPECT_TRUE(fs::is_empty(dir_ / "scratch")) << "no scratch file is left";
    }
}

TEST_P(ArtifactsTest, DeletingTheJobDeletesItsFiles) {
    const std::string keep = backend_->publish({{"k.mp3", "keep"}});
    const std::string id =
        backend_->publish({{"v.mp3", pattern(3 * kChunk, 4)}, {"v.mid", "MThd"}});
    ASSERT_TRUE(backend_->files().open(id, "v.mp3"));
    backend_->delete_job(id);
    EXPECT_EQ(backend_->files().open(id, "v.mp3").error().code, Errc::not_found);
    EXPECT_EQ(backend_->files().open(id, "v.mid").error().code, Errc::not_found);
    EXPECT_TRUE(backend_->files().open(keep, "k.mp3")) << "another job's files stay";
    if (pg_ != nullptr) {
        EXPECT_EQ(pg_->stored_files(id), 0);
        EXPECT_EQ(pg_->all_chunks(), 1)
            << "only the other job's one chunk is left: nothing orphaned";
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, ArtifactsTest, ::testing::Values("folder", "postgres"),
                         [](const auto& p) { return std::string(p.param); });

// ---- what only the database store does ------------------------------------------------------

class DatabaseArtifacts : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-artifacts-" + new_uuid());
        fs::create_directories(dir_);
        const std::string url = test::fresh_postgres_database();
        ASSERT_FALSE(url.empty());
        pg_ = std::make_unique<PostgresBackend>(url, dir_);
    }
    void TearDown() override {
        pg_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path dir_;
    std::unique_ptr<PostgresBackend> pg_;
};

TEST_F(DatabaseArtifacts, AStaleAttemptsFilesNeverBecomeVisible) {
    const JobRecord job = pg_->add();
    auto paused = pg_->worker();
    auto next = pg_->worker();
    // A lease of 0 ms has expired by the next statement: the first worker "stopped renewing".
    auto old_claim = paused->claim(PostgresBackend::request(milliseconds(0)));
    ASSERT_TRUE(old_claim && *old_claim);
    auto new_claim = next->claim(PostgresBackend::request());
    ASSERT_TRUE(new_claim && *new_claim);
    ASSERT_EQ((*new_claim)->attempt, 2);

    const auto stale = pg_->stage(job.id, {{"old.mp3", pattern(kChunk + 1, 5)}});
    EXPECT_EQ(paused->complete(PostgresBackend::completed((*old_claim)->job, stale), 1, stale)
                  .error()
                  .code,
              Errc::conflict);
    EXPECT_EQ(pg_->stored_files(job.id), 0);
    EXPECT_EQ(pg_->all_chunks(), 0);

    const auto fresh = pg_->stage(job.id, {{"new.mp3", "fresh"}});
    ASSERT_TRUE(next->complete(PostgresBackend::completed((*new_claim)->job, fresh), 2, fresh));
    EXPECT_EQ(pg_->files().open(job.id, "old.mp3").error().code, Errc::not_found);
    auto got = pg_->files().open(job.id, "new.mp3");
    ASSERT_TRUE(got);
    EXPECT_EQ(read_range(**got, 0, 5), "fresh");
    EXPECT_EQ(pg_->stored(job.id).status, JobStatus::completed);
}

TEST_F(DatabaseArtifacts, AFileThatCannotBeReadWhollyFailsTheCompletionAndStoresNothing) {
    const JobRecord job = pg_->add();
    auto w = pg_->worker();
    auto claim = w->claim(PostgresBackend::request());
    ASSERT_TRUE(claim && *claim);
    auto staged = pg_->stage(job.id, {{"v.flac", pattern(2 * kChunk, 6)}});
    staged.push_back({"v.mp3", dir_ / "no-such-file"});
    EXPECT_FALSE(w->complete(PostgresBackend::completed((*claim)->job, staged), 1, staged));
    EXPECT_EQ(pg_->stored_files(job.id), 0);
    EXPECT_EQ(pg_->all_chunks(), 0) << "the first file's chunks went with the rollback";
    EXPECT_EQ(pg_->stored(job.id).status, JobStatus::processing) << "not completed";
}

// A real worker process (a fork of this one, with its own connection) is killed with SIGKILL
// while it sends a file: the file's first chunk is in the database, the rest is still being
// read from a pipe the test writes. The job stays the attempt's, unfinished, with no file.
TEST_F(DatabaseArtifacts, AWorkerKilledWhileItSendsItsFilesLeavesNoPartOfThemVisible) {
    const JobRecord job = pg_->add();
    const fs::path fifo = dir_ / "slow-file";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const std::string url = pg_->url();
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        auto w = open_postgres_job_claims(url);
        if (!w) _exit(2);
        auto claim = (*w)->claim(PostgresBackend::request());
        if (!claim || !*claim) _exit(3);
        const std::vector<StagedFile> files = {{"v.flac", fifo}};
        (void)(*w)->complete(PostgresBackend::completed((*claim)->job, files), (*claim)->attempt,
                             files);
        _exit(4);
    }
    // More than one chunk: the child sends chunk 0 and then waits for the rest.
    {
        // Read-write, so that opening never waits for the child; a pipe large enough that the
        // write never waits either, whatever the child does.
        const int fd = ::open(fifo.c_str(), O_RDWR);
        ASSERT_GE(fd, 0);
        ASSERT_GE(::fcntl(fd, F_SETPIPE_SZ, 1 << 20), static_cast<int>(kChunk + 1000));
        const std::string part = pattern(kChunk + 1000, 7);
        ASSERT_EQ(::write(fd, part.data(), part.size()), static_cast<ssize_t>(part.size()));
        // The pipe stays open (no end of file): the child blocks reading its next chunk.
        ASSERT_TRUE(testing::eventually([&] {
            return pg_->query(
                       "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' "
                       "AND query LIKE 'INSERT INTO artifact_chunks%'") == 1;
        })) << "the worker sent its first chunk and waits for the rest";
        ::kill(child, SIGKILL);
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        EXPECT_TRUE(WIFSIGNALED(status));
        ::close(fd);
    }
    EXPECT_EQ(pg_->stored_files(job.id), 0);
    EXPECT_EQ(pg_->all_chunks(), 0);
    EXPECT_EQ(pg_->files().open(job.id, "v.flac").error().code, Errc::not_found);
    const JobRecord after = pg_->stored(job.id);
    EXPECT_EQ(after.status, JobStatus::processing) << "not completed: its lease will expire";
    EXPECT_EQ(after.attempts, 1);
    // Once the server has seen the connection go, nothing of it is left in flight either.
    EXPECT_TRUE(testing::eventually([&] {
        return pg_->query(
                   "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'") ==
               0;
    }));
    EXPECT_EQ(pg_->all_chunks(), 0);
}

}  // namespace
}  // namespace omg::storage
