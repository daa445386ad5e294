// Sung syllables -> phrases, phone durations and the pitch track.
#include "voice/retime.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace omg::voice::detail {
namespace {

constexpr double kLeadPause = 0.06;  // silence before a phrase's first consonant
constexpr double kTailPause = 0.10;  // release after the last note
constexpr double kMinPhone = 0.025;  // 5 states x 5 ms: shorter labels fail in HTS
constexpr double kOnsetShare = 0.4;  // onset consonants: at most 40 % of the note
constexpr double kCodaShare = 0.3;   // codas: at most 30 % of the syllable
constexpr double kMinVowel = 0.04;
// Unvoiced consonants before the beat steal from the previous vowel: at most this share of it.
constexpr double kStealShare = 0.2;
// The vowel starts this much before its note: voicing after a stop or /s/ takes ~20-30 ms to
// build, so the pitch (whose glide ends on the beat) arrives on time.
constexpr double kVowelLead = 0.02;

const char* kFallbackPause =
    "x^x-pau+x=x@x_x/A:0_0_0/B:x-x-x@x-x&x-x#x-x$x-x!x-x;x-x|x/C:0+0+0/D:0_0/E:x+x@x+x&x+x#x+x"
    "/F:0_0/G:0_0/H:x=x@1=1|0/I:0=0/J:1+1-1";

// The nucleus as the label names it: "...|ay/C:..." -> "ay".
std::string label_vowel(const std::string& label) {
    size_t bar = label.find('|');
    size_t c = label.find("/C:");
    if (bar == std::string::npos || c == std::string::npos || c <= bar) return {};
    return label.substr(bar + 1, c - bar - 1);
}

bool is_vowel_phone(const std::string& p) {
    static const std::set<std::string> kVowels = {"aa", "ae", "ah", "ao", "aw", "ax", "axr",
                                                  "ay", "eh", "el", "em", "en", "er", "ey",
                                                  "ih", "ix", "iy", "ow", "oy", "uh", "uw"};
    return kVowels.count(p) > 0;
}

// Scales durations to fit `cap` in total, then raises each to the minimum.
std::vector<double> fit(std::vector<double> d, double cap) {
    double sum = 0;
    for (double x : d) sum += x;
    if (sum > cap && sum > 0) {
        for (double& x : d) x *= cap / sum;
    }
    for (double& x : d) x = std::max(x, kMinPhone);
    return d;
}

double total(const std::vector<double>& d) {
    double s = 0;
    for (double x : d) s += x;
    return s;
}

}  // namespace

Result<std::vector<PlanSyllable>> plan_syllables(const model::Score& score) {
    const auto& vocal = score.vocal;
    std::vector<PlanSyllable> out;
    if (vocal.empty()) return out;
    if (vocal.track >= static_cast<int>(score.tracks.size())) {
        return fail(Errc::invalid_argument, "the vocal part names a track the score does not have");
    }
    const auto& notes = score.tracks[static_cast<size_t>(vocal.track)].notes;
    const auto& sections = vocal.text.sections;
    double last_onset = -1;
    for (const auto& sung : vocal.syllables) {
        auto in = [](int i, size_t n) { return i >= 0 && static_cast<size_t>(i) < n; };
        if (!in(sung.section, sections.size()) ||
            !in(sung.line, sections[sung.section].lines.size())) {
            return fail(Errc::invalid_argument,
                        "a sung syllable names a line the lyrics do not have");
        }
        const auto& line = sections[sung.section].lines[sung.line];
        if (!in(sung.word, line.words.size()) ||
            !in(sung.syllable, line.words[sung.word].syllables.size())) {
            return fail(Errc::invalid_argument,
                        "a sung syllable names a word the lyrics do not have");
        }
        const auto& syl = line.words[sung.word].syllables[sung.syllable];
        if (syl.phones.empty() || syl.phones.size() != syl.labels.size()) {
            return fail(Errc::invalid_argument,
                        "a sung syllable has no phones (analyse the lyrics first)");
        }
        if (sung.notes.empty()) return fail(Errc::invalid_argument, "a sung syllable has no note");
        PlanSyllable p;
        p.phones = syl.phones;
        p.labels = syl.labels;
        p.phrase_start = sung.phrase_start;
        if (line.pause_labels.size() == 2) {
            p.pause_before = line.pause_labels[0];
            p.pause_after = line.pause_labels[1];
        }
        for (int n : sung.notes) {
            if (!in(n, notes.size())) {
                return fail(Errc::invalid_argument,
                            "a sung syllable names a note the track does not have");
            }
            const auto& note = notes[static_cast<size_t>(n)];
            p.notes.push_back({score.seconds_at(note.tick),
                               score.seconds_at(note.tick + note.duration), note.key});
        }
        if (p.notes.front().start_s < last_onset) {
            return fail(Errc::invalid_argument, "the sung syllables are not in time order");
        }
        last_onset = p.notes.front().start_s;
        out.push_back(std::move(p));
    }
    return out;
}

size_t vowel_index(const PlanSyllable& syl) {
    std::string nucleus = syl.labels.empty() ? std::string() : label_vowel(syl.labels.front());
    for (size_t i = 0; i < syl.phones.size(); ++i) {
        if (!nucleus.empty() && syl.phones[i] == nucleus) return i;
    }
    for (size_t i = 0; i < syl.phones.size(); ++i) {
        if (is_vowel_phone(syl.phones[i])) return i;
    }
    return syl.phones.empty() ? 0 : syl.phones.size() / 2;
}

