// A cue through the whole engine (issue 14 item 2): intro, vamp and ending rendered in one pass,
// cut into sample-aligned segments, the loop seamless when repeated, loop points in every format.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "encode/audio_writer.h"
#include "encode/loudness_tags.h"
#include "engine/engine.h"
#include "engine/outputs.h"
#include "support/hit_fixture.h"
#include "support/spectrum.h"
#include "support/test_engine.h"

namespace omg::engine {
namespace {

namespace fs = std::filesystem;

// 127 bpm in 4/4 at 44.1 kHz is 83338.58 samples a bar: the engine must move the tempo.
Request cue_request(model::CueShape shape, bool stems) {
    Request r;
    r.prompt = "funky groove with bass and drums";
    r.style = "funk";
    r.bpm = 127;
    r.seed = 11;
    r.stems = stems;
    r.cue = shape;
    return r;
}

const Song& button_cue() {
    static const Song song = [] {
        auto s =
            testing::test_engine().generate(cue_request({1, 2, model::CueEnding::button}, true));
        if (!s) {
            ADD_FAILURE() << s.error().message;
            std::abort();
        }
        return std::move(*s);
    }();
    return song;
}

model::Pcm repeated(const model::Pcm& loop, int times) {
    model::Pcm out(loop.sample_rate, loop.channels, {});
    for (int i = 0; i < times; ++i)
        out.samples.insert(out.samples.end(), loop.samples.begin(), loop.samples.end());
    return out;
}

// --- Seam measures: each is a value at the seams and the range of the same value inside the loop.

// The largest sample step |x[n] - x[n-1]| (any channel) at frame n.
double step_at(const model::Pcm& pcm, size_t n) {
    double s = 0;
    const auto ch = static_cast<size_t>(pcm.channels);
    for (size_t c = 0; c < ch; ++c)
        s = std::max(s, static_cast<double>(
                            std::fabs(pcm.samples[n * ch + c] - pcm.samples[(n - 1) * ch + c])));
    return s;
}

constexpr size_t kWindow = 1024;  // ~23 ms
constexpr size_t kHop = 256;

double rms(const model::Pcm& pcm, size_t start) {
    const auto ch = static_cast<size_t>(pcm.channels);
    double sum = 0;
    for (size_t i = start * ch; i < (start + kWindow) * ch; ++i)
        sum += static_cast<double>(pcm.samples[i]) * pcm.samples[i];
    return std::sqrt(sum / static_cast<double>(kWindow * ch));
}

// Hann-windowed magnitude spectrum of the mono sum of [start, start + kWindow).
std::vector<double> spectrum(const model::Pcm& pcm, size_t start) {
    static testing::SpectrumMeter meter(kWindow);
    return meter.magnitudes(pcm, start);
}

// Spectral flux between the windows at `start` and `start + kHop`: the rise of the magnitudes,
// relative to the louder window's total.
double flux(const model::Pcm& pcm, size_t start) {
    const auto a = spectrum(pcm, start), b = spectrum(pcm, start + kHop);
    double rise = 0, total_a = 0, total_b = 0;
    for (size_t k = 0; k < a.size(); ++k) {
        rise += std::max(0.0, b[k] - a[k]);
        total_a += a[k];
        total_b += b[k];
    }
    return rise / std::max({total_a, total_b, 1e-9});
}

struct SeamReport {
    double seam_step = 0, interior_step = 0;
    double seam_rms_lo = 1e9, seam_rms_hi = 0, interior_rms_lo = 1e9, interior_rms_hi = 0;
    double seam_flux = 0, interior_flux = 0;
    bool seamless() const {
        return seam_step <= interior_step && seam_rms_lo >= interior_rms_lo &&
               seam_rms_hi <= interior_rms_hi && seam_flux <= interior_flux;
    }
};

// The loop repeated 8 times: every measure at its 7 seams against the range of the same measure
// over the loop's own music as the one-pass render played it: both vamps, `context` (the loop's
// interior, and its start as it sounds after a vamp: the downbeat, its crash included, is part of
// the vamp). Window positions step by kHop / 4 on both sides.
SeamReport measure_seams(const model::Pcm& loop, const model::Pcm& context) {
    const model::Pcm eight = repeated(loop, 8);
    const size_t length = loop.frames();
    SeamReport r;
    for (size_t n = 1; n < context.frames(); ++n)
        r.interior_step = std::max(r.interior_step, step_at(context, n));
    for (size_t start = 0; start + kWindow + kHop <= context.frames(); start += kHop / 4) {
        const double level = rms(context, start);
        r.interior_rms_lo = std::min(r.interior_rms_lo, level);
        r.interior_rms_hi = std::max(r.interior_rms_hi, level);
        r.interior_flux = std::max(r.interior_flux, flux(context, start));
    }
    for (size_t k = 1; k < 8; ++k) {
        const size_t seam = k * length;
        r.seam_step = std::max(r.seam_step, step_at(eight, seam));
        // Every window and window pair that straddles the seam, on the same lattice (relative to
        // the vamp's downbeat) as the context's windows: the largest flux depends on where the
        // windows fall, and a different lattice alone moves it by a percent.
        for (size_t start = seam - kWindow - kHop + kHop / 4; start < seam; start += kHop / 4) {
            const double level = rms(eight, start + kHop);
            r.seam_rms_lo = std::min(r.seam_rms_lo, level);
            r.seam_rms_hi = std::max(r.seam_rms_hi, level);
            r.seam_flux = std::max(r.seam_flux, flux(eight, start));
        }
    }
    return r;
}

// Both vamps of the render: the loop's music in context.
model::Pcm vamps_of(const Song& song) {
    model::Pcm out(song.audio.sample_rate, song.audio.channels, {});
    const auto ch = static_cast<size_t>(song.audio.channels);
    const auto a = static_cast<size_t>(song.cue->intro_frames) * ch;
    const auto b = static_cast<size_t>(song.cue->ending_start()) * ch;
    out.samples.assign(song.audio.samples.begin() + static_cast<std::ptrdiff_t>(a),
                       song.audio.samples.begin() + static_cast<std::ptrdiff_t>(b));
    return out;
}

void print(const char* what, const SeamReport& r) {
    std::printf(
        "%s: seam step %.5f (interior max %.5f); seam RMS %.5f..%.5f (interior %.5f..%.5f); "
        "seam flux %.4f (interior max %.4f)\n",
        what, r.seam_step, r.interior_step, r.seam_rms_lo, r.seam_rms_hi, r.interior_rms_lo,
        r.interior_rms_hi, r.seam_flux, r.interior_flux);
}

TEST(Cue, BarsAreWholeSamplesAndTheScoreHasTheSections) {
    const Song& song = button_cue();
    ASSERT_TRUE(song.cue);
    const CueLayout& cue = *song.cue;
    const double sr = song.audio.sample_rate;
    // The tempo was moved so that a bar is a whole number of samples, and of 64-frame synth blocks.
    const double bar_frames =
        song.score.time_signature.bar_quarters() * 60.0 / song.score.tempo_qpm * sr;
    EXPECT_NEAR(bar_frames, static_cast<double>(cue.frames_per_bar), 1e-6);
    EXPECT_EQ(cue.frames_per_bar % 64, 0);
    EXPECT_NE(song.brief.tempo_bpm, 127.0);
    EXPECT_NEAR(song.brief.tempo_bpm, 127.0, 127.0 * 32 / static_cast<double>(cue.frames_per_bar));
    EXPECT_EQ(cue.intro_frames, 1 * cue.frames_per_bar);
    EXPECT_EQ(cue.vamp_frames, 2 * cue.frames_per_bar);
    EXPECT_EQ(cue.ending_frames, cue.frames_per_bar + 66150);  // one bar and 1.5 s
    EXPECT_EQ(static_cast<int64_t>(song.audio.frames()), cue.render_frames());

    ASSERT_EQ(song.score.sections.size(), 4u);
    const std::vector<std::pair<std::string, int>> want = {
        {"Intro", 1}, {"Vamp", 2}, {"Vamp (loop)", 2}, {"Ending", 1}};
    int64_t frame = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(song.score.sections[i].name, want[i].first);
        EXPECT_EQ(song.score.sections[i].bars, want[i].second);
        EXPECT_NEAR(song.score.sections[i].start_s * sr, static_cast<double>(frame), 1e-6)
            << want[i].first;
        frame += want[i].second * cue.frames_per_bar;
    }
    EXPECT_EQ(song.recipe.cue, (model::CueShape{1, 2, model::CueEnding::button}));
    EXPECT_NE(song.recipe.command_line().find("--intro 1 --vamp 2 --ending button"),
              std::string::npos);
}

TEST(Cue, SegmentsAreSampleExactCutsOfTheOnePassRender) {
    const Song& song = button_cue();
    const CueLayout& cue = *song.cue;
    const model::Pcm intro = cue_segment(song.audio, cue, CueSegment::intro);
    const model::Pcm loop = cue_segment(song.audio, cue, CueSegment::loop);
    const model::Pcm ending = cue_segment(song.audio, cue, CueSegment::ending);
    const model::Pcm one = cue_segment(song.audio, cue, CueSegment::one_file);
    EXPECT_EQ(static_cast<int64_t>(intro.frames()), cue.intro_frames);
    EXPECT_EQ(static_cast<int64_t>(loop.frames()), cue.vamp_frames);
    EXPECT_EQ(static_cast<int64_t>(ending.frames()), cue.ending_frames);
    ASSERT_EQ(one.frames(), intro.frames() + loop.frames() + ending.frames());
    const auto ch = static_cast<size_t>(song.audio.channels);
    auto same = [&](const model::Pcm& part, size_t at_in_one, int64_t at_in_render) {
        return std::equal(part.samples.begin(), part.samples.end(),
                          one.samples.begin() + static_cast<std::ptrdiff_t>(at_in_one * ch)) &&
               std::equal(part.samples.begin(), part.samples.end(),
                          song.audio.samples.begin() +
                              static_cast<std::ptrdiff_t>(static_cast<size_t>(at_in_render) * ch));
    };
    EXPECT_TRUE(same(intro, 0, 0));
    EXPECT_TRUE(same(loop, intro.frames(), cue.loop_start()));
    EXPECT_TRUE(same(ending, intro.frames() + loop.frames(), cue.ending_start()));
    // The one file's intro -> loop junction: held in CueJunction below.
    double interior = 0;
    for (size_t n = 1; n < loop.frames(); ++n) interior = std::max(interior, step_at(loop, n));
    std::printf("one file: intro -> loop junction step %.5f (loop interior max %.5f)\n",
                step_at(one, intro.frames()), interior);
}

TEST(Cue, TheLoopRepeatedEightTimesHasNoSeam) {
    const Song& song = button_cue();
    const model::Pcm loop = cue_segment(song.audio, *song.cue, CueSegment::loop);
    const SeamReport r = measure_seams(loop, vamps_of(song));
    print("button cue, funk, 127 bpm, loop (float)", r);
    EXPECT_LE(r.seam_step, r.interior_step);
    EXPECT_GE(r.seam_rms_lo, r.interior_rms_lo);
    EXPECT_LE(r.seam_rms_hi, r.interior_rms_hi);
    EXPECT_LE(r.seam_flux, r.interior_flux);
}

// Stricter: the bar before a seam (the loop's last bar) is what the render played before the
// loop's start (the first vamp's last bar), so the seam is the render's own continuation. They
// differ only by what FluidSynth does not repeat (its chorus and reverb modulation run on,
// and the first vamp's bar still holds the intro's longest tails): the difference is far
// under the music. Before bars were whole synth blocks it was -1 dB (the notes of the two
// vamps started up to 32 frames apart).
TEST(Cue, AroundTheSeamTheLoopIsTheRendersOwnContinuation) {
    const Song& song = button_cue();
    const CueLayout& cue = *song.cue;
    const model::Pcm twice = repeated(cue_segment(song.audio, cue, CueSegment::loop), 2);
    const auto ch = static_cast<size_t>(song.audio.channels);
    const auto span = static_cast<size_t>(cue.frames_per_bar);
    const size_t seam = static_cast<size_t>(cue.vamp_frames);
    const size_t in_render = static_cast<size_t>(cue.loop_start());
    double music = 0, difference = 0;
    for (size_t f = seam - span; f < seam; ++f)
        for (size_t c = 0; c < ch; ++c) {
            const double x = twice.samples[f * ch + c];
            const double y = song.audio.samples[(in_render - seam + f) * ch + c];
            music += y * y;
            difference += (x - y) * (x - y);
        }
    const double db = 10 * std::log10(difference / music);
    std::printf(
        "the bar before the seam against the render's bar before the loop: %.1f dB under the "
        "music\n",
        db);
    EXPECT_LT(db, -24.0);
}

// The measures can fail: a loop whose last eighth of a bar drops out, and a loop starting with a
// click, are caught.
TEST(Cue, TheSeamMeasuresCatchABadLoop) {
    const Song& song = button_cue();
    const CueLayout& cue = *song.cue;
    const model::Pcm context = vamps_of(song);
    model::Pcm dropout = cue_segment(song.audio, cue, CueSegment::loop);
    const auto gap = static_cast<size_t>(cue.frames_per_bar / 8) * 2;
    std::fill(dropout.samples.end() - static_cast<std::ptrdiff_t>(gap), dropout.samples.end(),
              0.0f);
    const SeamReport dropped = measure_seams(dropout, context);
    print("the loop with its last 1/8 bar silent", dropped);
    EXPECT_FALSE(dropped.seamless());
    EXPECT_GT(dropped.seam_flux, dropped.interior_flux);
    model::Pcm clicked = cue_segment(song.audio, cue, CueSegment::loop);
    clicked.samples[0] = 0.99f;
    clicked.samples[1] = -0.99f;
    clicked.samples[clicked.samples.size() - 2] = -0.99f;
    clicked.samples[clicked.samples.size() - 1] = 0.99f;
    const SeamReport click = measure_seams(clicked, context);
    print("the loop with a click at its seam", click);
    EXPECT_GT(click.seam_step, click.interior_step);
}

TEST(Cue, StemsSumToTheMix) {
    const Song& song = button_cue();
    ASSERT_GE(song.stems.size(), 2u);
    std::vector<double> sum(song.audio.samples.size(), 0.0);
    for (const auto& stem : song.stems) {
        ASSERT_EQ(stem.pcm.samples.size(), sum.size());
        for (size_t i = 0; i < sum.size(); ++i) sum[i] += stem.pcm.samples[i];
    }
    double worst = 0;
    for (size_t i = 0; i < sum.size(); ++i)
        worst = std::max(worst, std::fabs(sum[i] - song.audio.samples[i]));
    EXPECT_LT(worst, 1e-4);
}

class CueFiles : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ =
            fs::temp_directory_path() /
            ("omg-cue-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

// One file with loop points and the three segments, in WAV, FLAC and OGG, read back.
TEST_F(CueFiles, EveryFormatCarriesItsLoopPoints) {
    const Song& song = button_cue();
    const CueLayout& cue = *song.cue;
    for (const char* ext : {"wav", "flac", "ogg"}) {
        SCOPED_TRACE(ext);
        OutputPaths paths;
        paths.audio = dir_ / (std::string("cue.") + ext);
        paths.stems_dir = dir_ / (std::string("stems-") + ext);
        paths.stems_format = *encode::parse_format(ext);
        auto written = write_outputs(song, testing::test_engine().styles(), paths);
        ASSERT_TRUE(written) << written.error().message;
        std::vector<std::string> kinds;
        for (const auto& f : *written) kinds.push_back(f.kind);
        EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "intro"), 1);
        EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "loop"), 1);
        EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "ending"), 1);

        auto meta = encode::read_metadata(*paths.audio);
        ASSERT_TRUE(meta);
        EXPECT_EQ(meta->loop, (encode::LoopPoints{cue.intro_frames, cue.vamp_frames}));
        auto loop_meta = encode::read_metadata(cue_segment_path(*paths.audio, CueSegment::loop));
        ASSERT_TRUE(loop_meta);
        EXPECT_EQ(loop_meta->loop, (encode::LoopPoints{0, cue.vamp_frames}));
        for (const auto& f : *written)
            if (f.kind == "stem") {
                auto stem_meta = encode::read_metadata(f.path);
                ASSERT_TRUE(stem_meta);
                EXPECT_EQ(stem_meta->loop, meta->loop);
            }
        // Segment lengths, decoded.
        auto one = encode::read_audio(*paths.audio);
        auto intro = encode::read_audio(cue_segment_path(*paths.audio, CueSegment::intro));
        auto loop = encode::read_audio(cue_segment_path(*paths.audio, CueSegment::loop));
        auto ending = encode::read_audio(cue_segment_path(*paths.audio, CueSegment::ending));
        ASSERT_TRUE(one && intro && loop && ending);
        EXPECT_EQ(static_cast<int64_t>(intro->frames()), cue.intro_frames);
        EXPECT_EQ(static_cast<int64_t>(loop->frames()), cue.vamp_frames);
        EXPECT_EQ(static_cast<int64_t>(ending->frames()), cue.ending_frames);
        EXPECT_EQ(static_cast<int64_t>(one->frames()),
                  cue.intro_frames + cue.vamp_frames + cue.ending_frames);
        // The decoded loop, repeated 8 times, has no seam either.
        const SeamReport r = measure_seams(*loop, vamps_of(song));
        print((std::string("decoded ") + ext + " loop").c_str(), r);
        if (std::string(ext) != "ogg") {  // lossless: the same measures as the float loop
            EXPECT_TRUE(r.seamless());
        } else {  // Vorbis blocks smear a little at the file's ends: within 10 % of the range
            EXPECT_LE(r.seam_step, 1.1 * r.interior_step);
            EXPECT_LE(r.seam_flux, 1.1 * r.interior_flux);
            EXPECT_GE(r.seam_rms_lo, 0.9 * r.interior_rms_lo);
            EXPECT_LE(r.seam_rms_hi, 1.1 * r.interior_rms_hi);
        }
    }
    // The comments themselves, as a game engine reads them.
    std::ifstream in(dir_ / "cue.flac", std::ios::binary);
    const std::vector<unsigned char> flac((std::istreambuf_iterator<char>(in)),
                                          std::istreambuf_iterator<char>());
    const auto fields = encode::flac_comments(flac);
    auto field = [&](const std::string& name) {
        for (const auto& [k, v] : fields)
            if (k == name) return v;
        return std::string();
    };
    EXPECT_EQ(field("LOOPSTART"), std::to_string(cue.intro_frames));
    EXPECT_EQ(field("LOOPLENGTH"), std::to_string(cue.vamp_frames));
    EXPECT_EQ(field("LOOP_START"), std::to_string(cue.intro_frames));
    EXPECT_EQ(field("LOOP_END"), std::to_string(cue.intro_frames + cue.vamp_frames));
}

