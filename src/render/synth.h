// Synth: one FluidSynth instance with the SoundFont loaded, owned RAII-style, driven without an
// audio driver: the caller sets up channels, applies events and pulls audio.
//
// Not thread-safe (FluidSynth's own locking is switched off); use one Synth per thread.
// Creating, setting up and deleting synths is serialised process-wide: FluidSynth shares a
// sample cache and libinstpatch state between synths, and loading presets in one synth while
// another loads or unloads them is not safe (without this lock a concurrent render test
// crashed in fluid_voice_optimize_sample under ThreadSanitizer). Those steps are short next to
// rendering.
// Internal to render/: the only file besides synth.cpp that sees FluidSynth is this one.
#pragma once

#include <filesystem>
#include <memory>

#include <fluidsynth.h>

#include "core/result.h"
#include "model/score.h"
#include "render/schedule.h"

namespace omg::render {

struct SynthConfig {
    std::filesystem::path soundfont;
    int sample_rate = 44100;
    int channels = 16;     // MIDI channels needed (rounded up to a multiple of 16)
    bool reverb = true;    // off saves ~80 ms per minute when nothing is sent to it
    bool chorus = true;    // off saves ~45 ms per minute
};

class Synth {
public:
    // Errors: not_found (SoundFont missing), io (SoundFont unreadable), invalid_argument.
    static Result<Synth> open(const SynthConfig& config);

    // Program (bank/kit with fallbacks), channel type and CC7/10/91/93 from the track.
    void setup_channel(int channel, const model::Track& track);
    void apply(const SynthEvent& event);

    // What the SoundFont does for `key` on `channel`: the volume-envelope release of its zones
    // (timecents) and their exclusive class (0: none). Found by starting the key and silencing
    // it before any audio is rendered, so it leaves the output unchanged.
    struct KeyZone {
        bool sounds = false;
        double release_tc = 0;
        int exclusive_class = 0;
    };
    KeyZone probe(int channel, int key);
    // Offsets the release of every note on `channel` (timecents, added to the zone's own).
    void offset_release(int channel, double timecents);
    // Renders `frames` stereo frames, interleaved, into `out`.
    void write(float* out, int frames);

private:
    struct SettingsDeleter {
        void operator()(fluid_settings_t* settings) const { delete_fluid_settings(settings); }
    };
    struct SynthDeleter {
        void operator()(fluid_synth_t* synth) const;  // under the process-wide lock
    };

    // Declared in this order so the synth is deleted before its settings.
    std::unique_ptr<fluid_settings_t, SettingsDeleter> settings_;
    std::unique_ptr<fluid_synth_t, SynthDeleter> synth_;
    int sfont_id_ = -1;
};

}  // namespace omg::render
