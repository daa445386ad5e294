// Assembling the Brief: runs the readers in order (quantities, keys, phrases, modes), then
// resolves every field as override > prompt > style default, and writes the Interpretation.
#include "prompt/prompt.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>

#include "prompt/instruments.h"
#include "prompt/keys.h"
#include "prompt/phrases.h"
#include "prompt/quantities.h"
#include "prompt/style_match.h"
#include "prompt/text.h"
#include "prompt/vocabulary.h"

namespace omg::prompt {
namespace {

using model::Interpretation;

constexpr double kMinBpm = 20;
constexpr double kMaxBpm = 400;

std::string format_number(double value, int decimals = 1) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string out(buffer);
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0') out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    return out;
}

std::string bpm_text(double bpm) { return format_number(bpm) + " bpm"; }
std::string seconds_text(double s) { return format_number(s) + " s"; }

Status check_overrides(const Overrides& o, const model::StyleLibrary& styles) {
    if (o.duration_s && (!std::isfinite(*o.duration_s) || *o.duration_s < kMinDuration ||
                         *o.duration_s > kMaxDuration)) {
        return fail(Errc::invalid_argument, "the duration must be between " +
                                                format_number(kMinDuration) + " and " +
                                                format_number(kMaxDuration) + " seconds");
    }
    if (o.bpm && (!std::isfinite(*o.bpm) || *o.bpm < kMinBpm || *o.bpm > kMaxBpm)) {
        return fail(Errc::invalid_argument, "the tempo must be between " + format_number(kMinBpm) +
                                                " and " + format_number(kMaxBpm) + " bpm");
    }
    if (o.key && !model::parse_key(*o.key) && !model::parse_mode(*o.key)) {
        return fail(Errc::invalid_argument,
                    "unknown key \"" + *o.key + "\" (try \"D minor\", \"Eb major\" or \"F#m\")");
    }
    if (o.time_signature && !model::parse_time_signature(*o.time_signature)) {
        return fail(Errc::invalid_argument, "bad time signature \"" + *o.time_signature +
                                                "\" (try \"4/4\", \"3/4\" or \"6/8\")");
    }
    if (o.style && !styles.find(*o.style)) {
        return fail(Errc::invalid_argument, "unknown style \"" + *o.style + "\"");
    }
    return {};
}

class Assembler {
public:
    Assembler(std::string_view text, const Overrides& overrides, const model::StyleLibrary& styles)
        : text_(text),
          overrides_(overrides),
          styles_(styles),
          lexicon_(styles),
          tokens_(tokenize(text)),
          used_(tokens_.size(), false) {}

    Understanding run() {
        read();
        brief_.prompt = std::string(text_);
        resolve_style();
        resolve_time_signature();
        resolve_moods_and_energy();
        resolve_instruments();
        resolve_tempo();
        resolve_key();
        resolve_duration();
        report_eras_and_negations();
        resolve_vocals_and_topic();
        report_ignored();
        return Understanding{std::move(brief_), std::move(interpretation_)};
    }

private:
    // --- reading ------------------------------------------------------------------------

    void read() {
        const std::function<bool(size_t)> genre_at = [this](size_t i) {
            return lexicon_.starts(tokens_, used_, i, Sense::style) ||
                   lexicon_.starts(tokens_, used_, i, Sense::instrument);
        };
        quantities_ = read_quantities(tokens_, used_, genre_at);
        keys_ = read_keys(text_, tokens_, used_);
        mentions_ = scan_phrases(tokens_, used_, lexicon_);
        modes_ = read_modes(tokens_, used_);
    }

    std::string words(size_t first, size_t last) const {
        return original_words(text_, tokens_, first, last);
    }
    void understood(std::string field, std::string value, std::string words) {
        interpretation_.understood.push_back(
            Interpretation::Finding{std::move(field), std::move(value), std::move(words)});
    }
    void guessed(std::string note) { interpretation_.guessed.push_back(std::move(note)); }

