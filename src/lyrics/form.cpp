// Form planning: the composed sections -> sung sections, lines, syllables and rhyme letters.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "lyrics/lyrics.h"
#include "lyrics/song.h"
#include "model/vocal.h"

namespace omg::lyrics {
namespace {

// From this length on a song has two verses at least, each answered by the chorus.
constexpr double kSongShapeFrom_s = 45;
// Phrases of this many syllables or fewer sing a couplet cut in four (line_specs).
constexpr int kShortPhrase = 6;

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

// A section of the lyric form before its lines are specified: from the composed Score, or from
// the song shape below.
struct Slot {
    Role role = Role::verse;
    std::string kind;
    int bars = 1;
    double start_s = 0;
    double seconds = 0.5;
    double energy = 0.5;
    int lines = 0;
    int min_syllables = 0;  // a slow song's one-bar lines: whole lines, never a couplet cut in four
};

// What a listener expects of a song with words: it opens singing a verse, every verse is answered
// by a chorus before the next verse or bridge (a pre-chorus may lead in), a bridge returns to the
// chorus, choruses are never back to back but for a final repeat, from 45 s there are at least
// two verses, and the verses are of one length.
bool sings_like_a_song(const std::vector<Slot>& slots, double duration_s) {
    std::vector<Role> sung;
    for (const auto& s : slots)
        if (is_sung(s.role) && s.role != Role::pre_chorus) sung.push_back(s.role);
    if (sung.empty() || sung.front() != Role::verse) return false;
    // Verses of one length: a story told in even steps.
    int verse_lines = -1;
    for (const auto& s : slots) {
        if (s.role != Role::verse) continue;
        if (verse_lines >= 0 && s.lines != verse_lines) return false;
        verse_lines = s.lines;
    }
    const auto verses = std::count(sung.begin(), sung.end(), Role::verse);
    if (verses < (duration_s >= kSongShapeFrom_s ? 2 : 1)) return false;
    for (size_t i = 0; i < sung.size(); ++i) {
        const bool last = i + 1 == sung.size();
        if (sung[i] != Role::chorus && (last || sung[i + 1] != Role::chorus)) return false;
        if (sung[i] == Role::chorus && !last && sung[i + 1] == Role::chorus && i + 2 != sung.size())
            return false;
    }
    return true;
}

// Song shapes, richest first: V verse, C chorus, B bridge, with their line counts.
constexpr const char* kShapes[] = {
    "V8 C4 V8 C4 B4 C4 V8 C4 C4",
    "V8 C4 V8 C4 V8 C4 B4 C4",
    "V8 C4 V8 C4 B4 C4 C4",
    "V4 C4 V4 C4 B4 C4 V4 C4 C4",
    "V8 C4 V8 C4 B4 C4",
    "V4 C4 V4 C4 B4 C4 C4",
    "V4 C4 V4 C4 B4 C4",
    "V4 C4 V4 C4 C4",
    "V4 C4 V4 C4",
    "V4 C2 V4 C2",
    "V2 C2 V2 C2",
    "V4 C4",
    "V2 C2",
};

std::vector<std::pair<Role, int>> shape_of(std::string_view text) {
    std::vector<std::pair<Role, int>> out;
    for (size_t i = 0; i + 1 < text.size(); i += 3) {
        const Role r = text[i] == 'V' ? Role::verse : text[i] == 'C' ? Role::chorus : Role::bridge;
        out.emplace_back(r, text[i + 1] - '0');
    }
    return out;
}

// The composed form re-cut as a song (sings_like_a_song), in the bars the Score has: the style's
// form fitted for an instrumental can give a short song one verse and two choruses, or a blues
// one chorus. The composer lays the song out from the lyrics' own sections (compose/song_form.h),
// so the shape is sized as it will be: an intro and an outro of the lengths it adds, lines of
// whole bars of at least 2.5 s (1.4 s where that is all the room there is), and the richest shape
// whose lines fit the bars left; bars to spare become its instrumental breaks.
// How the composer will lay a sung song out (model::sung_layout, which compose/song_form lays it
// out by): the bar's length, the intro and outro it adds, and whole bars a line, at least 2.5 s.
struct SungSizing {
    double bar_s = 2;
    int bars = 0;  // the Score's
    int intro_bars = 4, outro_bars = 2;
    int bars_per_line = 2;
};

SungSizing sizing(const std::vector<Slot>& composed, const model::Brief& brief) {
    SungSizing z;
    z.bar_s = std::max(
        0.2, brief.time_signature.beats_per_bar() * 60.0 / std::max(20.0, brief.tempo_bpm));
    for (const auto& s : composed) z.bars += s.bars;
    const model::SungLayout layout = model::sung_layout(z.bar_s);
    z.intro_bars = layout.intro_bars;
    z.outro_bars = layout.outro_bars;
    z.bars_per_line = layout.min_bars_per_line;
    return z;
}

// Whether the composer can sing every sung section of `slots` in the Score's bars (instrumental
// sections between them give way first).
bool fits_when_sung(const std::vector<Slot>& slots, const model::Brief& brief) {
    const SungSizing z = sizing(slots, brief);
    int need = z.intro_bars + z.outro_bars;
    for (const auto& s : slots)
        if (is_sung(s.role)) need += std::max(2, s.lines) * z.bars_per_line;
    return need <= z.bars;
}

std::vector<Slot> song_shaped(const std::vector<Slot>& composed, const model::Brief& brief,
                              const model::Score& score) {
    const SungSizing z = sizing(composed, brief);
    const double bar_s = z.bar_s;
    const int intro_bars = z.intro_bars;
    const int outro_bars = z.outro_bars;
    const int sung_bars = std::max(0, z.bars - intro_bars - outro_bars);
    const int min_verses = score.duration_s >= kSongShapeFrom_s ? 2 : 1;
    auto richest = [&](int lines) -> std::string_view {
        for (const char* shape : kShapes) {
            const auto parts = shape_of(shape);
            int n = 0;
            for (const auto& p : parts) n += p.second;
            const auto verses = std::count_if(parts.begin(), parts.end(),
                                              [](const auto& p) { return p.first == Role::verse; });
            if (n <= lines && verses >= min_verses) return shape;
        }
        return "";
    };
    int bpl = z.bars_per_line;
    std::string_view shape = richest(sung_bars / bpl);
    // Lines of half the bars, still 2 s long and whole lines (seven syllables or more at the
    // verse's singing density, as plan_form sets it below), where that lets every section sing
    // four lines rather than two (the composer halves its lines so when the syllables fit).
    auto lines_of = [](std::string_view sh) {
        int n = 0;
        for (const auto& p : shape_of(sh)) n += p.second;
        return n;
    };
    const Slot* first_verse = nullptr;
    for (const auto& s : composed)
        if (!first_verse && s.role == Role::verse) first_verse = &s;
    const double per_s = 1.7 + 1.2 * std::clamp(first_verse ? first_verse->energy : brief.energy, 0.0, 1.0);
    if (bpl > 1 && bpl / 2 * bar_s >= 2.0 && bpl / 2 * bar_s * per_s >= 7 && lines_of(shape) < 16 &&
        lines_of(richest(sung_bars / (bpl / 2))) > lines_of(shape)) {
        bpl /= 2;
        shape = richest(sung_bars / bpl);
    }
    if (shape.empty() && bpl > 1 && bpl / 2 * bar_s >= 1.4) {
        bpl /= 2;
        shape = richest(sung_bars / bpl);
    }
    // A listener expects verses and choruses of four lines. Where the shape so far sings two-line
    // sections, lines of one bar (or fewer bars than the fewest above), still 2 s long and sung
    // as whole lines of seven syllables or more (a slow bar holds six to nine), and an intro and
    // outro cut to the two bars and one the composer shrinks them to first (compose/song_form.h)
    // may leave room for four-line sections: a slow song's minute sings V4 C4 V4 C4, not V2 C2
    // V2 C2.
    auto four_line = [&](std::string_view sh) {
        const auto parts = shape_of(sh);
        return !parts.empty() &&
               std::all_of(parts.begin(), parts.end(), [](const auto& p) { return p.second >= 4; });
    };
    int intro_used = intro_bars;
    int outro_used = outro_bars;
    int min_syllables = 0;
    if (!four_line(shape)) {
        bool found = false;
        for (int cand = bpl; cand >= 1 && !found && cand * bar_s >= 2.0; cand /= 2) {
            for (const auto& [in, out] : {std::pair{intro_bars, outro_bars},
                                          std::pair{std::min(intro_bars, 2), std::min(outro_bars, 1)}}) {
                const int room = std::max(0, z.bars - in - out) / cand;
                std::string_view best;
                for (const char* sh : kShapes) {
                    const auto parts = shape_of(sh);
                    const auto verses = std::count_if(
                        parts.begin(), parts.end(), [](const auto& p) { return p.first == Role::verse; });
                    if (four_line(sh) && lines_of(sh) <= room && verses >= min_verses) {
                        best = sh;
                        break;
                    }
                }
                if (best.empty() || lines_of(best) < lines_of(shape)) continue;
                shape = best;
                min_syllables = kShortPhrase + 1;
                bpl = cand;
                intro_used = in;
                outro_used = out;
                found = true;
                break;
            }
        }
    }
    if (shape.empty()) shape = min_verses >= 2 ? "V2 C2 V2 C2" : "V2 C2";

    auto first_of = [&](Role r) -> const Slot* {
        for (const auto& s : composed)
            if (s.role == r) return &s;
        return nullptr;
    };
    const Slot* verse = first_of(Role::verse);
    const Slot* chorus = first_of(Role::chorus);
    const Slot* bridge = first_of(Role::bridge);
    const double verse_energy = verse ? verse->energy : brief.energy;
    const double chorus_energy = chorus ? chorus->energy : std::min(1.0, verse_energy + 0.1);

    std::vector<Slot> out;
    double t = 0;
    auto add = [&](Role role, std::string kind, int section_bars, double energy, int lines) {
        out.push_back({role, std::move(kind), section_bars, t, section_bars * bar_s, energy, lines,
                       lines > 0 ? min_syllables : 0});
        t += section_bars * bar_s;
    };
    if (!composed.empty() && composed.front().role == Role::intro)
        add(Role::intro, composed.front().kind, intro_used, composed.front().energy, 0);
    for (const auto& [role, lines] : shape_of(shape)) {
        if (role == Role::verse)
            add(role, verse ? verse->kind : "verse", lines * bpl, verse_energy, lines);
        if (role == Role::chorus)
            add(role, chorus ? chorus->kind : "chorus", lines * bpl, chorus_energy, lines);
        if (role == Role::bridge)
            add(role, bridge ? bridge->kind : "bridge", lines * bpl,
                bridge ? bridge->energy : (verse_energy + chorus_energy) / 2, lines);
    }
    if (!composed.empty() && composed.back().role == Role::outro)
        add(Role::outro, composed.back().kind, outro_used, composed.back().energy, 0);
    if (!out.empty())
        out.back().seconds = std::max(out.back().seconds, score.duration_s - out.back().start_s);
    return out;
}

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
    // Line counts: a line is a phrase, the bar count whose length is nearest to ~3.2 s of
    // singing; sections sing an even number of lines (at least four when there is room), and
    // a section too short for two lines is played, not sung.
    std::vector<int> line_count(marks.size(), 0);
    std::vector<double> seconds(marks.size(), 0.5);
    for (size_t i = 0; i < marks.size(); ++i) {
        const double end = i + 1 < marks.size() ? marks[i + 1].start_s : score.duration_s;
        seconds[i] = std::max(0.5, end - marks[i].start_s);
        const int bars = std::max(1, marks[i].bars);
        const double bar_s = seconds[i] / bars;
        int bars_per_line = 1;
        for (int cand : {2, 4}) {
            if (std::abs(cand * bar_s - 3.2) < std::abs(bars_per_line * bar_s - 3.2)) bars_per_line = cand;
        }
        int n = std::max(1, bars / bars_per_line);
        while (n > 8) {
            bars_per_line *= 2;
            n = std::max(1, bars / bars_per_line);
        }
        n = std::max(n, std::min(4, static_cast<int>(seconds[i] / 2.2)));
        if (n % 2 == 1) n = (n > 1 && seconds[i] / (n - 1) <= 6.5) ? n - 1 : n + 1;
        n = std::min(n, 8);
        if (seconds[i] / n < 1.5) n = static_cast<int>(seconds[i] / 1.5) / 2 * 2;
        line_count[i] = n;
        if (is_sung(roles[i]) && n < 2) roles[i] = Role::instrumental;
    }
    // The song's shape: verse 1, then the chorus, and the chorus again later (twice or more
    // from a minute on). A style form that already sings so keeps its roles; others are mapped
    // onto verse / chorus / bridge in order (the composer follows the lyric form when sung).
    std::vector<size_t> sung;
    for (size_t i = 0; i < roles.size(); ++i) {
        if (is_sung(roles[i])) sung.push_back(i);
    }
    if (sung.empty()) {
        // Every song sings somewhere: the longest section that fits two lines.
        size_t best = 0;
        for (size_t i = 1; i < marks.size(); ++i) {
            if (seconds[i] > seconds[best]) best = i;
        }
        roles[best] = Role::verse;
        line_count[best] = std::max(2, line_count[best]);
        sung.push_back(best);
    }
    // From about a minute on, a song needs room for verse, chorus and chorus again: breaks and
    // outros that can hold two lines are sung until it has three sung sections.
    for (size_t i = 1; i < roles.size() && score.duration_s >= 55 && sung.size() < 3; ++i) {
        if ((roles[i] == Role::instrumental || roles[i] == Role::outro) && line_count[i] >= 2) {
            roles[i] = Role::chorus;
            sung.insert(std::upper_bound(sung.begin(), sung.end(), i), i);
        }
    }
    const size_t n_sung = sung.size();
    const int choruses_needed = (score.duration_s >= 55 || n_sung >= 4) ? 2 : (n_sung >= 2 ? 1 : 0);
    auto follows_song_shape = [&] {
        if (roles[sung[0]] != Role::verse) return false;
        int choruses = 0;
        for (size_t k : sung) choruses += roles[k] == Role::chorus ? 1 : 0;
        if (choruses < choruses_needed) return false;
        if (n_sung < 2) return true;
        if (roles[sung[1]] == Role::chorus) return true;
        return n_sung >= 3 && roles[sung[1]] == Role::pre_chorus && roles[sung[2]] == Role::chorus;
    };
    if (!follows_song_shape()) {
        for (size_t k = 0; k < n_sung; ++k) {
            Role r = k % 2 == 0 ? Role::verse : Role::chorus;
            if (n_sung == 3 && k == 2) r = Role::chorus;
            if (n_sung >= 5 && k == n_sung - 2) r = Role::bridge;
            if (n_sung >= 5 && k == n_sung - 1) r = Role::chorus;
            roles[sung[k]] = r;
        }
    }
    std::vector<Slot> slots;
    for (size_t i = 0; i < marks.size(); ++i)
        slots.push_back({roles[i], marks[i].kind, std::max(1, marks[i].bars), marks[i].start_s,
                         seconds[i], marks[i].energy, line_count[i], 0});
    if (!sings_like_a_song(slots, score.duration_s) || !fits_when_sung(slots, brief))
        slots = song_shaped(slots, brief, score);
    const bool rap = brief.style.find("hip_hop") != std::string::npos;

