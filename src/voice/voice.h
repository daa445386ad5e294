// Voice: the singing voice. Lyrics -> syllables (text side), Score -> sung Pcm (score side).
//
// Two halves around one HTS voice (cmu_us_slt_arctic_hts, US English, female). `analyse` runs
// Festival as a subprocess (one per three distinct lines, in parallel; a repeated line is read
// once; about 40 ms to start, which `start_analysis` hides behind the writing of the words, plus
// 8-12 ms a line) to split every line into words, syllables,
// lexical stress and phones by Festival's own lexicon, with one HTS full-context label per phone;
// the lyrics travel to Festival as data in a private temp file, never as Scheme source, and no
// shell is involved. `sing` drives libHTSEngine in-process: each phrase (syllables between rests)
// is re-timed so onset consonants fall before the beat and the vowel lands on the note, then the
// generated pitch is replaced by the notes' (15 ms glides), and our own FFT vocoder makes the
// samples straight at the song's rate (pulse_vocoder.h; HTS's MLSA filter and a resampler cost
// 4x the CPU). The result is exactly round(score.duration_s * sample_rate) frames, silent where
// nothing is sung. Cost: about 0.006 s of CPU per second of song, 0.012 s per second sung
// (bench/voice); analyse ~0.3-0.5 s wall.
//
// Deterministic: the same input gives the same output, bit for bit. A Voice may be shared
// between threads: `analyse` and `sing` are reentrant (each sing borrows engines from a pool).
// No exception escapes; failures are Result values.
#pragma once

#include <filesystem>
#include <memory>
#include <stop_token>
#include <vector>

#include "core/result.h"
#include "model/mix.h"
#include "model/pcm.h"
#include "model/score.h"
#include "model/vocal.h"

namespace omg::voice {
namespace detail {
class FestivalRun;
}

inline constexpr const char* kSltVoice =
    "/usr/share/festival/voices/us/cmu_us_slt_arctic_hts/hts/cmu_us_slt_arctic_hts.htsvoice";

struct Config {
    std::filesystem::path festival = "/usr/bin/festival";
    std::filesystem::path htsvoice = kSltVoice;
    std::filesystem::path festival_lib = "/usr/share/festival";  // holds init.scm
    // Festival's whole run may take this long before it is killed (Errc::unavailable).
    double festival_timeout_s = 60;
};

class Voice {
public:
    // Errc::unavailable naming what is missing (Festival, the voice file) or unloadable.
    static Result<Voice> open(const Config& config);
    ~Voice();
    Voice(Voice&&) noexcept;
    Voice& operator=(Voice&&) noexcept;

    // Text side: sections whose lines have only `text` filled (tag/role/note too) -> the same
    // sections with every line split into words and syllables by Festival's lexicon (never by
    // spelling), stress, phones, one full-context label per phone (no times) and each line's
    // pause labels (before, after). Lines with no pronounceable word come back with zero words.
    // Errors: too_large (over 256 KiB of text), unavailable (Festival failed or timed out).
    Result<model::SungText> analyse(std::vector<model::LyricSection> sections) const;

    // The text side started before its words exist (and before any Voice is open), for a
    // caller about to write them: Festival's processes (sized for `expected_lines` distinct
    // lines) load while it opens the voice and writes, and `analyse` then answers as
    // voice.analyse does, once. Destroying it unused stops the processes.
    class PendingAnalysis {
    public:
        PendingAnalysis(PendingAnalysis&&) noexcept;
        PendingAnalysis& operator=(PendingAnalysis&&) = delete;
        ~PendingAnalysis();
        Result<model::SungText> analyse(const Voice& voice, std::vector<model::LyricSection> sections);

    private:
        friend class Voice;
        explicit PendingAnalysis(std::unique_ptr<detail::FestivalRun> run);
        std::unique_ptr<detail::FestivalRun> run_;
    };
    // Errc::unavailable when Festival cannot be started.
    static Result<PendingAnalysis> start_analysis(const Config& config, size_t expected_lines);

    // Score side: score.vocal on score.tracks[score.vocal.track] -> the sung voice, mono float at
    // `sample_rate`, exactly round(score.duration_s * sample_rate) frames, silence where nothing
    // is sung. An empty VocalPart gives silence. Errors: invalid_argument (indices out of range,
    // rate outside 8000..192000, duration outside 0..3600 s), cancelled, internal (the engine).
    // Phrases (syllables between rests) are sung on up to `threads` threads, each with its own
    // engine (the first is loaded by open(), others on first use and kept); the bytes do not
    // depend on `threads`. A phrase after at least 300 ms of silence starts with a soft breath
    // (band-passed noise, 150-250 ms, ending 30 ms before its first consonant, 30 dB under it).
    Result<model::Pcm> sing(const model::Score& score, int sample_rate,
                            std::stop_token stop = {}, int threads = 1) const;

private:
    struct Impl;
    explicit Voice(std::unique_ptr<Impl> impl);
    Result<model::SungText> analyse_with(detail::FestivalRun* run, std::vector<model::LyricSection> sections) const;
    std::unique_ptr<Impl> impl_;
};

// A mix engineer's vocal chain on the dry voice: high-pass at 95 Hz, a gentle presence lift
// (+2 dB at 3 kHz plus the style's presence_db / 2), light compression (3:1 above -18 dBFS),
// a reverb send sized by the style's room, stereo out. Deterministic; a pure function.
model::Pcm produce(const model::Pcm& dry, const model::MixSpec& mix);

}  // namespace omg::voice
