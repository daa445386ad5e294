#include <gtest/gtest.h>

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
