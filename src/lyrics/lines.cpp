// Filling typed line patterns from the topic's world, to a syllable target and a rhyme.
#include "lyrics/lines.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>

namespace omg::lyrics {
namespace {

template <typename T>
void shuffle(std::vector<T>& v, Rng& rng) {
    for (size_t i = v.size(); i > 1; --i) {
        auto j = static_cast<size_t>(rng.range(0, static_cast<int>(i) - 1));
        std::swap(v[i - 1], v[j]);
    }
}

std::string plural(const std::string& noun) {
    const auto sp = noun.rfind(' ');
    const std::string head = sp == std::string::npos ? noun : noun.substr(sp + 1);
    const std::string front = sp == std::string::npos ? "" : noun.substr(0, sp + 1);
    static const std::map<std::string, std::string> kIrregular = {
        {"man", "men"}, {"woman", "women"}, {"child", "children"}, {"person", "people"},
        {"mouse", "mice"}, {"sheep", "sheep"}, {"deer", "deer"}, {"fish", "fish"}, {"crew", "crew"}};
    std::string p;
    if (auto it = kIrregular.find(head); it != kIrregular.end())
        p = it->second;
    else if (head.size() > 2 && head.ends_with('y') &&
        std::string_view("aeiou").find(head[head.size() - 2]) == std::string_view::npos)
        p = head.substr(0, head.size() - 1) + "ies";
    else if (head.ends_with('s') || head.ends_with("sh") || head.ends_with("ch") || head.ends_with('x'))
        p = head + "es";
    else
        p = head + "s";
    return front + p;
}

std::string last_word(const std::string& s) {
    auto w = split_words(s);
    return w.empty() ? std::string() : w.back();
}

std::string lowered(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool has_noun_slot(const std::string& pattern) {
    for (const auto& part : parse_pattern(pattern)) {
        if (part.slot && type_of_slot(part.text)) return true;
    }
    return false;
}

// Words that take no adjective in front: possessives and proper phrases ("my grandmother's garden").
bool takes_adjective(const std::string& noun) {
    return noun.find('\'') == std::string::npos && !noun.starts_with("my ") && !noun.starts_with("your ");
}

}  // namespace

std::vector<PatternPart> parse_pattern(const std::string& pattern) {
    std::vector<PatternPart> out;
    for (size_t i = 0; i < pattern.size();) {
        const size_t open = pattern.find('{', i);
        if (open != i) {
            out.push_back({pattern.substr(i, open == std::string::npos ? std::string::npos : open - i), false});
            if (open == std::string::npos) break;
        }
        const size_t close = pattern.find('}', open);
        if (close == std::string::npos) {
            out.push_back({pattern.substr(open), false});
            break;
        }
        out.push_back({pattern.substr(open + 1, close - open - 1), true});
        i = close + 1;
    }
    return out;
}

std::string tidy_line(std::string line) {
    auto replace_all = [&](const std::string& from, const std::string& to) {
        for (size_t pos = 0; (pos = line.find(from, pos)) != std::string::npos;) {
            // Whole words only: "the lover" is not "the love" + "r".
            const size_t end = pos + from.size();
            const bool at_word = (pos == 0 || line[pos - 1] == ' ') &&
                                 (from.back() == ' ' || end == line.size() ||
                                  !std::isalpha(static_cast<unsigned char>(line[end])));
            if (at_word) line.replace(pos, from.size(), to);
            pos += at_word ? to.size() : 1;
        }
    };
    for (const char* det : {"my ", "your ", "our "}) {
        replace_all(std::string("the ") + det, det);
        replace_all(std::string("a ") + det, det);
    }
    replace_all("the home", "home");
    replace_all("the love", "love");
    for (size_t pos; (pos = line.find("  ")) != std::string::npos;) line.erase(pos, 1);
    if (!line.empty() && line.back() == ' ') line.pop_back();
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
        const bool at_word = i == 0 || line[i - 1] == ' ';
        if (at_word && (line.compare(i, 2, "a ") == 0 || line.compare(i, 2, "A ") == 0) && i + 2 < line.size()) {
            const char n = static_cast<char>(std::tolower(static_cast<unsigned char>(line[i + 2])));
            const bool vowel = std::string_view("aeio").find(n) != std::string_view::npos;
            out += line[i];
            out += vowel ? "n " : " ";
            ++i;
            continue;
        }
        out += line[i];
    }
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

LineMaker::LineMaker(const World& world, const Vocabulary& vocabulary, std::vector<std::string> fillers,
                     Pronouncer& pronouncer, Rng& rng)
    : world_(world), vocab_(vocabulary), p_(pronouncer), rng_(rng) {
    topic_items_.insert(world.topic_items.begin(), world.topic_items.end());
    auto add_nouns = [&](const std::string& item) {
        for (const auto& w : split_words(item)) nouns_.insert(singular(lowered(w)));
    };
    for (const auto& [word, type] : vocab_.types) add_nouns(word);
    for (const auto& [type, items] : world_.typed) {
        for (const auto& x : items) add_nouns(x);
    }
    // Lead-ins are single words here; the two-syllable ones are fixed below.
    for (auto& f : fillers) {
        if (f.find(' ') == std::string::npos && p_.syllables(f) == 1) fillers_.push_back(f);
    }
    if (fillers_.empty()) fillers_ = {"oh", "so"};
}

const std::vector<std::string>& LineMaker::pool(NounType type) const {
    if (auto it = world_.typed.find(type); it != world_.typed.end() && !it->second.empty()) return it->second;
    static const std::vector<std::string> kNone;
    auto it = vocab_.common_typed.find(type);
    return it == vocab_.common_typed.end() ? kNone : it->second;
}

bool LineMaker::can_rhyme(const std::string& line) {
    const auto words = split_words(line);
    if (words.empty()) return false;
    static const std::vector<std::string> kNone;
    for (NounType type : kNounTypes) {
        const auto common = vocab_.common_typed.find(type);
        for (const auto* list : {&pool(type), common == vocab_.common_typed.end() ? &kNone : &common->second}) {
            for (const auto& noun : *list) {
                const auto nw = split_words(noun);
                if (!nw.empty() && nw.back() != words.back() && p_.rhymes(noun, line)) return true;
            }
        }
    }
    return false;
}

bool LineMaker::repeats_noun(const std::string& line) const {
    // The same noun twice, or one inside another ("the moon under the moonlight").
    std::vector<std::string> seen;
    for (const auto& w : split_words(line)) {
        const std::string s = singular(lowered(w));
        if (!nouns_.count(s)) continue;
        for (const auto& x : seen) {
            const auto& [shorter, longer] = x.size() <= s.size() ? std::pair(x, s) : std::pair(s, x);
            if (shorter == longer || (shorter.size() >= 4 && longer.starts_with(shorter))) return true;
        }
        seen.push_back(s);
    }
    return false;
}

std::vector<std::string> LineMaker::end_candidates(NounType type, const Need& need) {
    std::vector<std::string> all = pool(type);
    if (auto it = vocab_.common_typed.find(type); it != vocab_.common_typed.end()) {
        for (const auto& w : it->second) {
            if (std::find(all.begin(), all.end(), w) == all.end()) all.push_back(w);
        }
    }
    std::vector<std::string> out;
    auto rhyme = [&](const std::string& w) { return p_.word(last_word(w)).rhyme; };
    auto fresh = [&](const std::string& w) { return !need.avoid_ends.count(last_word(w)) && !rhyme(w).empty(); };
    if (need.rhyme) {
        for (const auto& w : all) {
            if (fresh(w) && rhyme(w) == *need.rhyme) out.push_back(w);
        }
        if (out.empty()) {
            // The partners have ended other lines of the section since: one may end this one
            // too, never the very word this line rhymes with.
            for (const auto& w : all) {
                if (!need.rhyme_ends.count(last_word(w)) && !rhyme(w).empty() && rhyme(w) == *need.rhyme)
                    out.push_back(w);
            }
        }
        return out;
    }
    // A pair's first line: end on a word that another end word (of any type) rhymes with.
    std::map<std::string, std::set<std::string>> by_rhyme;
    for (NounType t : kNounTypes) {
        for (const auto* list : {&pool(t), &vocab_.common}) {
            for (const auto& w : *list) {
                if (!need.avoid_ends.count(last_word(w)) && !rhyme(w).empty()) by_rhyme[rhyme(w)].insert(last_word(w));
            }
        }
    }
    for (const auto& w : all) {
        if (fresh(w) && by_rhyme[rhyme(w)].size() >= need.min_partners + 1) out.push_back(w);
    }
    return out;
}

std::optional<LineMaker::Filled> LineMaker::fill(const std::string& pattern, int target, const Need& need,
                                                 bool rhymed) {
    const auto parts = parse_pattern(pattern);
    // A rhymed line ends on a singular noun slot: the rhyme was heard on the singular word.
    const bool ends_on_noun = !parts.empty() && parts.back().slot && type_of_slot(parts.back().text) &&
                              parts.back().text != "people" && parts.back().text != "objects";
    if (rhymed && !ends_on_noun) return std::nullopt;
    // Each slot's candidates: its type's pool; the end slot of a rhymed line, the rhyming words.
    std::map<size_t, std::vector<std::string>> candidates;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (!parts[i].slot) continue;
        if (parts[i].text == "act" || parts[i].text == "acting") candidates[i] = world_.actions;
        else if (auto type = type_of_slot(parts[i].text))
        {
            if (rhymed && i + 1 == parts.size()) {
                auto cached = end_cache_.find(*type);
                if (cached == end_cache_.end()) cached = end_cache_.emplace(*type, end_candidates(*type, need)).first;
                candidates[i] = cached->second;
            } else {
                candidates[i] = pool(*type);
            }
        }
        if (candidates[i].empty()) return std::nullopt;
    }
    // The slot that carries the topic, when one must: the first with topic items.
    size_t topic_slot = parts.size();
    if (need.topic) {
        for (size_t i = 0; i < parts.size() && topic_slot == parts.size(); ++i) {
            for (const auto& x : candidates[i]) {
                if (topic_items_.count(x)) topic_slot = i;
            }
        }
        if (topic_slot == parts.size()) return std::nullopt;
    }
    Filled out;
    out.trace.pattern = pattern;
    std::map<size_t, size_t> slot_index;  // pattern part -> its entry in trace.slots
    std::vector<std::string> words(parts.size());
    std::set<std::string> used;  // noun words already in the line
    for (size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].slot) continue;
        for (const auto& w : split_words(parts[i].text)) used.insert(singular(lowered(w)));
    }
    for (size_t i = 0; i < parts.size(); ++i) {
        if (!parts[i].slot) {
            words[i] = parts[i].text;
            continue;
        }
        std::vector<const std::string*> pool_i;
        for (const auto& x : candidates[i]) {
            if (i == topic_slot && !topic_items_.count(x)) continue;
            bool clash = false;
            for (const auto& w : split_words(x)) clash = clash || (nouns_.count(singular(lowered(w))) && used.count(singular(lowered(w))));
            if (!clash) pool_i.push_back(&x);
        }
        if (pool_i.empty()) return std::nullopt;
        // The topic's world before the common words every song may use.
        if (auto type = type_of_slot(parts[i].text); type && world_.typed.count(*type)) {
            const auto& own_list = world_.typed.at(*type);
            std::vector<const std::string*> own;
            for (const auto* x : pool_i) {
                if (std::find(own_list.begin(), own_list.end(), *x) != own_list.end()) own.push_back(x);
            }
            if (!own.empty()) pool_i = own;
        }
        // Nouns the section has not sung yet, when there are any.
        std::vector<const std::string*> fresh;
        for (const auto* x : pool_i) {
            if (!need.avoid_nouns.count(*x)) fresh.push_back(x);
        }
        if (!fresh.empty()) pool_i = fresh;
        // Topic items are heard more often than the theme's.
        std::vector<const std::string*> topical;
        for (const auto* x : pool_i) {
            if (topic_items_.count(*x)) topical.push_back(x);
        }
        const auto& from = !topical.empty() && rng_.chance(0.15) ? topical : pool_i;
        const std::string chosen = *from[static_cast<size_t>(rng_.range(0, static_cast<int>(from.size()) - 1))];
        for (const auto& w : split_words(chosen)) used.insert(singular(lowered(w)));
        std::string word = chosen;
        if (parts[i].text == "people" || parts[i].text == "objects") word = plural(word);
        if (parts[i].text == "acting") word = gerund(word);
        if (auto type = type_of_slot(parts[i].text)) {
            slot_index[i] = out.trace.slots.size();
            out.trace.slots.emplace_back(*type, chosen);
        }
        words[i] = word;
    }
    auto join = [&] {
        std::string text;
        for (const auto& w : words) text += w;
        return tidy_line(text);
    };
    std::string text = join();
    // Short of the target: an adjective that suits the noun's type, on at most two nouns.
    int syl = p_.syllables(text);
    std::vector<size_t> noun_slots;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].slot && type_of_slot(parts[i].text) && takes_adjective(words[i])) noun_slots.push_back(i);
    }
    shuffle(noun_slots, rng_);
    int added = 0;
    for (size_t i : noun_slots) {
        if (syl >= target || added == 3) break;
        const NounType type = *type_of_slot(parts[i].text);
        const auto& noun = out.trace.slots[slot_index[i]].second;
        auto it = world_.adjectives_of.find(noun);
        if (it == world_.adjectives_of.end()) continue;
        std::vector<std::string> adjs = it->second;
        shuffle(adjs, rng_);
        // Adjectives the song has not sung yet come first.
        std::stable_partition(adjs.begin(), adjs.end(), [&](const auto& a) { return !used_adjectives_.count(a); });
        std::string best;
        int best_gap = 1 << 20;
        for (const auto& a : adjs) {
            bool clash = false;
            for (const auto& w : split_words(a)) clash = clash || used.count(singular(lowered(w)));
            if (clash) continue;
            const int gap = std::abs(syl + p_.syllables(a) - target);
            if (syl + p_.syllables(a) <= target + kTolerance && gap < best_gap) {
                best_gap = gap;
                best = a;
            }
        }
        if (best.empty()) continue;
        words[i] = best + " " + words[i];
        for (const auto& w : split_words(best)) used.insert(singular(lowered(w)));
        out.trace.adjectives.emplace_back(type, best);
        ++added;
        text = join();
        syl = p_.syllables(text);
    }
    if (repeats_noun(text) || need.avoid_lines.count(text)) return std::nullopt;
    out.text = text;
    return out;
}

