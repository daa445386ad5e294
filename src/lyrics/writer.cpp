// The built-in lyrics writer: fills a LyricForm from the vocabulary, rhyming by sound.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "core/rng.h"
#include "lyrics/lyrics.h"

namespace omg::lyrics {
namespace {

constexpr int kTolerance = 1;  // syllables a line may miss its target by

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string singular(const std::string& w) {
    if (w.size() > 3 && w.ends_with("ies")) return w.substr(0, w.size() - 3) + "y";
    if (w.size() > 3 && w.ends_with('s') && !w.ends_with("ss")) return w.substr(0, w.size() - 1);
    return w;
}

template <typename T>
void shuffle(std::vector<T>& v, Rng& rng) {
    for (size_t i = v.size(); i > 1; --i) {
        auto j = static_cast<size_t>(rng.range(0, static_cast<int>(i) - 1));
        std::swap(v[i - 1], v[j]);
    }
}

struct Pattern {
    std::string text;
    int fixed = 0;              // syllables outside the slots
    std::vector<std::string> slots;  // "noun"/"adj" in order, {end} excluded
    bool ends_with_end = false;
};

// Everything one song draws from, with syllable counts known.
class Writer {
public:
    Writer(const LyricForm& form, const WriteOptions& options, const Vocabulary& vocabulary,
           Pronouncer& p)
        : form_(form), vocab_(vocabulary), p_(p),
          rng_(options.seed ^ stable_hash(lower(options.topic) + "|" + form.style)) {
        choose(options.topic);
    }

    std::string theme_name() const { return theme_ ? theme_->name : ""; }
    std::string mood_name() const { return mood_ ? mood_->name : ""; }

    // Lines for the given specs (one section), all new. `hook` names the topic in line 0.
    std::optional<std::vector<std::string>> write_section(const std::vector<LineSpec>& specs,
                                                          bool hook,
                                                          const std::vector<std::string>& keep = {}) {
        // End words may come back in a later section, never twice in one.
        used_.clear();
        std::vector<std::string> lines(specs.size());
        std::vector<bool> done(specs.size(), false);
        for (size_t i = 0; i < keep.size() && i < specs.size(); ++i) {
            if (!keep[i].empty()) {
                lines[i] = keep[i];
                done[i] = true;
            }
        }
        std::vector<char> letters;
        for (const auto& s : specs) {
            if (std::find(letters.begin(), letters.end(), s.rhyme) == letters.end()) letters.push_back(s.rhyme);
        }
        for (char letter : letters) {
            std::vector<size_t> idx;
            std::optional<std::string> key;
            for (size_t i = 0; i < specs.size(); ++i) {
                if (specs[i].rhyme != letter) continue;
                if (done[i]) {
                    if (!key) key = p_.rhyme_of_line(lines[i]);
                    used_.insert(last_word(lines[i]));
                } else {
                    idx.push_back(i);
                }
            }
            if (idx.empty()) continue;
            std::vector<int> targets;
            std::vector<std::string> prefixes;
            bool has_hook = false;
            for (size_t i : idx) {
                targets.push_back(specs[i].syllables);
                prefixes.push_back(hook && i == 0 ? title_ + "," : "");
                has_hook = has_hook || (hook && i == 0);
            }
            auto group = write_group(targets, prefixes, key);
            if (!group) {
                // Let every pattern back in (even ones used lately) before giving up.
                recent_.clear();
                relaxed_ = true;
                group = write_group(targets, prefixes, key);
                relaxed_ = false;
            }
            if (!group && has_hook) {
                // No room for the title in front: the hook ends on a topic word instead.
                std::vector<std::string> plain(prefixes.size());
                for (auto it = topic_order_.rbegin(); !group && it != topic_order_.rend(); ++it) {
                    group = write_group(targets, plain, key, *it);
                }
                if (!group) group = write_group(targets, plain, key);
            }
            if (!group) return std::nullopt;
            for (size_t k = 0; k < idx.size(); ++k) lines[idx[k]] = (*group)[k];
        }
        return lines;
    }

    std::string rewrite_line(const LineSpec& spec, const std::optional<std::string>& key) {
        auto group = write_group({spec.syllables}, {""}, key);
        if (group) return (*group)[0];
        group = write_group({spec.syllables}, {""}, std::nullopt);
        return group ? (*group)[0] : std::string();
    }

