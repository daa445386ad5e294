// Filling line patterns from the topic's world, to a syllable target and a rhyme.
#include "lyrics/lines.h"

#include <algorithm>
#include <cctype>
#include <map>

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
    std::string p;
    if (head.size() > 2 && head.ends_with('y') &&
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

bool has_slot(const std::string& pattern, std::string_view slot) {
    return pattern.find("{" + std::string(slot) + "}") != std::string::npos;
}

}  // namespace

std::string tidy_line(std::string line) {
    auto replace_all = [&](const std::string& from, const std::string& to) {
        for (size_t pos = 0; (pos = line.find(from, pos)) != std::string::npos;) {
            const bool at_word = pos == 0 || line[pos - 1] == ' ';
            if (at_word) line.replace(pos, from.size(), to);
            pos += at_word ? to.size() : 1;
        }
    };
    for (const char* det : {"my ", "your ", "our "}) {
        replace_all(std::string("the ") + det, det);
        replace_all(std::string("a ") + det, det);
    }
    replace_all("the home", "home");
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
    : world_(world), vocab_(vocabulary), fillers_(std::move(fillers)), p_(pronouncer), rng_(rng) {
    topic_items_.insert(world.topic_items.begin(), world.topic_items.end());
    for (const auto* list : {&world.places, &world.nouns, &world.people}) {
        for (const auto& x : *list) {
            if (std::find(ends_.begin(), ends_.end(), x) == ends_.end()) ends_.push_back(x);
        }
    }
    if (fillers_.empty()) fillers_ = {"oh", "and", "so"};
}

const std::string& LineMaker::pick(const std::vector<std::string>& pool, bool from_topic) {
    std::vector<const std::string*> topical;
    for (const auto& x : pool) {
        if (topic_items_.count(x)) topical.push_back(&x);
    }
    if (!topical.empty() && (from_topic || rng_.chance(0.15))) {
        return *topical[static_cast<size_t>(rng_.range(0, static_cast<int>(topical.size()) - 1))];
    }
    return pool[static_cast<size_t>(rng_.range(0, static_cast<int>(pool.size()) - 1))];
}

std::vector<std::string> LineMaker::end_candidates(const Need& need) {
    std::vector<std::string> out;
    auto allowed = [&](const std::string& w) {
        return !need.avoid_ends.count(last_word(w)) && !p_.word(last_word(w)).rhyme.empty();
    };
    if (need.rhyme) {
        for (const auto* list : std::initializer_list<const std::vector<std::string>*>{&ends_, &vocab_.common}) {
            for (const auto& w : *list) {
                if (allowed(w) && p_.word(last_word(w)).rhyme == *need.rhyme) out.push_back(w);
            }
        }
        if (out.empty()) {
            // The partners have ended other lines of the section since: one may end this one
            // too, never the very word this line rhymes with.
            for (const auto* list : std::initializer_list<const std::vector<std::string>*>{&ends_, &vocab_.common}) {
                for (const auto& w : *list) {
                    const std::string lw = last_word(w);
                    if (!need.rhyme_ends.count(lw) && p_.word(lw).rhyme == *need.rhyme) out.push_back(w);
                }
            }
        }
        return out;
    }
    for (int strict = 1; strict >= 0 && out.empty(); --strict) {
        // Strict: end words and partners not yet used in the section; else any with a partner.
        for (const auto& w : ends_) {
            if (strict ? !allowed(w) : p_.word(last_word(w)).rhyme.empty()) continue;
            if (need.pair_start) {
                // A partner must exist: another world or common word with the same rhyme.
                const std::string key = p_.word(last_word(w)).rhyme;
                bool partner = false;
                for (const auto* list :
                     std::initializer_list<const std::vector<std::string>*>{&ends_, &vocab_.common}) {
                    for (const auto& x : *list) {
                        if (last_word(x) != last_word(w) && (!strict || !need.avoid_ends.count(last_word(x))) &&
                            p_.word(last_word(x)).rhyme == key)
                            partner = true;
                    }
                }
                if (!partner) continue;
            } else if (!strict) {
                break;
            }
            out.push_back(w);
        }
    }
    return out;
}

std::optional<std::string> LineMaker::fill(const std::string& pattern, int /*target*/, const Need& need,
                                           const std::vector<std::string>& ends) {
    // The slot that carries the topic, when one must: the first with topic items.
    std::string topic_slot;
    if (need.topic) {
        auto topical = [&](const std::vector<std::string>& pool) {
            return std::any_of(pool.begin(), pool.end(), [&](const auto& x) { return topic_items_.count(x) > 0; });
        };
        for (const auto& [slot, pool] : std::initializer_list<std::pair<const char*, const std::vector<std::string>*>>{
                 {"act", &world_.actions}, {"acting", &world_.actions}, {"end", &ends}, {"place", &world_.places},
                 {"noun", &world_.nouns}, {"person", &world_.people}}) {
            if (has_slot(pattern, slot) && topical(*pool)) {
                topic_slot = slot;
                break;
            }
        }
        if (topic_slot.empty()) return std::nullopt;
    }
    if (has_slot(pattern, "end") && ends.empty()) return std::nullopt;
    std::string out;
    std::set<std::string> used;
    bool topic_done = false;
    for (size_t i = 0; i < pattern.size();) {
        if (pattern[i] != '{') {
            out += pattern[i++];
            continue;
        }
        const size_t e = pattern.find('}', i);
        const std::string slot = pattern.substr(i + 1, e - i - 1);
        i = e + 1;
        const bool force = slot == topic_slot && !topic_done;
        if (force) topic_done = true;
        std::string word;
        for (int attempt = 0; attempt < 4; ++attempt) {
            if (slot == "end") word = pick(ends, force);
            else if (slot == "noun" || slot == "nouns") word = pick(world_.nouns, force);
            else if (slot == "place") word = pick(world_.places, force);
            else if (slot == "person") word = pick(world_.people, force);
            else if (slot == "act" || slot == "acting") word = pick(world_.actions, force);
            else if (slot == "adj") word = pick(world_.adjectives, false);
            else if (slot == "adj?") word = rng_.chance(0.5) ? pick(world_.adjectives, false) : "";
            else if (slot == "topic") word = pick(world_.nouns, true);
            if (word.empty() || (!used.count(word) && !need.avoid_ends.count(last_word(word)))) break;
        }
        used.insert(word);
        if (slot == "nouns") word = plural(word);
        if (slot == "acting") word = gerund(word);
        used.insert(word);
        out += word;
    }
    out = tidy_line(out);
    if (need.avoid_lines.count(out)) return std::nullopt;
    return out;
}

std::string LineMaker::pad(const std::string& line, int target) {
    // Lead-ins that open a short line, by syllable count; the line keeps its end word (and rhyme).
    int deficit = target - p_.syllables(line);
    if (deficit <= 0) return line;
    static const std::vector<std::vector<std::string>> kLeads = {
        {},
        {},
        {"and now", "oh, and", "so now", "and then"},
        {"and so now", "oh, and now", "yeah, and so", "and then, oh"},
        {"oh, and so now", "and oh, I know", "so here and now"},
    };
    std::string lead;
    while (deficit > 0) {
        std::string piece;
        if (deficit == 1) {
            piece = fillers_[static_cast<size_t>(rng_.range(0, static_cast<int>(fillers_.size()) - 1))];
        } else {
            const int n = std::min(deficit, 4);
            const auto& pool = kLeads[static_cast<size_t>(n)];
            piece = pool[static_cast<size_t>(rng_.range(0, static_cast<int>(pool.size()) - 1))];
        }
        lead += (lead.empty() ? "" : ", ") + piece;
        deficit -= p_.syllables(piece);
        if (p_.syllables(piece) <= 0) break;
    }
    std::string lowered = line;
    if (lowered.size() > 1 && lowered.compare(0, 2, "I ") != 0 && lowered.compare(0, 2, "I'") != 0)
        lowered[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lowered[0])));
    const bool interjection = lead.ends_with("oh") || lead.ends_with("hey") || lead.ends_with("yeah");
    return tidy_line(lead + (interjection ? ", " : " ") + lowered);
}

