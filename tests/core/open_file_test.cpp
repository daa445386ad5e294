// core::OpenFile: reads in pieces at any offset, refuses ranges past the size, reports a file
// that shrank, and keeps reading what it opened after the path is renamed or removed.
#include "core/open_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace omg::core {
namespace {

namespace fs = std::filesystem;

class OpenFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("omg-open-file-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        write(dir_ / "a.bin", "0123456789");
    }
    void TearDown() override { fs::remove_all(dir_); }
    static void write(const fs::path& p, const std::string& bytes) {
        std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
    }
    fs::path dir_;
};

TEST_F(OpenFileTest, ReadsPiecesAppended) {
    auto f = OpenFile::open(dir_ / "a.bin");
    ASSERT_TRUE(f) << f.error().message;
    EXPECT_EQ(f->size(), 10u);
    std::string out = ">";
    ASSERT_TRUE(f->read(2, 3, &out));
    ASSERT_TRUE(f->read(9, 1, &out));
    ASSERT_TRUE(f->read(10, 0, &out));
    EXPECT_EQ(out, ">2349");
}

TEST_F(OpenFileTest, RefusesRangesPastTheEnd) {
    auto f = OpenFile::open(dir_ / "a.bin");
    ASSERT_TRUE(f);
    std::string out = "kept";
    auto r = f->read(8, 3, &out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    EXPECT_FALSE(f->read(11, 0, &out));
    EXPECT_EQ(out, "kept");
}

TEST_F(OpenFileTest, AFileThatShrankIsAnIoErrorAndLeavesTheOutputAlone) {
    auto f = OpenFile::open(dir_ / "a.bin");
    ASSERT_TRUE(f);
    fs::resize_file(dir_ / "a.bin", 4);
    std::string out = "kept";
    auto r = f->read(2, 6, &out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::io);
    EXPECT_EQ(out, "kept");
}

TEST_F(OpenFileTest, ReadsWhatItOpenedAfterTheNameIsReplaced) {
    auto f = OpenFile::open(dir_ / "a.bin");
    ASSERT_TRUE(f);
    fs::rename(dir_ / "a.bin", dir_ / "b.bin");
    write(dir_ / "a.bin", "something else");
    fs::remove(dir_ / "b.bin");
    OpenFile moved = std::move(*f);
    std::string out;
    ASSERT_TRUE(moved.read(0, 10, &out));
    EXPECT_EQ(out, "0123456789");
}

TEST_F(OpenFileTest, MissingFilesAndFoldersAreNotFound) {
    auto missing = OpenFile::open(dir_ / "nope.bin");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    auto folder = OpenFile::open(dir_);
    ASSERT_FALSE(folder);
    EXPECT_EQ(folder.error().code, Errc::not_found);
}

}  // namespace
}  // namespace omg::core
