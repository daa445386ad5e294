// refine_lyrics: apply the user's instruction to lyrics they have, keep the rest, say what changed.
#include <algorithm>
#include <set>
#include <cctype>
#include <map>
#include <regex>

#include "lyrics/lyrics.h"
#include "lyrics/song.h"

namespace omg::lyrics {
namespace {

struct Instruction {
    enum Kind { polish, topic, mood, section, line } kind = polish;
    std::string value;         // the new topic or mood
    Role role = Role::verse;   // section / line: which section
    int number = 0;            // verse number (0: every section of the role), or the line number
    bool in_section = false;   // line: counted inside the section, not the whole song
    std::string quoted;        // line: the line's text
    std::set<Role> keep;       // "keep the chorus", "but not the verses": sections left alone
};

const std::map<std::string, std::string> kMoodWords = {
    {"sad", "sad"},     {"sadder", "sad"},    {"melancholic", "sad"}, {"dark", "dark"},
    {"darker", "dark"}, {"happy", "bright"},  {"happier", "bright"},  {"brighter", "bright"},
    {"cheerful", "bright"}, {"calm", "calm"}, {"calmer", "calm"},     {"softer", "calm"},
    {"epic", "epic"},   {"romantic", "romantic"}};

int ordinal(const std::string& w) {
    static const std::map<std::string, int> n = {{"first", 1}, {"second", 2}, {"third", 3}, {"fourth", 4},
                                                 {"last", -1}, {"one", 1},    {"two", 2},   {"three", 3}};
    if (auto it = n.find(w); it != n.end()) return it->second;
    return std::isdigit(static_cast<unsigned char>(w.empty() ? 'x' : w[0])) ? std::stoi(w) : 0;
}

std::optional<Role> role_word(const std::string& w) {
    if (w == "chorus" || w == "hook" || w == "refrain") return Role::chorus;
    if (w == "verse") return Role::verse;
    if (w == "bridge") return Role::bridge;
    if (w == "pre-chorus" || w == "prechorus") return Role::pre_chorus;
    return std::nullopt;
}

// "..., but keep the chorus" -> {chorus}, and the instruction without that clause.
std::set<Role> read_keep(std::string& text) {
    std::set<Role> keep;
    static const std::regex keep_re(
        R"([,;]?\s*(?:and|but)?\s*(?:keep|except(?: for)?|leave|not)\s+(?:the\s+)?(verses?|choruse?s?|bridges?|hooks?|refrains?|pre-choruse?s?)(?:\s+(?:as (?:it is|they are)|alone|the same|unchanged))?)",
        std::regex::icase);
    std::smatch m;
    while (std::regex_search(text, m, keep_re)) {
        const std::string w = lower(m[1]);
        if (w.starts_with("pre")) keep.insert(Role::pre_chorus);
        else if (w.starts_with("verse")) keep.insert(Role::verse);
        else if (w.starts_with("bridge")) keep.insert(Role::bridge);
        else keep.insert(Role::chorus);
        text = std::string(m.prefix()) + std::string(m.suffix());
    }
    return keep;
}

Instruction read_instruction_body(const std::string& text) {
    Instruction in;
    std::smatch m;
    static const std::regex quoted(R"(['"\u2018\u201c](.+)['"\u2019\u201d])");
    const std::string low = lower(text);
    static const std::regex about(R"((?:make it|make the song|write it|change the topic|change it|new topic|switch the topic)\s*(?:about|to|:)?\s*(?:about\s+)?(.+))");
    static const std::regex line_re(R"(line\s+(\w+)(?:\s+(?:of|in)\s+(?:the\s+)?(\w+[-\w]*)(?:\s+(\w+))?)?)");
    static const std::regex section_re(R"((?:rewrite|redo|change|new|another)\s+(?:the\s+)?(?:(\w+)\s+)?(chorus|verse|bridge|pre-chorus|prechorus|hook)(?:\s+(\w+))?)");
    if (low.find("line") != std::string::npos && std::regex_search(text, m, quoted)) {
        in.kind = Instruction::line;
        in.quoted = m[1];
        return in;
    }
    if (std::regex_search(low, m, line_re) && ordinal(m[1]) != 0) {
        in.kind = Instruction::line;
        in.number = ordinal(m[1]);
        if (m[2].matched) {
            if (auto r = role_word(m[2])) {
                in.in_section = true;
                in.role = *r;
                in.value = m[3].matched ? std::string(m[3]) : "";
            }
        }
        return in;
    }
    if (std::regex_search(low, m, section_re)) {
        in.kind = Instruction::section;
        in.role = *role_word(m[2]);
        in.number = m[3].matched ? ordinal(m[3]) : 0;
        if (in.number == 0 && m[1].matched) in.number = ordinal(m[1]);
        return in;
    }
    for (const auto& w : split_words(low)) {
        if (auto it = kMoodWords.find(w); it != kMoodWords.end() &&
            (low.find("make") != std::string::npos || low.find("more") != std::string::npos || split_words(low).size() <= 2)) {
            in.kind = Instruction::mood;
            in.value = it->second;
            return in;
        }
    }
    if (std::regex_search(low, m, about)) {
        in.kind = Instruction::topic;
        in.value = m[1];
        return in;
    }
    in.kind = Instruction::topic;  // a plain topic; polish when the lyrics already sing it
    in.value = text;
    return in;
}

Instruction read_instruction(const std::string& raw) {
    Instruction in;
    std::string text = raw;
    const std::set<Role> keep = read_keep(text);
    in = read_instruction_body(text);
    in.keep = keep;
    return in;
}

std::string plural_lines(size_t n) { return std::to_string(n) + (n == 1 ? " line" : " lines"); }

struct Refiner {
    const std::string& current;
    const LyricForm& form;
    const WriteOptions& options;
    const Vocabulary& vocab;
    Pronouncer& p;
    std::vector<LyricSection> sections;
    std::map<Role, int> target;

    int target_of(Role r) const {
        if (auto it = target.find(r); it != target.end()) return it->second;
        if (auto it = target.find(Role::verse); it != target.end()) return it->second;
        return 8;
    }

    std::vector<LineSpec> specs_of(const LyricSection& s) const {
        const Role role = role_of_tag(s.tag);
        auto specs = line_specs(role, s.lines.size(), target_of(role));
        // The user's own scheme wins: ABCB quatrains when their second and fourth lines rhyme
        // and their first two do not.
        auto last = [](const std::string& l) {
            auto w = split_words(l);
            return w.empty() ? std::string() : w.back();
        };
        if (role != Role::chorus && s.lines.size() >= 4 && p.rhymes(s.lines[1], s.lines[3]) &&
            last(s.lines[1]) != last(s.lines[3]) && !p.rhymes(s.lines[0], s.lines[1])) {
            for (size_t i = 0; i + 4 <= specs.size(); i += 4) {
                const char a = static_cast<char>('A' + i);
                specs[i].rhyme = a;
                specs[i + 1].rhyme = static_cast<char>(a + 1);
                specs[i + 2].rhyme = static_cast<char>(a + 2);
                specs[i + 3].rhyme = static_cast<char>(a + 1);
            }
        }
        return specs;
    }

    // The topic the lyrics sing now: the chorus's hook, else their first line.
    std::string current_topic() const {
        if (!options.instruction.empty() && !options.topic.empty()) return options.topic;
        for (const auto& s : sections) {
            if (role_of_tag(s.tag) == Role::chorus && !s.lines.empty()) return s.lines.front();
        }
        for (const auto& s : sections) {
            if (!s.lines.empty()) return s.lines.front();
        }
        return options.topic;
    }

    int verse_no(size_t index) const {
        int n = 0;
        for (size_t i = 0; i <= index; ++i) n += role_of_tag(sections[i].tag) == Role::verse ? 1 : 0;
        return n;
    }

    // Rewrites the chosen lines (true in `redo`) of the chosen sections with `w`; choruses
    // stay one text. Returns the sections changed, with how many lines.
    std::vector<std::pair<size_t, size_t>> rewrite(SongWriter& w, const std::vector<std::vector<bool>>& redo) {
        std::vector<std::pair<size_t, size_t>> changed;
        for (const auto& s : sections) {
            std::vector<std::string> kept;
            for (size_t i = 0; i < s.lines.size(); ++i) kept.push_back(s.lines[i]);
            w.sung(kept);
        }
        std::optional<std::vector<std::string>> chorus;
        for (size_t si = 0; si < sections.size(); ++si) {
            auto& s = sections[si];
            const Role role = role_of_tag(s.tag);
            if (s.lines.empty() || std::none_of(redo[si].begin(), redo[si].end(), [](bool b) { return b; })) continue;
            if (role == Role::chorus && chorus && chorus->size() >= s.lines.size()) {
                s.lines.assign(chorus->begin(), chorus->begin() + static_cast<long>(s.lines.size()));
                changed.emplace_back(si, s.lines.size());
                continue;
            }
            const auto specs = specs_of(s);
            std::vector<std::string> keep = s.lines;
            size_t n = 0;
            for (size_t i = 0; i < keep.size(); ++i) {
                if (redo[si][i]) {
                    keep[i].clear();
                    ++n;
                }
            }
            std::optional<std::vector<std::string>> lines;
            for (int attempt = 0; attempt < 3; ++attempt) {
                lines = w.section(role, role == Role::verse ? verse_no(si) : 0, specs, keep);
                // A rewrite must be new words, not the old line drawn again.
                bool same = lines.has_value();
                for (size_t i = 0; lines && i < keep.size(); ++i) {
                    if (redo[si][i] && (*lines)[i] != s.lines[i]) same = false;
                }
                if (lines && !same) break;
            }
            if (!lines) continue;
            s.lines = *lines;
            w.sung(s.lines);
            if (role == Role::chorus) chorus = s.lines;
            changed.emplace_back(si, n);
        }
        return changed;
    }

    std::vector<std::vector<bool>> none() const {
        std::vector<std::vector<bool>> r;
        for (const auto& s : sections) r.emplace_back(s.lines.size(), false);
        return r;
    }
};

}  // namespace

Result<Lyrics> refine_lyrics(const std::string& current, const LyricForm& form,
                             const WriteOptions& options, const Vocabulary& vocabulary,
                             Pronouncer& pronouncer) {
    if (auto st = check_form(form); !st) return tl::unexpected(st.error());
    Refiner r{current, form, options, vocabulary, pronouncer, parse_lyrics(current), {}};
    if (r.sections.empty()) {
        auto fresh = write_lyrics(form, options, vocabulary, pronouncer);
        if (fresh) fresh->changes.push_back("wrote new lyrics: there were none to refine");
        return fresh;
    }
    for (const auto& s : form.sections) {
        if (!s.lines.empty() && !r.target.count(s.role)) r.target[s.role] = s.lines.front().syllables;
    }
    const Instruction in = read_instruction(options.instruction.empty() ? options.topic : options.instruction);
    const std::string topic_now = r.current_topic();
    std::vector<std::string> changes;
    auto redo = r.none();
    WriteOptions wo = options;
    wo.topic = topic_now;
    wo.seed = options.seed ^ stable_hash(options.instruction + "|" + options.topic + "|refine");
    std::string why;

    Instruction::Kind kind = in.kind;
    if (kind == Instruction::topic) {
        // A topic the lyrics already sing (every content word present) is a polish request.
        const Topic t = read_topic(in.value, vocabulary);
        // Whole words: "sea" is not sung by "season".
        const auto sung_words = split_words(lower(current));
        const std::set<std::string> text(sung_words.begin(), sung_words.end());
        bool sung = !t.nouns.empty() || !t.actions.empty();
        for (const auto& word : split_words(in.value)) {
            if (t.words.count(word) && !text.count(word)) sung = false;
        }
        if (sung) kind = Instruction::polish;
    }
    switch (kind) {
        case Instruction::topic:
            wo.topic = in.value;
            why = " for the topic '" + in.value + "'";
            for (size_t si = 0; si < r.sections.size(); ++si) std::fill(redo[si].begin(), redo[si].end(), true);
            break;
        case Instruction::mood:
            wo.mood = in.value;
            why = " in a " + in.value + " mood";
            for (size_t si = 0; si < r.sections.size(); ++si) {
                std::fill(redo[si].begin(), redo[si].end(), true);
                // The hook carries the topic: a mood keeps it.
                if (role_of_tag(r.sections[si].tag) == Role::chorus && !redo[si].empty()) redo[si][0] = false;
            }
            break;
        case Instruction::section: {
            int verse = 0;
            for (size_t si = 0; si < r.sections.size(); ++si) {
                const Role role = role_of_tag(r.sections[si].tag);
                if (role == Role::verse) ++verse;
                if (role != in.role) continue;
                const bool pick = in.role != Role::verse || in.number == 0 || verse == in.number ||
                                  (in.number == -1 && verse == r.verse_no(r.sections.size() - 1));
                if (pick) std::fill(redo[si].begin(), redo[si].end(), true);
            }
            break;
        }
        case Instruction::line: {
            int global = 0;
            int verse = 0;
            const int want_verse = in.value.empty() ? 1 : ordinal(in.value);
            bool done = false;
            for (size_t si = 0; si < r.sections.size() && !done; ++si) {
                const Role role = role_of_tag(r.sections[si].tag);
                if (role == Role::verse) ++verse;
                for (size_t li = 0; li < r.sections[si].lines.size() && !done; ++li) {
                    ++global;
                    bool hit = false;
                    if (!in.quoted.empty()) hit = lower(r.sections[si].lines[li]) == lower(in.quoted);
                    else if (in.in_section)
                        hit = role == in.role && static_cast<int>(li) + 1 == in.number &&
                              (role != Role::verse || verse == want_verse);
                    else hit = global == in.number;
                    if (hit) {
                        redo[si][li] = true;
                        // A chorus line changes in every chorus.
                        if (role == Role::chorus) {
                            for (size_t sj = 0; sj < r.sections.size(); ++sj) {
                                if (role_of_tag(r.sections[sj].tag) == Role::chorus && li < redo[sj].size()) redo[sj][li] = true;
                            }
                        }
                        done = true;
                    }
                }
            }
            break;
        }
        case Instruction::polish:
            for (size_t si = 0; si < r.sections.size(); ++si) {
                const auto& s = r.sections[si];
                const auto specs = r.specs_of(s);
                for (size_t i = 0; i < s.lines.size(); ++i) {
                    const std::string& line = s.lines[i];
                    const bool marked = line == "..." || line == "*" || line.ends_with(" *");
                    if (marked || std::abs(pronouncer.syllables(line) - specs[i].syllables) > 3) redo[si][i] = true;
                }
                for (size_t i = 0; i < specs.size(); ++i) {
                    for (size_t j = i + 1; j < specs.size(); ++j) {
                        if (specs[j].rhyme == specs[i].rhyme && !redo[si][i] && !redo[si][j] &&
                            !pronouncer.rhymes(s.lines[i], s.lines[j]))
                            redo[si][j] = true;
                    }
                }
            }
            why = " that were marked, off their phrase or unrhymed";
            if (std::all_of(redo.begin(), redo.end(), [](const auto& v) {
                    return std::none_of(v.begin(), v.end(), [](bool b) { return b; });
                })) {
                // Nothing to mend: a fresh take on the verses, the chorus kept.
                for (size_t si = 0; si < r.sections.size(); ++si) {
                    if (role_of_tag(r.sections[si].tag) == Role::verse) std::fill(redo[si].begin(), redo[si].end(), true);
                }
                why = ": a fresh take on the same topic, the chorus kept";
            }
            break;
    }
    for (size_t si = 0; si < r.sections.size(); ++si) {
        if (in.keep.count(role_of_tag(r.sections[si].tag))) std::fill(redo[si].begin(), redo[si].end(), false);
    }
    SongWriter w(form, wo, vocabulary, pronouncer);
    const auto before = r.sections;
    for (const auto& [si, n] : r.rewrite(w, redo)) {
        if (before[si].lines == r.sections[si].lines) continue;
        const bool whole = n == r.sections[si].lines.size();
        changes.push_back("rewrote " + (whole ? r.sections[si].tag + " (" + plural_lines(n) + ")"
                                              : plural_lines(n) + " of " + r.sections[si].tag) + why);
    }
    if (changes.empty()) changes.push_back("changed nothing: the instruction named no line or section these lyrics have");
    for (Role role : in.keep) {
        changes.push_back("kept every " + std::string(role_name(role)) + " as it was, as asked");
    }
    Lyrics out;
    out.sections = std::move(r.sections);
    out.theme = w.theme_name();
    out.mood = w.mood_name();
    out.changes = std::move(changes);
    return out;
}

}  // namespace omg::lyrics
