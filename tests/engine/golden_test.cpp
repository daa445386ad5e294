// Golden values: the exact output of the random source, of composition and of a short render
// for fixed seeds, so "output byte-identical" in a commit can be checked, across commits and
// machines. A change to the music changes these on purpose: update them in that commit and say
// so in its message (each failure prints the new value).
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <string>

#include "core/rng.h"
#include "engine/engine.h"
#include "support/test_engine.h"

namespace omg::engine {
namespace {

const Engine& engine() { return testing::test_engine(); }
Engine open_engine(int render_threads) { return testing::open_test_engine(render_threads); }

std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
    return buf;
}

// FNV-1a over a canonical text of the score: tempo, metre, the mix, every track's settings,
// notes, controls, the sections and the chords.
uint64_t score_hash(const model::Score& s) {
    std::string text;
    auto add = [&text](auto... values) {
        ((text += std::to_string(values), text += ' '), ...);
        text += '\n';
    };
    add(s.ppq, s.tempo_qpm, s.tempo_bpm, s.duration_s, s.bars);
    const model::MixSpec& mix = s.mix;
    add(mix.reverb_room, mix.reverb_damp, mix.reverb_level, mix.reverb_width, mix.chorus_width, mix.sub_db,
        mix.presence_db, mix.air_db);
    for (const auto& t : s.tracks) {
        text += t.name + "|" + t.role + "\n";
        add(t.channel, t.program, t.bank, t.volume, t.pan, t.reverb, t.chorus, t.level_db);
        for (const auto& n : t.notes) add(n.tick, n.duration, n.key, n.velocity);
        for (const auto& c : t.controls) add(c.tick, c.controller, c.value);
    }
    for (const auto& m : s.sections) {
        text += m.name + "|" + m.kind + "\n";
        add(m.bars, m.start_s, m.energy);
    }
    for (const auto& c : s.chords) text += c.symbol + "|" + c.roman + "\n";
    return stable_hash(text);
}

// FNV-1a over the samples' bytes.
uint64_t pcm_hash(const model::Pcm& pcm) {
    const auto* bytes = reinterpret_cast<const char*>(pcm.samples.data());
    return stable_hash(std::string_view(bytes, pcm.samples.size() * sizeof(pcm.samples[0])));
}

Request circus() {
    Request r;
    r.prompt = "upbeat circus march with brass, 140 bpm";
    r.duration_s = 12;
    r.seed = 7;
    return r;
}

}  // namespace

TEST(Golden, RngStream) {
    Rng rng(42);
    std::string got;
    for (int i = 0; i < 4; ++i) got += hex(rng.next_u64()) + " ";
    // One draw per statement: the operands of one expression are evaluated in an order the
    // compiler chooses (gcc and clang differ), which would make the golden value the compiler's.
    const int64_t die = rng.range(1, 6);
    const int64_t percent = rng.range(-100, 100);
    got += std::to_string(die) + " " + std::to_string(percent);
    Rng forked = Rng(42).fork("melody");
    got += " " + hex(forked.next_u64());
    EXPECT_EQ(got,
              "15780b2e0c2ec716 6104d9866d113a7e ae17533239e499a1 ecb8ad4703b360a1 5 86 "
              "8b9ef6fd11e591d4");
}

TEST(Golden, ComposedScore) {
    auto a = engine().compose(circus());
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(hex(score_hash(a->score)), "e56f0ff2839e7674");
}

TEST(Golden, RenderedAudio) {
    auto song = engine().generate(circus());
    ASSERT_TRUE(song) << song.error().message;
    EXPECT_EQ(hex(score_hash(song->score)), "e56f0ff2839e7674") << "generate composes as compose does";
    EXPECT_EQ(hex(pcm_hash(song->audio)), "f80e4a34923f7eb0");
}

TEST(Golden, RenderedAudioIsTheSameOnAnyThreadCount) {
    for (int threads : {1, 3}) {
        auto song = open_engine(threads).generate(circus());
        ASSERT_TRUE(song) << song.error().message;
        EXPECT_EQ(hex(pcm_hash(song->audio)), "f80e4a34923f7eb0") << threads << " threads";
    }
}

}  // namespace omg::engine