void LineMaker::accept(const LineTrace& trace) {
    used_patterns_.insert(trace.pattern);
    for (const auto& [type, adj] : trace.adjectives) used_adjectives_.insert(adj);
    trace_ = trace;
}

std::optional<std::string> LineMaker::pad(const std::string& line, int target, std::string* filler) {
    // One lead-in, alone, opens a line at most two syllables short; the line keeps its end word.
    const int deficit = target - p_.syllables(line);
    if (deficit <= kTolerance) return line;
    if (!filler_free_ || deficit > 2) return std::nullopt;
    // Never stacked: a line that opens on a lead-in of its own takes no other.
    static const std::set<std::string> kLeads = {"and", "but", "so", "oh", "now", "then", "hey", "yeah"};
    if (const auto first = split_words(line); !first.empty() && kLeads.count(lowered(first.front()))) return std::nullopt;
    static const std::vector<std::string> kTwo = {"and now", "so now", "and then", "but now"};
    const std::string lead = deficit == 2 ? kTwo[static_cast<size_t>(rng_.range(0, 3))]
                                          : fillers_[static_cast<size_t>(rng_.range(0, static_cast<int>(fillers_.size()) - 1))];
    std::string rest = line;
    if (rest.size() > 1 && rest.compare(0, 2, "I ") != 0 && rest.compare(0, 2, "I'") != 0)
        rest[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(rest[0])));
    const bool interjection = lead == "oh" || lead == "hey" || lead == "yeah";
    *filler = lead;
    return tidy_line(lead + (interjection ? ", " : " ") + rest);
}

