#include "lyrics/tags.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace omg::lyrics {
namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string> split_words(std::string_view line) {
    std::vector<std::string> words;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && space(line[i])) ++i;
        size_t j = i;
        while (j < line.size() && !space(line[j])) ++j;
        if (j > i) words.emplace_back(line.substr(i, j - i));
        i = j;
    }
    return words;
}

std::string join(const std::vector<std::string>& words, size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) {
        if (!out.empty()) out += ' ';
        out += words[i];
    }
    return out;
}

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

struct Tag {
    std::string role;    // "" = unknown
    std::string words;   // as written, comment removed
    std::string note;    // the comment after " - ", ":" or ","
    int number = 0;
};

// "[Chorus - anthemic]" -> {chorus, "Chorus", "anthemic"}.
Tag read_tag(std::string_view inside) {
    Tag tag;
    inside = trim(inside);
    size_t cut = std::string_view::npos;
    for (std::string_view sep : {" - ", " – ", " — ", ":", ",", "|", "("}) {
        const size_t at = inside.find(sep);
        if (at != std::string_view::npos && at < cut) cut = at;
    }
    if (cut != std::string_view::npos) {
        std::string_view note = trim(inside.substr(cut));
        while (!note.empty() && (note.front() == '-' || note.front() == ':' || note.front() == ',' ||
                                 note.front() == '|' || note.front() == '(' ||
                                 static_cast<unsigned char>(note.front()) >= 0x80))
            note.remove_prefix(1);
        while (!note.empty() && note.back() == ')') note.remove_suffix(1);
        tag.note = std::string(trim(note));
        inside = trim(inside.substr(0, cut));
    }
    // A trailing number, "Verse 2" or "verse2".
    size_t end = inside.size();
    while (end > 0 && std::isdigit(static_cast<unsigned char>(inside[end - 1]))) --end;
    if (end < inside.size() && inside.size() - end <= 3) {
        for (size_t i = end; i < inside.size(); ++i) tag.number = tag.number * 10 + (inside[i] - '0');
        inside = trim(inside.substr(0, end));
    }
    tag.words = std::string(inside);
    tag.role = role_of_tag(inside);
    return tag;
}

std::string display(const std::string& role) {
    if (role == "pre-chorus") return "Pre-Chorus";
    std::string out = role;
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

std::string title_case(std::string_view words) {
    std::string out(words);
    bool start = true;
    for (char& c : out) {
        if (start && std::isalpha(static_cast<unsigned char>(c)))
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        start = space(c) || c == '-';
    }
    return out;
}

// Cuts a line of too many words at the comma nearest its middle, else in the middle.
std::vector<std::string> split_long_line(const std::string& line) {
    const auto words = split_words(line);
    if (words.size() <= static_cast<size_t>(kMaxLineWords)) return {line};
    std::vector<std::string> out;
    size_t from = 0;
    while (from < words.size()) {
        const size_t left = words.size() - from;
        if (left <= static_cast<size_t>(kMaxLineWords)) {
            out.push_back(join(words, from, words.size()));
            break;
        }
        const size_t pieces = (left + kMaxLineWords - 1) / kMaxLineWords;
        size_t cut = from + left / pieces;
        for (size_t d = 0; d < 4; ++d) {
            if (cut >= d + 1 && cut - d - 1 > from && words[cut - d - 1].back() == ',') { cut = cut - d; break; }
            if (cut + d < words.size() && words[cut + d].back() == ',') { cut = cut + d + 1; break; }
        }
        out.push_back(join(words, from, cut));
        from = cut;
    }
    return out;
}

struct Block {
    Tag tag;
    bool tagged = false;
    std::vector<std::string> lines;
    std::vector<size_t> stanza_breaks;  // line indices where a blank line preceded
};

}  // namespace

std::string role_of_tag(std::string_view words) {
    const std::string w = lower(trim(words));
    if (w.empty()) return "";
    for (std::string_view k : {"pre-chorus", "prechorus", "pre chorus", "pre-hook", "build", "lift", "climb", "channel"})
        if (contains(w, k)) return "pre-chorus";
    for (std::string_view k : {"chorus", "hook", "refrain"})
        if (contains(w, k)) return "chorus";
    for (std::string_view k : {"instrumental", "interlude", "solo", "break", "drop", "inst"})
        if (contains(w, k)) return "instrumental";
    for (std::string_view k : {"verse", "rap", "spoken", "strophe", "couplet", "estrofa"})
        if (contains(w, k)) return "verse";
    for (std::string_view k : {"bridge", "middle 8", "middle eight", "puente"})
        if (contains(w, k)) return "bridge";
    for (std::string_view k : {"intro", "opening", "prelude"})
        if (contains(w, k)) return "intro";
    for (std::string_view k : {"outro", "coda", "ending", "fade", "end"})
        if (contains(w, k)) return "outro";
    return "";
}

