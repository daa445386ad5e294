// Form planning: the composed sections -> sung sections, lines, syllables and rhyme letters.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "lyrics/lyrics.h"

namespace omg::lyrics {
namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool any_of(const std::string& kind, std::initializer_list<const char*> names) {
    return std::any_of(names.begin(), names.end(), [&](const char* n) { return kind == n; });
}

// The role a style's section kind plays in a song; nullopt for kinds only the form can place.
std::optional<Role> role_by_name(const std::string& kind) {
    if (any_of(kind, {"intro"})) return Role::intro;
    if (any_of(kind, {"outro", "coda", "tag", "end", "ending", "finale", "fade"})) return Role::outro;
    if (any_of(kind, {"verse", "a", "first", "theme", "groove", "blues", "story", "cappella"}))
        return Role::verse;
    if (any_of(kind, {"chorus", "hook", "refrain", "peak", "climax", "shout", "drop", "grand",
                      "grandioso", "bloom", "blues_shout"}))
        return Role::chorus;
    if (any_of(kind, {"bridge", "c", "trio", "middle", "variacion", "quiet", "last"})) return Role::bridge;
    if (any_of(kind, {"pre", "build", "lift", "rise", "prechorus", "pre_chorus"})) return Role::pre_chorus;
    if (any_of(kind, {"solo", "break", "breakdown", "instrumental", "dub", "drift", "interlude"}))
        return Role::instrumental;
    return std::nullopt;
}

int round_int(double v) { return static_cast<int>(std::lround(v)); }

}  // namespace

std::string_view role_name(Role role) {
    switch (role) {
        case Role::intro: return "intro";
        case Role::verse: return "verse";
        case Role::pre_chorus: return "pre-chorus";
        case Role::chorus: return "chorus";
        case Role::bridge: return "bridge";
        case Role::instrumental: return "instrumental";
        case Role::outro: return "outro";
    }
    return "verse";
}

bool is_sung(Role role) {
    return role == Role::verse || role == Role::pre_chorus || role == Role::chorus ||
           role == Role::bridge;
}