std::optional<std::string> LineMaker::line(const std::vector<std::string>& patterns, int target,
                                           const Need& need) {
    std::vector<size_t> order;
    for (size_t i = 0; i < patterns.size(); ++i) {
        if (need.reuse || !used_patterns_.count(patterns[i])) order.push_back(i);
    }
    shuffle(order, rng_);
    std::stable_partition(order.begin(), order.end(), [&](size_t i) { return !used_patterns_.count(patterns[i]); });
    // The first line on target; else the closest within tolerance; else one a lead-in can pad.
    std::optional<Filled> near;
    int near_cost = 1 << 20;
    for (int pass = 0; pass < 2 && !near; ++pass) {
        Need n = need;
        if (pass == 1) {
            if (!need.loose_rhyme) break;
            n.rhyme.reset();  // no pattern could end on the rhyme asked for: any end word will do
            n.pair_start = false;
        }
        const bool rhymed = n.rhyme.has_value() || n.pair_start;
        end_cache_.clear();  // end words depend on the need
        for (size_t i : order) {
            for (int attempt = 0; attempt < 4; ++attempt) {
                auto got = fill(patterns[i], target, n, rhymed);
                if (!got) {
                    if (!has_noun_slot(patterns[i]) && attempt > 0) break;
                    continue;
                }
                const int s = p_.syllables(got->text);
                if (s == target) {
                    accept(got->trace);
                    return got->text;
                }
                if (s > target + kTolerance || s < target - 2) continue;
                if (s == target - 2 && !filler_free_) continue;
                const int cost = std::abs(s - target) * 2 + (s < target ? 1 : 0) + (s == target - 2 ? 10 : 0);
                if (cost < near_cost) {
                    near_cost = cost;
                    near = got;
                }
            }
        }
    }
    if (!near) return std::nullopt;
    std::string filler;
    auto padded = pad(near->text, target, &filler);
    if (!padded) return std::nullopt;
    if (!filler.empty()) filler_free_ = false;
    accept(near->trace);
    trace_.filler = filler;
    return *padded;
}

