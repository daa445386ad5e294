#include <sstream>

#include "engine/engine.h"
#include "engine/json.h"

namespace omg::engine {
namespace {

// Single-quoted for POSIX shells: nothing inside is interpreted.
std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out.push_back(c);
    }
    return out + "'";
}

}  // namespace

std::string Recipe::to_json() const { return recipe_json(*this).dump(); }

std::string Recipe::command_line() const {
    std::ostringstream out;
    out << "omg generate " << shell_quote(prompt) << " --seed " << seed;
    if (!cue) out << " --duration " << duration_s;  // a cue's bars set its length
    if (bpm) out << " --bpm " << *bpm;
    if (key) out << " --key " << shell_quote(*key);
    if (time_signature) out << " --time-signature " << *time_signature;
    if (style) out << " --style " << shell_quote(*style);
    if (vocals) out << " --vocals " << (*vocals ? "on" : "off");
    if (lyrics) out << " --lyrics " << shell_quote(*lyrics);
    if (loudness) out << " --loudness " << model::loudness_name(*loudness);
    if (quality) out << " --quality " << model::sound_quality_name(*quality);
    if (cue)
        out << " --intro " << cue->intro_bars << " --vamp " << cue->vamp_bars << " --ending "
            << model::cue_ending_name(cue->ending);
    for (const model::Hit& hit : hits) out << " --hit " << model::hit_text(hit);
    return out.str();
}

}  // namespace omg::engine
