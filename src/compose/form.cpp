#include "compose/form.h"

#include <algorithm>
#include <map>

namespace omg::compose {
namespace {

Result<std::vector<FormItem>> parse_items(std::string_view text) {
    std::vector<FormItem> items;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        size_t j = i;
        while (j < text.size() && text[j] != ' ') ++j;
        const std::string_view tok = text.substr(i, j - i);
        const auto colon = tok.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return fail(Errc::invalid_argument, "form item '" + std::string(tok) + "' is not kind:bars");
        int bars = 0;
        for (char c : tok.substr(colon + 1)) {
            if (c < '0' || c > '9')
                return fail(Errc::invalid_argument, "form item '" + std::string(tok) + "' has bad bars");
            bars = bars * 10 + (c - '0');
            if (bars > 512) return fail(Errc::invalid_argument, "form item too long");
        }
        if (bars <= 0) return fail(Errc::invalid_argument, "form item '" + std::string(tok) + "' has no bars");
        items.push_back({std::string(tok.substr(0, colon)), bars});
        i = j;
    }
    return items;
}

enum class Place { prefix, body, suffix };

// A section being fitted: what the form wrote, and whether fitting may drop it.
struct Slot {
    FormItem item;
    Place place = Place::body;
    bool opening = false;  // the form's first prefix section (an intro may be two bars)
    bool keep = false;     // a statement of the main section in a compact form
};

int total(const std::vector<Slot>& seq) {
    int n = 0;
    for (const auto& s : seq) n += s.item.bars;
    return n;
}

bool on_grid(int bars, bool opening) { return bars % 4 == 0 || (opening && bars == 2); }

// The longest whole-phrase length of a section written `written` bars long that fits `room`:
// the written length, or halves of it while they stay on the grid (16, 8, 4; 12 only whole).
int fitting_length(int written, int room, bool opening) {
    for (int len = written; len >= 2 && on_grid(len, opening); len /= 2) {
        if (len <= room) return len;
        if (len % 2 != 0) break;
    }
    return 0;
}

class Fitter {
public:
    Fitter(const ParsedForm& form, int bars, const std::vector<std::string>& peaks)
        : form_(form), bars_(bars), peaks_(peaks), peak_(peak_kind(form, peaks)) {}

    bool is_peak(const std::string& kind) const {
        return std::find(peaks_.begin(), peaks_.end(), kind) != peaks_.end();
    }

    // Drops and halves sections until the form fits.
    void shrink(std::vector<Slot>& seq) const {
        auto drop_where = [&](auto pred) {
            for (size_t i = seq.size() - 1; i-- > 0 && total(seq) > bars_;)
                if (!seq[i].keep && pred(i)) seq.erase(seq.begin() + static_cast<long>(i));
        };
        // Suffix sections before the last, then body sections of the body's middle kinds; the
        // peak's statements last of all.
        const auto peak = [&](size_t i) { return is_peak(seq[i].item.kind); };
        drop_where([&](size_t i) { return seq[i].place == Place::suffix && !peak(i); });
        if (form_.body.size() > 2) {
            drop_where([&](size_t i) {
                const auto& kind = seq[i].item.kind;
                return seq[i].place == Place::body && kind != form_.body.front().kind &&
                       kind != form_.body.back().kind && !peak(i);
            });
        }
        // Halve the longest section while its half is still whole phrases; of equals, an intro or
        // outro first, then the latest (the opening verse keeps its lines, a repeat can be shorter).
        auto before = [](const Slot& a, const Slot& b) {  // a is halved before b
            if (a.item.bars != b.item.bars) return a.item.bars > b.item.bars;
            return (a.place != Place::body) && (b.place == Place::body);
        };
        while (total(seq) > bars_) {
            Slot* longest = nullptr;
            for (auto& s : seq) {
                const int half = s.item.bars / 2;
                if (s.item.bars % 2 != 0 || !on_grid(half, s.opening)) continue;
                if (!longest || !before(*longest, s)) longest = &s;
            }
            if (!longest) break;
            longest->item.bars /= 2;
        }
        if (total(seq) > bars_ && seq.size() > 1 && seq.front().opening && !seq.front().keep) seq.erase(seq.begin());
        // A short track keeps its body rather than its outro: the final cadence closes the body.
        if (total(seq) > bars_ && seq.size() > 1 && seq.back().place != Place::body && !seq.back().keep) seq.pop_back();
        drop_where([&](size_t i) { return !peak(i); });
        drop_where([](size_t) { return true; });
        while (total(seq) > bars_ && seq.size() > 1) seq.erase(seq.end() - 2);
        if (total(seq) > bars_) seq.back().item.bars = bars_ >= 4 ? bars_ / 4 * 4 : bars_;
    }

    // Repeats body sections (the body's end first: an extra chorus) before the last one, then
    // settles the bars left over (fewer than a phrase) on the ending.
    void grow(std::vector<Slot>& seq) const {
        int missing = bars_ - total(seq);
        const size_t n = form_.body.size();
        size_t cursor = n, misses = 0;
        while (missing >= 4 && misses < n) {
            cursor = (cursor + n - 1) % n;
            const int len = fitting_length(form_.body[cursor].bars, missing, false);
            if (len < 4) {
                ++misses;
                continue;
            }
            misses = 0;
            seq.insert(seq.end() - 1, Slot{{form_.body[cursor].kind, len}, Place::body, false, false});
            missing -= len;
        }
        // No body section fits what is left (a blues chorus is twelve bars): the ending vamps on.
        seq.back().item.bars += missing / 4 * 4;
        missing %= 4;
        if (missing >= 1) {  // the ending bar after the last full phrase
            seq.back().item.bars += 1;
            --missing;
        }
        if (missing >= 2 && seq.front().opening && seq.front().item.bars == 2 && seq.size() > 1)
            seq.front().item.bars = 4;
    }