std::string LineMaker::wrap(const Topic& topic, int target, const std::vector<std::string>& extra,
                            const std::string& avoid, const std::function<bool(const std::string&)>& accept) {
    struct Candidate {
        int cost;
        Filled line;
    };
    end_cache_.clear();
    std::optional<Candidate> best;
    std::vector<Candidate> fitting;  // within the tolerance, for `accept`
    // The topic's phrases, longest first, then its nouns alone (with "the") for a short line.
    // Only nouns that hold the shortest phrase's head ("a nurse" -> "the nurse"), never for a
    // gerund phrase, whose verb is half the topic.
    std::vector<std::string> phrases = topic.phrases;
    const size_t n_phrases = phrases.size();
    const auto shortest = phrases.empty() ? std::vector<std::string>{} : split_words(phrases.back());
    for (const auto& n : topic.nouns) {
        if (topic.kind == "ing" || shortest.empty() || n == "home") break;
        const auto words = split_words(n);
        if (words.empty() || words.back() != shortest.back()) continue;
        const std::string np = n.starts_with("my ") || n.find('\'') != std::string::npos ? n : "the " + n;
        if (std::find(phrases.begin(), phrases.end(), np) == phrases.end()) phrases.push_back(np);
    }
    const bool returning = avoid.size() > 0;
    for (size_t pi = 0; pi < phrases.size(); ++pi) {
        const std::string& phrase = phrases[pi];
        const bool subject_only = topic.kind == "clause" && pi + 1 == n_phrases && pi > 0;
        const std::string kind = pi >= n_phrases || subject_only ? "np" : topic.kind;
        std::vector<std::string> wrappers = extra;
        if (auto it = vocab_.hooks.find(kind); it != vocab_.hooks.end()) {
            for (const auto& w : it->second) {
                if (!returning || !has_noun_slot(w)) wrappers.push_back(w);
            }
        }
        for (size_t wi = 0; wi < wrappers.size(); ++wi) {
            std::string pattern = wrappers[wi];
            // "Stars are calling me": a plural topic takes a plural verb.
            const auto pw = split_words(phrase);
            if (kind == "np" && !pw.empty() && singular(pw.back()) != pw.back()) {
                for (size_t pos; (pos = pattern.find("{T} is")) != std::string::npos;) pattern.replace(pos, 6, "{T} are");
            }
            for (size_t pos; (pos = pattern.find("{T}")) != std::string::npos;) pattern.replace(pos, 3, phrase);
            const bool oh = pattern.starts_with("Oh");
            if (oh && !filler_free_) continue;
            const bool slotted = has_noun_slot(pattern);
            for (int attempt = 0; attempt < (slotted ? 3 : 1); ++attempt) {
                auto got = fill(pattern, target, Need{}, false);
                if (!got || got->text == avoid || (returning && near_copy(got->text, avoid))) continue;
                if (oh) got->trace.filler = "oh";
                const int diff = std::abs(p_.syllables(got->text) - target);
                const int cost = diff * 100 + static_cast<int>(pi) * 20 + (pi >= n_phrases ? 150 : 0) +
                                 (slotted ? 0 : 10) + static_cast<int>(wi);
                if (!best || cost < best->cost) best = Candidate{cost, *got};
                // A hook `accept`s may miss its target by one syllable more (the tune takes it).
                if (accept && diff <= kTolerance + 1) fitting.push_back(Candidate{cost, *got});
            }
        }
    }
    if (accept && !(best && accept(best->line.text))) {
        std::stable_sort(fitting.begin(), fitting.end(), [](const Candidate& a, const Candidate& b) { return a.cost < b.cost; });
        for (const auto& c : fitting) {
            if (accept(c.line.text)) {
                best = c;
                break;
            }
        }
    }
    if (!best) best = Candidate{0, Filled{tidy_line(topic.phrase), {}}};
    trace_ = best->line.trace;
    for (const auto& [type, adj] : trace_.adjectives) used_adjectives_.insert(adj);
    if (!trace_.filler.empty()) filler_free_ = false;
    std::string filler;
    if (auto padded = pad(best->line.text, target, &filler)) {
        if (!filler.empty()) {
            filler_free_ = false;
            trace_.filler = filler;
        }
        return *padded;
    }
    return best->line.text;
}

