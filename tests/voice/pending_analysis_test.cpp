// The text side started before the words exist: Festival waits, loaded, for lines written later,
// answers as a plain analyse does, once, and leaves no process behind.
#include <gtest/gtest.h>

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "support/voice_fixture.h"
#include "voice/voice.h"

namespace omg::voice {
namespace {

using testing::the_voice;

std::vector<model::LyricSection> song(const std::vector<std::string>& lines) {
    model::LyricSection s{"Verse", "verse", "", {}};
    for (const auto& l : lines) s.lines.push_back({l, {}, {}});
    return {s};
}

// This process's children that are still processes (running or not yet reaped).
int children_alive() {
    int n = 0;
    DIR* proc = ::opendir("/proc");
    if (!proc) return -1;
    while (dirent* e = ::readdir(proc)) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        std::ifstream stat(std::string("/proc/") + e->d_name + "/stat");
        std::string all((std::istreambuf_iterator<char>(stat)), {});
        const auto close = all.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(all.substr(close + 2));
        char state = 0;
        int ppid = 0;
        rest >> state >> ppid;
        if (ppid == ::getpid()) ++n;
    }
    ::closedir(proc);
    return n;
}

TEST(PendingAnalysis, AnswersAsAPlainAnalyseWithLinesWrittenAfterItStarted) {
    REQUIRE_VOICE();
    const std::vector<std::string> lines = {"The drum roll starts and the crowd goes still",
                                            "And I juggle fire with all my skill",
                                            "Up, up into the open sky", "Watch the burning torches fly",
                                            "Up, up into the open sky"};
    auto pending = Voice::start_analysis(Config{}, 4);
    ASSERT_TRUE(pending) << pending.error().message;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // loaded, waiting for the words
    auto early = pending->analyse(*the_voice(), song(lines));
    ASSERT_TRUE(early) << early.error().message;
    auto plain = the_voice()->analyse(song(lines));
    ASSERT_TRUE(plain) << plain.error().message;
    ASSERT_EQ(early->sections.at(0).lines.size(), lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
        EXPECT_FALSE(early->sections[0].lines[i].words.empty()) << lines[i];
        EXPECT_EQ(early->sections[0].lines[i].words, plain->sections[0].lines[i].words) << lines[i];
        EXPECT_EQ(early->sections[0].lines[i].pause_labels, plain->sections[0].lines[i].pause_labels);
    }
    auto again = pending->analyse(*the_voice(), song(lines));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::internal) << "a pending analysis answers once";
    EXPECT_EQ(children_alive(), 0) << "every Festival process was reaped";
}

TEST(PendingAnalysis, MoreLinesThanExpectedAndNoneAtAllAreFine) {
    REQUIRE_VOICE();
    {
        auto pending = Voice::start_analysis(Config{}, 1);  // one process for eight lines
        ASSERT_TRUE(pending);
        std::vector<std::string> lines;
        for (int i = 0; i < 8; ++i) lines.push_back("line number " + std::to_string(i) + " of the song");
        auto r = pending->analyse(*the_voice(), song(lines));
        ASSERT_TRUE(r) << r.error().message;
        for (const auto& line : r->sections.at(0).lines) EXPECT_EQ(line.words.size(), 6u) << line.text;
    }
    {
        auto pending = Voice::start_analysis(Config{}, 12);  // more processes than lines
        ASSERT_TRUE(pending);
        auto r = pending->analyse(*the_voice(), song({"hello"}));
        ASSERT_TRUE(r) << r.error().message;
        EXPECT_EQ(r->sections.at(0).lines.at(0).words.size(), 1u);
    }
    EXPECT_EQ(children_alive(), 0);
}

TEST(PendingAnalysis, DroppedUnusedItStopsItsProcesses) {
    REQUIRE_VOICE();
    {
        auto pending = Voice::start_analysis(Config{}, 9);
        ASSERT_TRUE(pending);
        EXPECT_GT(children_alive(), 0) << "Festival is loading";
    }
    EXPECT_EQ(children_alive(), 0) << "killed and reaped, no zombie left";
}

}  // namespace
}  // namespace omg::voice
