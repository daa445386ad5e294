// Rhymes and syllables by sound (espeak-ng), not by spelling.
#include "lyrics/pronunciation.h"

#include <gtest/gtest.h>

namespace omg::lyrics {
namespace {

Pronouncer& p() {
    static auto opened = Pronouncer::open();
    if (!opened) {
        ADD_FAILURE() << opened.error().message;
        std::abort();
    }
    return **opened;
}

TEST(Pronunciation, RhymesFollowSoundNotSpelling) {
    EXPECT_TRUE(p().rhymes("night", "light"));
    EXPECT_TRUE(p().rhymes("fire", "desire"));
    EXPECT_TRUE(p().rhymes("away", "today"));
    EXPECT_TRUE(p().rhymes("ocean", "motion"));
    EXPECT_TRUE(p().rhymes("I walk at night", "you hold the light"));
    // Spelled alike, said differently.
    EXPECT_FALSE(p().rhymes("cough", "though"));
    EXPECT_FALSE(p().rhymes("heart", "heard"));
    // Said alike, spelled differently.
    EXPECT_TRUE(p().rhymes("sky", "goodbye"));
    EXPECT_TRUE(p().rhymes("through", "blue"));
    EXPECT_FALSE(p().rhymes("rain", "road"));
}

TEST(Pronunciation, CountsSyllables) {
    EXPECT_EQ(p().syllables("night"), 1);
    EXPECT_EQ(p().syllables("ocean"), 2);
    EXPECT_EQ(p().syllables("beautiful"), 3);
    EXPECT_EQ(p().syllables("We were dancing in the night"), 7);
    EXPECT_EQ(p().syllables(""), 0);
}

TEST(Pronunciation, NormalizesWords) {
    EXPECT_EQ(normalize_word("Night,"), "night");
    EXPECT_EQ(split_words("Oh, take me home!").size(), 4u);
}

TEST(Pronunciation, SecondInstanceSharesTheLibrary) {
    auto other = Pronouncer::open();
    ASSERT_TRUE(other.has_value());
    EXPECT_TRUE((*other)->rhymes("day", "way"));
    other->reset();
    EXPECT_TRUE(p().rhymes("day", "way"));  // the first instance still works
}

}  // namespace
}  // namespace omg::lyrics
