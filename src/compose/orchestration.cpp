#include "compose/orchestration.h"

#include <algorithm>

#include "model/mix.h"

namespace omg::compose {
namespace {

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

bool is_bass_program(int p) { return (p >= 32 && p <= 39) || p == 43 || p == 58; }
bool is_chordal_program(int p) {
    return p <= 7 || (p >= 16 && p <= 21) || (p >= 24 && p <= 31) || p == 46 || p == 105 || p == 107;
}
bool is_pad_program(int p) { return (p >= 88 && p <= 95) || (p >= 48 && p <= 51) || p == 52 || p == 53; }

model::PartSpec generic_drums(const model::TimeSignature& ts) {
    model::PartSpec d;
    d.role = "drums";
    d.name = "Drums";
    d.program = 0;
    d.volume = 90;
    d.reverb = 30;
    if (ts.compound()) {
        d.patterns["main"] = {"42 x . x x . x", "38 . . . x . .", "36 x . . . . ."};
    } else if (ts.numerator == 3) {
        d.patterns["main"] = {"42 x . x . x .", "38 . . x . x .", "36 x . . . . ."};
    } else if (ts.numerator == 2) {
        d.patterns["main"] = {"42 x . x . x . x .", "38 . . . . x . . .", "36 x . . . . . . ."};
    } else {
        std::string hat = "42", snare = "38", kick = "36";
        const int steps = ts.numerator * 2;
        for (int s = 0; s < steps; ++s) {
            hat += " x";
            snare += (s % 4 == 2) ? " x" : " .";
            kick += (s % 4 == 0) ? " x" : " .";
        }
        d.patterns["main"] = {hat, snare, kick};
    }
    return d;
}

model::PartSpec generic_part(const std::string& role, int program) {
    model::PartSpec p;
    p.role = role;
    p.program = program;
    p.volume = role == "lead" ? 100 : 80;
    p.reverb = 45;
    if (role == "pad") {
        p.voicing = "spread";
        p.voices = 4;
        p.articulation = 1.0;
        p.patterns["main"] = {"C . . . . . . ."};
    } else if (role == "chords") {
        p.voicing = "close";
        p.voices = 3;
        p.patterns["main"] = {"C . . . c . . ."};
    } else if (role == "bass") {
        p.patterns["main"] = {"1 . . . 5 . . ."};
    } else {
        p.melody.density = 1.0;
    }
    return p;
}

// Fallback melody instruments when the style's lead is excluded.
const int kLeadFallbacks[] = {73, 40, 71, 11, 56, 80, 0};

void set_program(model::PartSpec& part, int program) {
    part.program = program;
    const auto [lo, hi] = program_range(program);
    const int low = std::max(part.low, lo), high = std::min(part.high, hi);
    if (high - low >= 12) {
        part.low = low;
        part.high = high;
    } else {
        // Keep the part's register role but move it inside the instrument.
        const int span = std::max(12, std::min(part.high - part.low, hi - lo));
        const int centre = std::clamp((part.low + part.high) / 2, lo + span / 2, hi - span / 2);
        part.low = centre - span / 2;
        part.high = centre + span / 2;
    }
}

std::string default_name(int program) {
    static const char* kNames[16] = {"Piano", "Chromatic percussion", "Organ", "Guitar", "Bass", "Strings",
                                     "Ensemble", "Brass", "Reed", "Pipe", "Synth lead", "Synth pad",
                                     "Synth effects", "Ethnic", "Percussive", "Sound effects"};
    return kNames[std::clamp(program / 8, 0, 15)];
}

}  // namespace

std::pair<int, int> program_range(int p) {
    if (p <= 2) return {21, 108};
    if (p <= 5) return {28, 96};
    if (p == 6) return {29, 89};
    if (p == 7) return {36, 89};
    if (p == 8) return {60, 108};
    if (p == 9) return {79, 108};
    if (p == 10) return {60, 96};
    if (p == 11 || p == 12) return {53, 89};
    if (p == 13) return {65, 108};
    if (p == 14) return {60, 77};
    if (p == 15) return {55, 84};
    if (p <= 20) return {36, 96};
    if (p == 21) return {40, 93};
    if (p == 22) return {60, 96};
    if (p == 23) return {45, 88};
    if (p <= 25) return {40, 84};
    if (p <= 31) return {40, 88};
    if (p <= 35) return {28, 60};
    if (p <= 37) return {28, 64};
    if (p <= 39) return {24, 55};
    if (p == 40 || p == 110) return {55, 100};
    if (p == 41) return {48, 88};
    if (p == 42) return {36, 76};
    if (p == 43) return {28, 55};
    if (p == 44 || (p >= 48 && p <= 51)) return {28, 96};
    if (p == 45) return {36, 84};
    if (p == 46) return {24, 103};
    if (p == 47) return {38, 57};
    if (p >= 52 && p <= 54) return {40, 79};
    if (p == 55) return {36, 96};
    if (p == 56 || p == 59) return {54, 86};
    if (p == 57) return {40, 72};
    if (p == 58) return {28, 58};
    if (p == 60) return {41, 77};
    if (p <= 63) return {48, 84};
    if (p == 64) return {56, 87};
    if (p == 65) return {49, 80};
    if (p == 66) return {44, 75};
    if (p == 67) return {36, 68};
    if (p == 68 || p == 69) return {58, 91};
    if (p == 70) return {34, 75};
    if (p == 71) return {50, 91};
    if (p == 72) return {74, 108};
    if (p == 73) return {60, 96};
    if (p == 74) return {65, 91};
    if (p == 75) return {60, 89};
    if (p <= 79) return {60, 96};
    if (p <= 87) return {48, 96};
    if (p <= 103) return {36, 96};
    if (p == 104) return {48, 77};
    if (p == 105 || p == 106) return {48, 84};
    if (p == 108) return {60, 84};
    if (p == 109) return {67, 81};
    if (p <= 111) return {55, 96};
    if (p <= 115) return {60, 96};
    if (p == 116) return {36, 60};
    return {36, 96};
}

Result<Orchestra> orchestrate(const model::Brief& brief, const model::Style& style, Rng& rng) {
    std::vector<model::PartSpec> parts = style.parts;

    // Seeded colour: pads, counters and colour parts sometimes take one of their alternatives.
    for (auto& part : parts) {
        if (part.role == "drums" || part.alternatives.empty()) continue;
        if ((part.role == "pad" || part.role == "counter" || part.role == "colour" || part.role == "arp") &&
            rng.chance(0.3))
            set_program(part, rng.pick(part.alternatives));
    }

    auto excluded_program = [&](int p) {
        for (const auto& ex : brief.excluded)
            if (contains(ex.programs, p)) return true;
        return false;
    };
    bool no_drums = false, no_bass = false;
    for (const auto& ex : brief.excluded) {
        no_drums |= ex.drums;
        no_bass |= ex.name == "bass";
    }

    // Exclusions: switch to an allowed alternative, or leave.
    std::vector<model::PartSpec> kept;
    for (auto part : parts) {
        if (part.role == "drums") {
            if (!no_drums) kept.push_back(part);
            continue;
        }
        if (part.role == "bass" && no_bass) continue;
        if (excluded_program(part.program)) {
            auto alt = std::find_if(part.alternatives.begin(), part.alternatives.end(),
                                    [&](int p) { return !excluded_program(p); });
            if (alt != part.alternatives.end()) {
                set_program(part, *alt);
            } else if (part.role == "lead") {
                for (int p : kLeadFallbacks)
                    if (!excluded_program(p)) {
                        set_program(part, p);
                        part.name = default_name(p);
                        break;
                    }
            } else {
                continue;
            }
        }
        kept.push_back(part);
    }
    parts = kept;

    // Wishes. Parts are held by pointer while claimed: no reallocation from here on.
    parts.reserve(parts.size() + brief.instruments.size() + 2);
    auto find_role = [&](const std::string& role) -> model::PartSpec* {
        for (auto& p : parts)
            if (p.role == role) return &p;
        return nullptr;
    };
    std::vector<const model::PartSpec*> claimed;
    auto claim = [&](model::PartSpec* p) { claimed.push_back(p); };
    auto is_claimed = [&](const model::PartSpec* p) {
        return std::find(claimed.begin(), claimed.end(), p) != claimed.end();
    };
    auto name_part = [](model::PartSpec& part, const std::string& name, int program) {
        part.name = name.empty() ? default_name(program) : name;
        part.name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(part.name[0])));
    };
    auto add_part = [&](const std::string& role, int program) {
        model::PartSpec added = generic_part(role, program);
        const auto [lo, hi] = program_range(program);
        if (role == "counter") {
            added.low = std::max(lo, 52);
            added.high = std::min(hi, 76);
        } else if (role == "chords" || role == "pad") {
            added.low = std::max(lo, 48);
            added.high = std::min(hi, 76);
        } else if (role == "bass") {
            added.low = std::max(lo, 28);
            added.high = std::min(hi, 52);
        } else {
            added.low = std::max(lo, 57);
            added.high = std::min(hi, 84);
        }
        if (added.high - added.low < 12) {  // a low or high instrument keeps a usable octave+
            added.low = lo;
            added.high = std::min(hi, lo + 24);
        }
        parts.push_back(added);
        return &parts.back();
    };

    // Who carries the tune: the instrument the wording made the lead ("solo cello", "featuring
    // sax"), else the first named melodic instrument (a named sax in a jazz prompt leads, it
    // does not hide in the section riffs). Members of a named ensemble never take the lead.
    const model::InstrumentRef* lead_want = nullptr;
    for (const auto& want : brief.instruments) {
        if (want.role == "lead" && !want.drums && !want.programs.empty() &&
            !excluded_program(want.programs.front())) {
            lead_want = &want;
            break;
        }
    }
    if (!lead_want) {
        for (const auto& want : brief.instruments) {
            if (want.drums || want.programs.empty() || want.role == "section") continue;
            const int p = want.programs.front();
            if (excluded_program(p) || is_bass_program(p) || is_pad_program(p) ||
                is_chordal_program(p))
                continue;
            lead_want = &want;
            break;
        }
    }
    if (lead_want) {
        model::PartSpec* lead = find_role("lead");
        if (!lead) lead = add_part("lead", lead_want->programs.front());
        if (!contains(lead_want->programs, lead->program)) {
            set_program(*lead, lead_want->programs.front());
            name_part(*lead, lead_want->name, lead->program);
        }
        lead->volume = std::max(lead->volume, 100);
        claim(lead);
    }

    bool drums_wanted = false;
    for (const auto& want : brief.instruments) {
        if (&want == lead_want) continue;
        if (want.drums) {
            if (!no_drums && !find_role("drums")) parts.push_back(generic_drums(brief.time_signature));
            drums_wanted = !no_drums;
            continue;
        }
        if (want.programs.empty()) continue;
        const int program = want.programs.front();
        if (excluded_program(program)) continue;
        // Already there?
        auto present = std::find_if(parts.begin(), parts.end(), [&](const model::PartSpec& p) {
            return p.role != "drums" && p.doubles.empty() && contains(want.programs, p.program);
        });
        if (present != parts.end()) {
            claim(&*present);
            continue;
        }
        // A part that lists it as an alternative.
        auto alt = std::find_if(parts.begin(), parts.end(), [&](const model::PartSpec& p) {
            if (p.role == "drums" || p.role == "lead" || !p.doubles.empty() || is_claimed(&p))
                return false;
            return std::any_of(want.programs.begin(), want.programs.end(), [&](int x) { return contains(p.alternatives, x); });
        });
        if (alt != parts.end()) {
            const int chosen = *std::find_if(want.programs.begin(), want.programs.end(),
                                             [&](int x) { return contains(alt->alternatives, x); });
            set_program(*alt, chosen);
            name_part(*alt, want.name, chosen);
            claim(&*alt);
            continue;
        }
        // Otherwise the role that suits the instrument: a piano or guitar takes the chords
        // (the lead if there are none), a melodic instrument the counter-line.
        auto find_free = [&](const std::string& r) -> model::PartSpec* {
            for (auto& p : parts)
                if (p.role == r && p.doubles.empty() && !is_claimed(&p)) return &p;
            return nullptr;
        };
        std::string role = is_bass_program(program)      ? "bass"
                           : is_pad_program(program)     ? "pad"
                           : is_chordal_program(program) ? "chords"
                                                         : "counter";
        model::PartSpec* target = find_free(role);
        if (!target && role == "chords" && want.role != "section") {
            if (model::PartSpec* lead = find_free("lead")) role = "lead", target = lead;
        }
        if (!target) {
            target = add_part(role, program);
        } else {
            set_program(*target, program);
        }
        name_part(*target, want.name, program);
        claim(target);
    }

    // "solo cello", "just piano": the named instruments carry the piece over a light
    // accompaniment, one chordal part and the bass, softer; a chordal soloist (piano, guitar,
    // harp) plays its own accompaniment.
    if (brief.solo) {
        const model::PartSpec* lead = lead_want ? find_role("lead") : nullptr;
        const int solo_program = lead ? lead->program : -1;
        const bool chordal_solo = lead && is_chordal_program(solo_program);
        const model::PartSpec* keep_chords = nullptr;
        const model::PartSpec* keep_bass = nullptr;
        for (const char* role : {"chords", "arp", "pad"}) {
            for (auto& p : parts)
                if (p.role == role && !is_claimed(&p) && p.doubles.empty()) {
                    keep_chords = &p;
                    break;
                }
            if (keep_chords) break;
        }
        for (auto& p : parts)
            if (p.role == "bass" && !is_claimed(&p)) {
                keep_bass = &p;
                break;
            }
        // A closed ensemble keeps to its players: only a chordal leader comps for itself.
        if (brief.ensemble) {
            keep_bass = nullptr;
            if (!chordal_solo) keep_chords = nullptr;
        }
        std::vector<model::PartSpec> thinned;
        std::vector<bool> thinned_wanted;
        for (auto& p : parts) {
            const bool wanted = is_claimed(&p) || (p.role == "drums" && drums_wanted);
            thinned_wanted.push_back(wanted);
            if (wanted) {
                thinned.push_back(p);
                continue;
            }
            thinned_wanted.pop_back();
            if (&p != keep_chords && &p != keep_bass) continue;
            model::PartSpec light = p;
            if (chordal_solo) {
                if (&p == keep_bass && program_range(solo_program).first > 36) continue;
                set_program(light, solo_program);
                light.name = lead->name;
            }
            light.volume = light.volume * 3 / 4;
            thinned.push_back(light);
            thinned_wanted.push_back(false);
        }
        parts = std::move(thinned);
        claimed.clear();
        for (size_t i = 0; i < parts.size(); ++i)
            if (thinned_wanted[i]) claimed.push_back(&parts[i]);
    }

    // A named instrument is heard: it is not buried under the style's own pads, and whatever its
    // role (a counter-melody, a pad) it is featured: 1.5 dB over the comping, 2 dB under the lead
    // (model::role_level_db would keep a pad 6.5 dB under the comping).
    constexpr double kFeaturedLevelDb = 1.5;
    bool any_claimed = false;
    for (auto& p : parts) {
        if (!is_claimed(&p) || p.role == "drums") continue;
        any_claimed = true;
        p.volume = std::max(p.volume, p.role == "lead" ? 100 : 92);
        if (p.role != "lead") p.level_db = std::max(p.level_db, kFeaturedLevelDb - model::role_level_db(p.role));
    }
    if (any_claimed)
        for (auto& p : parts)
            if (!is_claimed(&p) && p.role == "pad") p.volume = std::min(p.volume, 76);

    // Channels: drums on 10 (index 9), the rest in order; at most 15 pitched parts.
    Orchestra out;
    for (const auto* p : claimed)
        if (p->role != "drums" &&
            std::find(out.featured_roles.begin(), out.featured_roles.end(), p->role) ==
                out.featured_roles.end())
            out.featured_roles.push_back(p->role);
    int next_channel = 0;
    for (auto& part : parts) {
        if (part.role == "drums") {
            out.parts.push_back(part);
            out.channels.push_back(9);
            continue;
        }
        if (next_channel == 9) ++next_channel;
        if (next_channel > 15) continue;
        out.parts.push_back(part);
        out.channels.push_back(next_channel++);
    }
    if (out.parts.empty()) return fail(Errc::invalid_argument, "every instrument of the style was excluded");
    return out;
}

}  // namespace omg::compose
