// The multipart reader on acestep.cpp's batch results and on the malformed bodies a broken or
// hostile server could send.
#include <gtest/gtest.h>

#include "providers/multipart.h"

namespace omg::providers {
namespace {

TEST(Multipart, BoundaryFromTheContentType) {
    EXPECT_EQ(multipart_boundary("multipart/mixed; boundary=ace-batch-boundary"), "ace-batch-boundary");
    EXPECT_EQ(multipart_boundary("Multipart/Mixed;charset=x; BOUNDARY=\"Ab C;d\""), "Ab C;d");
    EXPECT_EQ(multipart_boundary("multipart/mixed; boundary=AbC ; x=1"), "AbC");
    EXPECT_FALSE(multipart_boundary("audio/mpeg; boundary=x"));
    EXPECT_FALSE(multipart_boundary("multipart/mixed"));
    EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary="));
    EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=\"unclosed"));
    EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=" + std::string(71, 'b')));
}

TEST(Multipart, ReadsEachPartWithItsTypeAndBody) {
    const std::string body =
        "preamble to skip\r\n--B\r\nContent-Type: audio/wav\r\nX-Index: 0\r\n\r\nRIFF\r\n--not-it\r\n"
        "--B  \r\ncontent-type: Application/JSON; charset=utf-8\r\n\r\n{}\r\n--B\r\n\r\nbare\r\n--B--\r\nepilogue";
    auto parts = parse_multipart(body, "B");
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 3u);
    EXPECT_EQ((*parts)[0].content_type, "audio/wav");
    EXPECT_EQ((*parts)[0].body, "RIFF\r\n--not-it");
    EXPECT_EQ((*parts)[0].headers, "Content-Type: audio/wav\r\nX-Index: 0");
    EXPECT_EQ((*parts)[1].content_type, "application/json");
    EXPECT_EQ((*parts)[1].body, "{}");
    EXPECT_EQ((*parts)[2].content_type, "");
    EXPECT_EQ((*parts)[2].body, "bare");
}

TEST(Multipart, EmptyPartsAndAnEmptyBatch) {
    auto empty_body = parse_multipart("--B\r\nContent-Type: audio/mpeg\r\n\r\n\r\n--B--", "B");
    ASSERT_TRUE(empty_body) << empty_body.error().message;
    ASSERT_EQ(empty_body->size(), 1u);
    EXPECT_TRUE((*empty_body)[0].body.empty());
    auto none = parse_multipart("--B--\r\n", "B");
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

TEST(Multipart, MalformedBodiesAreErrorsNotCrashes) {
    for (const std::string body : {"", "no boundary at all", "--B", "--B\r\nContent-Type: audio/wav\r\n",
                                   "--B\r\nContent-Type: audio/wav\r\n\r\nRIFF without an end",
                                   "--Bx\r\n\r\nbody\r\n--B--", "--B junk\r\n\r\nx\r\n--B--"}) {
        auto parts = parse_multipart(body, "B");
        EXPECT_FALSE(parts) << body;
        if (!parts) {
            EXPECT_EQ(parts.error().code, Errc::invalid_argument);
        }
    }
    EXPECT_FALSE(parse_multipart("--\r\n\r\n--", ""));
    EXPECT_FALSE(parse_multipart("x", std::string(71, 'b')));
}

}  // namespace
}  // namespace omg::providers
