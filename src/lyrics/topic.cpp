// Reading a topic: phrase, nouns, people, actions, and the themes whose world it belongs to.
#include "lyrics/topic.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "lyrics/pronunciation.h"

namespace omg::lyrics {
namespace {

const char* const kNumbers[] = {"zero", "one", "two", "three", "four", "five", "six",
                                "seven", "eight", "nine", "ten", "eleven", "twelve"};
const std::set<std::string> kPrepositions = {"at", "in", "on", "for", "from", "by", "under",
                                             "with", "into", "over", "near", "above", "across",
                                             "through", "after", "before", "without", "behind"};
const std::set<std::string> kDeterminers = {"a", "an", "the", "my", "your", "our", "his", "her",
                                            "their"};

const std::set<std::string> kTimes = {"morning", "night", "evening", "dawn", "day", "midnight",
                                      "noon", "afternoon", "tonight", "today", "summer", "winter"};

bool is_vowel(char c) { return std::string_view("aeiou").find(c) != std::string_view::npos; }

int vowel_groups(const std::string& w) {
    int n = 0;
    for (size_t i = 0; i < w.size(); ++i) {
        if (is_vowel(w[i]) && (i == 0 || !is_vowel(w[i - 1]))) ++n;
    }
    return n;
}

template <typename T>
void add_unique(std::vector<T>& v, const T& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

std::string join(const std::vector<std::string>& w, size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to && i < w.size(); ++i) out += (out.empty() ? "" : " ") + w[i];
    return out;
}


// "4am" -> "four in the morning"; "4" -> "four". Tokens lower-cased, punctuation dropped.
std::vector<std::string> tokens_of(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& raw : split_words(text)) {
        std::string w = raw;
        size_t digits = 0;
        while (digits < w.size() && std::isdigit(static_cast<unsigned char>(w[digits]))) ++digits;
        if (digits > 0 && digits <= 2) {
            const int n = std::stoi(w.substr(0, digits));
            const std::string rest = w.substr(digits);
            const std::string num = n <= 12 ? kNumbers[n] : w.substr(0, digits);
            if (rest == "am") {
                for (const char* t : {num.c_str(), "in", "the", "morning"}) out.emplace_back(t);
            } else if (rest == "pm") {
                for (const char* t : {num.c_str(), "at", "night"}) out.emplace_back(t);
            } else {
                out.push_back(num);
            }
            continue;
        }
        if (!w.empty()) out.push_back(w);
    }
    return out;
}

}  // namespace