    std::vector<const Mention*> mentions(Sense sense, bool negated = false) const {
        std::vector<const Mention*> out;
        for (const auto& m : mentions_)
            if (m.sense == sense && m.negated == negated) out.push_back(&m);
        return out;
    }

    // --- fields -------------------------------------------------------------------------

    void resolve_style() {
        StyleClues clues;
        for (const Mention* m : mentions(Sense::style)) clues.aliases.push_back(*m);
        for (const Mention* m : mentions(Sense::mood))
            if (std::find(clues.moods.begin(), clues.moods.end(), m->mood) == clues.moods.end())
                clues.moods.push_back(m->mood);
        for (const Mention* m : mentions(Sense::instrument)) clues.instruments.push_back(m->index);
        for (const auto& d : quantities_.decades) clues.decades.push_back(d.year);
        if (auto ts = text_metre()) clues.metre = ts->time_signature;
        for (const Mention* m : mentions(Sense::energy))
            clues.energy_shift += energy_words()[m->index].delta * m->intensity;
        if (!quantities_.tempos.empty()) clues.bpm = quantities_.tempos.front().bpm;
        for (const Mention* m : mentions(Sense::tempo)) {
            const TempoWord& w = tempo_words()[m->index];
            if (w.bpm > 0 && !clues.bpm) clues.bpm = w.bpm;
            if (w.bpm <= 0 && w.feel > 0) clues.tempo_feel = w.feel;
        }
        for (const Mention* m : mentions(Sense::occasion)) clues.occasions.push_back(*m);

        const StyleChoice choice = choose_style(styles_, clues, lexicon_);
        if (overrides_.style) {
            style_ = styles_.find(*overrides_.style);
            understood("style", style_->id, "");
            if (choice.alias && styles_.styles[choice.index].id != style_->id) {
                guessed("style: the option \"" + style_->id + "\" replaces \"" +
                        words(choice.alias->first, choice.alias->last) + "\" in the prompt");
            }
        } else {
            style_ = &styles_.styles[choice.index];
            if (choice.alias) {
                understood("style", style_->id, words(choice.alias->first, choice.alias->last));
            } else {
                guessed("style: " + style_->id + " (" + choice.reason + ")");
            }
            for (const Mention& m : choice.passed_over) {
                guessed("style: \"" + words(m.first, m.last) + "\" also names " +
                        styles_.styles[m.index].id + "; " + style_->id + " was named more clearly");
            }
        }
        brief_.style = style_->id;
    }

    struct TextMetre {
        model::TimeSignature time_signature;
        size_t first, last;
    };
    // The first time signature in the prompt, numeric ("6/8") or in words ("waltz time").
    std::optional<TextMetre> text_metre() const {
        std::optional<TextMetre> best;
        for (const auto& m : quantities_.metres)
            if (!best || m.first < best->first) best = TextMetre{m.time_signature, m.first, m.last};
        for (const Mention* m : mentions(Sense::metre))
            if (!best || m->first < best->first)
                best = TextMetre{metre_words()[m->index].time_signature, m->first, m->last};
        return best;
    }

    void resolve_time_signature() {
        const model::TimeSignature style_default =
            style_->meters.empty() ? model::TimeSignature{} : style_->meters.front();
        if (overrides_.time_signature) {
            brief_.time_signature = *model::parse_time_signature(*overrides_.time_signature);
            understood("time_signature", brief_.time_signature.text(), "");
        } else if (auto ts = text_metre()) {
            brief_.time_signature = ts->time_signature;
            understood("time_signature", ts->time_signature.text(), words(ts->first, ts->last));
        } else {
            brief_.time_signature = style_default;
            guessed("time signature: " + style_default.text() + " (the style's default)");
        }
    }

