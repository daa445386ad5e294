// The built-in lyrics writer: fills a LyricForm with a small story about the topic.
#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "lyrics/lyrics.h"
#include "lyrics/song.h"

namespace omg::lyrics {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

Role role_of_tag(const std::string& tag) {
    const std::string t = lower(tag);
    if (t.find("pre") != std::string::npos) return Role::pre_chorus;
    if (t.find("chorus") != std::string::npos || t.find("hook") != std::string::npos ||
        t.find("refrain") != std::string::npos)
        return Role::chorus;
    if (t.find("bridge") != std::string::npos) return Role::bridge;
    if (t.find("intro") != std::string::npos) return Role::intro;
    if (t.find("outro") != std::string::npos) return Role::outro;
    if (t.find("instrumental") != std::string::npos || t.find("solo") != std::string::npos ||
        t.find("break") != std::string::npos)
        return Role::instrumental;
    return Role::verse;
}

namespace {

const Mood* choose_mood(const LyricForm& form, const WriteOptions& options, const Vocabulary& vocab) {
    auto serving = [&](const std::string& m) -> const Mood* {
        for (const auto& mf : vocab.moods) {
            if (mf.name == lower(m) || std::find(mf.moods.begin(), mf.moods.end(), lower(m)) != mf.moods.end())
                return &mf;
        }
        return nullptr;
    };
    if (!options.mood.empty()) {
        if (const Mood* m = serving(options.mood)) return m;
    }
    for (const auto& m : form.moods) {
        if (const Mood* mf = serving(m)) return mf;
    }
    const char* name = form.minor ? (form.energy > 0.6 ? "dark" : "sad")
                                  : (form.energy > 0.7 ? "epic" : form.energy < 0.35 ? "calm" : "bright");
    if (const Mood* m = vocab.mood(name)) return m;
    return &vocab.moods.front();
}

}  // namespace

SongWriter::SongWriter(const LyricForm& form, const WriteOptions& options, const Vocabulary& vocabulary,
                       Pronouncer& pronouncer)
    : vocab_(vocabulary), p_(pronouncer),
      rng_(options.seed ^ stable_hash(lower(options.topic) + "|" + form.style + "|" + options.mood)),
      topic_(read_topic(options.topic.empty() ? "the old road home" : options.topic, vocabulary)), mood_(choose_mood(form, options, vocabulary)) {
    world_ = make_world(topic_, mood_->adjectives);
    if (world_.actions.empty()) world_.actions = {"carry on"};
    if (world_.adjectives.empty()) world_.adjectives = {"quiet"};
    maker_ = std::make_unique<LineMaker>(world_, vocab_, mood_->fillers, p_, rng_);
    couplets_ = std::make_unique<CoupletWriter>(topic_, options.topic, vocab_, p_, rng_, mood_, !options.mood.empty());
}

std::string SongWriter::theme_name() const {
    return topic_.themes.empty() ? std::string() : topic_.themes.front()->name;
}

void SongWriter::sung(const std::vector<std::string>& lines) { sung_.insert(lines.begin(), lines.end()); }

std::vector<std::string> SongWriter::patterns(Role role, int verse_no) const {
    std::vector<std::string> out;
    auto add = [&](std::string_view stage) {
        if (auto it = vocab_.stages.find(stage); it != vocab_.stages.end())
            out.insert(out.end(), it->second.begin(), it->second.end());
    };
    switch (role) {
        case Role::chorus: add("chorus"); break;
        case Role::pre_chorus: add("prechorus"); break;
        case Role::bridge: add("bridge"); break;
        default:
            if (verse_no <= 1) add("verse1");
            else if (verse_no == 2) add("verse2");
            else {
                add("verse3");
                add("verse2");
            }
            break;
    }
    return out;
}

std::optional<std::vector<std::string>> SongWriter::written(Role role, int verse_no,
                                                            const std::vector<LineSpec>& specs,
                                                            const std::vector<std::string>& keep) {
    const size_t n = specs.size();
    const std::string stage = stage_of(role == Role::chorus, role == Role::bridge || role == Role::pre_chorus, verse_no);
    auto letters = [&](char r) {
        return std::count_if(specs.begin(), specs.end(), [&](const LineSpec& l) { return l.rhyme == r; });
    };
    const auto before = couplets_->used();
    for (int tolerance : {kTolerance, kTolerance + 1}) {
        couplets_->restore(before);
        maker_->begin_section();
        std::vector<std::string> lines(n);
        for (size_t i = 0; i < keep.size() && i < n; ++i) lines[i] = keep[i];
        std::vector<bool> done(n, false);
        std::set<std::string> avoid = sung_;
        for (const auto& l : lines) {
            if (!l.empty()) avoid.insert(l);
        }
        // The chorus opens on its hook and, in four lines or more, comes back to it on its third.
        if (role == Role::chorus) {
            // A hook its answer rhymes with (a two-line chorus): one whose end word a written
            // line rhymes with ("Juggling fire is all I know", not "... at the circus").
            std::function<bool(const std::string&)> answerable;
            if (n >= 2 && specs[1].rhyme == specs[0].rhyme && lines[1].empty()) {
                answerable = [&](const std::string& hook) {
                    return couplets_->partner(stage, hook, specs[1].syllables, tolerance, avoid).has_value();
                };
            }
            if (lines[0].empty()) lines[0] = maker_->hook(topic_, specs[0].syllables, answerable);
            done[0] = true;
            if (n >= 4 && letters(specs[2].rhyme) == 1) {
                if (lines[2].empty()) lines[2] = maker_->hook_return(topic_, specs[2].syllables, lines[0]);
                done[2] = true;
            }
        }
        bool ok = true;
        bool want_topic = role != Role::chorus;  // a verse's first couplet sings the topic's words
        for (size_t i = 0; i < n && ok; ++i) {
            if (done[i]) continue;
            // Short phrases rhyme ABCB: one written couplet cut into four lines.
            if (role != Role::chorus && i % 4 == 0 && i + 3 < n && specs[i + 1].rhyme == specs[i + 3].rhyme &&
                letters(specs[i].rhyme) == 1 && letters(specs[i + 2].rhyme) == 1 &&
                std::all_of(lines.begin() + static_cast<long>(i), lines.begin() + static_cast<long>(i) + 4,
                            [](const std::string& l) { return l.empty(); })) {
                std::vector<int> targets;
                for (size_t k = i; k < i + 4; ++k) targets.push_back(specs[k].syllables);
                auto q = couplets_->quatrain(stage, targets, tolerance, want_topic, avoid);
                if (!q) {
                    ok = false;
                    break;
                }
                for (size_t k = 0; k < 4; ++k) {
                    lines[i + k] = (*q)[k];
                    done[i + k] = true;
                    avoid.insert((*q)[k]);
                }
                continue;
            }
            done[i] = true;
            // A line that rhymes with one already written (a two-line chorus's answer to its
            // hook) takes a written line that rhymes with that one.
            size_t earlier = i;
            for (size_t m = 0; m < i; ++m) {
                if (specs[m].rhyme == specs[i].rhyme && !lines[m].empty()) earlier = m;
            }
            if (earlier < i) {
                if (lines[i].empty()) {
                    auto l = couplets_->partner(stage, lines[earlier], specs[i].syllables, tolerance, avoid);
                    if (!l) ok = false;
                    else lines[i] = *l;
                }
                for (const auto& l : lines) {
                    if (!l.empty()) avoid.insert(l);
                }
                continue;
            }
            size_t j = i + 1;
            while (j < n && (done[j] || specs[j].rhyme != specs[i].rhyme)) ++j;
            if (j < n) {
                done[j] = true;
                if (lines[i].empty() && lines[j].empty()) {
                    auto c = couplets_->couplet(stage, specs[i].syllables, specs[j].syllables, tolerance, want_topic, avoid);
                    if (!c) ok = false;
                    else {
                        lines[i] = c->first;
                        lines[j] = c->second;
                    }
                } else if (lines[i].empty() || lines[j].empty()) {
                    const size_t k = lines[i].empty() ? i : j;
                    auto l = couplets_->partner(stage, lines[k == i ? j : i], specs[k].syllables, tolerance, avoid);
                    if (!l) ok = false;
                    else lines[k] = *l;
                }
            } else if (lines[i].empty()) {
                auto l = couplets_->single(stage, specs[i].syllables, tolerance, avoid);
                if (!l) ok = false;
                else lines[i] = *l;
            }
            for (const auto& l : lines) {
                if (!l.empty()) avoid.insert(l);
            }
        }
        if (ok) return lines;
    }
    couplets_->restore(before);
    return std::nullopt;
}

std::optional<std::vector<std::string>> SongWriter::section(Role role, int verse_no,
                                                            const std::vector<LineSpec>& specs,
                                                            const std::vector<std::string>& keep) {
    if (auto lines = written(role, verse_no, specs, keep)) {
        traces_.assign(specs.size(), LineTrace{});
        return lines;
    }
    const auto primary = patterns(role, verse_no);
    std::vector<std::string> fallback = primary;
    // The mood's lines tell no story: only when the story's own patterns run out.
    fallback.insert(fallback.end(), mood_->lines.begin(), mood_->lines.end());
    for (const auto& [stage, list] : vocab_.stages) fallback.insert(fallback.end(), list.begin(), list.end());
    fallback.insert(fallback.end(), vocab_.lines.begin(), vocab_.lines.end());

    // The chorus comes back to its hook on its first unrhymed line after it.
    // The first line after the hook that rhymes with none, in a chorus of four lines or more (a
    // two-line chorus is the hook and its answer, and a longer chorus later rhymes that answer).
    size_t return_at = specs.size();
    for (size_t i = 1; specs.size() >= 4 && i < specs.size() && return_at == specs.size(); ++i) {
        if (std::count_if(specs.begin(), specs.end(), [&](const LineSpec& l) { return l.rhyme == specs[i].rhyme; }) == 1)
            return_at = i;
    }
    const auto before = maker_->sung_state();
    constexpr int kAttempts = 40;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        maker_->restore(before);
        std::vector<std::string> lines(specs.size());
        traces_.assign(specs.size(), LineTrace{});
        maker_->begin_section();
        for (size_t i = 0; i < keep.size() && i < lines.size(); ++i) lines[i] = keep[i];
        bool ok = true;
        for (size_t i = 0; i < specs.size() && ok; ++i) {
            if (!lines[i].empty()) continue;
            if (role == Role::chorus && i == 0) {
                // A two-line chorus's hook ends on a word a noun of the world rhymes with.
                std::function<bool(const std::string&)> answerable;
                if (specs.size() >= 2 && specs[1].rhyme == specs[0].rhyme && lines[1].empty())
                    answerable = [&](const std::string& hook) { return maker_->can_rhyme(hook); };
                lines[0] = maker_->hook(topic_, specs[0].syllables, answerable);
                traces_[0] = maker_->last_trace();
                continue;
            }
            if (role == Role::chorus && i == return_at) {
                lines[i] = maker_->hook_return(topic_, specs[i].syllables, lines[0]);
                traces_[i] = maker_->last_trace();
                continue;
            }
            Need need;
            need.avoid_lines = sung_;
            for (size_t j = 0; j < lines.size(); ++j) {
                if (lines[j].empty()) continue;
                need.avoid_lines.insert(lines[j]);
                for (const auto& [type, word] : traces_[j].slots) need.avoid_nouns.insert(word);
                auto w = split_words(lines[j]);
                if (!w.empty()) need.avoid_ends.insert(w.back());
                if (specs[j].rhyme == specs[i].rhyme && !need.rhyme) need.rhyme = maker_->rhyme_of(lines[j]);
                if (specs[j].rhyme == specs[i].rhyme && !w.empty()) need.rhyme_ends.insert(w.back());
            }
            for (size_t j = i + 1; j < specs.size() && !need.rhyme; ++j) {
                if (specs[j].rhyme == specs[i].rhyme) need.pair_start = true;
            }
            // A short chorus's answer ends on a word with partners: a longer chorus later sings
            // these lines first and rhymes its fourth line with this one.
            if (role == Role::chorus && i == 1) need.pair_start = need.pair_start || !need.rhyme;
            // Early tries open a pair on a word with several partners, so the pair can close.
            need.min_partners = attempt < kAttempts / 3 ? 3 : 1;
            // Verses sing the topic's own words on their unrhymed lines; the chorus on its third.
            const bool relaxed = attempt >= kAttempts / 2;
            need.topic = !relaxed && ((role == Role::verse && i % 2 == 0) ||
                                      (role == Role::chorus && i == 2) || (role == Role::bridge && i == 0));
            auto line = maker_->line(attempt >= 6 ? fallback : primary, specs[i].syllables, need);
            if (!line && need.topic) {
                need.topic = false;
                line = maker_->line(primary, specs[i].syllables, need);
            }
            if (!line) line = maker_->line(fallback, specs[i].syllables, need);
            if (!line && attempt == kAttempts - 1) {
                // The last try never gives up: any end word when none rhymes, a pattern again.
                need.reuse = true;
                line = maker_->line(fallback, specs[i].syllables, need);
                need.loose_rhyme = true;
                if (!line) line = maker_->line(fallback, specs[i].syllables, need);
            }
            if (!line) ok = false;
            else {
                lines[i] = *line;
                traces_[i] = maker_->last_trace();
            }
        }
        if (ok) return lines;
    }
    return std::nullopt;
}

