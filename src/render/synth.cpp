#include "render/synth.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <cctype>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <system_error>
#include <tuple>

namespace omg::render {
namespace {

// Mix-relevant synth settings. The gain leaves headroom for dense arrangements; master
// normalises loudness afterwards, and float output never clips.
constexpr double kGain = 0.5;
constexpr int kPolyphony = 256;
// FluidSynth's chorus spreads its voice groups with a fixed width of 10 (fluid_chorus.c): the
// return's side signal is ten times what the groups panned hard left and right would give.
constexpr double kFluidChorusWidth = 10.0;
constexpr int kMaxOutputs = 128;  // FluidSynth's limit on audio groups

bool has_preset(fluid_sfont_t* sfont, int bank, int program) {
    return sfont != nullptr && fluid_sfont_get_preset(sfont, bank, program) != nullptr;
}

// A SoundFont 2/3 file is a RIFF form of type "sfbk". Checking first gives a clean error instead
// of FluidSynth's (and libinstpatch's) console noise for a file that is something else.
bool looks_like_soundfont(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::array<char, 12> head{};
    if (!in.read(head.data(), head.size())) return false;
    return std::memcmp(head.data(), "RIFF", 4) == 0 && std::memcmp(head.data() + 8, "sfbk", 4) == 0;
}

std::mutex& lifecycle_mutex() {
    static std::mutex mutex;
    return mutex;
}

// A SoundFont 3 (.sf3, e.g. MuseScore_General) stores its samples Vorbis-compressed. With dynamic
// sample loading FluidSynth decodes a preset's samples when a channel selects it, into its
// process-wide, reference-counted sample cache, and frees them when the last synth using them
// is deleted. MuseScore_General's presets take seconds to decode (bench/soundfont/: the whole
// difference between the two sound qualities), and one render opens synths one after another
// (the balance's measuring synth, then the mix's), so each decoded the same presets again, and
// so did every job of a server. The keeper is one idle synth per compressed SoundFont whose
// channels select every preset any synth of the process selected: the cache keeps those
// samples, and later synths find them decoded. It never renders. Memory: the decoded samples
// of the presets used so far (at most the whole font: ~400 MB for MuseScore_General).
// FluidR3 (.sf2) loads in milliseconds and is not kept. Called under lifecycle_mutex().
class PresetKeeper {
public:
    static PresetKeeper& instance() {
        static PresetKeeper keeper;
        return keeper;
    }

    static bool compressed(const std::filesystem::path& soundfont) {
        std::string ext = soundfont.extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return ext == ".sf3";
    }

    void keep(const std::filesystem::path& soundfont, int bank, int preset) {
        const std::string font = soundfont.string();
        if (!kept_.insert({font, bank, preset}).second) return;
        std::vector<Holder>& holders = holders_[font];
        if (holders.empty() || holders.back().used == kChannels) {
            Holder h;
            if (!open(soundfont, h)) return;  // nothing kept: later synths decode again, same audio
            holders.push_back(std::move(h));
        }
        Holder& h = holders.back();
        fluid_synth_program_select(h.synth.get(), h.used++, h.sfont_id, bank, preset);
    }

private:
    static constexpr int kChannels = 256;  // FluidSynth's most MIDI channels per synth
    struct SettingsDeleter {
        void operator()(fluid_settings_t* s) const { delete_fluid_settings(s); }
    };
    struct SynthDeleter {
        void operator()(fluid_synth_t* s) const { delete_fluid_synth(s); }
    };
    struct Holder {
        std::unique_ptr<fluid_settings_t, SettingsDeleter> settings;  // outlives the synth
        std::unique_ptr<fluid_synth_t, SynthDeleter> synth;
        int sfont_id = -1;
        int used = 0;
    };

    static bool open(const std::filesystem::path& soundfont, Holder& h) {
        h.settings.reset(new_fluid_settings());
        if (!h.settings) return false;
        fluid_settings_t* s = h.settings.get();
        fluid_settings_setint(s, "synth.midi-channels", kChannels);
        fluid_settings_setint(s, "synth.polyphony", 1);
        fluid_settings_setint(s, "synth.reverb.active", 0);
        fluid_settings_setint(s, "synth.chorus.active", 0);
        fluid_settings_setint(s, "synth.cpu-cores", 1);
        fluid_settings_setint(s, "synth.threadsafe-api", 0);
        fluid_settings_setint(s, "synth.dynamic-sample-loading", 1);
        h.synth.reset(new_fluid_synth(s));
        if (!h.synth) return false;
        h.sfont_id = fluid_synth_sfload(h.synth.get(), soundfont.c_str(), 0);
        return h.sfont_id != FLUID_FAILED;
    }

    std::set<std::tuple<std::string, int, int>> kept_;
    std::map<std::string, std::vector<Holder>> holders_;
};

// FluidSynth sets up process-wide tables (default modulators) when its first synth is created,
// guarded only by an atomic flag: a second thread creating a synth meanwhile could read them
// half-built. Creating one synth under std::call_once first closes that window.
void initialise_fluidsynth_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        fluid_settings_t* settings = new_fluid_settings();
        if (settings == nullptr) return;
        fluid_settings_setint(settings, "synth.reverb.active", 0);
        fluid_settings_setint(settings, "synth.chorus.active", 0);
        if (fluid_synth_t* synth = new_fluid_synth(settings)) delete_fluid_synth(synth);
        delete_fluid_settings(settings);
    });
}

}  // namespace

