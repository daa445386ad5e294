// Written couplets: the cast, slot filling, scansion by optional words, rhyme by pronunciation.
#include "lyrics/couplets.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "lyrics/lines.h"
#include "lyrics/song.h"

namespace omg::lyrics {
namespace {

const char* const kOwners[] = {"my ", "your ", "our ", "his ", "her ", "their ", "the ", "a ", "an "};

bool owned(const std::string& item) {
    return std::any_of(std::begin(kOwners), std::end(kOwners), [&](const char* o) { return item.starts_with(o); });
}

void add(std::vector<CastItem>& list, const std::string& text, bool topic) {
    if (text.empty()) return;
    for (const auto& x : list) {
        if (x.text == text) return;
    }
    list.push_back({text, topic});
}

// One part of a written line: literal text, a slot, or an optional group of text and slots.
struct Part {
    enum Kind { text, slot, group_start, group_end } kind = text;
    std::string value;
};

std::vector<Part> parse(const std::string& line) {
    std::vector<Part> out;
    std::string lit;
    auto flush = [&] {
        if (!lit.empty()) out.push_back({Part::text, lit});
        lit.clear();
    };
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '(' || c == ')') {
            flush();
            out.push_back({c == '(' ? Part::group_start : Part::group_end, ""});
        } else if (c == '{') {
            flush();
            const size_t e = line.find('}', i);
            out.push_back({Part::slot, line.substr(i + 1, e - i - 1)});
            i = e;
        } else {
            lit += c;
        }
    }
    flush();
    return out;
}

std::string squeeze(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        // "fire ," -> "fire,": an optional word dropped before punctuation.
        if ((c == ',' || c == '.' || c == '!' || c == '?') && !out.empty() && out.back() == ' ') out.pop_back();
        out += c;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == ',')) out.pop_back();
    while (!out.empty() && (out.front() == ' ' || out.front() == ',')) out.erase(out.begin());
    return out;
}

const std::set<std::string> kNoBreakAfter = {
    "the", "a", "an", "my", "your", "our", "his", "her", "their", "its", "this", "that", "these", "to",
    "of", "in", "on", "at", "by", "for", "with", "from", "into", "upon", "and", "but", "or", "i",
    "we", "you", "they", "he", "she", "it", "is", "are", "was", "were", "will", "can", "i'll", "i'm",
    "we'll", "we're", "you're", "it's", "there's", "every", "all", "so", "as", "than", "like",
    "where", "when", "what", "who", "not", "never", "don't", "can't", "be", "been", "have", "has",
    "had", "would", "could", "let", "just", "still", "some", "no", "one", "up", "out", "down", "very",
    "doesn't", "don't", "didn't", "won't", "can't", "couldn't", "wasn't", "isn't", "a", "little",
    "old", "long", "winding", "creaky", "wooden", "heavy", "open", "silver", "painted", "empty"};
// Words that lean on the word before them: "tell / me" never.
const std::set<std::string> kNoBreakBefore = {"me", "us", "him", "them", "it", "up", "out", "down", "away",
                                              "too", "so", "off", "back", "again"};
const std::set<std::string> kGoodBreakBefore = {
    "and", "but", "where", "when", "with", "in", "on", "at", "by", "from", "into", "like", "as",
    "i", "we", "you", "till", "until", "while", "then", "across", "above", "under", "through"};