    int verse_no = 0;
    auto count_role = [&](Role r) {
        return static_cast<int>(
            std::count_if(slots.begin(), slots.end(), [&](const Slot& x) { return x.role == r; }));
    };
    const int verses = count_role(Role::verse);
    const int bridges = count_role(Role::bridge);
    int bridge_no = 0;
    int chorus_syllables = 0;
    for (const Slot& m : slots) {
        SectionPlan s;
        s.role = m.role;
        s.kind = m.kind;
        s.bars = m.bars;
        s.start_s = m.start_s;
        s.seconds = m.seconds;
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
            const int n = std::max(2, m.lines);
            const double line_s = s.seconds / n;
            // Singing density: calm songs ~1.8 syllables a second, intense ones ~3; rap more.
            double energy = std::clamp(m.energy, 0.0, 1.0);
            double per_s = 1.7 + 1.2 * energy;
            if (s.role == Role::chorus) per_s *= 0.9;
            if (rap) per_s *= 1.5;
            const int hi = rap ? 14 : 12;
            int target = std::clamp(std::max(round_int(line_s * per_s), m.min_syllables), 4, hi);
            // Every chorus is sung to the same words, so all take the first one's line length.
            if (s.role == Role::chorus) {
                if (chorus_syllables == 0) chorus_syllables = target;
                target = chorus_syllables;
            }
            s.lines = line_specs(s.role, static_cast<size_t>(n), target);
        }
        form.sections.push_back(std::move(s));
    }
    return form;
}

