// The engine: the one place that runs every stage in order,
//   prompt -> Brief -> compose -> Score -> render -> Pcm -> master -> (encode on request).
//
// `Engine::open` loads the style library once; afterwards an Engine is immutable and every
// method is safe to call from several threads at once (each call builds its own synthesizer).
// Same Request (seed included) -> byte-identical Score and audio. `generate` reports progress as
// (stage, fraction) and returns Errc::cancelled within ~100 ms of a stop request. A song with
// vocals is composed on its words (their sections are its form), the voice sings the vocal part
// while the band renders, and both are mixed before mastering.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/brief.h"
#include "model/cue.h"
#include "model/hit.h"
#include "model/loudness.h"
#include "model/pcm.h"
#include "model/request.h"
#include "model/score.h"
#include "model/style.h"

namespace omg::engine {

inline constexpr const char* kEngineName = "omg-builtin";
const char* engine_version();  // "0.1.0"

struct Config {
    std::filesystem::path styles_dir;  // folder of <style>.toml files
    std::filesystem::path soundfont;   // a General MIDI .sf2: the "fast" sound quality
    // The "best" sound quality's SoundFont (MuseScore_General.sf3). Empty or missing: a request
    // for "best" fails with not_found naming the package; it never falls back to `soundfont`.
    std::filesystem::path best_soundfont;
    int sample_rate = 44100;
    // Threads one render may use (0 = one per core). A server running several jobs at once
    // gives each fewer.
    int render_threads = 0;
    // Where the render keeps each SoundFont's preset measurements between runs (optional; see
    // render/balance.h). Same music with or without it.
    std::filesystem::path cache_dir;
    // Singing: resources/lyrics (the built-in lyric writer's vocabulary), Festival and the HTS
    // voice file (empty = the voice stage's defaults, Debian's paths). Opened on first use.
    std::filesystem::path lyrics_dir;
    std::filesystem::path festival;
    std::filesystem::path htsvoice;
};

class Singer;

// One generation, as a user asks for it. Unset optionals come from the prompt, then the style.
struct Request {
    std::string prompt;
    std::optional<double> duration_s;           // 5..600
    std::optional<uint64_t> seed;               // unset = a fresh random seed (reported in Song)
    std::optional<double> bpm;                  // 20..400
    std::optional<std::string> key;             // "D minor", "Eb", "F# dorian"
    std::optional<std::string> time_signature;  // "3/4"
    std::optional<std::string> style;           // a style id, overrides the prompt's
    bool stems = false;                          // also render one Pcm per instrument
    // Words to sing, with [Verse]/[Chorus] tags or without; empty = the built-in writer's, when
    // the song has vocals. `vocals` unset: sung when there are lyrics or the prompt asks for a
    // song with words ("with lyrics", "a song about ...", "sung"), not when it says
    // "instrumental" or "no vocals".
    std::optional<std::string> lyrics;
    std::optional<bool> vocals;
    // The medium's loudness and true-peak ceiling (model/loudness.h); unset: streaming.
    std::optional<model::LoudnessPreset> loudness;
    // Which SoundFont plays it (model/sound_quality.h); unset: fast.
    std::optional<model::SoundQuality> quality;
    // A cue (model/cue.h): intro, vamp and ending instead of a track. Its bars set its length
    // (`duration_s` is not used), it is instrumental, and its tempo is moved by under 32 samples
    // per bar so that every bar is a whole number of 64-frame synth blocks (see CueLayout).
    std::optional<model::CueShape> cue;
    // Hit points (model/hit.h): each lands on a downbeat within 10 ms of its time, by its bar and
    // the Score's tempo map within the style's tempo flex, or is reported unmet with its reason
    // (Score::hits; the interpretation lists each, met or not). With a cue, times count in the
    // cue's file (intro, one pass of the loop, ending; compose/cue_hits.h), and the cue's tempo
    // is chosen to land those in the loop and the ending.
    std::vector<model::Hit> hits;
};

// The engine's request for one version of what a user asked (the one conversion, used by the
// server's queue, the CLI and the lyrics service alike): every musical field as asked, empty
// lyrics as none, and `seed` (each version has its own; unset = a fresh one). The duration is the
// request's; the CLI, whose duration is optional, clears it when none was given.
Request request_for(const model::GenerationRequest& asked, std::optional<uint64_t> seed);

struct Progress {
    std::string stage;      // interpret | compose | render | master
    double fraction = 0;    // of the whole generation, 0..1
};
using ProgressFn = std::function<void(const Progress&)>;

struct StageTiming {
    std::string stage;
    double seconds = 0;
};

// What makes a track reproducible: written into file metadata.
struct Recipe {
    std::string prompt;
    uint64_t seed = 0;
    double duration_s = 0;
    std::optional<double> bpm;
    std::optional<std::string> key;
    std::optional<std::string> time_signature;
    std::optional<std::string> style;
    std::optional<bool> vocals;
    std::optional<std::string> lyrics;           // the user's own words (not the writer's)
    std::optional<model::LoudnessPreset> loudness;
    std::optional<model::SoundQuality> quality;  // as asked
    std::string soundfont;                       // the file that played it ("FluidR3_GM.sf2")
    std::optional<model::CueShape> cue;
    std::vector<model::Hit> hits;
    std::string engine = kEngineName;
    std::string engine_version;
    std::string to_json() const;                 // compact, stable field order
    std::string command_line() const;            // `omg generate "..." --seed N ...`
};

// The composed arrangement of a request, without audio: what `compose` returns (fast, no
// synthesizer). Same Request and seed -> the same Score that `generate` renders.
struct Arrangement {
    model::Brief brief;
    model::Interpretation interpretation;
    uint64_t seed = 0;
    model::Score score;
};

// One part of the arrangement as the listener hears it (a Score track): what it is, the role
// it plays, its stem, and how loud it is in the master.
struct Part {
    std::string name;                      // "Trumpet", "Drums", "Vocals"
    int program = 0;                       // GM program (a kit's preset number for drums)
    bool drums = false;
    std::string role;                      // lead, counter, chords, pad, bass, drums, colour, arp, vocal ...
    std::optional<size_t> stem;            // index into Song::stems (when stems were rendered)
    std::optional<double> loudness_lufs;   // its stem's integrated loudness (BS.1770); stems only
};

// Where a cue's pieces lie in its render, in sample frames. The Score is intro, vamp, vamp, ending
// and is rendered and mastered in one pass; the loop is the SECOND vamp, cut on its bar lines: its
// start already holds the first vamp's reverb and release tails, which is what sounds when the
// loop wraps around. The ending starts where the second vamp ends. Every bar is exactly
// `frames_per_bar` frames, a multiple of 64 (the tempo is chosen so: the renderer starts notes on
// FluidSynth's 64-frame blocks, so only whole blocks make the second vamp render as the first),
// and intro + k * vamp + ending is exact.
// Ending lengths: a fade kFadeEndingBars bars, falling to silence (a raised-cosine gain after
// mastering, on the mix and the stems alike); button 1 bar + 1.5 s, stinger 1 bar + 2 s,
// ring-out 1 bar + 4 s of decay.
struct CueLayout {
    model::CueShape shape;
    int64_t frames_per_bar = 0;
    int64_t intro_frames = 0;   // render [0, intro)
    int64_t vamp_frames = 0;    // the loop: render [intro + vamp, intro + 2 vamp)
    int64_t ending_frames = 0;  // render [intro + 2 vamp, end)
    int64_t loop_start() const { return intro_frames + vamp_frames; }
    int64_t ending_start() const { return intro_frames + 2 * vamp_frames; }
    int64_t render_frames() const { return ending_start() + ending_frames; }
    bool operator==(const CueLayout&) const = default;
};

// A cue's deliverables, cut from its render (or a stem's): the intro, the loop and the ending as
// separate sample-aligned segments, and `one_file`: intro + loop + ending, whose loop is
// [intro_frames, intro_frames + vamp_frames). Pure; copies the samples.
enum class CueSegment { intro, loop, ending, one_file };
model::Pcm cue_segment(const model::Pcm& render, const CueLayout& layout, CueSegment which);

struct Song {
    model::Brief brief;
    model::Interpretation interpretation;
    uint64_t seed = 0;
    model::Score score;
    model::Pcm audio;                 // mastered, 44.1 kHz stereo, exactly brief.duration_s long
    std::vector<model::Stem> stems;   // when requested: same gain as the mix, unlimited (the
                                      // voice last, as "Vocals")
    std::vector<Part> parts;          // one per Score track, in track order
    std::string lyrics;               // the words sung, with their tags ("" = instrumental)
    bool lyrics_written = false;      // by the built-in writer
    // Mastered to `loudness`'s target; measured after mastering (BS.1770, EBU Tech 3342).
    model::LoudnessPreset loudness = model::kDefaultLoudness;
    double integrated_lufs = 0;
    double true_peak_dbtp = 0;
    double loudness_range_lu = 0;
    std::vector<StageTiming> timings;
    Recipe recipe;
    std::optional<CueLayout> cue;     // a cue's pieces in `audio` and `stems`
};

class Engine {
public:
    static Result<Engine> open(const Config& config);

    // Prompt understanding only (fast; no audio).
    Result<model::Brief> interpret(const Request& request, model::Interpretation* out = nullptr) const;
    // Prompt understanding and composition only: the form, harmony and notes the engine would
    // render for this request (used to fit lyrics to the music and to guide neural renderers).
    Result<Arrangement> compose(const Request& request) const;
    // The whole pipeline up to the mastered Pcm.
    Result<Song> generate(const Request& request, const ProgressFn& progress = {},
                          std::stop_token stop = {}) const;

    const model::StyleLibrary& styles() const { return styles_; }
    const Config& config() const { return config_; }
    // The SoundFont that plays `quality`. Errors: not_found when it is not installed (the
    // message names the Debian package).
    Result<std::filesystem::path> soundfont_for(model::SoundQuality quality) const;

private:
    Engine(Config config, model::StyleLibrary styles);
    Config config_;
    model::StyleLibrary styles_;
    // Shared by copies of the Engine: it opens the voice and the lyric writer once, on first use.
    std::shared_ptr<const Singer> singer_;
};

}  // namespace omg::engine
