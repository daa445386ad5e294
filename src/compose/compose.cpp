#include "compose/compose.h"

#include <algorithm>
#include <map>
#include <optional>
#include <type_traits>

#include "compose/cue_hits.h"
#include "compose/drums.h"
#include "compose/headroom.h"
#include "compose/hits.h"
#include "compose/humanize.h"
#include "compose/melody.h"
#include "compose/orchestration.h"
#include "compose/patterns.h"
#include "compose/plan.h"
#include "compose/song_form.h"
#include "compose/vocal.h"

namespace omg::compose {
namespace {

// One key sounds once at a time on a channel: an earlier note ends where the same key
// starts again, and exact duplicates keep the louder.
void remove_overlaps(model::Track& track, int64_t limit) {
    std::stable_sort(track.notes.begin(), track.notes.end(), [](const model::Note& a, const model::Note& b) {
        return a.tick != b.tick ? a.tick < b.tick : a.key < b.key;
    });
    std::map<int, size_t> last;
    std::vector<model::Note> out;
    out.reserve(track.notes.size());
    for (const auto& n : track.notes) {
        if (n.tick >= limit) continue;
        model::Note note = n;
        note.duration = std::min(note.duration, limit - note.tick);
        auto it = last.find(note.key);
        if (it != last.end()) {
            model::Note& prev = out[it->second];
            if (prev.tick == note.tick) {
                prev.velocity = std::max(prev.velocity, note.velocity);
                prev.duration = std::max(prev.duration, note.duration);
                continue;
            }
            if (prev.tick + prev.duration > note.tick) prev.duration = std::max<int64_t>(1, note.tick - prev.tick);
        }
        last[note.key] = out.size();
        out.push_back(note);
    }
    track.notes = std::move(out);
}

int pan_cc(int pan) { return std::clamp(64 + pan, 0, 127); }

// The length a song with words needs when nobody gave one: its natural form, plus the tail.
double sung_duration(const model::Brief& brief, const model::Style& style, const model::SungText& text) {
    const double qpm = brief.tempo_bpm * brief.time_signature.beat_quarters();
    const double bar_s = brief.time_signature.bar_quarters() * 60.0 / qpm;
    ParsedForm any;  // the section kinds do not change the length
    any.body.push_back({"verse", 8});
    const SongForm song = song_form(text, style, any, SongTiming{bar_s, brief.time_signature.beats_per_bar()}, 0);
    return std::clamp((total_bars(song) - 1) * bar_s + std::max(style.ending.tail_s, 1.5) + 0.2, 10.0, 600.0);
}

// A cue's intro ends as the vamp does (its tails are then the ones the loop's start carries): its
// last bar becomes the first vamp's last bar, with every note sounding in that bar (one held into
// it from earlier in the vamp starts on the bar line) and each controller's value at its start.
void end_intro_as_vamp(const Plan& plan, const model::CueShape& cue, model::Track& track) {
    const int64_t vamp_start = plan.bar_tick(cue.intro_bars);
    const int64_t last = vamp_start - plan.ticks_per_bar;
    const int64_t shift = plan.bar_tick(cue.vamp_bars);
    const int64_t turn = last + shift;  // the first vamp's last bar
    std::vector<model::Note> notes;
    for (const auto& n : track.notes) {
        if (n.tick < vamp_start || n.tick >= vamp_start + shift || n.tick + n.duration <= turn) continue;
        model::Note m = n;
        if (m.tick < turn) {
            m.duration -= turn - m.tick;
            m.tick = turn;
        }
        m.tick -= shift;
        notes.push_back(m);
    }
    std::erase_if(track.notes, [&](const model::Note& n) { return n.tick >= last && n.tick < vamp_start; });
    for (auto& n : track.notes)
        if (n.tick < last && n.tick + n.duration > last) n.duration = last - n.tick;
    track.notes.insert(track.notes.end(), notes.begin(), notes.end());
    std::stable_sort(track.notes.begin(), track.notes.end(), [](const model::Note& a, const model::Note& b) { return a.tick < b.tick; });

    std::map<int, model::ControlChange> at_turn;  // each controller's value where the turnaround starts
    std::vector<model::ControlChange> controls;
    for (const auto& c : track.controls) {
        if (c.tick <= turn) at_turn[c.controller] = c;
        else if (c.tick < turn + plan.ticks_per_bar) controls.push_back({c.tick - shift, c.controller, c.value});
    }
    std::erase_if(track.controls, [&](const model::ControlChange& c) { return c.tick >= last && c.tick < vamp_start; });
    for (const auto& [controller, c] : at_turn) track.controls.push_back({last, controller, c.value});
    track.controls.insert(track.controls.end(), controls.begin(), controls.end());
    std::stable_sort(track.controls.begin(), track.controls.end(),
                     [](const model::ControlChange& a, const model::ControlChange& b) { return a.tick < b.tick; });
}

// A cue's second vamp becomes the first's exact copy, and a fade ending the vamp again (see
// compose.h). Notes are assigned to a window by onset; one humanised up to a 32nd ahead of a
// window's first downbeat is moved onto it, so no window's attack sounds inside the one before.
// First (before any hit is written): the windows' downbeats, and the intro's last bar.
void prepare_vamp(const Plan& plan, const model::CueShape& cue, model::Track& track) {
    const int64_t vamp_start = plan.bar_tick(cue.intro_bars);
    const int64_t vamp_ticks = plan.bar_tick(cue.vamp_bars);
    const int64_t ahead = model::kPpq / 8;
    for (auto& n : track.notes)
        for (int64_t downbeat : {vamp_start, vamp_start + vamp_ticks, vamp_start + 2 * vamp_ticks})
            if (n.tick < downbeat && n.tick >= downbeat - ahead) {
                n.duration = std::max<int64_t>(1, n.duration - (downbeat - n.tick));
                n.tick = downbeat;
            }
    if (cue.intro_bars > 0) end_intro_as_vamp(plan, cue, track);
}

// Then (after the hits of the intro and the loop): the copies.
void repeat_vamp(const Plan& plan, const model::CueShape& cue, model::Track& track) {
    const int64_t vamp_start = plan.bar_tick(cue.intro_bars);
    const int64_t vamp_ticks = plan.bar_tick(cue.vamp_bars);
    const int64_t loop_start = vamp_start + vamp_ticks;
    const int64_t ending_start = loop_start + vamp_ticks;
    const bool fade = cue.ending == model::CueEnding::fade;
    const int64_t copies_end = fade ? plan.bar_tick(plan.bars) : ending_start;
    auto replace = [&](auto& events) {
        using Event = typename std::decay_t<decltype(events)>::value_type;
        std::vector<Event> vamp;
        for (const auto& e : events)
            if (e.tick >= vamp_start && e.tick < loop_start) vamp.push_back(e);
        std::erase_if(events, [&](const Event& e) { return e.tick >= loop_start && e.tick < copies_end; });
        for (int64_t offset = vamp_ticks; vamp_start + offset < copies_end; offset += vamp_ticks)
            for (Event e : vamp) {
                e.tick += offset;
                if (e.tick < copies_end) events.push_back(e);
            }
        std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.tick < b.tick; });
    };
    replace(track.notes);
    replace(track.controls);
}

