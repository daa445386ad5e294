#include "show/rendered.h"

#include <algorithm>

namespace omg::show {

int64_t ending_tail_frames(model::CueEnding ending, int64_t frames_per_bar, int64_t ending_frames) {
    if (ending == model::CueEnding::fade) return 0;
    return std::clamp<int64_t>(ending_frames - frames_per_bar, 0, ending_frames);
}

Result<Timeline> show_timeline(const model::Show& show, const std::vector<RenderedCue>& cues) {
    if (cues.size() != show.cues.size() || cues.empty()) return fail(Errc::invalid_argument, "one rendered file per cue");
    std::vector<TimelineCue> timeline;
    for (size_t i = 0; i < cues.size(); ++i) {
        if (cues[i].sample_rate != cues.front().sample_rate)
            return fail(Errc::invalid_argument, "cue " + std::to_string(i + 1) + " has another sample rate");
        TimelineCue t;
        t.frames = cues[i].frames;
        t.segments = cues[i].segments;
        t.vamp_repeats = show.cues[i].vamp_repeats;
        t.tail_frames = cues[i].tail_frames;
        t.transition = show.cues[i].transition;
        timeline.push_back(t);
    }
    return plan_timeline(timeline, cues.front().sample_rate);
}

std::vector<CueSheetRow> cue_sheet_rows(const model::Show& show, const std::vector<RenderedCue>& cues,
                                        const Timeline& timeline) {
    std::vector<CueSheetRow> rows;
    const auto rate = static_cast<double>(timeline.sample_rate);
    for (size_t i = 0; i < cues.size() && i < timeline.cues.size(); ++i) {
        CueSheetRow r;
        r.number = static_cast<int>(i + 1);
        r.title = show.cues[i].title;
        r.kind = cues[i].segments ? "vamp" : "track";
        r.start_s = static_cast<double>(timeline.cues[i].start) / rate;
        r.length_s = static_cast<double>(timeline.cues[i].frames) / rate;
        r.file_length_s = static_cast<double>(cues[i].frames) / rate;
        r.tempo_bpm = cues[i].tempo_bpm;
        r.time_signature = cues[i].time_signature;
        r.key = cues[i].key;
        r.transition = show.cues[i].transition;
        r.hits = cues[i].hits;
        r.recipe_json = cues[i].recipe_json;
        rows.push_back(std::move(r));
    }
    return rows;
}

}  // namespace omg::show
