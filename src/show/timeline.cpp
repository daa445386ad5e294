#include "show/timeline.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace omg::show {

namespace {

// Keeps the first `keep` frames of the pieces.
void truncate(Placement& p, int64_t keep) {
    int64_t left = keep;
    std::vector<Piece> kept;
    for (const Piece& piece : p.pieces) {
        if (left <= 0) break;
        kept.push_back({piece.source_start, std::min(piece.frames, left)});
        left -= kept.back().frames;
    }
    p.pieces = std::move(kept);
    p.frames = keep;
}

}  // namespace

Result<Timeline> plan_timeline(const std::vector<TimelineCue>& cues, int sample_rate) {
    if (cues.empty()) return fail(Errc::invalid_argument, "a show has at least one cue");
    if (sample_rate <= 0) return fail(Errc::invalid_argument, "bad sample rate");
    Timeline timeline;
    timeline.sample_rate = sample_rate;
    for (size_t i = 0; i < cues.size(); ++i) {
        const TimelineCue& cue = cues[i];
        if (cue.frames <= 0 || cue.tail_frames < 0 || cue.tail_frames > cue.frames)
            return fail(Errc::invalid_argument, "cue " + std::to_string(i + 1) + ": bad length or tail");
        Placement p;
        if (cue.segments) {
            const CueSegments& s = *cue.segments;
            if (s.intro_frames < 0 || s.loop_frames <= 0 || s.ending_frames < 0 ||
                s.intro_frames + s.loop_frames + s.ending_frames != cue.frames)
                return fail(Errc::invalid_argument, "cue " + std::to_string(i + 1) + ": segments do not add up");
            if (s.intro_frames > 0) p.pieces.push_back({0, s.intro_frames});
            for (int k = 0; k < std::max(1, cue.vamp_repeats); ++k) p.pieces.push_back({s.intro_frames, s.loop_frames});
            if (s.ending_frames > 0) p.pieces.push_back({s.intro_frames + s.loop_frames, s.ending_frames});
        } else {
            p.pieces.push_back({0, cue.frames});
        }
        for (const Piece& piece : p.pieces) p.frames += piece.frames;
        p.music_end = p.frames - cue.tail_frames;
        timeline.cues.push_back(std::move(p));
    }
    for (size_t i = 0; i + 1 < cues.size(); ++i) {
        Placement& cur = timeline.cues[i];
        Placement& next = timeline.cues[i + 1];
        const model::Transition& t = cues[i].transition;
        switch (t.type) {
            case model::TransitionType::segue:
                next.start = cur.start + cur.music_end;
                break;
            case model::TransitionType::crossfade: {
                const auto wanted = static_cast<int64_t>(std::llround(t.seconds * sample_rate));
                const int64_t n = std::max<int64_t>(0, std::min({wanted, cur.frames - cur.fade_in, next.frames}));
                next.start = cur.start + cur.frames - n;
                cur.fade_out = n;
                cur.equal_power_out = true;
                next.fade_in = n;
                break;
            }
            case model::TransitionType::cut:
                truncate(cur, std::max<int64_t>(1, cur.music_end));
                cur.fade_out = std::min(kDeclickFrames, cur.frames - cur.fade_in);
                next.start = cur.start + cur.frames;
                break;
        }
    }
    for (const Placement& p : timeline.cues) timeline.frames = std::max(timeline.frames, p.start + p.frames);
    return timeline;
}

double placement_gain(const Placement& p, int64_t t) {
    double gain = 1;
    constexpr double kHalfPi = std::numbers::pi / 2;
    if (p.fade_in > 0 && t < p.fade_in) gain *= std::sin(kHalfPi * (static_cast<double>(t) + 0.5) / static_cast<double>(p.fade_in));
    const int64_t out_from = p.frames - p.fade_out;
    if (p.fade_out > 0 && t >= out_from) {
        const double x = (static_cast<double>(t - out_from) + 0.5) / static_cast<double>(p.fade_out);
        gain *= p.equal_power_out ? std::cos(kHalfPi * x) : 1 - x;
    }
    return gain;
}

int64_t source_frame(const Placement& p, int64_t t) {
    for (const Piece& piece : p.pieces) {
        if (t < piece.frames) return piece.source_start + t;
        t -= piece.frames;
    }
    return -1;
}

}  // namespace omg::show