SongText read_song_text(std::string_view text) {
    SongText out;
    std::vector<Block> blocks;
    int total_lines = 0;
    bool capped = false;
    bool blank_before = false;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = trim(text.substr(pos, nl - pos));
        pos = nl + 1;
        if (line.empty()) {
            blank_before = true;
            if (nl == text.size()) break;
            continue;
        }
        // "[Tag]" on its own line, or "Chorus:" when its words name a section.
        bool is_tag = false;
        Tag tag;
        if (line.front() == '[' && line.back() == ']' && line.size() <= 80) {
            is_tag = true;
            tag = read_tag(line.substr(1, line.size() - 2));
        } else if (line.back() == ':' && line.size() <= 30) {
            Tag t = read_tag(line.substr(0, line.size() - 1));
            if (!t.role.empty()) {
                is_tag = true;
                tag = t;
            }
        }
        if (is_tag) {
            blocks.push_back(Block{tag, true, {}, {}});
            blank_before = false;
            continue;
        }
        if (blocks.empty()) blocks.push_back(Block{});
        for (auto& piece : split_long_line(std::string(line))) {
            if (total_lines >= kMaxSongLines) {
                capped = true;
                break;
            }
            if (blank_before && !blocks.back().lines.empty())
                blocks.back().stanza_breaks.push_back(blocks.back().lines.size());
            blocks.back().lines.push_back(std::move(piece));
            ++total_lines;
            blank_before = false;
        }
        if (capped || nl == text.size()) break;
    }
    // A section whose lines were all past the cap is not "empty": it is cut, said once below.
    if (capped && !blocks.empty() && blocks.back().tagged && blocks.back().lines.empty()) blocks.pop_back();
    if (capped)
        out.notes.push_back("the text is longer than " + std::to_string(kMaxSongLines) +
                            " lines; the rest is not sung");

    const bool any_tag = std::any_of(blocks.begin(), blocks.end(), [](const Block& b) { return b.tagged; });
    std::map<std::string, int> role_count;
    auto add = [&](std::string role, std::string shown, std::string note, std::vector<std::string> lines) {
        model::LyricSection s;
        s.role = std::move(role);
        s.tag = std::move(shown);
        s.note = std::move(note);
        for (auto& l : lines) s.lines.push_back(model::LyricLine{std::move(l), {}, {}});
        out.sections.push_back(std::move(s));
    };
    if (!any_tag) {
        // Untagged: stanzas at blank lines; one that returns word for word is the chorus.
        std::vector<std::vector<std::string>> stanzas;
        for (const auto& b : blocks) {
            size_t from = 0;
            std::vector<size_t> cuts = b.stanza_breaks;
            cuts.push_back(b.lines.size());
            for (size_t cut : cuts) {
                if (cut > from) stanzas.emplace_back(b.lines.begin() + static_cast<long>(from), b.lines.begin() + static_cast<long>(cut));
                from = cut;
            }
        }
        if (stanzas.size() == 1 && stanzas[0].size() > 6) {
            std::vector<std::string> all = stanzas[0];
            stanzas.clear();
            for (size_t i = 0; i < all.size(); i += 4)
                stanzas.emplace_back(all.begin() + static_cast<long>(i), all.begin() + static_cast<long>(std::min(all.size(), i + 4)));
            out.notes.push_back("untagged text of " + std::to_string(all.size()) + " lines sung as verses of four lines");
        }
        int verse = 0;
        for (size_t i = 0; i < stanzas.size(); ++i) {
            const bool repeats = std::count(stanzas.begin(), stanzas.end(), stanzas[i]) > 1;
            if (repeats) add("chorus", "Chorus", "", stanzas[i]);
            else add("verse", "Verse " + std::to_string(++verse), "", stanzas[i]);
        }
        return out;
    }

    for (auto& b : blocks) {
        std::string role = b.tagged ? b.tag.role : "verse";
        std::string shown;
        if (b.tagged && role.empty()) {
            role = "verse";
            out.notes.push_back("[" + b.tag.words + "] is not a section tag OMG knows; sung as a verse");
        }
        if (role == "instrumental" && b.tagged) shown = title_case(b.tag.words);
        else shown = display(role);
        if (role == "instrumental" && !b.lines.empty()) {
            out.notes.push_back("[" + shown + "] is instrumental: its " + std::to_string(b.lines.size()) +
                                " line(s) are not sung");
            b.lines.clear();
        }
        const bool sung_role = role != "instrumental" && role != "intro" && role != "outro";
        if (sung_role && b.lines.empty()) {
            out.notes.push_back("[" + (b.tagged ? b.tag.words : shown) + "] has no lines; left out");
            continue;
        }
        if (b.tag.number > 0 && role != "chorus") shown += " " + std::to_string(b.tag.number);
        ++role_count[role];
        add(role, shown, b.tag.note, std::move(b.lines));
    }
    // Number verses the text left unnumbered when there are several.
    int verse_no = 0;
    if (role_count["verse"] > 1)
        for (auto& s : out.sections)
            if (s.role == "verse" && s.tag == "Verse") s.tag = "Verse " + std::to_string(++verse_no);
    return out;
}

}  // namespace omg::lyrics