    void resolve_moods_and_energy() {
        for (const Mention* m : mentions(Sense::mood)) {
            if (std::find(brief_.moods.begin(), brief_.moods.end(), m->mood) ==
                brief_.moods.end()) {
                brief_.moods.push_back(m->mood);
                understood("mood", m->mood, words(m->first, m->last));
            }
        }
        for (const Mention* m : mentions(Sense::occasion)) {
            const std::string mood(occasion_words()[m->index].mood);
            if (mood.empty() ||
                std::find(brief_.moods.begin(), brief_.moods.end(), mood) != brief_.moods.end())
                continue;
            brief_.moods.push_back(mood);
            understood("mood", mood, words(m->first, m->last));
        }
        double energy = style_->energy;
        std::string energy_words_text;
        for (const Mention* m : mentions(Sense::energy)) {
            energy += energy_words()[m->index].delta * m->intensity;
            if (!energy_words_text.empty()) energy_words_text += ", ";
            energy_words_text += words(m->first, m->last);
        }
        brief_.energy = std::clamp(energy, 0.0, 1.0);
        if (energy_words_text.empty()) {
            guessed("energy: " + format_number(brief_.energy, 2) + " (the style's typical energy)");
        } else {
            understood("energy", format_number(brief_.energy, 2), energy_words_text);
        }
    }

    // A role word next to an instrument mention: "solo cello", "cello solo", "featuring sax",
    // "trumpet lead". Articles may sit between ("just a piano"). Marks the words it reads.
    struct RoleReading {
        bool lead = false, solo = false;
        size_t first = 0, last = 0;  // the words, the instrument's included
    };
    bool phrase_at(size_t at, std::string_view phrase) const {
        const auto want = tokenize(phrase);
        if (at + want.size() > tokens_.size()) return false;
        for (size_t k = 0; k < want.size(); ++k)
            if (tokens_[at + k].text != want[k].text) return false;
        return true;
    }
    static bool is_article(std::string_view w) {
        return w == "a" || w == "an" || w == "the" || w == "un" || w == "una" || w == "une" ||
               w == "ein" || w == "eine" || w == "el" || w == "la" || w == "le" || w == "de";
    }
    RoleReading role_at(const Mention& m) {
        RoleReading r{false, false, m.first, m.last};
        size_t before = m.first;
        while (before > 0 && is_article(tokens_[before - 1].text)) --before;
        for (const auto& w : role_words()) {
            const size_t n = tokenize(w.phrase).size();
            if (w.before && before >= n && phrase_at(before - n, w.phrase)) {
                r.lead = true, r.solo = r.solo || w.solo;
                r.first = std::min(r.first, before - n);
            }
            if (!w.before && phrase_at(m.last, w.phrase)) {
                r.lead = true, r.solo = r.solo || w.solo;
                r.last = std::max(r.last, m.last + n);
            }
        }
        if (r.lead)
            for (size_t k = r.first; k < r.last; ++k) used_[k] = true;
        return r;
    }