TEST_F(CueFiles, Mp3IsRefusedForACue) {
    OutputPaths paths;
    paths.audio = dir_ / "cue.mp3";
    auto written = write_outputs(button_cue(), testing::test_engine().styles(), paths);
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, Errc::invalid_argument);
    EXPECT_NE(written.error().message.find("MP3"), std::string::npos);
    EXPECT_FALSE(fs::exists(paths.audio.value()));
}

// Same request, same bytes; a fade ending falls to silence and its loop is seamless too.
TEST_F(CueFiles, AFadeCueIsDeterministicAndFades) {
    const Request request = cue_request({0, 2, model::CueEnding::fade}, false);
    auto a = testing::test_engine().generate(request);
    auto b = testing::test_engine().generate(request);
    ASSERT_TRUE(a && b);
    ASSERT_TRUE(a->cue);
    OutputPaths pa, pb;
    pa.audio = dir_ / "a.flac";
    pb.audio = dir_ / "b.flac";
    ASSERT_TRUE(write_outputs(*a, testing::test_engine().styles(), pa));
    ASSERT_TRUE(write_outputs(*b, testing::test_engine().styles(), pb));
    auto bytes = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::vector<char>((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
    };
    EXPECT_EQ(bytes(*pa.audio), bytes(*pb.audio));
    EXPECT_EQ(bytes(cue_segment_path(*pa.audio, CueSegment::loop)),
              bytes(cue_segment_path(*pb.audio, CueSegment::loop)));

    const CueLayout& cue = *a->cue;
    EXPECT_EQ(cue.ending_frames, model::kFadeEndingBars * cue.frames_per_bar);
    const model::Pcm loop = cue_segment(a->audio, cue, CueSegment::loop);
    const model::Pcm ending = cue_segment(a->audio, cue, CueSegment::ending);
    const SeamReport r = measure_seams(loop, vamps_of(*a));
    print("fade cue, no intro, loop (float)", r);
    EXPECT_TRUE(r.seamless());
    const double loop_level = rms(loop, loop.frames() / 2);
    const double last_level = rms(ending, ending.frames() - kWindow);
    EXPECT_LT(last_level, 0.01 * loop_level);
}

}  // namespace
}  // namespace omg::engine