    static std::string last_word(const std::string& line) {
        auto w = split_words(line);
        return w.empty() ? std::string() : w.back();
    }

private:
    void choose(const std::string& topic) {
        std::set<std::string> stop(vocab_.stopwords.begin(), vocab_.stopwords.end());
        std::vector<std::string> content;
        for (const auto& w : split_words(topic)) {
            if (!stop.count(w) && w.size() >= 3) content.push_back(w);
        }
        // Theme: the one whose keywords the topic names most (singular/plural alike).
        int best = 0;
        std::vector<const Theme*> tied;
        for (const auto& t : vocab_.themes) {
            int score = 0;
            for (const auto& w : content) {
                for (const auto& k : t.keywords) {
                    if (w == k || singular(w) == singular(k)) ++score;
                }
            }
            if (score > best) {
                best = score;
                tied = {&t};
            } else if (score == best && score > 0) {
                tied.push_back(&t);
            }
        }
        if (!tied.empty()) theme_ = tied[static_cast<size_t>(rng_.range(0, static_cast<int>(tied.size()) - 1))];
        if (!theme_) theme_ = vocab_.theme("life");
        if (!theme_) theme_ = &vocab_.themes.front();

        // Mood: the prompt's first mood a mood file serves, else from the key and energy.
        for (const auto& m : form_.moods) {
            for (const auto& mf : vocab_.moods) {
                if (std::find(mf.moods.begin(), mf.moods.end(), lower(m)) != mf.moods.end()) {
                    mood_ = &mf;
                    break;
                }
            }
            if (mood_) break;
        }
        if (!mood_) {
            const char* name = form_.minor ? (form_.energy > 0.6 ? "dark" : "sad")
                                           : (form_.energy > 0.7 ? "epic" : form_.energy < 0.35 ? "calm" : "bright");
            mood_ = vocab_.mood(name);
        }
        if (!mood_) mood_ = &vocab_.moods.front();

        // Pools: the topic's own words first, then the theme's, then the mood's.
        auto add_noun = [&](const std::string& w) {
            if (std::find(nouns_.begin(), nouns_.end(), w) == nouns_.end()) nouns_.push_back(w);
        };
        for (const auto& w : content) add_noun(w);
        topic_words_.insert(content.begin(), content.end());
        topic_order_ = content;
        for (const auto& w : theme_->nouns) add_noun(w);
        for (const auto& w : mood_->nouns) add_noun(w);
        for (const auto& w : theme_->adjectives) adjectives_.push_back(w);
        for (const auto& w : mood_->adjectives) {
            if (std::find(adjectives_.begin(), adjectives_.end(), w) == adjectives_.end()) adjectives_.push_back(w);
        }
        for (const auto& w : nouns_) by_syllables_["noun"][p_.syllables(w)].push_back(w);
        for (const auto& w : adjectives_) by_syllables_["adj"][p_.syllables(w)].push_back(w);
        for (const auto& w : nouns_) {
            auto r = p_.word(w).rhyme;
            if (!r.empty()) rhyme_families_[r].push_back(w);
        }
        for (const auto* list : {&vocab_.lines, &theme_->lines, &mood_->lines}) {
            for (const auto& text : *list) patterns_.push_back(parse_pattern(text));
        }
        fillers_ = mood_->fillers;
        if (fillers_.empty()) fillers_ = {"oh", "so", "and"};

        // The hook: the topic itself when it is short enough to sing, else its last words.
        std::string title;
        if (!content.empty()) {
            std::string whole;
            for (const auto& w : split_words(topic)) whole += (whole.empty() ? "" : " ") + w;
            if (p_.syllables(whole) <= 5) title = whole;
            else if (content.size() >= 2 && p_.syllables(content[content.size() - 2] + " " + content.back()) <= 4)
                title = content[content.size() - 2] + " " + content.back();
            else title = content.back();
        } else {
            title = rng_.pick(theme_->nouns);
        }
        title_ = title;
    }

    Pattern parse_pattern(const std::string& text) {
        Pattern pat;
        pat.text = text;
        std::string fixed;
        size_t i = 0;
        while (i < text.size()) {
            if (text[i] == '{') {
                size_t e = text.find('}', i);
                if (e == std::string::npos) break;
                std::string slot = text.substr(i + 1, e - i - 1);
                if (slot == "end") pat.ends_with_end = true;
                else pat.slots.push_back(slot);
                fixed += ' ';
                i = e + 1;
            } else {
                fixed += text[i++];
            }
        }
        pat.fixed = p_.syllables(fixed);
        return pat;
    }