    void resolve_instruments() {
        const auto& table = instrument_table();
        auto has = [](const std::vector<model::InstrumentRef>& list, std::string_view name) {
            return std::any_of(list.begin(), list.end(),
                               [&](const model::InstrumentRef& r) { return r.name == name; });
        };
        auto add_unique = [&](std::vector<model::InstrumentRef>& list, const InstrumentEntry& e) {
            if (has(list, e.name)) return false;
            list.push_back(instrument_ref(e));
            return true;
        };
        for (const Mention* m : mentions(Sense::instrument, true))
            if (add_unique(brief_.excluded, table[m->index]))
                understood("exclude", std::string(table[m->index].name), words(m->first, m->last));
        for (const Mention* m : mentions(Sense::exclusion)) {
            const InstrumentEntry* e = find_instrument(exclusion_words()[m->index].instrument);
            if (e && add_unique(brief_.excluded, *e))
                understood("exclude", std::string(e->name), words(m->first, m->last));
        }
        bool lead_taken = false;
        bool solo_run = false;  // "just piano and cello": the list stays solo
        size_t previous_last = 0;
        for (const Mention* m : mentions(Sense::instrument)) {
            const InstrumentEntry& e = table[m->index];
            RoleReading role = role_at(*m);
            bool joined = solo_run && m->first > previous_last;
            for (size_t k = previous_last; joined && k < m->first; ++k)
                joined = tokens_[k].text == "and" || tokens_[k].text == "," ||
                         tokens_[k].text == "or" || is_article(tokens_[k].text);
            solo_run = role.solo || (joined && solo_run);
            previous_last = role.last;
            if (has(brief_.excluded, e.name)) {
                guessed("instrument: \"" + words(m->first, m->last) +
                        "\" is both asked for and excluded; it stays out");
                continue;
            }
            if (e.name == "vocals") {
                // The voice sings the words; it is not a GM instrument.
                if (!brief_.vocals) understood("vocals", "sung", words(m->first, m->last));
                brief_.vocals = true;
                continue;
            }
            if (!add_unique(brief_.instruments, e)) continue;
            understood("instrument", std::string(e.name), words(m->first, m->last));
            if (role.lead && !lead_taken && !e.drums) {
                brief_.instruments.back().role = "lead";
                lead_taken = true;
                understood("role", std::string(e.name) + " leads", words(role.first, role.last));
            }
            if (solo_run && !brief_.solo) {
                brief_.solo = true;
                understood("accompaniment", "light: no drums, pads or extra lines unless named",
                           words(role.first, role.last));
            }
        }
        // Ensembles and occasions bring their instruments and may rule out the kit.
        const bool drums_wanted = has(brief_.instruments, "drums");
        for (const Mention* m : mentions(Sense::occasion)) {
            const OccasionWord& o = occasion_words()[m->index];
            // A closed ensemble (a jazz trio) plays alone, one of its own leading, unless the
            // prompt already named a soloist or a lead.
            const bool closed = o.closed && !brief_.solo &&
                                std::none_of(brief_.instruments.begin(), brief_.instruments.end(),
                                             [](const model::InstrumentRef& r) { return r.role == "lead"; });
            bool lead_given = !closed;
            for (auto name : o.instruments) {
                const InstrumentEntry* e = find_instrument(name);
                if (!e || has(brief_.excluded, e->name)) continue;
                const bool member_leads = !lead_given && !e->drums && name.find("bass") == std::string_view::npos;
                if (has(brief_.instruments, e->name)) {
                    if (member_leads) {  // named already ("a jazz trio with piano"): it leads
                        for (auto& r : brief_.instruments)
                            if (r.name == e->name) r.role = "lead";
                        lead_given = true;
                    }
                    continue;
                }
                if (e->drums && brief_.solo) continue;
                brief_.instruments.push_back(instrument_ref(*e));
                // An ensemble's members play together and never take the lead from a named
                // soloist; an occasion's one instrument (a lullaby's music box) may lead.
                if (o.instruments.size() > 1) brief_.instruments.back().role = member_leads ? "lead" : "section";
                lead_given = lead_given || member_leads;
                understood("instrument", std::string(e->name), words(m->first, m->last));
            }
            if (closed) {
                brief_.solo = true;
                brief_.ensemble = true;
                understood("accompaniment", "the ensemble alone: no other parts", words(m->first, m->last));
            }
            // The quiet of a lullaby or a string quartet holds where it chose the style; "film
            // music with choir" keeps its drums.
            if (o.no_drums && o.style == brief_.style && !drums_wanted &&
                !has(brief_.excluded, "drums")) {
                if (const InstrumentEntry* kit = find_instrument("drums")) {
                    brief_.excluded.push_back(instrument_ref(*kit));
                    understood("exclude", "drums", words(m->first, m->last));
                }
            }
            if (!o.caveat.empty()) guessed("instruments: " + std::string(o.caveat));
        }
    }

