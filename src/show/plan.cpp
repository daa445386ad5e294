#include "show/plan.h"

#include <algorithm>
#include <cmath>

#include "model/limits.h"

namespace omg::show {

namespace {

std::string cue_field(size_t i, const char* field) { return "cues[" + std::to_string(i) + "]." + field; }

// Steps around the circle of fifths between two pitch classes (0..6).
int fifths_apart(int a, int b) {
    const int steps = ((b - a) * 7 % 12 + 12) % 12;
    return std::min(steps, 12 - steps);
}

model::Key with_tonic(const model::Key& key, int semitones, model::Mode mode) {
    return model::Key{(key.tonic + semitones + 12) % 12, mode};
}

}  // namespace

Status validate_show(const model::Show& show) {
    if (show.title.empty() || show.title.size() > model::kMaxShowTitleChars)
        return fail(Errc::invalid_argument, "title: must be 1.." + std::to_string(model::kMaxShowTitleChars) +
                                                " characters");
    if (show.cues.empty() || show.cues.size() > model::kMaxShowCues)
        return fail(Errc::invalid_argument, "cues: a show has 1.." + std::to_string(model::kMaxShowCues) + " cues");
    for (size_t i = 0; i < show.cues.size(); ++i) {
        const model::ShowCue& cue = show.cues[i];
        if (cue.title.empty() || cue.title.size() > model::kMaxShowTitleChars)
            return fail(Errc::invalid_argument, cue_field(i, "title") + ": must be 1.." +
                                                    std::to_string(model::kMaxShowTitleChars) + " characters");
        if (cue.request.prompt.empty() && !cue.request.style)
            return fail(Errc::invalid_argument, cue_field(i, "prompt") + ": a cue needs a prompt or a style");
        if (cue.vamp_repeats < 1 || cue.vamp_repeats > model::kMaxVampRepeats)
            return fail(Errc::invalid_argument,
                        cue_field(i, "vamp_repeats") + ": must be 1.." + std::to_string(model::kMaxVampRepeats));
        const model::Transition& t = cue.transition;
        if (t.type == model::TransitionType::crossfade &&
            !(t.seconds >= model::kMinCrossfadeS && t.seconds <= model::kMaxCrossfadeS))
            return fail(Errc::invalid_argument, cue_field(i, "transition.seconds") + ": a crossfade lasts 0.5..10 s");
        if (t.type != model::TransitionType::crossfade && t.seconds != 0)
            return fail(Errc::invalid_argument,
                        cue_field(i, "transition.seconds") + ": only a crossfade has seconds (0 for a segue or a cut)");
        if (cue.request.num_versions != 1)
            return fail(Errc::invalid_argument, cue_field(i, "num_versions") + ": a cue is one version");
    }
    return {};
}

std::vector<model::Key> related_keys(const model::Key& key) {
    const bool minor = model::mode_is_minor(key.mode);
    const model::Mode home = minor ? model::Mode::minor : model::Mode::major;
    const model::Key relative = minor ? with_tonic(key, 3, model::Mode::major) : with_tonic(key, -3, model::Mode::minor);
    return {key, relative, with_tonic(key, 7, home), with_tonic(key, 5, home)};
}

bool is_related(const model::Key& from, const model::Key& to) {
    const auto keys = related_keys(from);
    return std::find(keys.begin(), keys.end(), to) != keys.end();
}

Result<std::vector<CuePlan>> plan_show(const model::Show& show, const std::vector<Tonality>& alone) {
    if (alone.size() != show.cues.size())
        return fail(Errc::invalid_argument, "plan_show: one tonality per cue");
    std::vector<CuePlan> plans;
    plans.reserve(show.cues.size());
    for (size_t i = 0; i < show.cues.size(); ++i) {
        const model::ShowCue& cue = show.cues[i];
        CuePlan plan;
        plan.request = cue.request;
        plan.request.loudness = show.loudness;
        plan.request.num_versions = 1;
        plan.request.stems = true;  // a show delivers every cue's stems
        if (!plan.request.seed && show.seed) plan.request.seed = *show.seed + static_cast<int64_t>(i);
        plan.tonality = alone[i];
        const bool joined = i > 0 && show.cues[i - 1].transition.type != model::TransitionType::cut;
        if (show.keep_compatible && joined) {
            const Tonality& before = plans.back().tonality;
            if (!cue.request.key && !is_related(before.key, plan.tonality.key)) {
                // The related key nearest the cue's own: fewest steps round the circle of
                // fifths, then the same major/minor colour, then the list's order.
                const auto candidates = related_keys(before.key);
                const model::Key own = plan.tonality.key;
                auto cost = [&](const model::Key& k) {
                    return fifths_apart(k.tonic, own.tonic) * 2 +
                           (model::mode_is_minor(k.mode) != model::mode_is_minor(own.mode) ? 1 : 0);
                };
                plan.tonality.key = *std::min_element(candidates.begin(), candidates.end(),
                                                      [&](const auto& a, const auto& b) { return cost(a) < cost(b); });
                plan.adjusted = true;
            }
            if (!cue.request.bpm) {
                const double lo = before.bpm * (1 - kSegueTempoRatio);
                const double hi = before.bpm * (1 + kSegueTempoRatio);
                const double bpm = std::clamp(plan.tonality.bpm, lo, hi);
                if (bpm != plan.tonality.bpm) {
                    plan.tonality.bpm = bpm;
                    plan.adjusted = true;
                }
            }
        }
        plan.tonality.bpm = std::clamp(plan.tonality.bpm, model::kMinBpm, model::kMaxBpm);
        if (plan.adjusted) {
            // Pin both, so that the cue renders in exactly the planned key and tempo.
            plan.request.key = model::key_name(plan.tonality.key);
            plan.request.bpm = plan.tonality.bpm;
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

}  // namespace omg::show
