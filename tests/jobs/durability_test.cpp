// No job is ever completed with a missing or short file. The artifact store's writes go through a
// file system that dies after its k-th call (the process is killed there), for every k of one
// job's writes; then the server restarts over the same database and folder, and every completed
// job's files must be there whole, with no temporary file left.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "core/durable_file.h"
#include "jobs/event_bus.h"
#include "jobs/job_queue.h"
#include "storage/artifact_store.h"
#include "storage/ids.h"
#include "storage/job_store.h"
#include "support/fake_job_engine.h"

namespace omg::jobs {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// The real file system until the process "dies" after `die_after` calls; then every call fails.
class DyingFs final : public FileSystem {
public:
    explicit DyingFs(std::optional<int> die_after) : die_after_(die_after) {}
    int calls() const { return calls_; }

    Result<int> create_new(const fs::path& p) override {
        if (!alive()) return fail(Errc::io, "killed");
        return posix_file_system().create_new(p);
    }
    Status write_all(int h, std::span<const unsigned char> b) override {
        if (!alive()) return fail(Errc::io, "killed");
        return posix_file_system().write_all(h, b);
    }
    Status sync(int h) override {
        if (!alive()) return fail(Errc::io, "killed");
        return posix_file_system().sync(h);
    }
    Status close(int h) override {
        // The kernel closes a killed process's files; nothing else happens.
        (void)posix_file_system().close(h);
        if (!alive()) return fail(Errc::io, "killed");
        return {};
    }
    Status rename(const fs::path& a, const fs::path& b) override {
        if (!alive()) return fail(Errc::io, "killed");
        return posix_file_system().rename(a, b);
    }
    Status sync_dir(const fs::path& d) override {
        if (!alive()) return fail(Errc::io, "killed");
        return posix_file_system().sync_dir(d);
    }
    void remove(const fs::path& p) override {
        if (alive()) posix_file_system().remove(p);
    }

private:
    bool alive() {
        std::lock_guard lock(mutex_);
        if (die_after_ && calls_ >= *die_after_) return false;
        ++calls_;
        return true;
    }
    std::optional<int> die_after_;
    std::mutex mutex_;
    int calls_ = 0;
};

// Runs one job with the file system dying after `die_after` calls; returns the calls made.
int run_once(const fs::path& dir, storage::MemoryJobStore& store, std::optional<int> die_after) {
    DyingFs dying(die_after);
    auto artifacts = storage::ArtifactStore::open(dir, dying);
    EXPECT_TRUE(artifacts);
    testing::FakeJobEngine engine;
    engine.version_ms = 0;
    EventBus bus;
    QueueOptions qo;
    JobQueue queue(store, *artifacts, engine, bus, qo);
    EXPECT_TRUE(queue.recover());
    queue.start();
    storage::JobParams p;
    p.prompt = "durable";
    p.duration_s = 10;
    p.num_versions = 2;
    auto job = queue.submit(p);
    EXPECT_TRUE(job);
    for (int i = 0; i < 500; ++i) {
        auto v = queue.get(job->record.id);
        if (v && (v->record.status == storage::JobStatus::completed ||
                  v->record.status == storage::JobStatus::failed)) {
            break;
        }
        std::this_thread::sleep_for(5ms);
    }
    queue.shutdown(0ms);
    return dying.calls();
}

}  // namespace

TEST(Durability, NoJobIsCompletedWithAMissingOrShortFile) {
    const fs::path dir = fs::temp_directory_path() / ("omg-durability-" + storage::new_uuid());
    // One whole job: how many file system calls its writes take.
    int all = 0;
    {
        storage::MemoryJobStore store;
        all = run_once(dir / "probe", store, std::nullopt);
        ASSERT_GT(all, 12) << "two versions, several files each";
    }
    int completed = 0;
    for (int k = 0; k <= all; ++k) {
        const fs::path data = dir / std::to_string(k);
        storage::MemoryJobStore store;  // the database outlives the killed process
        run_once(data, store, k);
        // Restart: the real file system, recovery and its sweep.
        auto artifacts = storage::ArtifactStore::open(data);
        ASSERT_TRUE(artifacts);
        testing::FakeJobEngine engine;
        EventBus bus;
        JobQueue queue(store, *artifacts, engine, bus, QueueOptions{});
        ASSERT_TRUE(queue.recover());
        for (const auto& view : queue.list_queue()) {
            if (view.record.status != storage::JobStatus::completed) continue;
            ++completed;
            for (const auto& version : view.record.versions) {
                ASSERT_FALSE(version.files.empty());
                for (const auto& file : version.files) {
                    auto path = artifacts->file_path(view.record.id, file);
                    ASSERT_TRUE(path);
                    std::error_code ec;
                    ASSERT_TRUE(fs::is_regular_file(*path, ec))
                        << file << " missing after a kill at call " << k;
                    EXPECT_GT(fs::file_size(*path, ec), 8u) << file << " short at call " << k;
                }
            }
        }
        for (const auto& entry : fs::recursive_directory_iterator(data)) {
            EXPECT_FALSE(is_temp_file_name(entry.path().filename().string()))
                << entry.path().filename() << " left after a kill at call " << k;
        }
        queue.shutdown(0ms);
    }
    EXPECT_GE(completed, 1) << "the kill after the last call lets the job complete";
    fs::remove_all(dir);
}

}  // namespace omg::jobs