    // The style's tempo range in the felt beats of the chosen metre: a style written in 4/4
    // played in 6/8 keeps its eighth-note pulse, so its felt beat slows by 2/3.
    double metre_scale() const {
        const model::TimeSignature style_default =
            style_->meters.empty() ? model::TimeSignature{} : style_->meters.front();
        if (brief_.time_signature.compound() && !style_default.compound()) return 2.0 / 3.0;
        if (!brief_.time_signature.compound() && style_default.compound()) return 1.5;
        return 1.0;
    }

    // A tempo word as a musician means it. `feel` is the word's plain tempo ("slow" 66, "fast"
    // 152); a style that says what slow or fast means for it moves the anchor, and a fast word
    // never slows a style down (nor a slow word speed it up). Intensifiers ("very slow") scale
    // the step away from the style's default geometrically.
    double word_tempo(double feel, double intensity, double base, double scale) const {
        const bool slow = feel < 100;
        const bool fast = feel > 120;
        double target = feel;
        if (slow) {
            target = style_->tempo_slow > 0
                         ? style_->tempo_slow * scale * feel / kPlainSlowBpm
                         : std::min(feel, base * 0.85 * feel / kPlainSlowBpm);
            target = std::min(target, base);
        } else if (fast) {
            target = style_->tempo_fast > 0
                         ? style_->tempo_fast * scale * feel / kPlainFastBpm
                         : std::max(feel, base * 1.15 * feel / kPlainFastBpm);
            target = std::max(target, base);
        }
        const double k = std::clamp(intensity, 0.5, 1.5);
        return std::clamp(std::round(base * std::pow(target / base, k)), 30.0, 300.0);
    }

    void resolve_tempo() {
        if (overrides_.bpm) {
            brief_.tempo_bpm = *overrides_.bpm;
            understood("tempo", bpm_text(brief_.tempo_bpm), "");
            if (!quantities_.tempos.empty())
                guessed("tempo: the option " + bpm_text(*overrides_.bpm) + " replaces \"" +
                        words(quantities_.tempos.front().first, quantities_.tempos.front().last) +
                        "\" in the prompt");
            return;
        }
        if (!quantities_.tempos.empty()) {
            const TempoReading& t = quantities_.tempos.front();
            brief_.tempo_bpm = std::clamp(t.bpm, kMinBpm, kMaxBpm);
            understood("tempo", bpm_text(brief_.tempo_bpm), words(t.first, t.last));
            if (t.range)
                guessed("tempo: the middle of the range \"" + words(t.first, t.last) + "\"");
            if (brief_.tempo_bpm != t.bpm)
                guessed("tempo: " + bpm_text(t.bpm) + " is out of range; using " +
                        bpm_text(brief_.tempo_bpm));
            return;
        }
        const double scale = metre_scale();
        const double lo = style_->tempo_min * scale;
        const double hi = style_->tempo_max * scale;
        const double fallback = std::round(style_->tempo_default * scale);
        const auto tempo_mentions = mentions(Sense::tempo);
        for (const Mention* m : tempo_mentions) {
            const TempoWord& w = tempo_words()[m->index];
            if (w.bpm <= 0) continue;
            brief_.tempo_bpm = w.bpm;
            understood("tempo", bpm_text(w.bpm), words(m->first, m->last));
            return;
        }
        if (!tempo_mentions.empty()) {
            const Mention* m = tempo_mentions.back();
            const TempoWord& w = tempo_words()[m->index];
            const double bpm = w.feel > 0 ? word_tempo(w.feel, m->intensity, fallback, scale)
                                          : fallback;
            brief_.tempo_bpm = bpm;
            understood("tempo", bpm_text(bpm), words(m->first, m->last));
            if (w.feel > 0 && (bpm < lo || bpm > hi))
                guessed("tempo: \"" + words(m->first, m->last) + "\" means " + bpm_text(bpm) +
                        " to a musician, outside the style's usual " + bpm_text(lo) + " to " +
                        bpm_text(hi));
            return;
        }
        for (const Mention* m : mentions(Sense::occasion)) {
            const OccasionWord& o = occasion_words()[m->index];
            if (o.tempo <= 0) continue;
            brief_.tempo_bpm = o.tempo;
            understood("tempo", bpm_text(o.tempo), words(m->first, m->last));
            return;
        }
        brief_.tempo_bpm = fallback;
        if (scale != 1.0) {
            guessed("tempo: " + bpm_text(fallback) +
                    " (the style's default, in the felt beats of " + brief_.time_signature.text() +
                    ")");
        } else {
            guessed("tempo: " + bpm_text(fallback) + " (the style's default)");
        }
    }

