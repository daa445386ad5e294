// Rendering: Score -> stereo Pcm with FluidSynth and a General MIDI SoundFont.
//
// The output is exactly round(score.duration_s * sample_rate) frames long; notes still sounding
// at the end are cut (master fades the end). Events are fed to FluidSynth at their frame rounded
// to its 64-frame processing block (FluidSynth starts events only on block boundaries), so
// timing is within +-0.73 ms at 44.1 kHz. Deterministic for the same Score, options and
// SoundFont. Each call owns its synthesizers, so calls may run in parallel threads.
// Mix settings come from the tracks (CC10 pan, CC91 reverb, CC93 chorus) and the score's MixSpec
// (reverb room, chorus width, bus EQ); each track's CC7 volume is set by the balance from the
// measured loudness of its notes and its role (balance.h), unless options.balance is off.
// A track with the role "vocal" is not rendered (nor given a stem): the voice sings it.
//
// Cost: ~23 ms per average sounding voice per minute of audio (FluidR3_GM stereo presets use
// two voices per note), plus ~25 ms to open the SoundFont (only used samples are loaded). A
// compressed SoundFont (.sf3, MuseScore_General) costs seconds more the first time a process
// uses its presets (their Vorbis samples are decoded, then kept for the process; synth.h).
#pragma once

#include <filesystem>
#include <functional>
#include <stop_token>
#include <vector>

#include "core/result.h"
#include "model/pcm.h"
#include "model/score.h"

namespace omg::render {

struct RenderOptions {
    std::filesystem::path soundfont;
    int sample_rate = 44100;
    bool stems = false;                          // also render each track alone
    bool balance = true;                         // CC7 from measured loudness and role, not the track's
    std::filesystem::path balance_cache;         // where the balance keeps its measurements (optional)
    // Threads one render may use (the caller's included). The mix is rendered as `mix_synths`
    // synths over balanced groups of tracks, in parallel when threads > 1; stems use one synth
    // per track. The output is the same for any thread count, never for another `mix_synths`.
    int threads = 1;
    // Each synth has its own reverb and chorus (~0.15 s of CPU per minute of audio), so a
    // caller that keeps another core busy meanwhile (the voice) asks for one.
    int mix_synths = 2;
    std::function<void(double)> progress;       // 0..1, now and then, on the calling thread
    std::stop_token stop;                        // checked at least every ~50 ms of work
};

struct Rendered {
    model::Pcm mix;
    std::vector<model::Stem> stems;  // one per track, in track order, when asked for
};

// Errors: not_found (SoundFont missing), io (SoundFont unreadable), cancelled, invalid_argument
// (tempo or duration out of range, sample rate outside 8000..96000 Hz, more than 256 tracks).
Result<Rendered> render(const model::Score& score, const RenderOptions& options);

}  // namespace omg::render