int free_channel(const std::vector<model::Track>& tracks);

// A stinger's flourish (a cue's stinger ending): a brass section hits the tonic chord on the
// ending's downbeat, runs up its chord tones in 16ths and lands on the high tonic with the
// detached tutti hit a beat later. Only in the ending: the loop never hears it.
model::Track stinger_brass(const Plan& plan, const std::vector<model::Track>& tracks) {
    model::Track t;
    t.name = "Stinger brass";
    t.role = "counter";
    t.program = 61;  // GM Brass Section
    t.channel = free_channel(tracks);
    t.reverb = 50;
    const Chord& tonic = plan.chords.back().chord;
    std::vector<int> tones = tonic.pitch_classes();
    if (tones.empty()) tones = {plan.key.tonic};
    auto key_above = [](int pc, int floor) { return floor + ((pc - floor) % 12 + 12) % 12; };
    const int low = key_above(tones.front(), 55);  // the tonic from G3 up
    const int64_t at = plan.final_tick, beat = plan.ticks_per_beat, sixteenth = model::kPpq / 4;
    std::vector<int> chord_keys;
    for (int pc : tones) chord_keys.push_back(key_above(pc, low));
    for (int k : chord_keys) t.notes.push_back({at, model::kPpq / 2, k, 112});
    // The run: the chord's tones above the root, then the octave, in 16ths before the next beat.
    std::vector<int> run(chord_keys.begin() + 1, chord_keys.end());
    std::sort(run.begin(), run.end());
    const int64_t run_start = at + beat - sixteenth * static_cast<int64_t>(run.size());
    for (size_t i = 0; i < run.size(); ++i)
        t.notes.push_back({run_start + sixteenth * static_cast<int64_t>(i), sixteenth, run[i], 96 + 4 * static_cast<int>(i)});
    for (int k : chord_keys) t.notes.push_back({at + beat, model::kPpq / 3, k + 12, 120});
    std::stable_sort(t.notes.begin(), t.notes.end(), [](const model::Note& a, const model::Note& b) { return a.tick < b.tick; });
    return t;
}

