// Assembler (assembler.h): the instruments asked for and ruled out, the role a wording gives
// one ("solo cello", "featuring sax"), and what ensembles and occasions bring.
#include <algorithm>

#include "prompt/assembler.h"
#include "prompt/instruments.h"
#include "prompt/vocabulary.h"

namespace omg::prompt {
namespace {

bool is_article(std::string_view w) {
    return w == "a" || w == "an" || w == "the" || w == "un" || w == "una" || w == "une" ||
           w == "ein" || w == "eine" || w == "el" || w == "la" || w == "le" || w == "de";
}

}  // namespace

bool Assembler::phrase_at(size_t at, std::string_view phrase) const {
    const auto want = tokenize(phrase);
    if (at + want.size() > tokens_.size()) return false;
    for (size_t k = 0; k < want.size(); ++k)
        if (tokens_[at + k].text != want[k].text) return false;
    return true;
}

Assembler::RoleReading Assembler::role_at(const Mention& m) {
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

void Assembler::resolve_instruments() {
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

}  // namespace omg::prompt