std::string LineMaker::hook(const Topic& topic, int target, const std::function<bool(const std::string&)>& accept) {
    return wrap(topic, target, vocab_.hooks.at("any"), "", accept);
}

std::string LineMaker::hook_return(const Topic& topic, int target, const std::string& hook) {
    std::vector<std::string> wrappers;
    if (auto it = vocab_.hooks.find("return"); it != vocab_.hooks.end()) wrappers = it->second;
    std::string line = wrap(topic, target, wrappers, hook.empty() ? std::string(" ") : hook);
    // Nothing but a near copy fits (the bare topic phrase beside "Oh, {T}"), or only a line
    // off the phrase's syllables: the hook again, word for word.
    const bool off = std::abs(p_.syllables(line) - target) > kTolerance &&
                     std::abs(p_.syllables(hook) - target) <= std::abs(p_.syllables(line) - target);
    return hook.empty() || (!near_copy(line, hook) && !off) ? line : hook;
}

bool near_copy(std::string_view a, std::string_view b) {
    const auto x = split_words(a);
    const auto y = split_words(b);
    if (x == y) return false;
    // Word-level edit distance, one row at a time.
    std::vector<size_t> row(y.size() + 1);
    for (size_t j = 0; j <= y.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= x.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= y.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    if (row[y.size()] > 2) return false;
    // ... and alike in what they say: two words in common besides "oh", "and" and articles
    // ("Oh, the lighthouse keeper" / "Oh, the open sea" are two lines, not one sung twice).
    std::multiset<std::string> rest(y.begin(), y.end());
    int shared = 0;
    for (const auto& w : x) {
        if (w == "oh" || w == "and" || w == "the" || w == "a" || w == "an") continue;
        if (auto it = rest.find(w); it != rest.end()) {
            rest.erase(it);
            ++shared;
        }
    }
    return shared >= 2;
}

}  // namespace omg::lyrics
