// The stems ZIP: a valid stored archive, byte ranges that add up, and the CRC that ZIP uses.
#include "http/zip_archive.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "storage/ids.h"

namespace omg::http {
namespace fs = std::filesystem;

namespace {

uint32_t le32(const std::string& s, size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}

class ZipArchiveTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-zip-" + storage::new_uuid());
        fs::create_directories(dir_);
        std::ofstream(dir_ / "a.flac", std::ios::binary) << "fLaC" << std::string(70000, 'a');
        std::ofstream(dir_ / "b.flac", std::ios::binary) << "fLaC-bass";
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

}  // namespace

TEST(Crc32, KnownValues) {
    EXPECT_EQ(crc32_update(0, "123456789", 9), 0xCBF43926u);
    EXPECT_EQ(crc32_update(0, "", 0), 0u);
    uint32_t split = crc32_update(crc32_update(0, "12345", 5), "6789", 4);
    EXPECT_EQ(split, 0xCBF43926u);
}

TEST_F(ZipArchiveTest, AStoredArchiveWithEveryEntry) {
    auto zip = ZipArchive::plan({{"piano.flac", dir_ / "a.flac"}, {"bass.flac", dir_ / "b.flac"}});
    ASSERT_TRUE(zip);
    std::string all;
    ASSERT_TRUE(zip->read(0, zip->size(), &all));
    ASSERT_EQ(all.size(), zip->size());
    EXPECT_EQ(all.substr(0, 4), std::string("PK\x03\x04", 4));
    EXPECT_EQ(all.substr(30, 10), "piano.flac");
    EXPECT_EQ(all.substr(40, 4), "fLaC");
    // End of central directory: two entries, and the central directory where it says.
    const size_t eocd = all.size() - 22;
    EXPECT_EQ(le32(all, eocd), 0x06054b50u);
    EXPECT_EQ(all[eocd + 10], 2);
    const uint32_t central = le32(all, eocd + 16);
    EXPECT_EQ(le32(all, central), 0x02014b50u);

    // Ranges read the same bytes as the whole.
    for (uint64_t at :
         {0ull, 29ull, 30ull, 41ull, 70030ull, static_cast<unsigned long long>(eocd)}) {
        std::string part;
        ASSERT_TRUE(zip->read(at, 100, &part));
        EXPECT_EQ(part, all.substr(static_cast<size_t>(at), 100)) << at;
    }

    // And Info-ZIP's unzip (found by CMake, installed by setup-deps.sh) agrees.
    const fs::path file = dir_ / "stems.zip";
    std::ofstream(file, std::ios::binary) << all;
    const std::string cmd = std::string(OMG_UNZIP) + " -tq '" + file.string() + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST_F(ZipArchiveTest, MissingFilesAreErrorsNotArchives) {
    auto zip = ZipArchive::plan({{"x.flac", dir_ / "missing.flac"}});
    ASSERT_FALSE(zip);
    EXPECT_EQ(zip.error().code, Errc::io);
    EXPECT_EQ(zip.error().message.find(dir_.string()), std::string::npos) << "no server paths";
}

TEST_F(ZipArchiveTest, AFileThatShrankIsAnError) {
    auto zip = ZipArchive::plan({{"piano.flac", dir_ / "a.flac"}});
    ASSERT_TRUE(zip);
    std::ofstream(dir_ / "a.flac", std::ios::binary | std::ios::trunc) << "x";
    std::string out;
    EXPECT_FALSE(zip->read(0, zip->size(), &out));
}

}  // namespace omg::http