    // The piece peaks before it closes: the section before the closing one (the last, when the
    // form has no suffix of its own) is a statement of a peak kind; a weaker one there is
    // restated as the peak, at its length (every length fitting made is whole phrases).
    void end_on_peak(std::vector<Slot>& seq) const {
        if (peak_.empty() || seq.empty()) return;
        size_t last = seq.size() - 1;
        if (last > 0 && seq[last].place == Place::suffix && !is_peak(seq[last].item.kind)) --last;
        if (is_peak(seq[last].item.kind) || seq[last].place == Place::prefix) return;
        seq[last].item.kind = peak_;
    }

private:
    const ParsedForm& form_;
    int bars_;
    std::vector<std::string> peaks_;
    std::string peak_;  // the first of peaks_ the form names: what a weak ending is restated as
};

std::vector<Slot> repeated(const ParsedForm& form, int k) {
    std::vector<Slot> seq;
    for (const auto& it : form.prefix) seq.push_back({it, Place::prefix, seq.empty(), false});
    for (int i = 0; i < k; ++i)
        for (const auto& it : form.body) seq.push_back({it, Place::body, false, false});
    for (const auto& it : form.suffix) seq.push_back({it, Place::suffix, false, false});
    return seq;
}

// The body's other sections around two statements of the main one; the intro before, the
// form's last section after (when it is not the main one).
std::vector<Slot> compact(const ParsedForm& form, const std::string& main) {
    std::vector<Slot> seq;
    for (const auto& it : form.prefix) seq.push_back({it, Place::prefix, seq.empty(), false});
    const auto first = std::find_if(form.body.begin(), form.body.end(), [&](const FormItem& f) { return f.kind == main; });
    for (auto it = form.body.begin(); it != first; ++it) seq.push_back({*it, Place::body, false, false});
    seq.push_back({*first, Place::body, false, true});
    for (auto it = first + 1; it != form.body.end(); ++it)
        if (it->kind != main) seq.push_back({*it, Place::body, false, false});
    seq.push_back({*first, Place::body, false, true});
    if (!form.suffix.empty() && form.suffix.back().kind != main)
        seq.push_back({form.suffix.back(), Place::suffix, false, false});
    return seq;
}

std::vector<FormItem> items_of(const std::vector<Slot>& seq) {
    std::vector<FormItem> out;
    for (const auto& s : seq) out.push_back(s.item);
    return out;
}

}  // namespace

Result<ParsedForm> parse_form(std::string_view text) {
    ParsedForm form;
    const auto open = text.find('[');
    const auto close = text.find(']');
    if ((open == std::string_view::npos) != (close == std::string_view::npos) ||
        (open != std::string_view::npos && close < open))
        return fail(Errc::invalid_argument, "form '" + std::string(text) + "' has unbalanced brackets");
    if (open == std::string_view::npos) {
        auto all = parse_items(text);
        if (!all) return tl::unexpected(all.error());
        form.body = *all;
    } else {
        auto pre = parse_items(text.substr(0, open));
        auto body = parse_items(text.substr(open + 1, close - open - 1));
        auto suf = parse_items(text.substr(close + 1));
        if (!pre) return tl::unexpected(pre.error());
        if (!body) return tl::unexpected(body.error());
        if (!suf) return tl::unexpected(suf.error());
        form.prefix = *pre;
        form.body = *body;
        form.suffix = *suf;
    }
    if (form.body.empty()) return fail(Errc::invalid_argument, "form '" + std::string(text) + "' is empty");
    return form;
}

std::string main_kind(const ParsedForm& form) {
    std::map<std::string, int> named;
    for (const auto* part : {&form.prefix, &form.body, &form.suffix})
        for (const auto& it : *part) ++named[it.kind];
    std::string best = form.body.front().kind;
    for (const auto& it : form.body)
        if (named[it.kind] > named[best]) best = it.kind;
    return best;
}

std::string peak_kind(const ParsedForm& form, const std::vector<std::string>& peak) {
    for (const auto& kind : peak)
        for (const auto* part : {&form.prefix, &form.body, &form.suffix})
            for (const auto& it : *part)
                if (it.kind == kind) return kind;
    return "";
}

std::vector<FormItem> fit_form(const ParsedForm& form, int bars, const FitGoals& goals) {
    const int main_repeats = goals.main_repeats;
    const Fitter fitter(form, bars, goals.peak);
    int k = 1;
    while (total(repeated(form, k + 1)) <= bars) ++k;
    std::vector<Slot> seq = repeated(form, k);
    fitter.shrink(seq);
    fitter.grow(seq);
    fitter.end_on_peak(seq);
    // A song's chorus is its main section when the style peaks on it (a verse may be named as
    // often): the first peak kind the body holds; otherwise the kind the form names most.
    ParsedForm body_only;
    body_only.body = form.body;
    const std::string body_peak = peak_kind(body_only, goals.peak);
    const std::string main = body_peak.empty() ? main_kind(form) : body_peak;
    const auto heard = std::count_if(seq.begin(), seq.end(), [&](const Slot& s) { return s.item.kind == main; });
    if (heard >= main_repeats) return items_of(seq);
    std::vector<Slot> short_form = compact(form, main);
    fitter.shrink(short_form);
    fitter.grow(short_form);
    fitter.end_on_peak(short_form);
    const auto now = std::count_if(short_form.begin(), short_form.end(), [&](const Slot& s) { return s.item.kind == main; });
    return items_of(now > heard ? short_form : seq);
}

}  // namespace omg::compose