std::vector<Phrase> group_phrases(std::vector<PlanSyllable> syllables, double rest_s) {
    std::vector<Phrase> phrases;
    double last_end = 0;
    for (auto& syl : syllables) {
        const double onset = syl.notes.front().start_s;
        if (phrases.empty() || syl.phrase_start || onset - last_end > rest_s)
            phrases.emplace_back();
        last_end = std::max(last_end, syl.notes.back().end_s);
        phrases.back().syllables.push_back(std::move(syl));
    }
    return phrases;
}

std::vector<std::string> phrase_labels(const Phrase& phrase) {
    std::vector<std::string> labels;
    const auto& first = phrase.syllables.front();
    const auto& last = phrase.syllables.back();
    labels.push_back(first.pause_before.empty() ? kFallbackPause : first.pause_before);
    for (const auto& syl : phrase.syllables) {
        labels.insert(labels.end(), syl.labels.begin(), syl.labels.end());
    }
    labels.push_back(last.pause_after.empty() ? kFallbackPause : last.pause_after);
    return labels;
}

Timing retime(const Phrase& phrase, const std::vector<int>& predicted, double frame_s,
              int min_frames) {
    const auto& syls = phrase.syllables;
    const size_t m = syls.size();
    // Per syllable: onset and coda durations (s), vowel index; label offsets into `predicted`.
    std::vector<std::vector<double>> onset(m), coda(m);
    std::vector<size_t> vowel(m);
    size_t label = 1;  // after the leading pause
    std::vector<double> start(m), end(m);
    for (size_t i = 0; i < m; ++i) {
        start[i] = syls[i].notes.front().start_s - kVowelLead;
        end[i] =
            i + 1 < m ? syls[i + 1].notes.front().start_s - kVowelLead : syls[i].notes.back().end_s;
        end[i] = std::max(end[i], start[i] + 2 * kMinPhone);
    }
    for (size_t i = 0; i < m; ++i) {
        vowel[i] = vowel_index(syls[i]);
        const double note = syls[i].notes.front().end_s - syls[i].notes.front().start_s;
        double onset_cap = kOnsetShare * note;
        if (i > 0) onset_cap = std::min(onset_cap, kStealShare * (start[i] - start[i - 1]));
        std::vector<double> on, co;
        for (size_t p = 0; p < syls[i].phones.size(); ++p) {
            double d = predicted[label + p] * frame_s;
            if (p < vowel[i]) on.push_back(d);
            if (p > vowel[i]) co.push_back(d);
        }
        onset[i] = fit(on, onset_cap);
        coda[i] = fit(co, kCodaShare * (end[i] - start[i]));
        label += syls[i].phones.size();
    }
    // Phone start times, in label order.
    std::vector<double> t;
    const double phrase_start = start[0] - total(onset[0]) - kLeadPause;
    t.push_back(phrase_start);
    for (size_t i = 0; i < m; ++i) {
        double next_onset = i + 1 < m ? total(onset[i + 1]) : 0;
        double vowel_end = end[i] - total(coda[i]) - next_onset;
        if (vowel_end - start[i] < kMinVowel) {  // squeeze the consonants around a short vowel
            double room = std::max(end[i] - start[i] - kMinVowel, 2 * kMinPhone);
            double scale = room / std::max(total(coda[i]) + next_onset, 1e-9);
            if (scale < 1) {
                for (double& d : coda[i]) d *= scale;
                if (i + 1 < m) {
                    for (double& d : onset[i + 1]) d *= scale;
                }
                next_onset *= scale;
            }
            vowel_end = end[i] - total(coda[i]) - next_onset;
        }
        double at = start[i] - total(onset[i]);
        for (double d : onset[i]) t.push_back(at), at += d;
        t.push_back(start[i]);  // the vowel, on the beat
        at = vowel_end;
        for (double d : coda[i]) t.push_back(at), at += d;
    }
    t.push_back(end[m - 1]);  // the trailing pause
    const double phrase_end = end[m - 1] + kTailPause;

    Timing timing;
    timing.start_s = phrase_start;
    std::vector<int64_t> bound;
    for (double x : t) bound.push_back(std::llround((x - phrase_start) / frame_s));
    bound.push_back(std::llround((phrase_end - phrase_start) / frame_s));
    for (size_t k = 1; k < bound.size(); ++k)
        bound[k] = std::max(bound[k], bound[k - 1] + min_frames);
    for (size_t k = 0; k + 1 < bound.size(); ++k) {
        timing.frames.push_back(static_cast<int>(bound[k + 1] - bound[k]));
    }
    return timing;
}

std::vector<double> pitch_track(const Phrase& phrase, const Timing& timing, double frame_s,
                                double glide_s) {
    std::vector<PlanNote> notes;
    for (const auto& syl : phrase.syllables)
        notes.insert(notes.end(), syl.notes.begin(), syl.notes.end());
    int64_t frames = 0;
    for (int f : timing.frames) frames += f;
    std::vector<double> hz(static_cast<size_t>(frames));
    size_t k = 0;
    for (int64_t f = 0; f < frames; ++f) {
        const double t = timing.start_s + static_cast<double>(f) * frame_s;
        while (k + 1 < notes.size() && notes[k + 1].start_s - glide_s <= t) ++k;
        double key = notes[k].key;
        if (k > 0) {  // inside the glide into note k
            double from = notes[k - 1].key, g0 = notes[k].start_s - glide_s;
            double x = (t - g0) / glide_s;
            if (x < 1) key = from + (key - from) * std::clamp(x, 0.0, 1.0);
        }
        hz[static_cast<size_t>(f)] = 440.0 * std::pow(2.0, (key - 69.0) / 12.0);
    }
    return hz;
}

}  // namespace omg::voice::detail