// Names keep their capitals: the topic is read in lower case, so a word the prompt wrote with a
// capital ("my sister Anna's birthday", "Paris in the spring"), other than a determiner or a
// pronoun, is written that way wherever a line sings it.
void restore_names(const std::string& topic, Lyrics& out) {
    static const std::set<std::string> kPlain = {"the", "a", "an", "my", "our", "your", "his", "her",
                                                 "their", "i", "in", "on", "at", "of", "and", "to",
                                                 "for", "with", "this", "that", "we", "you"};
    auto is_letter = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80); };
    std::map<std::string, std::string> names;  // lower case -> as written
    for (size_t i = 0; i < topic.size();) {
        if (!is_letter(topic[i])) { ++i; continue; }
        size_t j = i;
        while (j < topic.size() && is_letter(topic[j])) ++j;
        const std::string word = topic.substr(i, j - i);
        if (std::isupper(static_cast<unsigned char>(word[0])) && !kPlain.count(lower(word))) names[lower(word)] = word;
        i = j;
    }
    if (names.empty()) return;
    for (auto& section : out.sections) {
        for (auto& line : section.lines) {
            for (size_t i = 0; i < line.size();) {
                if (!is_letter(line[i])) { ++i; continue; }
                size_t j = i;
                while (j < line.size() && is_letter(line[j])) ++j;
                if (auto it = names.find(lower(line.substr(i, j - i))); it != names.end())
                    line.replace(i, j - i, it->second);
                i = j;
            }
        }
    }
}