    // The mode the style would choose for these moods: sad, dark ... lean minor; happy,
    // bright ... lean major; only among the style's own modes.
    model::Mode default_mode(std::string* why) const {
        int vote = 0;
        std::vector<std::string> voters;
        for (const Mention* m : mentions(Sense::mood)) {
            for (const auto& w : mood_words()) {
                if (w.mood != m->mood || w.tonality == 0) continue;
                if (std::find(voters.begin(), voters.end(), m->mood) != voters.end()) continue;
                vote += w.tonality;
                voters.push_back(m->mood);
            }
        }
        std::vector<model::Mode> modes = style_->modes;
        if (modes.empty()) modes.push_back(style_->mode);
        const bool style_minor = model::mode_is_minor(style_->mode);
        auto pick = [&](bool minor) -> std::optional<model::Mode> {
            const model::Mode plain = minor ? model::Mode::minor : model::Mode::major;
            if (std::find(modes.begin(), modes.end(), plain) != modes.end()) return plain;
            for (auto m : modes)
                if (model::mode_is_minor(m) == minor) return m;
            return std::nullopt;
        };
        std::string voter_list;
        for (const auto& v : voters) voter_list += (voter_list.empty() ? "\"" : ", \"") + v + "\"";
        if (vote < 0 && !style_minor) {
            if (auto m = pick(true)) {
                *why = "the moods " + voter_list + " suggest a minor key";
                return *m;
            }
        }
        if (vote > 0 && style_minor) {
            if (auto m = pick(false)) {
                *why = "the moods " + voter_list + " suggest a major key";
                return *m;
            }
        }
        *why = "the style's default";
        return style_->mode;
    }

    void resolve_key() {
        std::optional<int> tonic;
        std::optional<model::Mode> mode;
        bool tonic_from_option = false, mode_from_option = false;
        if (overrides_.key) {
            if (auto key = model::parse_key(*overrides_.key)) {
                tonic = key->tonic, mode = key->mode;
                tonic_from_option = mode_from_option = true;
            } else {
                mode = model::parse_mode(*overrides_.key);
                mode_from_option = true;
            }
        }
        const KeyReading* text_key = keys_.empty() ? nullptr : &keys_.front();
        const KeyReading* text_mode = modes_.empty() ? nullptr : &modes_.front();
        bool tonic_from_text = false, mode_from_text = false;
        if (!tonic && text_key) tonic = text_key->tonic, tonic_from_text = true;
        if (!mode && text_key && text_key->mode) mode = text_key->mode, mode_from_text = true;
        if (!mode && text_mode) mode = text_mode->mode, mode_from_text = true;

        std::string mode_reason;
        const model::Mode fallback_mode = default_mode(&mode_reason);
        const int fallback_tonic = style_->tonics.empty() ? 0 : style_->tonics.front();
        brief_.key = model::Key{tonic.value_or(fallback_tonic), mode.value_or(fallback_mode)};
        const std::string name = model::key_name(brief_.key);

        if (tonic_from_option || (mode_from_option && !tonic)) {
            understood("key", name, "");
            if (text_key || text_mode) {
                const KeyReading* r = text_key ? text_key : text_mode;
                guessed("key: the option \"" + *overrides_.key + "\" replaces \"" +
                        words(r->first, r->last) + "\" in the prompt");
            }
        } else if (mode_from_option) {
            understood("key", name, text_key ? words(text_key->first, text_key->last) : "");
        } else if (tonic_from_text) {
            understood("key", name, words(text_key->first, text_key->last));
            if (!mode_from_text)
                guessed("mode: " + std::string(model::mode_name(brief_.key.mode)) + " (" +
                        mode_reason + ")");
        } else if (mode_from_text) {
            const KeyReading* r = text_key && text_key->mode ? text_key : text_mode;
            understood("mode", std::string(model::mode_name(brief_.key.mode)),
                       words(r->first, r->last));
            guessed("tonic: " + model::pitch_class_name(brief_.key.tonic, brief_.key.mode) +
                    " (the style's first tonic)");
        } else {
            guessed("key: " + name + " (" + mode_reason + ")");
        }
        // Later keys changed nothing.
        for (size_t k = 1; k < keys_.size(); ++k)
            extra_words_.push_back({keys_[k].first, keys_[k].last});
        for (size_t k = text_key && text_key->mode ? 0 : 1; k < modes_.size(); ++k)
            extra_words_.push_back({modes_[k].first, modes_[k].last});
    }