Result<Synth> Synth::open(const SynthConfig& config) {
    const std::string file_name = config.soundfont.filename().string();
    std::error_code ec;
    if (config.soundfont.empty() || !std::filesystem::is_regular_file(config.soundfont, ec)) {
        return fail(Errc::not_found, "SoundFont '" + file_name + "' was not found");
    }
    if (!looks_like_soundfont(config.soundfont)) {
        return fail(Errc::io, "SoundFont '" + file_name + "' is not a SoundFont 2 file");
    }
    if (config.channels < 1 || config.channels > 256) {
        return fail(Errc::invalid_argument, "a score may have at most 256 tracks");
    }

    initialise_fluidsynth_once();
    Synth synth;  // before the lock: on failure it is deleted after the lock is released
    std::lock_guard lock(lifecycle_mutex());
    synth.settings_.reset(new_fluid_settings());
    if (!synth.settings_) return fail(Errc::internal, "cannot create synthesizer settings");
    fluid_settings_t* s = synth.settings_.get();
    if (fluid_settings_setnum(s, "synth.sample-rate", config.sample_rate) != FLUID_OK) {
        return fail(Errc::invalid_argument, "the synthesizer does not support this sample rate");
    }
    fluid_settings_setnum(s, "synth.gain", kGain);
    fluid_settings_setint(s, "synth.polyphony", kPolyphony);
    fluid_settings_setint(s, "synth.midi-channels", (config.channels + 15) / 16 * 16);
    // MIDI channel c plays into audio group c % groups.
    synth.outputs_ = config.channel_widths ? std::min(config.channels, kMaxOutputs) : 1;
    synth.widths_.assign(static_cast<size_t>(synth.outputs_), 1.0f);
    fluid_settings_setint(s, "synth.audio-channels", synth.outputs_);
    fluid_settings_setint(s, "synth.audio-groups", synth.outputs_);
    fluid_settings_setint(s, "synth.cpu-cores", 1);
    fluid_settings_setint(s, "synth.threadsafe-api", 0);
    // Loads only the samples of the presets actually selected: ~25 ms instead of ~110-400 ms
    // for all 141 MB of FluidR3_GM.
    fluid_settings_setint(s, "synth.dynamic-sample-loading", 1);
    fluid_settings_setint(s, "synth.reverb.active", config.reverb ? 1 : 0);
    fluid_settings_setint(s, "synth.chorus.active", config.chorus ? 1 : 0);
    fluid_settings_setnum(s, "synth.reverb.room-size", std::clamp(config.mix.reverb_room, 0.0, 1.0));
    fluid_settings_setnum(s, "synth.reverb.damp", std::clamp(config.mix.reverb_damp, 0.0, 1.0));
    fluid_settings_setnum(s, "synth.reverb.width", std::clamp(config.mix.reverb_width, 0.0, 1.0));
    fluid_settings_setnum(s, "synth.reverb.level", std::clamp(config.mix.reverb_level, 0.0, 1.0));
    synth.chorus_ = config.chorus;
    synth.chorus_side_ = static_cast<float>(std::clamp(config.mix.chorus_width, 0.0, 1.0) / kFluidChorusWidth);

    synth.synth_.reset(new_fluid_synth(s));
    if (!synth.synth_) return fail(Errc::internal, "cannot create the synthesizer");
    // No preset reset: it would load the piano's samples for every channel (~15 ms); each
    // channel used gets its programme in setup_channel.
    synth.sfont_id_ = fluid_synth_sfload(synth.synth_.get(), config.soundfont.c_str(), 0);
    if (synth.sfont_id_ == FLUID_FAILED) {
        return fail(Errc::io, "SoundFont '" + file_name + "' could not be loaded");
    }
    if (PresetKeeper::compressed(config.soundfont)) synth.soundfont_ = config.soundfont;
    return synth;
}

void Synth::SynthDeleter::operator()(fluid_synth_t* synth) const {
    std::lock_guard lock(lifecycle_mutex());
    delete_fluid_synth(synth);
}

void Synth::setup_channel(int channel, const model::Track& track) {
    // Selecting a program loads its samples through FluidSynth's shared cache.
    std::lock_guard lock(lifecycle_mutex());
    fluid_synth_t* synth = synth_.get();
    fluid_sfont_t* sfont = fluid_synth_get_sfont_by_id(synth, sfont_id_);
    const int program = std::clamp(track.program, 0, 127);
    int bank = 0;
    int preset = program;
    if (track.drums) {
        bank = 128;
        if (!has_preset(sfont, bank, preset)) preset = 0;  // the standard kit
    } else {
        bank = std::clamp(track.bank, 0, 16383);
        if (!has_preset(sfont, bank, preset)) bank = 0;
        if (!has_preset(sfont, bank, preset)) preset = 0;
    }
    fluid_synth_set_channel_type(synth, channel, track.drums ? CHANNEL_TYPE_DRUM : CHANNEL_TYPE_MELODIC);
    fluid_synth_program_select(synth, channel, sfont_id_, bank, preset);
    if (!soundfont_.empty()) PresetKeeper::instance().keep(soundfont_, bank, preset);
    fluid_synth_cc(synth, channel, 7, std::clamp(track.volume, 0, 127));
    fluid_synth_cc(synth, channel, 10, std::clamp(track.pan, 0, 127));
    fluid_synth_cc(synth, channel, 91, std::clamp(track.reverb, 0, 127));
    fluid_synth_cc(synth, channel, 93, std::clamp(track.chorus, 0, 127));
}