Status check_form(const LyricForm& form) {
    if (form.sections.empty()) return fail(Errc::invalid_argument, "the song form has no sections");
    return {};
}

Result<Lyrics> write_lyrics(const LyricForm& form, const WriteOptions& options,
                            const Vocabulary& vocabulary, Pronouncer& pronouncer) {
    return write_lyrics_traced(form, options, vocabulary, pronouncer, nullptr);
}

Result<Lyrics> write_lyrics_traced(const LyricForm& form, const WriteOptions& options, const Vocabulary& vocabulary,
                                   Pronouncer& pronouncer, std::vector<std::vector<LineTrace>>* trace) {
    if (auto st = check_form(form); !st) return tl::unexpected(st.error());
    SongWriter w(form, options, vocabulary, pronouncer);
    Lyrics out;
    out.theme = w.theme_name();
    out.mood = w.mood_name();
    std::optional<std::vector<std::string>> chorus;
    std::vector<LineTrace> chorus_trace;
    int verse_no = 0;
    const bool short_chorus = std::any_of(form.sections.begin(), form.sections.end(), [](const SectionPlan& s) {
        return s.role == Role::chorus && s.lines.size() == 2;
    });
    if (trace) trace->clear();
    for (const auto& s : form.sections) {
        LyricSection ls{s.tag, {}};
        if (s.role == Role::verse) ++verse_no;
        if (trace) trace->emplace_back();
        if (!is_sung(s.role) || s.lines.empty()) {
            out.sections.push_back(std::move(ls));
            continue;
        }
        if (s.role == Role::chorus && chorus && chorus->size() >= s.lines.size()) {
            // Every chorus sings the same words; a shorter one, the first of them.
            ls.lines.assign(chorus->begin(), chorus->begin() + static_cast<long>(s.lines.size()));
            if (trace) trace->back().assign(chorus_trace.begin(), chorus_trace.begin() + static_cast<long>(s.lines.size()));
            out.sections.push_back(std::move(ls));
            continue;
        }
        std::vector<std::string> keep(s.lines.size());
        if (s.role == Role::chorus && chorus) std::copy(chorus->begin(), chorus->end(), keep.begin());
        // A longer chorus in a song that also sings a two-line one: its answer, and the line
        // that rhymes with it, rhyme with the hook too (AACA), so the two-line chorus, its start,
        // rhymes.
        std::vector<LineSpec> specs = s.lines;
        if (s.role == Role::chorus && specs.size() >= 4 && short_chorus && specs[1].rhyme == specs[3].rhyme) {
            specs[1].rhyme = specs[0].rhyme;
            specs[3].rhyme = specs[0].rhyme;
        }
        auto lines = w.section(s.role, s.role == Role::verse ? verse_no : 0, specs, keep);
        if (!lines) {
            return fail(Errc::internal, "the lyrics vocabulary has too few lines for the " + s.tag + " (" +
                                            std::to_string(s.lines.size()) + " lines of " +
                                            std::to_string(s.lines.front().syllables) + " syllables)");
        }
        ls.lines = *lines;
        w.sung(ls.lines);
        if (trace) trace->back() = w.traces();
        if (s.role == Role::chorus) {
            chorus = ls.lines;
            chorus_trace = w.traces();
        }
        out.sections.push_back(std::move(ls));
    }
    restore_names(options.topic, out);
    return out;
}

}  // namespace omg::lyrics