    void resolve_duration() {
        if (overrides_.duration_s) {
            brief_.duration_s = *overrides_.duration_s;
            brief_.duration_given = true;
            understood("duration", seconds_text(brief_.duration_s), "");
            return;
        }
        if (!quantities_.durations.empty()) {
            const DurationReading& d = quantities_.durations.front();
            brief_.duration_s = std::clamp(d.seconds, kMinDuration, kMaxDuration);
            brief_.duration_given = true;
            understood("duration", seconds_text(brief_.duration_s), words(d.first, d.last));
            if (brief_.duration_s != d.seconds)
                guessed("duration: " + seconds_text(d.seconds) + " is outside " +
                        format_number(kMinDuration) + ".." + format_number(kMaxDuration) +
                        " s; using " + seconds_text(brief_.duration_s));
            return;
        }
        for (const Mention* m : mentions(Sense::occasion)) {
            const OccasionWord& o = occasion_words()[m->index];
            if (o.duration_s <= 0) continue;
            brief_.duration_s = o.duration_s;
            brief_.duration_given = true;
            understood("duration", seconds_text(o.duration_s), words(m->first, m->last));
            return;
        }
        brief_.duration_s = kDefaultDuration;
        guessed("duration: " + seconds_text(kDefaultDuration) + " (the default)");
    }

    void report_eras_and_negations() {
        for (const auto& d : quantities_.decades) {
            bool claimed = false;
            for (size_t k = d.first; k < d.last; ++k) claimed = claimed || used_[k];
            if (claimed) continue;  // an alias such as "80s" took it
            for (size_t k = d.first; k < d.last; ++k) used_[k] = true;
            understood("era", std::to_string(d.year) + "s", words(d.first, d.last));
        }
        std::set<std::pair<size_t, size_t>> reported;
        for (const auto& m : mentions_)  // excluded instruments are reported as such
            if (m.negated && m.sense == Sense::instrument) reported.insert({m.first, m.last});
        for (const auto& m : mentions_) {
            if (!m.negated) continue;
            if (!reported.insert({m.first, m.last}).second) continue;
            understood("negated", words(m.first, m.last), words(m.first, m.last));
        }
    }