// True when `text` holds nothing but lead-ins ("", "Oh, ", "And "): a noun after them opens the line.
bool only_lead_ins(const std::string& text) {
    static const std::set<std::string> pads = {"oh", "and", "but", "so", "now", "then", "yes", "still"};
    for (const auto& w : split_words(text)) {
        if (!pads.count(w)) return false;
    }
    return true;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> split_line(const std::string& line, int first, int second,
                                                              Pronouncer& pronouncer) {
    std::vector<std::string> words;
    for (size_t i = 0; i < line.size();) {
        const size_t e = std::min(line.find(' ', i), line.size());
        if (e > i) words.push_back(line.substr(i, e - i));
        i = e + 1;
    }
    auto join = [&](size_t from, size_t to) {
        std::string out;
        for (size_t k = from; k < to; ++k) out += (out.empty() ? "" : " ") + words[k];
        return out;
    };
    std::optional<std::pair<std::string, std::string>> best;
    int best_cost = 1 << 20;
    for (size_t k = 1; k < words.size(); ++k) {
        const std::string before = normalize_word(words[k - 1]);
        if ((kNoBreakAfter.count(before) || kNoBreakBefore.count(normalize_word(words[k]))) &&
            words[k - 1].back() != ',')
            continue;
        std::string left = join(0, k);
        const std::string right = tidy_line(join(k, words.size()));
        if (!left.empty() && left.back() == ',') left.pop_back();
        const int cost = 4 * (std::abs(pronouncer.syllables(left) - first) + std::abs(pronouncer.syllables(right) - second)) -
                         (kGoodBreakBefore.count(normalize_word(words[k])) || words[k - 1].back() == ',' ? 5 : 0);
        if (cost < best_cost) {
            best_cost = cost;
            best.emplace(left, right);
        }
    }
    return best;
}

std::string stage_of(bool chorus, bool bridge, int verse_no) {
    if (chorus) return "chorus";
    if (bridge) return "bridge";
    return verse_no <= 1 ? "verse1" : verse_no == 2 ? "verse2" : "verse3";
}

Cast make_cast(const Topic& topic, const std::string& text) {
    const std::string said = " " + lower(text) + " ";
    auto with_owner = [&](const std::string& item) {
        if (owned(item)) return item;
        for (const char* o : {"my ", "your ", "our ", "his ", "her ", "their "}) {
            const std::string mine = " " + std::string(o) + item;
            if (said.find(mine + " ") != std::string::npos || said.find(mine + "'s ") != std::string::npos) return o + item;
        }
        return "the " + item;
    };
    // "lighthouse keeper" -> "the lighthouse keeper", then "the keeper".
    auto add_noun = [&](std::vector<CastItem>& list, const std::string& item) {
        add(list, with_owner(item), true);
        const auto words = split_words(item);
        if (words.size() > 1 && !owned(item)) add(list, with_owner(words.back()), true);
    };
    Cast cast;
    for (const auto& p : topic.people) add_noun(cast.who, p);
    // Somewhere to be: the topic's places that no list knows as another kind of thing ("in
    // love" names no place).
    auto typed_other = [&](const std::string& x) {
        for (const auto& [type, items] : topic.typed) {
            if (type != NounType::place && std::find(items.begin(), items.end(), singular(x)) != items.end()) return true;
        }
        return false;
    };
    for (const auto& p : topic.places) {
        if (std::find(topic.people.begin(), topic.people.end(), p) == topic.people.end() && !typed_other(p))
            add_noun(cast.where, p);
    }
    auto is_cast = [&](const std::string& x) {
        for (const auto& y : topic.people) {
            if (y == x || singular(y) == x || y.ends_with(" " + x)) return true;
        }
        for (const auto& y : cast.where) {
            if (y.text.ends_with(" " + x)) return true;
        }
        return false;
    };
    for (NounType type : {NounType::object, NounType::nature, NounType::abstract}) {
        auto it = topic.typed.find(type);
        if (it == topic.typed.end()) continue;
        for (const auto& x : it->second) {
            if (is_cast(x)) continue;
            // A word no theme knows is read as abstract: sung bare ("chess", "love").
            if (type == NounType::abstract && !owned(x) && split_words(x).size() == 1) add(cast.what, x, true);
            else add_noun(cast.what, x);
        }
    }
    for (const auto& a : topic.actions) add(cast.act, a, true);
    // A topic that names no thing is its own thing: "the last day of school".
    if (cast.what.empty() && topic.kind == "np") {
        for (const auto& ph : topic.phrases) add(cast.what, with_owner(ph), true);
    }
    // The world fills what the topic does not name: the topic's own world, never "life", the
    // world every topic shares (a photograph's song has no neighbor in it); the neutral cast
    // below fills what neither names.
    const Theme* own = nullptr;
    for (const Theme* th : topic.themes) {
        if (!own && th->name != "life") own = th;
    }
    if (own) {
        const Theme& th = *own;
        if (cast.who.empty() && !th.people.empty()) add(cast.who, "the " + th.people.front(), false);
        if (cast.where.empty() && !th.places.empty()) add(cast.where, "the " + th.places.front(), false);
        for (NounType type : {NounType::abstract, NounType::object}) {
            if (auto it = th.typed.find(type); cast.what.empty() && it != th.typed.end() && !it->second.empty())
                add(cast.what, "the " + it->second.front(), false);
        }
        if (cast.act.empty() && !th.actions.empty()) add(cast.act, th.actions.front(), false);
    }
    if (cast.who.empty()) add(cast.who, "my friend", false);
    if (cast.where.empty()) add(cast.where, "this town", false);
    if (cast.what.empty()) add(cast.what, "the letter", false);
    if (cast.act.empty()) add(cast.act, "carry on", false);
    return cast;
}

CoupletWriter::CoupletWriter(const Topic& topic, const std::string& topic_text, const Vocabulary& vocabulary,
                             Pronouncer& pronouncer, Rng& rng, const Mood* mood, bool mood_first)
    : topic_(topic), vocab_(vocabulary), mood_(mood), mood_first_(mood_first), p_(pronouncer), rng_(rng),
      cast_(make_cast(topic, topic_text)) {
    for (const Theme* th : topic.themes) {
        if (th->name == "life") continue;
        world_words_.insert(th->keywords.begin(), th->keywords.end());
    }
}

std::vector<const Couplet*> CoupletWriter::pool(const std::string& stage) {
    std::vector<std::string> stages = {stage};
    if (stage == "verse1") stages.push_back("verse2");
    if (stage == "verse2") stages.push_back("verse3");
    if (stage == "verse3") stages.push_back("verse2");
    if (stage == "bridge") stages.push_back("verse3");
    if (stage == "chorus") {  // a long chorus line may come from the world's verses
        stages.push_back("bridge");
        stages.push_back("verse3");
    }
    std::vector<std::string> worlds;
    for (const Theme* th : topic_.themes) worlds.push_back(th->name);
    if (std::find(worlds.begin(), worlds.end(), "life") == worlds.end()) worlds.emplace_back("life");
    std::vector<const Couplet*> out;
    // A topic with a world of its own sings no "life" couplet that brings its own picture.
    const bool own_world = std::any_of(worlds.begin(), worlds.end(), [](const std::string& w) { return w != "life"; });
    auto add_group = [&](const std::vector<Couplet>& list) {
        std::vector<const Couplet*> group;
        for (const auto& c : list) {
            if (!(c.pictured && own_world)) group.push_back(&c);
        }
        for (size_t i = group.size(); i > 1; --i) {
            std::swap(group[i - 1], group[static_cast<size_t>(rng_.range(0, static_cast<int>(i) - 1))]);
        }
        out.insert(out.end(), group.begin(), group.end());
    };
    auto add_mood = [&](const std::string& st) {
        if (!mood_) return;
        auto m = mood_->couplets.find(st == "chorus" ? "chorus" : "verse");
        if (m != mood_->couplets.end()) add_group(m->second);
    };
    for (const auto& st : stages) {
        if (mood_first_) add_mood(st);
        for (const auto& world : worlds) {
            auto w = vocab_.couplets.find(world);
            if (w == vocab_.couplets.end()) continue;
            auto s = w->second.find(st);
            if (s != w->second.end()) add_group(s->second);
        }
        if (!mood_first_) add_mood(st);
    }
    return out;
}

Written CoupletWriter::render(const std::string& line, int target) {
    const auto parts = parse(line);
    // The choices: each optional group (kept first) and each slot's spellings.
    struct Choice {
        size_t part;
        size_t options;
    };
    std::vector<Choice> choices;
    auto items = [&](const std::string& slot) -> const std::vector<CastItem>& {
        if (slot == "who") return cast_.who;
        if (slot == "where") return cast_.where;
        if (slot == "what") return cast_.what;
        return cast_.act;
    };
    for (size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].kind == Part::group_start) choices.push_back({i, 2});
        if (parts[i].kind == Part::slot) choices.push_back({i, std::min<size_t>(3, items(parts[i].value).size())});
    }
    size_t combos = 1;
    for (const auto& c : choices) combos = std::min<size_t>(512, combos * c.options);
    Written best;
    int best_gap = 1 << 20;
    std::vector<size_t> pick(choices.size(), 0);
    for (size_t n = 0; n < combos; ++n) {
        size_t rest = n;
        for (size_t k = choices.size(); k-- > 0;) {
            pick[k] = rest % choices[k].options;
            rest /= choices[k].options;
        }
        std::string text;
        bool topic = false;
        bool skipping = false;
        size_t k = 0;
        for (size_t i = 0; i < parts.size(); ++i) {
            const Part& part = parts[i];
            if (part.kind == Part::group_start) {
                skipping = pick[k++] == 1;
                continue;
            }
            if (part.kind == Part::group_end) {
                skipping = false;
                continue;
            }
            if (part.kind == Part::slot) {
                const size_t choice = pick[k++];
                if (skipping) continue;
                const auto& list = items(part.value);
                const CastItem& item = list[std::min(choice, list.size() - 1)];
                std::string value = part.value == "doing" ? gerund(item.text) : item.text;
                // A bare noun opens no line ("Shift is all I see"): it takes the article there.
                if (part.value == "what" && !owned(value) && only_lead_ins(text)) value = "the " + value;
                text += value;
                topic = topic || item.from_topic;
                continue;
            }
            if (!skipping) text += part.value;
        }
        text = tidy_line(squeeze(text));
        const int syl = p_.syllables(text);
        const int gap = std::abs(syl - target);
        if (gap < best_gap) {
            best_gap = gap;
            best = {text, syl, topic};
        }
    }
    // About the topic: its own words, or the keywords of its world ("torch" for juggling fire).
    for (const auto& w : split_words(best.text)) {
        if (topic_.words.count(w) || world_words_.count(w) || world_words_.count(singular(w))) best.topic = true;
    }
    return best;
}