std::vector<LineSpec> line_specs(Role role, size_t n, int syllables) {
    // Verses, bridges and pre-choruses rhyme in couplets (AABB). A chorus's first quatrain is
    // hook, answer, hook again, rhyming answer (ABCB); its later lines are couplets; a two-line
    // chorus (a very short song's) is its hook and an answer that rhymes with it (AA), a couplet
    // like every other pair of lines.
    std::vector<LineSpec> out(n);
    char next = 'A';
    size_t i = 0;
    if (role == Role::chorus) {
        if (n >= 4) {
            out[0].rhyme = 'A';
            out[1].rhyme = 'B';
            out[2].rhyme = 'C';
            out[3].rhyme = 'B';
            next = 'D';
            i = 4;
        } else if (n >= 2) {
            out[0].rhyme = 'A';
            out[1].rhyme = 'A';
            next = 'B';
            i = 2;
        }
    }
    // Phrases too short for a whole line of thought (six syllables or fewer) sing a couplet
    // cut in four: ABCB quatrains.
    for (; role != Role::chorus && syllables <= kShortPhrase && i + 4 <= n; i += 4) {
        out[i].rhyme = next;
        out[i + 1].rhyme = static_cast<char>(next + 1);
        out[i + 2].rhyme = static_cast<char>(next + 2);
        out[i + 3].rhyme = static_cast<char>(next + 1);
        next = static_cast<char>(next + 3);
    }
    for (; i < n; i += 2) {
        out[i].rhyme = next;
        if (i + 1 < n) out[i + 1].rhyme = next;
        next = static_cast<char>(next + 1);
    }
    for (auto& l : out) l.syllables = syllables;
    return out;
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
