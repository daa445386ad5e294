#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "storage/artifact_store.h"
#include "storage/ids.h"

namespace omg::storage {
namespace fs = std::filesystem;

class ArtifactTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-art-" + new_uuid());
        auto s = ArtifactStore::open(dir_);
        ASSERT_TRUE(s);
        store_.emplace(std::move(*s));
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
    std::optional<ArtifactStore> store_;
};

TEST_F(ArtifactTest, WritesWholeFilesAndReadsThemBack) {
    std::string job = new_uuid();
    ASSERT_TRUE(store_->write_file(job, "a.mp3", "hello"));
    EXPECT_TRUE(store_->exists(job, "a.mp3"));
    EXPECT_EQ(*store_->read_file(job, "a.mp3"), "hello");
    for (const auto& e : fs::directory_iterator(dir_ / "artifacts" / job)) {
        EXPECT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u) << "temp file left behind";
    }
}

// A worker that lost its job removes only its own attempt's versions: the attempt that took
// the job over writes into the same folder.
TEST_F(ArtifactTest, RemoveVersionLeavesTheOtherVersionsFiles) {
    const std::string job = new_uuid();
    const std::string mine = new_uuid();
    const std::string theirs = new_uuid();
    ASSERT_TRUE(store_->write_file(job, mine + ".mp3", "a"));
    ASSERT_TRUE(store_->write_file(job, mine + ".stems.zip", "b"));
    ASSERT_TRUE(store_->write_file(job, theirs + ".mp3", "c"));
    std::ofstream(dir_ / "artifacts" / job / (".tmp-0123456789ab-" + mine + ".flac")) << "cut short";
    ASSERT_TRUE(store_->remove_version(job, mine));
    EXPECT_FALSE(store_->exists(job, mine + ".mp3"));
    EXPECT_FALSE(store_->exists(job, mine + ".stems.zip"));
    EXPECT_FALSE(fs::exists(dir_ / "artifacts" / job / (".tmp-0123456789ab-" + mine + ".flac")));
    EXPECT_TRUE(store_->exists(job, theirs + ".mp3"));
    EXPECT_FALSE(store_->remove_version(job, "../x"));
}

TEST_F(ArtifactTest, NeverBuildsAPathFromABadIdOrName) {
    EXPECT_FALSE(store_->file_path("../../etc", "passwd"));
    EXPECT_FALSE(store_->file_path(new_uuid(), "../x"));
    EXPECT_FALSE(store_->write_file("..", "x", "y"));
    EXPECT_FALSE(store_->remove_job("../.."));
    EXPECT_TRUE(fs::exists(dir_ / "artifacts"));
}

TEST_F(ArtifactTest, SweepKeepsOnlyOwnedFilesOfCompletedJobs) {
    std::string done = new_uuid();
    std::string unfinished = new_uuid();
    std::string unknown = new_uuid();
    ASSERT_TRUE(store_->write_file(done, "v1.mp3", "x"));
    ASSERT_TRUE(store_->write_file(done, "v1.wav", "x"));    // a transcode cache: kept
    ASSERT_TRUE(store_->write_file(done, "v9.mp3", "x"));    // owned by no version: removed
    std::ofstream(dir_ / "artifacts" / done / ".tmp-abc") << "partial";
    ASSERT_TRUE(store_->write_file(unfinished, "v2.mp3", "x"));
    ASSERT_TRUE(store_->write_file(unknown, "v3.mp3", "x"));
    fs::create_directories(dir_ / "artifacts" / "not-an-id");

    auto stats = store_->sweep([&](const std::string& id) { return id == done; },
                               [&](const std::string&, const std::string& f) {
                                   return f.rfind("v1.", 0) == 0;
                               });
    EXPECT_EQ(stats.removed_dirs, 3);
    EXPECT_EQ(stats.removed_files, 2);
    EXPECT_TRUE(store_->exists(done, "v1.mp3"));
    EXPECT_TRUE(store_->exists(done, "v1.wav"));
    EXPECT_FALSE(store_->exists(done, "v9.mp3"));
    EXPECT_FALSE(fs::exists(dir_ / "artifacts" / unfinished));
    EXPECT_FALSE(fs::exists(dir_ / "artifacts" / unknown));
    EXPECT_FALSE(fs::exists(dir_ / "artifacts" / "not-an-id"));
}

}  // namespace omg::storage