    // Fills `pat` ending in `end` to `target` syllables (prefix counted); nullopt if no fit.
    std::optional<std::string> fill(const Pattern& pat, const std::string& end, int target,
                                    const std::string& prefix, int prefix_syl, int end_syl) {
        if (!pat.ends_with_end) return std::nullopt;
        int rem = target - prefix_syl - pat.fixed - end_syl;
        std::vector<std::string> words;
        std::string filler;
        auto pick_exact = [&](const std::string& kind, int syl) -> std::optional<std::string> {
            auto& table = by_syllables_[kind];
            auto it = table.find(syl);
            if (it == table.end() || it->second.empty()) return std::nullopt;
            std::vector<std::string> options;
            for (const auto& w : it->second) {
                if (w != end && !used_in_line(words, w)) options.push_back(w);
            }
            if (options.empty()) return std::nullopt;
            return options[static_cast<size_t>(rng_.range(0, static_cast<int>(options.size()) - 1))];
        };
        auto try_fill = [&](int total) -> bool {
            words.clear();
            if (pat.slots.empty()) return total == 0;
            if (pat.slots.size() == 1) {
                auto w = pick_exact(pat.slots[0], total);
                if (!w) return false;
                words.push_back(*w);
                return true;
            }
            // Two or more slots: spread the syllables, trying splits in a seeded order.
            std::vector<std::vector<int>> splits;
            std::vector<int> cur(pat.slots.size(), 1);
            std::function<void(size_t, int)> rec = [&](size_t k, int left) {
                if (k + 1 == cur.size()) {
                    if (left >= 1 && left <= 4) {
                        cur[k] = left;
                        splits.push_back(cur);
                    }
                    return;
                }
                for (int s = 1; s <= 3 && s < left; ++s) {
                    cur[k] = s;
                    rec(k + 1, left - s);
                }
            };
            rec(0, total);
            shuffle(splits, rng_);
            for (const auto& split : splits) {
                words.clear();
                bool ok = true;
                for (size_t k = 0; k < split.size() && ok; ++k) {
                    auto w = pick_exact(pat.slots[k], split[k]);
                    if (w) words.push_back(*w);
                    else ok = false;
                }
                if (ok) return true;
            }
            return false;
        };
        bool ok = try_fill(rem);
        if (!ok && rem >= 2) {
            // One syllable short of room: a filler opens the line ("oh, ...").
            filler = fillers_[static_cast<size_t>(rng_.range(0, static_cast<int>(fillers_.size()) - 1))];
            ok = try_fill(rem - p_.syllables(filler));
            if (!ok) filler.clear();
        }
        for (int d = 1; !ok && d <= kTolerance; ++d) {
            ok = try_fill(rem - d) || try_fill(rem + d);
        }
        if (!ok) return std::nullopt;
        // Substitute slots in order.
        std::string out;
        size_t wi = 0;
        size_t i = 0;
        const std::string& t = pat.text;
        while (i < t.size()) {
            if (t[i] == '{') {
                size_t e = t.find('}', i);
                std::string slot = t.substr(i + 1, e - i - 1);
                out += slot == "end" ? end : words[wi++];
                i = e + 1;
            } else {
                out += t[i++];
            }
        }
        out = fix_articles(out);
        if (!filler.empty()) {
            const bool interjection = filler == "oh" || filler == "hey" || filler == "yeah";
            out = filler + (interjection ? ", " : " ") + out;
        }
        if (!prefix.empty()) out = prefix + " " + out;
        out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
        const int got = p_.syllables(out);
        if (std::abs(got - target) > kTolerance) return std::nullopt;
        return out;
    }

    static bool used_in_line(const std::vector<std::string>& words, const std::string& w) {
        return std::find(words.begin(), words.end(), w) != words.end();
    }

    static std::string fix_articles(const std::string& line) {
        std::string out;
        size_t i = 0;
        while (i < line.size()) {
            bool at_word = i == 0 || line[i - 1] == ' ';
            if (at_word && line.compare(i, 2, "a ") == 0 && i + 2 < line.size()) {
                char n = static_cast<char>(std::tolower(static_cast<unsigned char>(line[i + 2])));
                bool vowel = std::string_view("aeiou").find(n) != std::string_view::npos;
                out += vowel ? "an " : "a ";
                i += 2;
                continue;
            }
            out += line[i++];
        }
        return out;
    }

