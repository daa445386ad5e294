// ShowQueue over the real JobQueue and a fake engine: a show's status follows its cue jobs, a
// failed cue fails the show with its reason, and a server stopped mid-assembly assembles the
// show on its next start (the store still says running, without files).
#include "jobs/show_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <optional>

#include "jobs/job_queue.h"
#include "storage/ids.h"
#include "support/eventually.h"
#include "support/fake_job_engine.h"

namespace omg::jobs {
namespace {

namespace fs = std::filesystem;
using storage::JobStatus;

model::Show two_cues(const std::string& second_prompt = "march") {
    model::Show show;
    show.title = "Night";
    for (const std::string& prompt : {std::string("waltz"), second_prompt}) {
        model::ShowCue cue;
        cue.title = prompt;
        cue.request = testing::fake_job(prompt);
        show.cues.push_back(cue);
    }
    return show;
}

Result<AssembledShow> write_mix(const storage::ShowRecord& show, const std::vector<JobView>& jobs,
                                storage::ArtifactStore& files, std::stop_token) {
    if (auto st = files.write_file(show.id, "mix.flac", std::string_view("fLaC")); !st) return tl::unexpected(st.error());
    AssembledShow out;
    out.files = {"mix.flac"};
    for (size_t i = 0; i < jobs.size(); ++i) out.starts_s.push_back(10.0 * static_cast<double>(i));
    return out;
}

class ShowQueueTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-shows-" + storage::new_uuid());
        artifacts_.emplace(*storage::ArtifactStore::open(dir_));
        show_files_.emplace(*storage::ArtifactStore::open(dir_ / "shows"));
        engine_.version_ms = 5;
        queue_ = std::make_unique<JobQueue>(store_, *artifacts_, engine_, bus_, QueueOptions{});
        ASSERT_TRUE(queue_->recover());
        queue_->start();
    }
    void TearDown() override {
        queue_->shutdown(std::chrono::milliseconds(0));
        fs::remove_all(dir_);
    }
    std::string status(ShowQueue& shows, const std::string& id) {
        shows.tick();
        auto v = shows.get(id);
        return v ? v->record.status : "gone";
    }

    fs::path dir_;
    storage::MemoryJobStore store_;
    std::optional<storage::ArtifactStore> artifacts_, show_files_;
    testing::FakeJobEngine engine_;
    EventBus bus_{4096, 1};
    std::unique_ptr<JobQueue> queue_;
};

TEST(ShowStatus, FollowsTheCues) {
    using S = std::optional<JobStatus>;
    EXPECT_EQ(show_status({S(JobStatus::pending), S(JobStatus::pending)}, false), "queued");
    EXPECT_EQ(show_status({S(JobStatus::completed), S(JobStatus::pending)}, false), "running");
    EXPECT_EQ(show_status({S(JobStatus::completed), S(JobStatus::completed)}, false), "running");
    EXPECT_EQ(show_status({S(JobStatus::completed), S(JobStatus::completed)}, true), "completed");
    EXPECT_EQ(show_status({S(JobStatus::cancelled), S(JobStatus::processing)}, false), "cancelled");
    EXPECT_EQ(show_status({S(JobStatus::cancelled), S(JobStatus::failed)}, false), "failed");
    EXPECT_EQ(show_status({S(JobStatus::completed), std::nullopt}, false), "failed");
}

TEST_F(ShowQueueTest, AFailedCueFailsTheShowWithItsReason) {
    ShowQueue shows(store_, *queue_, *show_files_, bus_, write_mix);
    ASSERT_TRUE(shows.recover());
    auto created = shows.create(two_cues("FAIL please"), {false, false});
    ASSERT_TRUE(created);
    const std::string id = created->record.id;
    ASSERT_TRUE(testing::eventually([&] { return status(shows, id) == "failed"; }));
    const auto view = shows.get(id);
    ASSERT_TRUE(view && view->record.error);
    EXPECT_EQ(view->record.error->rfind("cue 2 (FAIL please): ", 0), 0u) << *view->record.error;
    auto stored = store_.load_shows();
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->at(0).status, "failed");  // durable, not only in memory
}

TEST_F(ShowQueueTest, AServerStoppedMidAssemblyAssemblesOnItsNextStart) {
    std::string id;
    {
        std::atomic<bool> assembling{false};
        // The first server's assembly runs until it is stopped, as a killed server's would.
        ShowQueue first(store_, *queue_, *show_files_, bus_,
                        [&](const storage::ShowRecord&, const std::vector<JobView>&, storage::ArtifactStore&,
                            std::stop_token stop) -> Result<AssembledShow> {
                            assembling = true;
                            while (!stop.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
                            return fail(Errc::cancelled, "stopping");
                        });
        ASSERT_TRUE(first.recover());
        auto created = first.create(two_cues(), {false, true});
        ASSERT_TRUE(created);
        id = created->record.id;
        first.start(std::chrono::milliseconds(5));
        ASSERT_TRUE(testing::eventually([&] { return assembling.load(); }));
        first.stop();
    }
    auto stored = store_.load_shows();
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->size(), 1u);
    EXPECT_NE(stored->at(0).status, "completed");
    EXPECT_TRUE(stored->at(0).files.empty());
    EXPECT_TRUE(stored->at(0).cues[1].adjusted);

    ShowQueue second(store_, *queue_, *show_files_, bus_, write_mix);
    ASSERT_TRUE(second.recover());
    EXPECT_EQ(status(second, id), "completed");
    stored = store_.load_shows();
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->at(0).status, "completed");
    EXPECT_EQ(stored->at(0).files, std::vector<std::string>{"mix.flac"});
    EXPECT_EQ(stored->at(0).starts_s, (std::vector<double>{0.0, 10.0}));
    EXPECT_TRUE(second.file_path(id, "mix.flac") && fs::is_regular_file(*second.file_path(id, "mix.flac")));

    ASSERT_TRUE(second.erase(id));
    EXPECT_FALSE(second.get(id));
    EXPECT_FALSE(fs::exists(*show_files_->job_dir(id)));
    EXPECT_TRUE(store_.load_shows()->empty());
}

}  // namespace
}  // namespace omg::jobs