void Synth::apply(const SynthEvent& event) {
    switch (event.kind) {
        case EventKind::note_off:
            fluid_synth_noteoff(synth_.get(), event.channel, event.data1);
            break;
        case EventKind::control:
            fluid_synth_cc(synth_.get(), event.channel, event.data1, event.data2);
            break;
        case EventKind::note_on:
            fluid_synth_noteon(synth_.get(), event.channel, event.data1, event.data2);
            break;
    }
}

Synth::KeyZone Synth::probe(int channel, int key) {
    fluid_synth_t* synth = synth_.get();
    KeyZone zone;
    if (fluid_synth_noteon(synth, channel, key, 127) != FLUID_OK) return zone;
    std::array<fluid_voice_t*, kPolyphony> voices{};
    fluid_synth_get_voicelist(synth, voices.data(), static_cast<int>(voices.size()), -1);
    for (fluid_voice_t* voice : voices) {
        if (voice == nullptr) break;
        if (fluid_voice_get_channel(voice) != channel || fluid_voice_get_key(voice) != key) continue;
        const double release = fluid_voice_gen_get(voice, GEN_VOLENVRELEASE);
        zone.release_tc = zone.sounds ? std::max(zone.release_tc, release) : release;
        zone.exclusive_class = std::max(zone.exclusive_class,
                                        static_cast<int>(fluid_voice_gen_get(voice, GEN_EXCLUSIVECLASS)));
        zone.sounds = true;
    }
    fluid_synth_all_sounds_off(synth, channel);
    return zone;
}

void Synth::offset_release(int channel, double timecents) {
    fluid_synth_set_gen(synth_.get(), channel, GEN_VOLENVRELEASE, static_cast<float>(timecents));
}

void Synth::silence(int channel) { fluid_synth_all_sounds_off(synth_.get(), channel); }

void Synth::set_width(int channel, double width) {
    if (channel < 0) return;
    float& w = widths_[static_cast<size_t>(channel % outputs_)];
    w = std::min(w, static_cast<float>(std::clamp(width, 0.0, 1.0)));
}

void Synth::write(float* out, int frames) {
    const bool narrow_dry = std::any_of(widths_.begin(), widths_.end(), [](float w) { return w < 1.0f; });
    if (!chorus_ && !narrow_dry) {
        fluid_synth_write_float(synth_.get(), frames, out, 0, 2, out, 1, 2);
        return;
    }
    // Dry outputs, then the reverb and chorus returns, each as separate planes; the chorus
    // return's side and each narrowed output's side are scaled, then all is summed.
    const auto n = static_cast<size_t>(frames);
    const auto outputs = static_cast<size_t>(outputs_);
    planes_.assign((2 * outputs + 4) * n, 0.0f);  // fluid_synth_process adds to its buffers
    std::vector<float*> dry(2 * outputs);
    for (size_t p = 0; p < dry.size(); ++p) dry[p] = planes_.data() + p * n;
    float* reverb_l = planes_.data() + 2 * outputs * n;
    float* reverb_r = reverb_l + n;
    float* chorus_l = reverb_r + n;
    float* chorus_r = chorus_l + n;
    std::array<float*, 4> fx{reverb_l, reverb_r, chorus_l, chorus_r};
    fluid_synth_process(synth_.get(), frames, static_cast<int>(fx.size()), fx.data(),
                        static_cast<int>(dry.size()), dry.data());
    for (size_t i = 0; i < n; ++i) {
        const float mid = 0.5f * (chorus_l[i] + chorus_r[i]);
        const float side = 0.5f * (chorus_l[i] - chorus_r[i]) * chorus_side_;
        out[2 * i] = reverb_l[i] + mid + side;
        out[2 * i + 1] = reverb_r[i] + mid - side;
    }
    for (size_t g = 0; g < outputs; ++g) {
        const float* l = dry[2 * g];
        const float* r = dry[2 * g + 1];
        const float w = widths_[g];
        if (w >= 1.0f) {
            for (size_t i = 0; i < n; ++i) {
                out[2 * i] += l[i];
                out[2 * i + 1] += r[i];
            }
            continue;
        }
        for (size_t i = 0; i < n; ++i) {
            const float mid = 0.5f * (l[i] + r[i]);
            const float side = 0.5f * (l[i] - r[i]) * w;
            out[2 * i] += mid + side;
            out[2 * i + 1] += mid - side;
        }
    }
}

}  // namespace omg::render