    std::optional<std::string> fit_line(const std::string& end, int target, const std::string& prefix) {
        const int end_syl = p_.word(end).syllables;
        const int prefix_syl = prefix.empty() ? 0 : p_.syllables(prefix);
        std::vector<size_t> order(patterns_.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        shuffle(order, rng_);
        for (size_t i : order) {
            if (!relaxed_ && recent_.count(i)) continue;
            if (auto line = fill(patterns_[i], end, target, prefix, prefix_syl, end_syl)) {
                recent_.insert(i);
                if (recent_.size() > patterns_.size() / 2) recent_.clear();
                return line;
            }
        }
        return std::nullopt;
    }

    // Lines of one rhyme: `key` forces the rhyme, `first_end` the word that ends line 0.
    std::optional<std::vector<std::string>> write_group(const std::vector<int>& targets,
                                                        const std::vector<std::string>& prefixes,
                                                        const std::optional<std::string>& key,
                                                        const std::string& first_end = "") {
        const size_t n = targets.size();
        std::vector<std::string> keys;
        if (!first_end.empty()) {
            const auto r = p_.word(first_end).rhyme;
            if (r.empty() || (key && *key != r)) return std::nullopt;
            keys.push_back(r);
        } else if (key) {
            keys.push_back(*key);
        } else {
            std::vector<std::string> topical;
            for (const auto& [k, words] : rhyme_families_) {
                size_t free = 0;
                bool has_topic = false;
                for (const auto& w : words) {
                    if (!used_.count(w)) ++free;
                    if (topic_words_.count(w)) has_topic = true;
                }
                if (free >= n) (has_topic ? topical : keys).push_back(k);
            }
            shuffle(keys, rng_);
            shuffle(topical, rng_);
            keys.insert(keys.begin(), topical.begin(), topical.end());
        }
        int tries = 0;
        for (const auto& k : keys) {
            if (++tries > (relaxed_ ? 400 : 60)) break;
            std::vector<std::string> words;
            for (const auto& w : rhyme_families_[k]) {
                if (!used_.count(w)) words.push_back(w);
            }
            shuffle(words, rng_);
            std::vector<std::string> lines;
            std::set<std::string> taken;
            for (size_t i = 0; i < n; ++i) {
                std::optional<std::string> line;
                for (const auto& w : words) {
                    if (taken.count(w)) continue;
                    if (i == 0 && !first_end.empty() && w != first_end) continue;
                    line = fit_line(w, targets[i], prefixes[i]);
                    if (line) {
                        taken.insert(w);
                        break;
                    }
                }
                if (!line) break;
                lines.push_back(*line);
            }
            if (lines.size() == n) {
                used_.insert(taken.begin(), taken.end());
                return lines;
            }
        }
        return std::nullopt;
    }

    const LyricForm& form_;
    const Vocabulary& vocab_;
    Pronouncer& p_;
    Rng rng_;
    const Theme* theme_ = nullptr;
    const Mood* mood_ = nullptr;
    std::vector<std::string> nouns_;
    std::vector<std::string> adjectives_;
    std::set<std::string> topic_words_;
    std::vector<std::string> topic_order_;
    std::map<std::string, std::map<int, std::vector<std::string>>> by_syllables_;
    std::map<std::string, std::vector<std::string>> rhyme_families_;
    std::vector<Pattern> patterns_;
    std::vector<std::string> fillers_;
    std::set<std::string> used_;    // end words already sung
    std::set<size_t> recent_;       // patterns used lately, to vary the lines
    bool relaxed_ = false;
    std::string title_;
};

Status check_form(const LyricForm& form) {
    if (form.sections.empty()) return fail(Errc::invalid_argument, "the song form has no sections");
    return {};
}

}  // namespace

Result<Lyrics> write_lyrics(const LyricForm& form, const WriteOptions& options,
                            const Vocabulary& vocabulary, Pronouncer& pronouncer) {
    if (auto st = check_form(form); !st) return tl::unexpected(st.error());
    Writer w(form, options, vocabulary, pronouncer);
    Lyrics out;
    out.theme = w.theme_name();
    out.mood = w.mood_name();
    std::optional<std::vector<std::string>> chorus;
    std::optional<std::string> refrain;
    for (const auto& s : form.sections) {
        LyricSection ls{s.tag, {}};
        if (!is_sung(s.role) || s.lines.empty()) {
            out.sections.push_back(std::move(ls));
            continue;
        }
        if (s.role == Role::chorus && chorus && chorus->size() >= s.lines.size()) {
            // A shorter chorus sings the first lines of the song's chorus.
            ls.lines.assign(chorus->begin(), chorus->begin() + static_cast<long>(s.lines.size()));
            out.sections.push_back(std::move(ls));
            continue;
        }
        std::vector<std::string> keep(s.lines.size());
        for (size_t i = 0; i < s.lines.size(); ++i) {
            if (s.lines[i].refrain && refrain) keep[i] = *refrain;
            if (s.role == Role::chorus && chorus && i < chorus->size()) keep[i] = (*chorus)[i];
        }
        auto lines = w.write_section(s.lines, s.role == Role::chorus, keep);
        if (!lines) {
            return fail(Errc::internal, "the lyrics vocabulary has too few rhymes for the " + s.tag +
                                            " (" + std::to_string(s.lines.size()) + " lines of " +
                                            std::to_string(s.lines.front().syllables) + " syllables)");
        }
        ls.lines = *lines;
        for (size_t i = 0; i < s.lines.size(); ++i) {
            if (s.lines[i].refrain && !refrain) refrain = ls.lines[i];
        }
        if (s.role == Role::chorus && !chorus) chorus = ls.lines;
        out.sections.push_back(std::move(ls));
    }
    return out;
}

Result<Lyrics> refine_lyrics(const std::string& current, const LyricForm& form,
                             const WriteOptions& options, const Vocabulary& vocabulary,
                             Pronouncer& pronouncer) {
    if (auto st = check_form(form); !st) return tl::unexpected(st.error());
    auto sections = parse_lyrics(current);
    if (sections.empty()) return write_lyrics(form, options, vocabulary, pronouncer);
    Writer w(form, options, vocabulary, pronouncer);
    Lyrics out;
    out.theme = w.theme_name();
    out.mood = w.mood_name();

    // Syllable targets per role, from the composed form (its first section of each role).
    auto role_of_tag = [](const std::string& tag) {
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
    };
    std::map<Role, int> target;
    for (const auto& s : form.sections) {
        if (!s.lines.empty() && !target.count(s.role)) target[s.role] = s.lines.front().syllables;
    }
    auto target_of = [&](Role r) {
        if (target.count(r)) return target[r];
        if (target.count(Role::verse)) return target[Role::verse];
        return 8;
    };

    std::optional<std::vector<std::string>> chorus;
    for (auto& s : sections) {
        const Role role = role_of_tag(s.tag);
        LyricSection ls{s.tag, {}};
        if (!is_sung(role) && s.lines.empty()) {
            out.sections.push_back(std::move(ls));
            continue;
        }
        if (role == Role::chorus && chorus && chorus->size() == s.lines.size()) {
            ls.lines = *chorus;
            out.sections.push_back(std::move(ls));
            continue;
        }
        // Couplets: the plan for a section of this many lines.
        std::vector<LineSpec> specs(s.lines.size());
        for (size_t i = 0; i < specs.size(); ++i) {
            specs[i].syllables = target_of(role);
            size_t pair = i / 2;
            if (specs.size() % 2 == 1 && i == specs.size() - 1 && i > 0) pair = (i - 1) / 2;
            specs[i].rhyme = static_cast<char>('A' + std::min<size_t>(pair, 25));
        }
        std::vector<std::string> keep(s.lines.size());
        for (size_t i = 0; i < s.lines.size(); ++i) {
            std::string line = s.lines[i];
            bool marked = line == "..." || line == "*" || line.ends_with(" *");
            if (marked) continue;
            int syl = pronouncer.syllables(line);
            if (std::abs(syl - specs[i].syllables) > 3) continue;  // far off the phrase
            keep[i] = line;
        }
        // A couplet whose second line does not rhyme with its first: rewrite the second.
        for (size_t i = 0; i < specs.size(); ++i) {
            for (size_t j = i + 1; j < specs.size(); ++j) {
                if (specs[j].rhyme != specs[i].rhyme || keep[i].empty() || keep[j].empty()) continue;
                if (!pronouncer.rhymes(keep[i], keep[j])) keep[j].clear();
            }
        }
        std::optional<std::vector<std::string>> lines;
        if (s.lines.empty()) {
            lines = std::vector<std::string>{};
        } else {
            lines = w.write_section(specs, false, keep);
        }
        if (!lines) {
            // No rhyme fits the kept lines: keep them and write the rest freely.
            lines = keep;
            for (size_t i = 0; i < lines->size(); ++i) {
                if ((*lines)[i].empty()) (*lines)[i] = w.rewrite_line(specs[i], std::nullopt);
            }
        }
        ls.lines = *lines;
        if (role == Role::chorus && !chorus) chorus = ls.lines;
        out.sections.push_back(std::move(ls));
    }
    return out;
}

}  // namespace omg::lyrics
