// Every style's topics (what its songs are about when a prompt names none) name a world the
// built-in writer knows, so "a country song with lyrics" is about the road or a hometown, not
// about "life" in general or the prompt's own words.
#include <gtest/gtest.h>

#include "lyrics/topic.h"
#include "support/lyrics_fixture.h"
#include "support/style_library.h"

namespace omg::lyrics {
namespace {

TEST(StyleTopics, EveryStyleHasTopicsAndEachNamesAWorldOfItsOwn) {
    const auto& styles = omg::testing::style_library().styles;
    ASSERT_FALSE(styles.empty());
    for (const auto& style : styles) {
        EXPECT_GE(style.topics.size(), 2u) << style.id;
        for (const auto& text : style.topics) {
            const Topic topic = read_topic(text, testing::vocab());
            ASSERT_FALSE(topic.themes.empty()) << style.id << ": " << text;
            EXPECT_NE(topic.themes.front()->name, "life") << style.id << ": \"" << text << "\" names no world";
        }
    }
}

}  // namespace
}  // namespace omg::lyrics
