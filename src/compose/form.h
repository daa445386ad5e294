// Forms: a style's form text parsed, and fitted to a track's length in whole phrases.
//
// A form is "intro:4 [verse:8 chorus:8] bridge:8 outro:4": a prefix, a body in brackets that
// repeats, a suffix. Fitting keeps every section on the phrase grid: a multiple of four bars (an
// opening intro may be two), a section written in twelve (a blues chorus) whole or not at all, the
// last section four bars a phrase plus, where the count asks for it, the ending bar. Sections are
// dropped or repeated whole, or halved where the half is still whole phrases; when the grid cannot
// reach the exact count the form ends up to two bars short and the final chord rings over them.
// When `main_repeats` asks for it, a short track takes a compact form (the other body sections
// around two statements of the main one: "verse chorus chorus", "a b a") so its main section (the
// first peak kind below the body holds, else the kind the form names most, the body's first on
// a tie) is heard twice.
// A style that peaks before it closes names its peak kinds (`[ending] peak`): fitting drops their
// sections last, and the last section before the form's closing one (its outro, tag, coda) is one
// of them (a weaker one there is restated as the first peak kind the form names), so a fitted form never ends on a verse after its
// last chorus nor loses its drop. Pure, deterministic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace omg::compose {

struct FormItem {
    std::string kind;
    int bars = 0;
};
struct ParsedForm {
    std::vector<FormItem> prefix, body, suffix;
};
Result<ParsedForm> parse_form(std::string_view text);

// The kind the form is built around: named most often, the body's earliest on a tie.
std::string main_kind(const ParsedForm& form);

struct FitGoals {
    int main_repeats = 1;             // statements of the main section the track should hold
    std::vector<std::string> peak;    // the style's peak kinds, in preference order ([] = none)
};

// The first of `peak` the form names; "" when none (the fitted form then ends as written).
std::string peak_kind(const ParsedForm& form, const std::vector<std::string>& peak);

// Sizes a form to `bars` bars, or up to two fewer (see above); the last item closes the piece.
std::vector<FormItem> fit_form(const ParsedForm& form, int bars, const FitGoals& goals = {});

}  // namespace omg::compose