LyricForm plan_form(const model::Brief& brief, const model::Score& score) {
    LyricForm form;
    form.tempo_bpm = brief.tempo_bpm;
    form.duration_s = score.duration_s;
    form.style = brief.style;
    form.moods = brief.moods;
    form.energy = brief.energy;
    form.minor = model::mode_is_minor(brief.key.mode);

    const auto& marks = score.sections;
    std::map<std::string, int> count;
    for (const auto& m : marks) ++count[lower(m.kind)];
    bool has_chorus = false;
    for (const auto& m : marks) {
        auto r = role_by_name(lower(m.kind));
        if (r && *r == Role::chorus) has_chorus = true;
    }
    std::vector<Role> roles;
    for (const auto& m : marks) {
        const std::string kind = lower(m.kind);
        auto r = role_by_name(kind);
        if (!r) {
            // "B" and unknown kinds: a repeated one carries the chorus when the form has none.
            if (!has_chorus && count[kind] >= 2) r = Role::chorus;
            else r = count[kind] >= 2 ? Role::verse : Role::bridge;
        }
        roles.push_back(*r);
    }
    // Every song sings somewhere: a form of intros, outros and breaks gets verses in between.
    if (std::none_of(roles.begin(), roles.end(), is_sung)) {
        for (size_t i = 0; i < roles.size(); ++i) {
            if (roles[i] != Role::intro && roles[i] != Role::outro) roles[i] = Role::verse;
        }
        if (std::none_of(roles.begin(), roles.end(), is_sung)) {
            for (auto& r : roles) r = Role::verse;
        }
    }
    const bool chorus_in_form = std::find(roles.begin(), roles.end(), Role::chorus) != roles.end();
    const bool rap = brief.style.find("hip_hop") != std::string::npos;

    int verse_no = 0;
    const int verses = static_cast<int>(std::count(roles.begin(), roles.end(), Role::verse));
    const int bridges = static_cast<int>(std::count(roles.begin(), roles.end(), Role::bridge));
    int bridge_no = 0;
    int refrain_syllables = 0;
    int chorus_syllables = 0;
    for (size_t i = 0; i < marks.size(); ++i) {
        const auto& m = marks[i];
        SectionPlan s;
        s.role = roles[i];
        s.kind = m.kind;
        s.bars = std::max(1, m.bars);
        s.start_s = m.start_s;
        double end = i + 1 < marks.size() ? marks[i + 1].start_s : score.duration_s;
        s.seconds = std::max(0.5, end - m.start_s);
        switch (s.role) {
            case Role::intro: s.tag = "Intro"; break;
            case Role::outro: s.tag = "Outro"; break;
            case Role::instrumental: s.tag = "Instrumental"; break;
            case Role::pre_chorus: s.tag = "Pre-Chorus"; break;
            case Role::chorus: s.tag = "Chorus"; break;
            case Role::bridge:
                ++bridge_no;
                s.tag = bridges > 1 ? "Bridge " + std::to_string(bridge_no) : "Bridge";
                break;
            case Role::verse:
                ++verse_no;
                s.tag = verses > 1 ? "Verse " + std::to_string(verse_no) : "Verse";
                break;
        }
        if (is_sung(s.role)) {
            // A line is a phrase: the bar count whose length is nearest to ~3.2 s of singing.
            const double bar_s = s.seconds / s.bars;
            int bars_per_line = 1;
            for (int cand : {2, 4}) {
                if (std::abs(cand * bar_s - 3.2) < std::abs(bars_per_line * bar_s - 3.2)) {
                    bars_per_line = cand;
                }
            }
            int n = std::max(1, s.bars / bars_per_line);
            while (n > 8) {
                bars_per_line *= 2;
                n = std::max(1, s.bars / bars_per_line);
            }
            const double line_s = s.seconds / n;
            // Singing density: calm songs ~1.8 syllables a second, intense ones ~3; rap more.
            double energy = std::clamp(m.energy, 0.0, 1.0);
            double per_s = 1.7 + 1.2 * energy;
            if (s.role == Role::chorus) per_s *= 0.9;
            if (rap) per_s *= 1.5;
            const int hi = rap ? 14 : 12;
            int target = std::clamp(round_int(line_s * per_s), 4, hi);
            // Every chorus is sung to the same words, so all take the first one's line length.
            if (s.role == Role::chorus) {
                if (chorus_syllables == 0) chorus_syllables = target;
                target = chorus_syllables;
            }
            // Rhyme letters: couplets for choruses, pre-choruses and bridges; verses alternate
            // (ABAB) when they have four or eight lines, and otherwise run in couplets.
            // A refrain closes each verse of a chorus-less form; it stands on its own rhyme.
            const bool refrain = s.role == Role::verse && !chorus_in_form && verses >= 2 && n >= 2;
            const int rhymed = refrain ? n - 1 : n;
            const bool cross = s.role == Role::verse && (rhymed == 4 || rhymed == 8);
            for (int l = 0; l < rhymed; ++l) {
                LineSpec spec;
                spec.syllables = target;
                int pair = l / 2;
                if (cross) pair = (l / 4) * 2 + (l % 2);
                // An odd verse or bridge ends on a triplet; a chorus keeps plain couplets so a
                // shorter chorus can sing the first lines of a longer one.
                if (rhymed % 2 == 1 && l == rhymed - 1 && rhymed > 1 && s.role != Role::chorus) {
                    pair = (l - 1) / 2;
                }
                if (s.role == Role::pre_chorus && rhymed <= 3) pair = 0;
                spec.rhyme = static_cast<char>('A' + std::min(pair, 24));
                s.lines.push_back(spec);
            }
            if (refrain) {
                LineSpec spec;
                // The refrain is one line sung again: it keeps the first verse's length.
                if (refrain_syllables == 0) refrain_syllables = target;
                spec.syllables = refrain_syllables;
                spec.rhyme = 'Z';
                spec.refrain = true;
                s.lines.push_back(spec);
            }
        }
        form.sections.push_back(std::move(s));
    }
    return form;
}

std::string Lyrics::text() const {
    std::string out;
    for (const auto& s : sections) {
        if (!out.empty()) out += "\n";
        out += "[" + s.tag + "]\n";
        for (const auto& l : s.lines) out += l + "\n";
    }
    return out;
}

std::vector<LyricSection> parse_lyrics(const std::string& text) {
    std::vector<LyricSection> out;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        std::string line = text.substr(pos, nl - pos);
        pos = nl + 1;
        auto a = line.find_first_not_of(" \t\r");
        auto b = line.find_last_not_of(" \t\r");
        if (a == std::string::npos) {
            if (nl == text.size()) break;
            continue;
        }
        line = line.substr(a, b - a + 1);
        if (line.size() >= 2 && line.front() == '[' && line.back() == ']') {
            std::string tag = line.substr(1, line.size() - 2);
            // "[verse]" -> "Verse", "[pre-chorus]" -> "Pre-Chorus".
            bool up = true;
            for (auto& c : tag) {
                auto u = static_cast<unsigned char>(c);
                c = static_cast<char>(up ? std::toupper(u) : c);
                up = c == ' ' || c == '-';
            }
            out.push_back(LyricSection{tag, {}});
            continue;
        }
        if (out.empty()) out.push_back(LyricSection{"Verse", {}});
        out.back().lines.push_back(line);
        if (nl == text.size()) break;
    }
    return out;
}

}  // namespace omg::lyrics
