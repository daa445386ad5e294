#include "engine/outputs.h"

#include <gtest/gtest.h>

#include <fstream>

#include "encode/midi.h"

namespace omg::engine {
namespace {

TEST(Outputs, StemNamesAreSafe) {
    EXPECT_EQ(stem_file_name(0, "Rhythm guitar L", encode::AudioFormat::wav), "01-rhythm-guitar-l.wav");
    EXPECT_EQ(stem_file_name(11, "../../etc/passwd", encode::AudioFormat::flac), "12-etc-passwd.flac");
}

TEST(Outputs, WritesEveryFormatWithTheRecipe) {
    Config c;
    c.styles_dir = std::filesystem::path(OMG_SOURCE_DIR) / "styles";
    c.soundfont = OMG_TEST_SOUNDFONT;
    auto engine = Engine::open(c);
    ASSERT_TRUE(engine) << engine.error().message;
    Request r;
    r.prompt = "polka with accordion";
    r.duration_s = 6;
    r.seed = 77;
    r.stems = true;
    auto song = engine->generate(r);
    ASSERT_TRUE(song) << song.error().message;
    const auto dir = std::filesystem::temp_directory_path() / ("omg-outputs-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const char* ext : {"wav", "flac", "ogg", "mp3"}) {
        OutputPaths p;
        p.audio = dir / (std::string("song.") + ext);
        auto written = write_outputs(*song, engine->styles(), p);
        ASSERT_TRUE(written) << written.error().message;
        auto back = encode::read_audio(*p.audio);
        ASSERT_TRUE(back) << ext << ": " << back.error().message;
        EXPECT_NEAR(back->seconds(), 6.0, 0.06) << ext;
        auto tags = encode::read_metadata(*p.audio);  // the mix's measured loudness as tags
        ASSERT_TRUE(tags && tags->loudness) << ext;
        EXPECT_NEAR(tags->loudness->integrated_lufs, song->integrated_lufs, 0.006) << ext;
        EXPECT_NEAR(tags->loudness->true_peak_dbtp, song->true_peak_dbtp, 0.001) << ext;
    }
    OutputPaths p;
    p.midi = dir / "song.mid";
    p.stems_dir = dir / "stems";
    auto written = write_outputs(*song, engine->styles(), p);
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_EQ(written->size(), 1 + song->stems.size());
    for (const auto& f : *written) {
        if (f.kind != "stem") continue;
        auto tags = encode::read_metadata(f.path);  // a stem says nothing of the mix's loudness
        ASSERT_TRUE(tags);
        EXPECT_FALSE(tags->loudness) << f.path.filename();
    }
    auto midi = encode::read_midi(*p.midi);
    ASSERT_TRUE(midi) << midi.error().message;
    EXPECT_EQ(midi->tracks.size(), song->score.tracks.size());
    EXPECT_NE(song->recipe.to_json().find("\"seed\":77"), std::string::npos);
    EXPECT_NE(song->recipe.command_line().find("--seed 77"), std::string::npos);
    // Nothing else (no temporary files) is left beside the outputs.
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
    EXPECT_EQ(files, 5);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace omg::engine