std::string singular(const std::string& w) {
    if (w.size() > 3 && w.ends_with("ies")) return w.substr(0, w.size() - 3) + "y";
    if (w.size() > 4 && (w.ends_with("ches") || w.ends_with("shes") || w.ends_with("sses")))
        return w.substr(0, w.size() - 2);
    if (w.size() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
        return w.substr(0, w.size() - 1);
    return w;
}

std::string base_of_gerund(const std::string& w) {
    if (w.size() <= 4 || !w.ends_with("ing")) return w;
    std::string stem = w.substr(0, w.size() - 3);
    const size_t n = stem.size();
    if (n >= 2 && stem[n - 1] == stem[n - 2] && !is_vowel(stem[n - 1]) &&
        std::string_view("lsz").find(stem[n - 1]) == std::string_view::npos) {
        return stem.substr(0, n - 1);  // running -> run
    }
    const char last = stem[n - 1];
    const bool soft = std::string_view("cvz").find(last) != std::string_view::npos ||
                      (last == 'g' && (stem[n - 2] != 'n' || (n >= 5 && stem.ends_with("ang"))));
    const bool consonant_l = last == 'l' && n >= 2 && !is_vowel(stem[n - 2]) && stem[n - 2] != 'l';  // juggl -> juggle, fall stays
    const bool short_cvc = vowel_groups(stem) == 1 && n >= 2 && !is_vowel(last) &&
                           is_vowel(stem[n - 2]) && (n < 3 || !is_vowel(stem[n - 3])) &&
                           std::string_view("wxyr").find(last) == std::string_view::npos;
    if (soft || consonant_l || short_cvc) return stem + "e";  // wak -> wake, danc -> dance
    return stem;
}

std::string base_of_third_person(const std::string& w) {
    if (w.size() > 4 && w.ends_with("ies")) return w.substr(0, w.size() - 3) + "y";
    for (const char* e : {"sses", "shes", "ches", "xes", "zes", "oes"}) {
        if (w.size() > 4 && w.ends_with(e)) return w.substr(0, w.size() - 2);
    }
    if (w.size() > 2 && w.ends_with('s') && !w.ends_with("ss")) return w.substr(0, w.size() - 1);
    return w;
}

std::string gerund(const std::string& action) {
    const auto sp = action.find(' ');
    std::string verb = action.substr(0, sp);
    const std::string rest = sp == std::string::npos ? "" : action.substr(sp);
    const size_t n = verb.size();
    if (verb.ends_with("ie")) verb = verb.substr(0, n - 2) + "y";
    else if (n > 2 && verb.back() == 'e' && !verb.ends_with("ee")) verb.pop_back();
    else if (n >= 3 && vowel_groups(verb) == 1 && !is_vowel(verb[n - 1]) && is_vowel(verb[n - 2]) &&
             !is_vowel(verb[n - 3]) && std::string_view("wxy").find(verb[n - 1]) == std::string_view::npos)
        verb += verb.back();  // run -> running
    return verb + "ing" + rest;
}

Topic read_topic(const std::string& text, const Vocabulary& vocabulary) {
    Topic t;
    std::vector<std::string> w = tokens_of(text);
    // "a song about X" -> "X".
    for (size_t i = 0; i < w.size() && i < 7; ++i) {
        if (w[i] == "about") {
            w.erase(w.begin(), w.begin() + static_cast<long>(i) + 1);
            break;
        }
    }
    const std::set<std::string> stop(vocabulary.stopwords.begin(), vocabulary.stopwords.end());
    const std::set<std::string> verbs(vocabulary.verbs.begin(), vocabulary.verbs.end());
    const std::set<std::string> adjs(vocabulary.known_adjectives.begin(), vocabulary.known_adjectives.end());
    std::set<std::string> person_words;
    std::set<std::string> place_words;
    for (const auto& th : vocabulary.themes) {
        for (const auto& p : th.people) person_words.insert(p);
        for (const auto& p : th.places) place_words.insert(p);
    }

    // Word classes: v (verb), g (gerund), n (noun), a (adjective), x (function word, number).
    std::vector<char> cls(w.size(), 'x');
    size_t relative = 0;
    for (size_t i = 0; i < w.size(); ++i) {
        const std::string& x = w[i];
        const bool after_rel = i > 0 && (w[i - 1] == "who" || w[i - 1] == "that" || w[i - 1] == "which");
        if ((x == "who" || x == "that" || x == "which") && i > 0 && relative == 0) relative = i;
        if (after_rel || (i > 0 && w[i - 1] == "to" && i >= 2 && cls[i - 2] == 'g') ||
            (verbs.count(x) && x.ends_with('s') && i > 0 && cls[i - 1] == 'n')) {
            cls[i] = 'v';
        } else if (x.size() > 4 && x.ends_with("ing") && x != "morning" && x != "evening" &&
                   x != "something" && x != "nothing" && x != "everything" && x != "king" &&
                   x != "spring" && x != "string" && x != "ring" && x != "wing") {
            cls[i] = 'g';
        } else if (stop.count(x) || kPrepositions.count(x) || x.size() < 3 ||
                   std::find(std::begin(kNumbers), std::end(kNumbers), x) != std::end(kNumbers)) {
            cls[i] = 'x';
        } else if (adjs.count(x) && i + 1 < w.size() && !stop.count(w[i + 1])) {
            cls[i] = 'a';
        } else {
            cls[i] = 'n';
        }
    }
    // The singable phrase: "a keeper who misses the sea" -> "the keeper misses the sea".
    std::vector<std::string> phrase = w;
    size_t subject_end = 0;
    if (relative > 0) {
        phrase.erase(phrase.begin() + static_cast<long>(relative));
        if (phrase[0] == "a" || phrase[0] == "an") phrase[0] = "the";
        t.kind = "clause";
        subject_end = relative;
    } else if (!w.empty() && cls[0] == 'g') {
        t.kind = "ing";
    } else {
        for (size_t i = 1; i < w.size(); ++i) {
            if (cls[i] == 'v' && w[i - 1] != "to") {
                t.kind = "clause";
                subject_end = i;
                break;
            }
        }
    }
    t.phrase = join(phrase, 0, phrase.size());
    add_unique(t.phrases, t.phrase);
    // Shorter forms: cut before each preposition, then the subject alone.
    for (size_t i = phrase.size(); i-- > 1;) {
        if (kPrepositions.count(phrase[i]) && i >= 2) add_unique(t.phrases, join(phrase, 0, i));
    }
    if (t.kind == "clause" && subject_end > 0) add_unique(t.phrases, join(phrase, 0, subject_end));

    // Nouns, compounds ("lighthouse keeper", "my grandmother's garden"), people and places.
    std::set<std::string> after_preposition;  // "at the circus": somewhere one can be
    for (size_t i = 0; i < w.size(); ++i) {
        if (cls[i] != 'n') continue;
        size_t j = i;
        while (j + 1 < w.size() && cls[j + 1] == 'n') ++j;
        for (size_t k = i; k <= j; ++k) {
            std::string noun = w[k];
            if (noun.ends_with("'s")) noun.resize(noun.size() - 2);  // "grandmother's"
            if (!kTimes.count(noun)) add_unique(t.nouns, noun);
            if (k < j && person_words.count(noun)) add_unique(t.people, noun);
        }
        if (j > i) {
            std::string compound = join(w, i, j + 1);
            if (compound.find("'s") != std::string::npos && i > 0 && kDeterminers.count(w[i - 1]) &&
                w[i - 1] != "a" && w[i - 1] != "an" && w[i - 1] != "the") {
                compound = w[i - 1] + " " + compound;  // "my grandmother's garden"
            }
            t.nouns.insert(t.nouns.begin(), compound);
        }
        const std::string& head = w[j];
        const bool person = person_words.count(head) > 0 ||
                            ((head.ends_with("er") || head.ends_with("or") || head.ends_with("ist")) &&
                             !place_words.count(head) && !adjs.count(head));
        const std::string np = j > i ? join(w, i, j + 1) : head;
        if ((i > 0 && kPrepositions.count(w[i - 1])) ||
            (i > 1 && kPrepositions.count(w[i - 2]) && kDeterminers.count(w[i - 1]))) {
            after_preposition.insert(np);
            after_preposition.insert(head);
        }
        if (person) add_unique(t.people, np);
        else if (kTimes.count(head)) {  // "in the morning" is a time, not a place
        }
        else if (place_words.count(head) || j + 1 == w.size() || (i > 0 && kPrepositions.count(w[i - 1])) ||
                 (i > 1 && kPrepositions.count(w[i - 2])))
            add_unique(t.places, np.find("'s") != std::string::npos ? t.nouns.front() : np);
        i = j;
    }
    // Actions: the gerund phrase or the clause's verb phrase, in base form.
    for (size_t i = 0; i < w.size(); ++i) {
        if (cls[i] != 'g' && cls[i] != 'v') continue;
        std::vector<std::string> vp(w.begin() + static_cast<long>(i), w.end());
        vp[0] = cls[i] == 'g' ? base_of_gerund(vp[0]) : base_of_third_person(vp[0]);
        for (size_t k = 1; k < vp.size(); ++k) {
            if (cls[i + k] == 'g' || (cls[i + k] == 'v' && k > 1 && vp[k - 1] != "to")) {
                vp.resize(k);
                break;
            }
        }
        add_unique(t.actions, join(vp, 0, vp.size()));
        for (size_t k = vp.size(); k-- > 2;) {
            if (kPrepositions.count(vp[k])) add_unique(t.actions, join(vp, 0, k));
        }
        break;
    }
    for (size_t i = 0; i < w.size(); ++i) {
        if (cls[i] == 'a') add_unique(t.adjectives, w[i]);
        if (cls[i] != 'x') {
            t.words.insert(w[i]);
            t.words.insert(singular(w[i]));
            if (cls[i] == 'g') t.words.insert(base_of_gerund(w[i]));
            if (w[i].ends_with("'s")) t.words.insert(w[i].substr(0, w[i].size() - 2));
            if (cls[i] == 'v') t.words.insert(base_of_third_person(w[i]));
        }
    }
    // Types: the vocabulary's for the word or its head, else what the topic says of it. A noun
    // with no known type is abstract: the one slot type no pattern puts in a hand or a room.
    auto known = [&](const std::string& x) -> std::optional<NounType> {
        if (auto it = vocabulary.types.find(x); it != vocabulary.types.end()) return it->second;
        if (auto it = vocabulary.types.find(singular(x)); it != vocabulary.types.end()) return it->second;
        return std::nullopt;
    };
    for (const auto& n : t.nouns) {
        if (n == "home" || kTimes.count(n)) continue;
        auto words = split_words(n);
        if (words.empty()) continue;
        std::string head = words.back();
        if (head.ends_with("'s")) head.resize(head.size() - 2);
        std::string item = n;
        if (words.size() == 1) item = singular(n);
        std::optional<NounType> type = known(n);
        if (!type) type = known(head);
        if (!type) {
            const bool person = std::find(t.people.begin(), t.people.end(), n) != t.people.end();
            const bool place = after_preposition.count(n) > 0;
            type = person ? NounType::person : place ? NounType::place : NounType::abstract;
        }
        add_unique(t.typed[*type], item);
    }
    // Themes: those whose keywords the topic names most, up to two.
    std::vector<std::pair<int, const Theme*>> scored;
    for (const auto& th : vocabulary.themes) {
        int score = 0;
        for (const auto& k : th.keywords) {
            if (t.words.count(k) || t.words.count(singular(k))) ++score;
        }
        if (score > 0) scored.emplace_back(score, &th);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; i < scored.size() && i < 2; ++i) t.themes.push_back(scored[i].second);
    if (t.themes.empty()) {
        if (const Theme* life = vocabulary.theme("life")) t.themes.push_back(life);
        else if (!vocabulary.themes.empty()) t.themes.push_back(&vocabulary.themes.front());
    }
    return t;
}

World make_world(const Topic& topic, const std::vector<std::string>& mood_adjectives) {
    World w;
    for (const auto& [type, items] : topic.typed) {
        for (const auto& x : items) add_unique(w.typed[type], x);
    }
    for (const auto* th : topic.themes) {
        for (const auto& [type, items] : th->typed) {
            for (const auto& x : items) add_unique(w.typed[type], x);
        }
        for (const auto& [type, items] : th->typed_adjectives) {
            for (const auto& x : items) add_unique(w.adjectives_for[type], x);
            if (auto it = th->typed.find(type); it != th->typed.end()) {
                for (const auto& noun : it->second) {
                    for (const auto& x : items) add_unique(w.adjectives_of[noun], x);
                }
            }
            if (auto it = topic.typed.find(type); it != topic.typed.end()) {
                for (const auto& noun : it->second) {
                    for (const auto& x : items) add_unique(w.adjectives_of[noun], x);
                }
            }
        }
    }
    for (const auto& p : topic.people) add_unique(w.people, p);
    for (const auto& p : topic.places) add_unique(w.places, p);
    for (const auto& n : topic.nouns) {
        if (std::find(topic.people.begin(), topic.people.end(), n) == topic.people.end()) add_unique(w.nouns, n);
    }
    for (const auto& a : topic.actions) add_unique(w.actions, a);
    for (const auto& a : topic.adjectives) add_unique(w.adjectives, a);
    w.topic_items = w.people;
    for (const auto* list : {&w.places, &w.nouns, &w.actions, &w.adjectives}) {
        for (const auto& x : *list) add_unique(w.topic_items, x);
    }
    for (const auto& [type, items] : topic.typed) {
        for (const auto& x : items) add_unique(w.topic_items, x);
    }
    // Interleave the themes so the second one is heard too.
    for (const auto* th : topic.themes) {
        for (const auto& x : th->people) add_unique(w.people, x);
        for (const auto& x : th->places) add_unique(w.places, x);
        for (const auto& x : th->nouns) add_unique(w.nouns, x);
        for (const auto& x : th->actions) add_unique(w.actions, x);
        for (const auto& x : th->adjectives) add_unique(w.adjectives, x);
    }
    for (const auto& a : mood_adjectives) add_unique(w.adjectives, a);
    for (const auto* list : {&w.people, &w.places, &w.nouns, &w.actions}) {
        for (const auto& item : *list) {
            for (const auto& x : split_words(item)) w.words.insert(x);
        }
    }
    for (const auto& [type, items] : w.typed) {
        for (const auto& item : items) {
            for (const auto& x : split_words(item)) w.words.insert(x);
        }
    }
    for (const auto& [type, items] : w.adjectives_for) {
        for (const auto& item : items) {
            for (const auto& x : split_words(item)) w.words.insert(x);
        }
    }
    for (const auto& x : topic.words) w.words.insert(x);
    return w;
}

}  // namespace omg::lyrics