std::optional<std::pair<std::string, std::string>> CoupletWriter::couplet(const std::string& stage, int target_a,
                                                                          int target_b, int tolerance,
                                                                          bool& want_topic,
                                                                          const std::set<std::string>& avoid) {
    std::optional<std::pair<std::string, std::string>> fallback;
    const Couplet* fallback_from = nullptr;
    // The first few that fit, one of them by the seed: the order of the pool comes first (the
    // topic's world), and a song of long phrases, where few fit, still varies with the seed.
    std::vector<std::pair<const Couplet*, std::pair<std::string, std::string>>> fits;
    // A couplet that sings the topic a syllable further off its targets: a verse would rather
    // stretch a note than not be about its topic.
    std::optional<std::pair<std::string, std::string>> topic_wider;
    const Couplet* topic_wider_from = nullptr;
    for (const Couplet* c : pool(stage)) {
        if (fits.size() == 3) break;
        if (used_.count(c->first)) continue;
        const Written a = render(c->first, target_a);
        const Written b = render(c->second, target_b);
        const int off = std::max(std::abs(a.syllables - target_a), std::abs(b.syllables - target_b));
        if (off > tolerance + (want_topic && tolerance < 2 ? 1 : 0)) continue;
        if (avoid.count(a.text) || avoid.count(b.text)) continue;
        const auto wa = split_words(a.text);
        const auto wb = split_words(b.text);
        if (wa.empty() || wb.empty() || wa.back() == wb.back() || !p_.rhymes(a.text, b.text)) continue;
        if (off > tolerance) {
            if (!topic_wider && (a.topic || b.topic)) {
                topic_wider.emplace(a.text, b.text);
                topic_wider_from = c;
            }
            continue;
        }
        if (want_topic && !a.topic && !b.topic) {
            if (!fallback) {
                fallback.emplace(a.text, b.text);
                fallback_from = c;
            }
            continue;
        }
        fits.emplace_back(c, std::make_pair(a.text, b.text));
    }
    if (!fits.empty()) {
        const auto& pick = fits[static_cast<size_t>(rng_.range(0, static_cast<int>(fits.size()) - 1))];
        used_.insert(pick.first->first);
        want_topic = false;
        return pick.second;
    }
    if (topic_wider) {
        used_.insert(topic_wider_from->first);
        want_topic = false;
        return topic_wider;
    }
    if (fallback) used_.insert(fallback_from->first);
    return fallback;
}

