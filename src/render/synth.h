// Synth: one FluidSynth instance with the SoundFont loaded, owned RAII-style, driven without an
// audio driver: the caller sets up channels, applies events and pulls audio.
//
// Not thread-safe (FluidSynth's own locking is switched off); use one Synth per thread.
// Creating, setting up and deleting synths is serialised process-wide: FluidSynth shares a
// sample cache and libinstpatch state between synths, and loading presets in one synth while
// another loads or unloads them is not safe (without this lock a concurrent render test
// crashed in fluid_voice_optimize_sample under ThreadSanitizer). Those steps are short next to
// rendering.
// A compressed SoundFont's (.sf3) presets stay decoded for the process once any synth has
// selected them (see PresetKeeper in synth.cpp): later synths, renders and jobs skip the decoding.
// Internal to render/: the only file besides synth.cpp that sees FluidSynth is this one.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include <fluidsynth.h>

#include "core/result.h"
#include "model/mix.h"
#include "model/score.h"
#include "render/schedule.h"

namespace omg::render {

struct SynthConfig {
    std::filesystem::path soundfont;
    int sample_rate = 44100;
    int channels = 16;     // MIDI channels needed (rounded up to a multiple of 16)
    bool reverb = true;    // off saves ~80 ms per minute when nothing is sent to it
    bool chorus = true;    // off saves ~45 ms per minute
    model::MixSpec mix;    // the reverb's room and the chorus's width
    // Each channel's dry signal on an output of its own, so that set_width can narrow it
    // (up to 128 channels; beyond, channels share outputs modulo 128).
    bool channel_widths = false;
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
    // Cuts every voice on `channel` at once (no release), e.g. between measurements.
    void silence(int channel);
    // Stereo width of `channel`'s dry signal: its side (L-R) scaled by `width` (0 mono .. 1 as
    // the SoundFont has it). Needs config.channel_widths; a channel sharing an output with
    // another gets the narrower of the two.
    void set_width(int channel, double width);
    // Renders `frames` stereo frames, interleaved, into `out`. The chorus return is narrowed to
    // the mix's chorus width (FluidSynth's own is fixed at ten times the width of its two voice
    // groups, mostly out of phase: a chorused part nearly vanished in mono).
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
    std::filesystem::path soundfont_;  // kept decoded for the process when compressed (synth.cpp)
    bool chorus_ = false;
    float chorus_side_ = 1;          // gain on the chorus return's side (L-R) signal
    int outputs_ = 1;                // stereo dry outputs (audio groups)
    std::vector<float> widths_;      // per dry output
    std::vector<float> planes_;      // dry L/R per output, reverb L/R, chorus L/R, for one write
};

}  // namespace omg::render