    // "a song about juggling fire" asks for words; the topic is what follows "about" (up to a
    // comma or a musical word), else the content words nothing else claimed.
    void resolve_vocals_and_topic() {
        const bool no_vocals = std::any_of(brief_.excluded.begin(), brief_.excluded.end(),
                                           [](const model::InstrumentRef& r) { return r.name == "vocals"; });
        if (no_vocals) brief_.vocals = false;
        size_t about = tokens_.size();
        for (size_t i = 0; i < tokens_.size(); ++i) {
            const std::string& w = tokens_[i].text;
            if (w == "about" || w == "sobre" || w == "über" || w == "ueber") { about = i; break; }
        }
        auto is_song_word = [](const std::string& w) {
            // Forms that are sung by nature: "a shanty about ..." has words.
            return w == "song" || w == "songs" || w == "ballad" || w == "anthem" || w == "shanty" ||
                   w == "lullaby" || w == "hymn" || w == "carol" || w == "serenade" || w == "canción" ||
                   w == "cancion" || w == "lied" || w == "chanson" || w == "berceuse" || w == "schlaflied";
        };
        std::vector<std::string> topic;
        if (about < tokens_.size()) {
            for (size_t i = about + 1; i < tokens_.size(); ++i) {
                const Token& t = tokens_[i];
                if (t.kind == Token::Kind::punct || used_[i] || t.text == "with" || t.text == "in")
                    break;
                topic.push_back(original_words(text_, tokens_, i, i + 1));
            }
            used_[about] = true;
            for (size_t i = about + 1; i < about + 1 + topic.size(); ++i) used_[i] = true;
            bool song = false;
            for (size_t i = 0; i < about; ++i) song = song || is_song_word(tokens_[i].text);
            if (song && !no_vocals && !brief_.vocals) {
                brief_.vocals = true;
                understood("vocals", "sung", words(0, about + 1));
            }
        }
        if (topic.empty()) {
            for (size_t i = 0; i < tokens_.size(); ++i) {
                const Token& t = tokens_[i];
                if (t.kind != Token::Kind::word || used_[i] || is_function_word(t.text)) continue;
                if (is_song_word(t.text) || t.text == "lyrics" || t.text == "music") continue;
                topic.push_back(original_words(text_, tokens_, i, i + 1));
            }
        }
        for (const auto& w : topic) {
            if (!brief_.topic.empty()) brief_.topic += ' ';
            brief_.topic += w;
        }
        if (!brief_.topic.empty()) understood("topic", brief_.topic, brief_.topic);
    }

    void report_ignored() {
        std::vector<bool> extra(tokens_.size(), false);
        for (auto [first, last] : extra_words_)
            for (size_t k = first; k < last; ++k) extra[k] = true;
        std::set<std::string> seen;
        for (size_t i = 0; i < tokens_.size(); ++i) {
            const Token& t = tokens_[i];
            if (t.kind == Token::Kind::punct) continue;
            if (used_[i] && !extra[i]) continue;
            if (!extra[i] && is_function_word(t.text)) continue;
            if (seen.insert(t.text).second) interpretation_.ignored.push_back(t.text);
        }
    }

    std::string_view text_;
    const Overrides& overrides_;
    const model::StyleLibrary& styles_;
    Lexicon lexicon_;
    std::vector<Token> tokens_;
    std::vector<bool> used_;

    Quantities quantities_;
    std::vector<KeyReading> keys_;
    std::vector<Mention> mentions_;
    std::vector<KeyReading> modes_;
    std::vector<std::pair<size_t, size_t>> extra_words_;

    const model::Style* style_ = nullptr;
    model::Brief brief_;
    Interpretation interpretation_;
};

}  // namespace

Result<Understanding> understand(std::string_view text, const Overrides& overrides,
                                 const model::StyleLibrary& styles) {
    if (is_blank(text)) return fail(Errc::invalid_argument, "the prompt is empty");
    if (count_characters(text) > kMaxPromptLength) {
        return fail(Errc::invalid_argument, "the prompt is longer than " +
                                                std::to_string(kMaxPromptLength) + " characters");
    }
    if (styles.styles.empty()) return fail(Errc::not_found, "no styles are loaded");
    if (auto ok = check_overrides(overrides, styles); !ok) return tl::unexpected(ok.error());
    return Assembler(text, overrides, styles).run();
}

}  // namespace omg::prompt
