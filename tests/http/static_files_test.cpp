// Static files of the studio: what may be served, and what must never be.
#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "storage/ids.h"

namespace omg::http {
namespace fs = std::filesystem;

namespace {

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = fs::temp_directory_path() / ("omg-static-" + storage::new_uuid());
        root_ = base_ / "dist";
        fs::create_directories(root_ / "assets");
        write(root_ / "index.html", "<!doctype html>");
        write(root_ / "assets" / "index-3f2a.js", "console.log(1)");
        write(root_ / "favicon.svg", "<svg/>");
        write(root_ / ".env", "SECRET=1");
        write(base_ / "secret.txt", "outside");
    }
    void TearDown() override { fs::remove_all(base_); }
    static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

    fs::path base_;
    fs::path root_;
};

}  // namespace

TEST_F(StaticFilesTest, ServesFilesInsideTheRoot) {
    auto js = resolve_static(root_, "/assets/index-3f2a.js");
    ASSERT_TRUE(js);
    EXPECT_EQ(js->filename(), "index-3f2a.js");
    EXPECT_TRUE(resolve_static(root_, "/favicon.svg"));
    EXPECT_TRUE(resolve_static(root_, "/index.html"));
}

TEST_F(StaticFilesTest, NeverEscapesTheRoot) {
    for (const char* path :
         {"/../secret.txt", "/assets/../../secret.txt", "/..", "/.", "/assets/./index-3f2a.js",
          "/.env", "//secret.txt", "/assets//index-3f2a.js", "/assets/", "/assets", "/", "",
          "assets/index-3f2a.js", "/assets\\..\\..\\secret.txt", "/assets/%2e%2e/secret.txt"}) {
        EXPECT_FALSE(resolve_static(root_, path)) << path;
    }
    std::string with_nul = std::string("/index.html") + '\0';
    EXPECT_FALSE(resolve_static(root_, with_nul));
    EXPECT_FALSE(resolve_static("", "/index.html"));
    EXPECT_FALSE(resolve_static(base_ / "missing", "/index.html"));
}

TEST_F(StaticFilesTest, SymlinksOutOfTheRootAreRefused) {
    std::error_code ec;
    fs::create_symlink(base_ / "secret.txt", root_ / "assets" / "link.txt", ec);
    if (ec) GTEST_SKIP() << "no symlinks here";
    EXPECT_FALSE(resolve_static(root_, "/assets/link.txt"));
    fs::create_directory_symlink(base_, root_ / "up", ec);
    EXPECT_FALSE(resolve_static(root_, "/up/secret.txt"));
}

TEST_F(StaticFilesTest, ContentTypes) {
    EXPECT_EQ(static_mime_type("a/index-3f2a.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(static_mime_type("index-9b.CSS"), "text/css; charset=utf-8");
    EXPECT_EQ(static_mime_type("index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(static_mime_type("favicon.svg"), "image/svg+xml");
    EXPECT_EQ(static_mime_type("font.woff2"), "font/woff2");
    EXPECT_EQ(static_mime_type("noext"), "application/octet-stream");
}

}  // namespace omg::http