std::optional<std::vector<std::string>> CoupletWriter::quatrain(const std::string& stage,
                                                                const std::vector<int>& t, int tolerance,
                                                                bool& want_topic,
                                                                const std::set<std::string>& avoid) {
    std::optional<std::vector<std::string>> fallback;
    const Couplet* fallback_from = nullptr;
    auto fits = [&](const std::string& line, int target) {
        return std::abs(p_.syllables(line) - target) <= tolerance && !avoid.count(line);
    };
    for (const Couplet* c : pool(stage)) {
        if (used_.count(c->first)) continue;
        const Written a = render(c->first, t[0] + t[1]);
        const Written b = render(c->second, t[2] + t[3]);
        const auto wa = split_words(a.text);
        const auto wb = split_words(b.text);
        if (wa.empty() || wb.empty() || wa.back() == wb.back() || !p_.rhymes(a.text, b.text)) continue;
        const auto sa = split_line(a.text, t[0], t[1], p_);
        const auto sb = split_line(b.text, t[2], t[3], p_);
        if (!sa || !sb || !fits(sa->first, t[0]) || !fits(sa->second, t[1]) || !fits(sb->first, t[2]) ||
            !fits(sb->second, t[3]))
            continue;
        std::vector<std::string> lines = {sa->first, sa->second, sb->first, sb->second};
        if (want_topic && !a.topic && !b.topic) {
            if (!fallback) {
                fallback = lines;
                fallback_from = c;
            }
            continue;
        }
        used_.insert(c->first);
        want_topic = false;
        return lines;
    }
    if (fallback) used_.insert(fallback_from->first);
    return fallback;
}

std::optional<std::string> CoupletWriter::partner(const std::string& stage, const std::string& partner, int target,
                                                  int tolerance, const std::set<std::string>& avoid) {
    const auto pw = split_words(partner);
    if (pw.empty()) return std::nullopt;
    for (const std::string& st : {stage, std::string("verse1"), std::string("verse2"), std::string("verse3"),
                                  std::string("bridge"), std::string("chorus")}) {
        for (const Couplet* c : pool(st)) {
            for (const auto* line : {&c->second, &c->first}) {
                const Written w = render(*line, target);
                const auto ww = split_words(w.text);
                if (std::abs(w.syllables - target) > tolerance || avoid.count(w.text) || ww.empty() ||
                    ww.back() == pw.back() || !p_.rhymes(w.text, partner))
                    continue;
                return w.text;
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> CoupletWriter::single(const std::string& stage, int target, int tolerance,
                                                 const std::set<std::string>& avoid) {
    for (const Couplet* c : pool(stage)) {
        if (used_.count(c->first)) continue;
        const Written w = render(c->first, target);
        if (std::abs(w.syllables - target) > tolerance || avoid.count(w.text)) continue;
        used_.insert(c->first);
        return w.text;
    }
    return std::nullopt;
}

}  // namespace omg::lyrics
