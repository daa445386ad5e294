// The shared header rules as pure functions: CORS, preflight, Accept and Vary.
#include "http/negotiation.h"

#include <gtest/gtest.h>

namespace omg::http {

TEST(Negotiation, ApiClientsGetJsonBrowsersGetHtml) {
    // axios and Angular's HttpClient.
    EXPECT_FALSE(prefers_html("application/json, text/plain, */*"));
    // curl, python-requests, httpx; and no header at all.
    EXPECT_FALSE(prefers_html("*/*"));
    EXPECT_FALSE(prefers_html(""));
    EXPECT_FALSE(prefers_html("application/json"));
    // Chromium and Firefox navigating to the page.
    EXPECT_TRUE(prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
                             "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;"
                             "q=0.7"));
    EXPECT_TRUE(prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
    EXPECT_TRUE(prefers_html("text/*"));
    EXPECT_TRUE(prefers_html("TEXT/HTML"));
    // Quality decides before order and specificity.
    EXPECT_FALSE(prefers_html("text/html;q=0.5, application/json"));
    EXPECT_TRUE(prefers_html("application/json;q=0.4, text/html"));
    EXPECT_FALSE(prefers_html("text/html;q=0, */*"));
    // Equal quality: the explicitly named type wins over a wildcard.
    EXPECT_FALSE(prefers_html("text/*, application/json"));
    EXPECT_TRUE(prefers_html("text/html, */*"));
}

TEST(Negotiation, CorsEchoesAnAllowedOriginOnce) {
    const CorsPolicy policy{{"http://localhost:5173", "http://localhost:4200"}};
    auto h = cors_headers(policy, "http://localhost:5173");
    int acao = 0;
    for (const auto& [name, value] : h) {
        if (name == "Access-Control-Allow-Origin") {
            ++acao;
            EXPECT_EQ(value, "http://localhost:5173");
        }
    }
    EXPECT_EQ(acao, 1);
    EXPECT_TRUE(cors_headers(policy, "http://evil.example").empty());
    EXPECT_TRUE(cors_headers(policy, "").empty());
    EXPECT_TRUE(cors_headers(policy, "http://localhost:5173.evil.example").empty());
    EXPECT_TRUE(cors_headers(policy, "null").empty());
    const CorsPolicy any{{"*"}};
    auto star = cors_headers(any, "http://anywhere.example");
    ASSERT_FALSE(star.empty());
    EXPECT_EQ(star.front().second, "http://anywhere.example") << "credentials: echo, never *";
    EXPECT_TRUE(cors_headers(any, "").empty());
}

TEST(Negotiation, PreflightIsOptionsWithOriginAndRequestMethod) {
    EXPECT_TRUE(is_preflight("OPTIONS", true, true));
    EXPECT_FALSE(is_preflight("OPTIONS", true, false));
    EXPECT_FALSE(is_preflight("OPTIONS", false, true));
    EXPECT_FALSE(is_preflight("POST", true, true));
    auto h = preflight_headers("content-type, authorization");
    EXPECT_EQ(h[1].second, "content-type, authorization");
    EXPECT_EQ(preflight_headers("  ")[1].second, "Content-Type, Authorization");
}

TEST(Negotiation, VaryIsMergedNotRepeated) {
    EXPECT_EQ(merge_vary("", "Origin"), "Origin");
    EXPECT_EQ(merge_vary("Accept", "Origin"), "Accept, Origin");
    EXPECT_EQ(merge_vary("Accept, origin", "Origin"), "Accept, origin");
    EXPECT_EQ(merge_vary("Accept", "Origin, Accept-Encoding"), "Accept, Origin, Accept-Encoding");
}

}  // namespace omg::http
