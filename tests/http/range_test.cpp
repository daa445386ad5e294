// Range requests per RFC 9110 §14, as pure functions: the table of headers and what each asks
// for, including the abuses found against the old server (a start past the end, several ranges,
// "bytes=-0"), and the multipart body apply_range builds.
#include <gtest/gtest.h>

#include "http/range.h"

namespace omg::http {
namespace {

using Kind = RangeRequest::Kind;

struct Case {
    const char* header;
    uint64_t size;
    Kind kind;
    std::vector<ByteRange> ranges;
};

TEST(Range, TheTable) {
    const std::vector<Case> cases = {
        {"bytes=0-0", 100, Kind::partial, {{0, 0}}},
        {"bytes=0-99", 100, Kind::partial, {{0, 99}}},
        {"bytes=10-", 100, Kind::partial, {{10, 99}}},
        {"bytes=90-200", 100, Kind::partial, {{90, 99}}},        // clamped to the end
        {"bytes=-10", 100, Kind::partial, {{90, 99}}},           // the last ten
        {"bytes=-500", 100, Kind::partial, {{0, 99}}},           // more than there is
        {"BYTES = 5-6", 100, Kind::partial, {{5, 6}}},           // unit case, spaces
        {"bytes=0-4, 2-9,20-29", 100, Kind::partial, {{0, 9}, {20, 29}}},  // merged, sorted
        {"bytes=20-29,0-9", 100, Kind::partial, {{0, 9}, {20, 29}}},
        {"bytes=0-9,10-19", 100, Kind::partial, {{0, 19}}},      // adjacent: one range
        {"bytes=100-", 100, Kind::unsatisfiable, {}},            // starts at the end
        {"bytes=100000000-", 100, Kind::unsatisfiable, {}},      // far past it
        {"bytes=-0", 100, Kind::unsatisfiable, {}},              // zero bytes asked
        {"bytes=0-", 0, Kind::unsatisfiable, {}},                // an empty body
        {"bytes=-5", 0, Kind::unsatisfiable, {}},
        {"bytes=200-300,400-", 100, Kind::unsatisfiable, {}},
        {"bytes=200-300,5-6", 100, Kind::partial, {{5, 6}}},     // the satisfiable part
        {"bytes=5-4", 100, Kind::whole, {}},                     // first > last: invalid
        {"bytes=a-b", 100, Kind::whole, {}},
        {"bytes=1-2-3", 100, Kind::whole, {}},
        {"bytes=--1", 100, Kind::whole, {}},
        {"bytes=", 100, Kind::whole, {}},
        {"bytes=,", 100, Kind::whole, {}},
        {"items=0-5", 100, Kind::whole, {}},                     // another unit
        {"0-5", 100, Kind::whole, {}},
        {"bytes=99999999999999999999-", 100, Kind::whole, {}},   // does not fit 64 bits
        {"bytes=0-1,2-3,4-5,6-7,8-9,10-11,12-13,14-15,16-17,18-19,20-21,22-23,24-25,26-27,28-29,"
         "30-31,32-33",
         100, Kind::whole, {}},                                  // more than kMaxRanges
    };
    for (const auto& c : cases) {
        const RangeRequest r = parse_range(c.header, c.size);
        EXPECT_EQ(r.kind, c.kind) << c.header;
        EXPECT_EQ(r.ranges, c.ranges) << c.header;
    }
}

Reply sized(std::string bytes) {
    Reply r;
    r.set_content(text_content(std::move(bytes)), "audio/mpeg");
    r.set_header("Accept-Ranges", "bytes");
    return r;
}

Request get(const std::string& range) {
    Request req;
    req.method = "GET";
    req.path = "/x";
    if (!range.empty()) req.headers.set("Range", range);
    return req;
}

// The body the transport would send: each slice's prefix and bytes, then the trailer.
std::string assemble(const Reply& r) {
    std::string out;
    for (const auto& s : r.slices) {
        out += s.prefix;
        r.content->read(s.offset, static_cast<size_t>(s.length), &out);
    }
    return out + r.trailer;
}

TEST(Range, SeveralRangesMakeAMultipartBody) {
    Reply r = sized("abcdefghijklmnopqrstuvwxyz");
    apply_range(get("bytes=0-2,-3"), r);
    EXPECT_EQ(r.status, 206);
    const std::string type = r.get_header_value("Content-Type");
    ASSERT_EQ(type.rfind("multipart/byteranges; boundary=", 0), 0u);
    const std::string boundary = type.substr(type.find('=') + 1);
    const std::string expected = "--" + boundary +
                                 "\r\nContent-Type: audio/mpeg\r\nContent-Range: bytes 0-2/26\r\n\r\nabc"
                                 "\r\n--" + boundary +
                                 "\r\nContent-Type: audio/mpeg\r\nContent-Range: bytes 23-25/26\r\n\r\nxyz"
                                 "\r\n--" + boundary + "--\r\n";
    EXPECT_EQ(assemble(r), expected);
    EXPECT_EQ(r.body_size(), expected.size());
    EXPECT_FALSE(r.has_header("Content-Range"));
}

TEST(Range, OnlyGetAndHeadOf200SizedRepliesWithoutIfRange) {
    Reply whole = sized("0123456789");
    apply_range(get(""), whole);
    EXPECT_EQ(whole.status, 200);
    EXPECT_EQ(assemble(whole), "0123456789");

    Request post = get("bytes=0-1");
    post.method = "POST";
    Reply r = sized("0123456789");
    apply_range(post, r);
    EXPECT_EQ(r.status, 200);

    Request if_range = get("bytes=0-1");
    if_range.headers.set("If-Range", "\"etag\"");
    r = sized("0123456789");
    apply_range(if_range, r);
    EXPECT_EQ(r.status, 200);

    Reply text;
    text.set_content("0123456789", "text/plain");
    apply_range(get("bytes=0-1"), text);
    EXPECT_EQ(text.status, 200);
    EXPECT_EQ(text.body, "0123456789");
}

}  // namespace
}  // namespace omg::http
