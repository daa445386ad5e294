#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "storage/ids.h"

namespace omg::storage {

TEST(Ids, UuidsAreVersion4AndDistinct) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        std::string id = new_uuid();
        ASSERT_TRUE(is_uuid(id)) << id;
        EXPECT_EQ(id[14], '4');
        EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(Ids, TrackIdsKeepTheSergiecodeShape) {
    std::string id = new_track_id();
    EXPECT_TRUE(is_track_id(id));
    EXPECT_EQ(id.size(), 14u);
    EXPECT_EQ(id.substr(0, 6), "track_");
}

TEST(Ids, RejectsAnythingThatCouldBeAPath) {
    for (const char* bad : {"", "..", "../etc/passwd", "a/b", "track_../../x", "TRACK_12345678",
                            "12345678-1234-4234-8234-12345678901/", "%2e%2e", "track_1234567g"}) {
        EXPECT_FALSE(is_valid_id(bad)) << bad;
    }
    for (const char* bad : {"", ".hidden", "a/b", "..", "a..b", "x\\y", "a b", "\xc3\xa9"}) {
        EXPECT_FALSE(is_safe_file_name(bad)) << bad;
    }
    EXPECT_TRUE(is_safe_file_name("0f8fad5b-d9cb-469f-a165-70867728950e.mp3"));
}

}  // namespace omg::storage

namespace omg::storage {

TEST(Ids, AForkedProcessDrawsNewIds) {
    // A buffered read of /dev/urandom gave every forked child its parent's next bytes, so
    // processes forked from one parent made the same "random" ids.
    (void)new_uuid();
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::string ids[2];
    for (auto& id : ids) {
        pid_t pid = ::fork();
        if (pid == 0) {
            std::string mine = new_uuid();
            ssize_t n = ::write(fds[1], mine.data(), mine.size());
            ::_exit(n == static_cast<ssize_t>(mine.size()) ? 0 : 1);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        char buf[36];
        ASSERT_EQ(::read(fds[0], buf, sizeof buf), 36);
        id.assign(buf, 36);
    }
    ::close(fds[0]);
    ::close(fds[1]);
    EXPECT_NE(ids[0], ids[1]);
    EXPECT_NE(ids[0], new_uuid());
}

}  // namespace omg::storage