std::optional<std::string> LineMaker::line(const std::vector<std::string>& patterns, int target,
                                           const Need& need) {
    const bool must_end = need.rhyme.has_value() || need.pair_start;
    auto ends = end_candidates(need);
    std::vector<size_t> order(patterns.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    shuffle(order, rng_);
    std::stable_partition(order.begin(), order.end(),
                          [&](size_t i) { return !used_patterns_.count(patterns[i]); });
    // The closest line at or under the target (padded up to it), else the first within tolerance.
    std::optional<std::string> near;
    std::string near_pattern;
    int near_gap = 1 << 20;
    auto consider = [&](const std::string& got, const std::string& pat) -> bool {
        const int s = p_.syllables(got);
        if (s == target) return true;
        if (s > target + kTolerance) return false;
        const int gap = s > target ? 0 : target - s;
        if (gap < near_gap) {
            near_gap = gap;
            near = got;
            near_pattern = pat;
        }
        return false;
    };
    for (int pass = 0; pass < 2 && !near; ++pass) {
        if (pass == 1) {
            // No pattern could end on the rhyme asked for: any end word will do.
            if (!must_end || !ends.empty() || !need.loose_rhyme) break;
            Need loose = need;
            loose.rhyme.reset();
            loose.pair_start = false;
            ends = end_candidates(loose);
        }
        for (size_t i : order) {
            const std::string& pat = patterns[i];
            const bool ends_on_slot = pat.size() >= 5 && pat.ends_with("{end}");
            if (must_end && !ends_on_slot) continue;
            for (int attempt = 0; attempt < 6; ++attempt) {
                auto got = fill(pat, target, need, ends);
                if (!got) continue;
                if (consider(*got, pat)) {
                    used_patterns_.insert(pat);
                    return got;
                }
            }
        }
    }
    if (!near && !need.topic) {
        // Every pattern runs long: the end word alone, opened with lead-ins.
        for (const auto& e : ends) {
            std::string bare = tidy_line("the " + e);
            if (p_.syllables(bare) > target + kTolerance) bare = tidy_line(e);
            if (p_.syllables(bare) > target + kTolerance) continue;
            bare = pad(bare, target);
            if (!need.avoid_lines.count(bare)) return bare;
        }
    }
    if (!near) return std::nullopt;
    used_patterns_.insert(near_pattern);
    const int s = p_.syllables(*near);
    if (s < target - kTolerance) return pad(*near, target);
    return near;
}

std::string LineMaker::hook(const Topic& topic, int target) {
    struct Candidate {
        int cost;
        std::string text;
    };
    std::optional<Candidate> best;
    // The topic's phrases, longest first, then its nouns alone for a short line.
    std::vector<std::string> phrases = topic.phrases;
    const size_t n_phrases = phrases.size();
    for (const auto& n : topic.nouns) {
        if (std::find(phrases.begin(), phrases.end(), n) == phrases.end()) phrases.push_back(n);
    }
    for (size_t pi = 0; pi < phrases.size(); ++pi) {
        const std::string& phrase = phrases[pi];
        const bool subject_only = topic.kind == "clause" && pi + 1 == n_phrases && pi > 0;
        const std::string kind = pi >= n_phrases || subject_only ? "np" : topic.kind;
        std::vector<std::string> wrappers = vocab_.hooks.at("any");
        if (auto it = vocab_.hooks.find(kind); it != vocab_.hooks.end()) {
            wrappers.insert(wrappers.end(), it->second.begin(), it->second.end());
        }
        for (size_t wi = 0; wi < wrappers.size(); ++wi) {
            std::string text = wrappers[wi];
            for (size_t pos; (pos = text.find("{T}")) != std::string::npos;) text.replace(pos, 3, phrase);
            text = tidy_line(text);
            const int diff = std::abs(p_.syllables(text) - target);
            const int cost = diff * 100 + static_cast<int>(pi) * 10 + static_cast<int>(wi);
            if (!best || cost < best->cost) best = Candidate{cost, text};
        }
    }
    std::string text = best ? best->text : tidy_line(topic.phrase);
    if (p_.syllables(text) < target - kTolerance) text = pad(text, target);
    return text;
}

}  // namespace omg::lyrics