namespace omg::engine {
namespace {

// Styles far from funk's dry groove: long pads and reverb (ambient, cinematic), swing, a
// machine groove, a solo piano. Each cue's loop, repeated 8 times, has no seam either. The flux
// may exceed its range by 2 %: the context holds the vamp's downbeat once, and that downbeat's
// flux varies by about a percent between repetitions (what precedes it differs by FluidSynth's
// chorus and reverb modulation, about -27 dB; measured: ambient +0.3 %, swing_jazz +1.1 %,
// piano_ballad +0.1 % over the context's one instance).
class CueStyles : public ::testing::TestWithParam<std::string> {};

TEST_P(CueStyles, TheLoopRepeatedEightTimesHasNoSeam) {
    Request r;
    r.prompt = GetParam();
    r.style = GetParam();
    r.seed = 21;
    r.cue = model::CueShape{1, 2, model::CueEnding::ring_out};
    auto song = testing::test_engine().generate(r);
    ASSERT_TRUE(song) << song.error().message;
    const SeamReport s = measure_seams(cue_segment(song->audio, *song->cue, CueSegment::loop), vamps_of(*song));
    print(GetParam().c_str(), s);
    EXPECT_LE(s.seam_step, s.interior_step);
    EXPECT_GE(s.seam_rms_lo, s.interior_rms_lo);
    EXPECT_LE(s.seam_rms_hi, s.interior_rms_hi);
    EXPECT_LE(s.seam_flux, 1.02 * s.interior_flux);
}

INSTANTIATE_TEST_SUITE_P(Some, CueStyles,
                         ::testing::Values("ambient", "cinematic", "swing_jazz", "techno", "piano_ballad", "waltz"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace omg::engine

namespace omg::engine {
namespace {

// --- Hits on a cue (compose/cue_hits.h) through the engine: times in the cue's file.

using testing::hit_at;
using testing::hit_at_bar;

bool mentions(const model::Interpretation& in, const std::string& text) {
    for (const auto& g : in.guessed)
        if (g.find(text) != std::string::npos) return true;
    for (const auto& u : in.understood)
        if (u.value.find(text) != std::string::npos) return true;
    return false;
}

// 127 bpm puts the loop's third downbeat at 7.56 s: a hit asked at 7.4 s is landed by a cue tempo
// within funk's flex of the asked one (whole synth blocks a bar still), the hit on that downbeat.
TEST(CueHits, TheCueTempoIsChosenToLandALoopHit) {
    Request r = cue_request({2, 4, model::CueEnding::button}, false);
    r.hits = {hit_at(7.4, model::HitKind::accent)};
    auto arranged = testing::test_engine().compose(r);
    ASSERT_TRUE(arranged) << arranged.error().message;
    const model::Score& score = arranged->score;
    ASSERT_EQ(score.hits.size(), 1u);
    const model::HitMark& m = score.hits[0];
    ASSERT_TRUE(m.met) << m.reason;
    EXPECT_EQ(m.bar, 4);  // the file's fifth bar: the loop's third
    EXPECT_NEAR(m.landed_s, 7.4, model::kHitToleranceS);
    EXPECT_NEAR(score.seconds_at(m.tick), m.landed_s, 1e-9);
    const double flex = testing::test_engine().styles().find("funk")->tempo_flex;
    EXPECT_LE(std::abs(arranged->brief.tempo_bpm / 127 - 1), flex + 1e-9);
    EXPECT_NE(arranged->brief.tempo_bpm, 127.0);
    EXPECT_TRUE(score.tempo_changes.empty());  // the whole cue at its one tempo
    const double bar_frames = score.time_signature.bar_quarters() * 60.0 / score.tempo_qpm * 44100;
    EXPECT_NEAR(std::fmod(bar_frames, 64.0), 0.0, 1e-6);
    EXPECT_TRUE(mentions(arranged->interpretation, "chosen so that the hits")) << "no word of the tempo's choice";
}

// Two loop hits 0.6 s apart cannot both sit on downbeats: one lands, the other says how far it
// is from its downbeat and which bar:beat would land it, and the interpretation says no tempo
// in the range lands both.
TEST(CueHits, LoopHitsNoTempoCanLandSayWhy) {
    Request r = cue_request({2, 4, model::CueEnding::button}, false);
    r.hits = {hit_at(7.4, model::HitKind::accent), hit_at(8.0, model::HitKind::stinger)};
    auto arranged = testing::test_engine().compose(r);
    ASSERT_TRUE(arranged) << arranged.error().message;
    const auto& hits = arranged->score.hits;
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_NE(hits[0].met, hits[1].met);
    const model::HitMark& unmet = hits[0].met ? hits[1] : hits[0];
    EXPECT_NE(unmet.reason.find("the downbeat of bar"), std::string::npos) << unmet.reason;
    EXPECT_NE(unmet.reason.find(":1 to land on it"), std::string::npos) << unmet.reason;
    EXPECT_TRUE(mentions(arranged->interpretation, "no tempo from"));
    EXPECT_TRUE(mentions(arranged->interpretation, "not met"));
}

// An accent inside the loop plays on every pass, so the loop, repeated 8 times, is as seamless
// as one without.
TEST(CueHits, ALoopWithAnAccentInsideHasNoSeam) {
    Request r = cue_request({1, 2, model::CueEnding::button}, false);
    r.hits = {hit_at_bar(3, 1, model::HitKind::accent)};
    auto song = testing::test_engine().generate(r);
    ASSERT_TRUE(song) << song.error().message;
    ASSERT_TRUE(song->score.hits.at(0).met) << song->score.hits[0].reason;
    const model::Pcm loop = cue_segment(song->audio, *song->cue, CueSegment::loop);
    const SeamReport s = measure_seams(loop, vamps_of(*song));
    print("button cue, funk, an accent in the loop", s);
    EXPECT_TRUE(s.seamless());
    // The accent is in the loop: its second bar is louder at its downbeat than without it.
    Request plain = r;
    plain.hits.clear();
    auto without = testing::test_engine().generate(plain);
    ASSERT_TRUE(without);
    const auto at = static_cast<size_t>(song->cue->frames_per_bar);
    EXPECT_GT(rms(loop, at), rms(cue_segment(without->audio, *without->cue, CueSegment::loop), at));
}

}  // namespace
}  // namespace omg::engine

namespace omg::engine {
namespace {

// --- The intro -> loop junction: on the first pass the loop's start follows the intro, but it
// carries the vamp's own tails (what sounds after every later pass). The intro ends as the vamp
// does, so its last bar is what the render plays before the loop's start, and the junction is
// measured as a seam is: sample step, level and spectral flux within the loop's own range.

struct Junction {
    double step = 0, interior_step = 0;
    double rms_lo = 1e9, rms_hi = 0, interior_rms_lo = 1e9, interior_rms_hi = 0;
    double flux = 0, interior_flux = 0;
    double continuation_db = 0;  // the intro's last bar against the vamp's, under the music
};

Junction measure_junction(const Song& song) {
    const CueLayout& cue = *song.cue;
    const model::Pcm one = cue_segment(song.audio, cue, CueSegment::one_file);
    const model::Pcm context = vamps_of(song);
    Junction j;
    const auto at = static_cast<size_t>(cue.intro_frames);
    j.step = step_at(one, at);
    for (size_t n = 1; n < context.frames(); ++n) j.interior_step = std::max(j.interior_step, step_at(context, n));
    for (size_t start = 0; start + kWindow + kHop <= context.frames(); start += kHop / 4) {
        const double level = rms(context, start);
        j.interior_rms_lo = std::min(j.interior_rms_lo, level);
        j.interior_rms_hi = std::max(j.interior_rms_hi, level);
        j.interior_flux = std::max(j.interior_flux, flux(context, start));
    }
    for (size_t start = at - kWindow - kHop + kHop / 4; start < at; start += kHop / 4) {
        const double level = rms(one, start + kHop);
        j.rms_lo = std::min(j.rms_lo, level);
        j.rms_hi = std::max(j.rms_hi, level);
        j.flux = std::max(j.flux, flux(one, start));
    }
    // The last half bar before the junction against the last half bar of the first vamp: the
    // sound whose tails the loop's start carries.
    const auto ch = static_cast<size_t>(song.audio.channels);
    const auto span = static_cast<size_t>(cue.frames_per_bar / 2);
    const auto vamp_end = static_cast<size_t>(cue.loop_start());
    double music = 0, difference = 0;
    for (size_t f = 0; f < span; ++f)
        for (size_t c = 0; c < ch; ++c) {
            const double x = one.samples[(at - span + f) * ch + c];
            const double y = song.audio.samples[(vamp_end - span + f) * ch + c];
            music += y * y;
            difference += (x - y) * (x - y);
        }
    j.continuation_db = 10 * std::log10(difference / std::max(music, 1e-30));
    return j;
}

// `below_db`: how far under the music the intro's last half bar must be from the vamp's. Before
// the intro ended as the vamp does it was 0.9 (funk, button), 0.3, 1.3, 0.8 (funk's other
// endings), -0.4 (ambient), 1.2 (swing_jazz), 0.2 dB (piano_ballad): the intro's own music.
// Measured after: funk -24.6 to -25.3, swing_jazz -15.5, piano_ballad -11.3 (its pedal and long
// decays from the bars before), ambient -2.9 dB (its pads and reverb ring for bars, so the
// intro's earlier bars still sound in its last; a turnaround of one bar cannot hide them).
struct JunctionCase {
    const char* style;
    model::CueEnding ending;
    double below_db;
};

class CueJunction : public ::testing::TestWithParam<JunctionCase> {};

TEST_P(CueJunction, TheIntroRunsIntoTheLoopWithoutASeam) {
    Request r;
    r.prompt = GetParam().style;
    r.style = GetParam().style;
    r.seed = 21;
    r.cue = model::CueShape{2, 2, GetParam().ending};
    auto song = testing::test_engine().generate(r);
    ASSERT_TRUE(song) << song.error().message;
    const Junction j = measure_junction(*song);
    std::printf("%s, %s: junction step %.5f (interior max %.5f); RMS %.5f..%.5f (interior %.5f..%.5f); flux %.4f "
                "(interior max %.4f); the intro's last half bar against the vamp's: %.1f dB under the music\n",
                GetParam().style, std::string(model::cue_ending_name(GetParam().ending)).c_str(), j.step,
                j.interior_step, j.rms_lo, j.rms_hi, j.interior_rms_lo, j.interior_rms_hi, j.flux, j.interior_flux,
                j.continuation_db);
    EXPECT_LE(j.step, j.interior_step);
    EXPECT_GE(j.rms_lo, j.interior_rms_lo);
    EXPECT_LE(j.rms_hi, j.interior_rms_hi);
    EXPECT_LE(j.flux, 1.02 * j.interior_flux);
    EXPECT_LT(j.continuation_db, GetParam().below_db);
}

INSTANTIATE_TEST_SUITE_P(Some, CueJunction,
                         ::testing::Values(JunctionCase{"funk", model::CueEnding::button, -20},
                                           JunctionCase{"funk", model::CueEnding::stinger, -20},
                                           JunctionCase{"funk", model::CueEnding::fade, -20},
                                           JunctionCase{"funk", model::CueEnding::ring_out, -20},
                                           JunctionCase{"ambient", model::CueEnding::ring_out, -2},
                                           JunctionCase{"swing_jazz", model::CueEnding::button, -12},
                                           JunctionCase{"piano_ballad", model::CueEnding::fade, -8}),
                         [](const auto& p) {
                             return std::string(p.param.style) + "_" +
                                    std::string(model::cue_ending_name(p.param.ending));
                         });

}  // namespace
}  // namespace omg::engine