int free_channel(const std::vector<model::Track>& tracks) {
    for (int c = 0; c < 16; ++c) {
        if (c == model::kDrumChannel) continue;
        if (std::none_of(tracks.begin(), tracks.end(), [&](const model::Track& t) { return t.channel == c; })) return c;
    }
    return 15;
}

}  // namespace

Result<model::Score> compose(const model::Brief& asked, const model::Style& asked_style, const ComposeOptions& options) {
    model::Brief brief = asked;
    const bool sung = options.lyrics && !options.lyrics->sections.empty();
    const model::CueShape* cue = sung ? nullptr : options.cue;
    // A cue's ending is its own, whatever the style's: a stinger or a held final chord.
    model::Style cue_style;
    if (cue) {
        if (cue->intro_bars < 0 || cue->vamp_bars < 1)
            return fail(Errc::invalid_argument, "a cue needs a vamp of at least one bar");
        cue_style = asked_style;
        cue_style.ending.stinger = cue->ending == model::CueEnding::stinger;
        cue_style.ending.fade = cue->ending == model::CueEnding::fade;
    }
    const model::Style& style = cue ? cue_style : asked_style;
    if (sung && !brief.duration_given) {
        brief.duration_s = sung_duration(brief, style, *options.lyrics);
    }
    if (brief.duration_s <= 0) return fail(Errc::invalid_argument, "the duration must be positive");
    if (brief.tempo_bpm < 20 || brief.tempo_bpm > 400) return fail(Errc::invalid_argument, "the tempo must be 20..400 bpm");
    Rng root(options.seed ^ stable_hash(style.id));
    Rng plan_rng = root.fork("plan");
    std::vector<std::string> dropped;
    auto plan = make_plan(brief, style, plan_rng, sung ? options.lyrics : nullptr, &dropped, cue);
    if (!plan) return tl::unexpected(plan.error());
    std::optional<HitPlan> hit_plan;
    if (!options.hits.empty() && !cue) {
        auto planned = plan_hits(*plan, style, brief.duration_s, options.hits);
        if (!planned) return tl::unexpected(planned.error());
        hit_plan = std::move(*planned);
    }
    std::optional<CueHitPlan> cue_hits;
    if (!options.hits.empty() && cue) {
        auto planned = plan_cue_hits(*plan, style, *cue, options.hits);
        if (!planned) return tl::unexpected(planned.error());
        cue_hits = std::move(*planned);
        if (!cue_hits->hits.changes.empty()) hit_plan = cue_hits->hits;  // the intro's tempo map
    }
    Rng orchestra_rng = root.fork("orchestra");
    auto orchestra = orchestrate(brief, style, orchestra_rng);
    if (!orchestra) return tl::unexpected(orchestra.error());
    // A named instrument plays wherever the tune plays (and, in a solo piece, everywhere).
    for (auto& section : plan->sections) {
        if (section.roles.empty()) continue;
        const bool tune = std::find(section.roles.begin(), section.roles.end(), "lead") !=
                          section.roles.end();
        if (!tune && !brief.solo) continue;
        for (const auto& role : orchestra->featured_roles)
            if (std::find(section.roles.begin(), section.roles.end(), role) == section.roles.end())
                section.roles.push_back(role);
    }

    model::Score score;
    score.tempo_bpm = brief.tempo_bpm;
    score.tempo_qpm = hit_plan ? hit_plan->qpm : plan->qpm;
    if (hit_plan) score.tempo_changes = hit_plan->changes;
    if (hit_plan) score.hits = hit_plan->marks;
    if (cue_hits) score.hits = cue_hits->hits.marks;
    score.time_signature = plan->ts;
    score.key = brief.key;
    score.duration_s = brief.duration_s;
    score.bars = plan->bars;
    score.mix = style.mix;

    const auto& parts = orchestra->parts;
    score.tracks.resize(parts.size());
    // Melodies first, doubling parts last: they copy what they double.
    std::vector<size_t> order(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) order[i] = i;
    auto rank = [&](size_t i) {
        const auto& p = parts[i];
        if (p.role == "lead") return 0;
        if (!p.doubles.empty()) return 2;
        return 1;
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rank(a) < rank(b); });

    for (size_t i : order) {
        const auto& part = parts[i];
        model::Track& track = score.tracks[i];
        track.name = part.name.empty() ? part.role : part.name;
        track.role = part.role;
        track.channel = orchestra->channels[i];
        track.drums = part.role == "drums";
        track.program = part.program;
        track.bank = track.drums ? 128 : 0;
        track.volume = std::clamp(part.volume, 0, 127);
        track.pan = pan_cc(part.pan);
        track.reverb = std::clamp(part.reverb, 0, 127);
        track.chorus = std::clamp(part.chorus, 0, 127);
        track.level_db = part.level_db;
        Rng part_rng = root.fork("part:" + std::to_string(i) + ":" + part.role);
        Status status;
        if (track.drums) {
            status = write_drum_part(*plan, style, part, track, part_rng);
        } else if (!part.doubles.empty()) {
            const model::Track* source = nullptr;
            for (size_t j = 0; j < parts.size(); ++j)
                if (parts[j].role == part.doubles && j != i) source = &score.tracks[j];
            if (source) write_doubling_part(*plan, part, *source, track);
        } else if (part.role == "lead") {
            status = write_melody_part(*plan, style, part, track, part_rng);
        } else if (part.role == "counter") {
            status = write_counter_part(*plan, style, part, track, part_rng);
        } else {
            status = write_pattern_part(*plan, style, part, track, part_rng);
        }
        if (!status) return tl::unexpected(status.error());
    }
    // The tune is the top voice: chords, pads and arpeggios are voiced under it.
    const model::Track* tune = nullptr;
    for (size_t i = 0; i < parts.size(); ++i)
        if (parts[i].role == "lead" && !tune) tune = &score.tracks[i];
    if (tune) {
        for (size_t i = 0; i < parts.size(); ++i)
            if (sits_under_lead(score.tracks[i]))
                voice_below_lead(*tune, score.tracks[i], std::max(parts[i].low - 12, kLowestUnderLead));
    }
    // The voice takes the tune where there are words; the band makes room for it.
    model::Track vocal;
    if (sung) {
        const model::Track* lead = nullptr;
        for (size_t i = 0; i < parts.size(); ++i)
            if (parts[i].role == "lead" && !lead) lead = &score.tracks[i];
        const model::Track none;
        auto status = write_vocal_part(*plan, *options.lyrics, lead ? *lead : none, vocal, score.vocal);
        if (!status) return tl::unexpected(status.error());
        score.vocal.dropped.insert(score.vocal.dropped.begin(), dropped.begin(), dropped.end());
        std::vector<bool> doubles_lead;
        for (const auto& p : parts) doubles_lead.push_back(p.doubles == "lead");
        make_room_for_voice(score.vocal, score.tracks, doubles_lead);
    }
    // Humanise after every part is written (doubling copies the written, not the humanised, lead).
    const Pocket pocket(*plan, style, root.fork("pocket"));
    for (size_t i = 0; i < parts.size(); ++i) {
        Rng human = root.fork("humanize:" + std::to_string(i));
        humanize(*plan, style, pocket, parts[i].offset_ms, score.tracks[i], human);
        if (cue) prepare_vamp(*plan, *cue, score.tracks[i]);
        if (cue_hits) continue;  // the hits are written before the vamp is copied, below
        if (cue) repeat_vamp(*plan, *cue, score.tracks[i]);
        // Everything has let go a moment before the end, so the decay rings inside the track.
        const int64_t limit = plan->end_tick - static_cast<int64_t>(0.25 * plan->qpm * model::kPpq / 60.0);
        remove_overlaps(score.tracks[i], limit);
    }
    if (cue_hits && !score.tracks.empty()) {
        // Intro and loop hits (a loop hit on both vamps), then the copy, then the ending's.
        HitPlan play = cue_hits->hits;
        play.marks = cue_hits->before_copy;
        play_hits(*plan, play, score.tracks);
        for (auto& track : score.tracks) repeat_vamp(*plan, *cue, track);
        play.marks = cue_hits->after_copy;
        play_hits(*plan, play, score.tracks);
        const int64_t limit = plan->end_tick - static_cast<int64_t>(0.25 * plan->qpm * model::kPpq / 60.0);
        for (auto& track : score.tracks) remove_overlaps(track, limit);
    } else if (hit_plan && !score.tracks.empty()) {
        play_hits(*plan, *hit_plan, score.tracks);
        const int64_t limit = plan->end_tick - static_cast<int64_t>(0.25 * plan->qpm * model::kPpq / 60.0);
        for (auto& track : score.tracks) remove_overlaps(track, limit);
    }
    if (cue && cue->ending == model::CueEnding::stinger) score.tracks.push_back(stinger_brass(*plan, score.tracks));
    // Parts silent for the whole piece (their sections never came) are left out.
    std::erase_if(score.tracks, [](const model::Track& t) { return t.notes.empty(); });
    if (!vocal.notes.empty()) {
        vocal.name = "Vocals";
        vocal.role = "vocal";
        vocal.program = 53;  // GM "Voice Oohs": what a MIDI player sounds for the sung line
        vocal.channel = free_channel(score.tracks);
        vocal.volume = 100;
        vocal.pan = 64;
        vocal.reverb = 40;
        score.vocal.track = static_cast<int>(score.tracks.size());
        score.tracks.push_back(std::move(vocal));
    } else if (sung) {
        score.vocal.text = *options.lyrics;  // nothing could be sung; the reasons are in `dropped`
    }

    for (const auto& s : plan->sections) {
        model::SectionMark mark;
        mark.name = s.name;
        mark.kind = s.kind;
        mark.start_tick = plan->bar_tick(s.start_bar);
        mark.bars = s.bars;
        mark.start_s = score.seconds_at(mark.start_tick);
        mark.energy = s.energy;
        mark.transpose = s.transpose;
        score.sections.push_back(mark);
    }
    for (const auto& tc : plan->chords)
        score.chords.push_back({tc.tick, tc.duration, tc.chord.symbol, tc.chord.roman,
                                tc.chord.none ? std::vector<int>{} : tc.chord.pitch_classes()});
    return score;
}

}  // namespace omg::compose
