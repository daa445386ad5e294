#include "engine/json.h"

#include <cmath>

namespace omg::engine {
namespace {

double round_to(double v, double step) { return std::round(v / step) * step; }
// To 0.01 as the nearest double to the decimal (-39.41, not -39.410000000000004).
double hundredths(double v) { return std::round(v * 100.0) / 100.0; }

}  // namespace

nlohmann::json brief_json(const model::Brief& brief, const model::Interpretation& interpretation,
                          const model::StyleLibrary& styles) {
    nlohmann::json j;
    j["genre"] = brief.style;
    const model::Style* style = styles.find(brief.style);
    j["style_name"] = style ? style->name : brief.style;
    j["tempo_bpm"] = round_to(brief.tempo_bpm, 0.01);
    j["key"] = model::pitch_class_name(brief.key.tonic, brief.key.mode);
    j["mode"] = std::string(model::mode_name(brief.key.mode));
    j["time_signature"] = brief.time_signature.text();
    j["duration_s"] = round_to(brief.duration_s, 0.001);
    j["energy"] = round_to(brief.energy, 0.01);
    j["moods"] = brief.moods;
    auto names = [](const std::vector<model::InstrumentRef>& refs) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& r : refs) a.push_back(r.name);
        return a;
    };
    j["instruments"] = names(brief.instruments);
    j["excluded"] = names(brief.excluded);
    j["vocals"] = brief.vocals;
    j["topic"] = brief.topic;
    j["ignored"] = interpretation.ignored;
    j["guessed"] = interpretation.guessed;
    nlohmann::json understood = nlohmann::json::array();
    for (const auto& f : interpretation.understood)
        understood.push_back({{"field", f.field}, {"value", f.value}, {"words", f.words}});
    j["understood"] = understood;
    return j;
}

nlohmann::json sections_json(const model::Score& score) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& s : score.sections)
        a.push_back({{"name", s.name}, {"kind", s.kind}, {"start_s", round_to(s.start_s, 0.001)},
                     {"bars", s.bars}, {"energy", round_to(s.energy, 0.01)}});
    return a;
}

nlohmann::json sung_lines_json(const model::Score& score) {
    nlohmann::json lines = nlohmann::json::array();
    const auto& sections = score.vocal.text.sections;
    for (const auto& l : score.vocal.lines) {
        const bool known = l.section >= 0 && static_cast<size_t>(l.section) < sections.size();
        lines.push_back({{"start_s", round_to(score.seconds_at(l.start_tick), 0.001)},
                         {"end_s", round_to(score.seconds_at(l.end_tick), 0.001)},
                         {"section", known ? sections[static_cast<size_t>(l.section)].tag : ""},
                         {"text", l.text}});
    }
    return lines;
}

nlohmann::json vocal_json(const model::Score& score) {
    size_t syllables = 0;
    for (const auto& s : score.vocal.syllables) syllables += s.notes.empty() ? 0 : 1;
    return {{"voice", score.vocal.text.voice}, {"syllables", syllables}, {"dropped", score.vocal.dropped}};
}

nlohmann::json timings_json(const std::vector<StageTiming>& timings) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& t : timings) j[t.stage] = round_to(t.seconds, 0.0001);
    return j;
}

nlohmann::json cue_shape_json(const model::CueShape& cue) {
    return {{"intro_bars", cue.intro_bars},
            {"vamp_bars", cue.vamp_bars},
            {"ending", std::string(model::cue_ending_name(cue.ending))}};
}

nlohmann::json cue_json(const CueLayout& cue, int sample_rate) {
    nlohmann::json j = cue_shape_json(cue.shape);
    j["sample_rate"] = sample_rate;
    j["frames_per_bar"] = cue.frames_per_bar;
    j["intro_frames"] = cue.intro_frames;
    j["loop_frames"] = cue.vamp_frames;
    j["ending_frames"] = cue.ending_frames;
    // In the one file (intro + loop + ending): where its loop lies.
    j["loop_start"] = cue.intro_frames;
    j["loop_length"] = cue.vamp_frames;
    return j;
}

nlohmann::json hit_json(const model::Hit& hit) {
    nlohmann::json j;
    if (hit.bar_beat) j["bar_beat"] = std::to_string(hit.bar_beat->bar) + ":" + std::to_string(hit.bar_beat->beat);
    else j["time"] = hit.time_s.value_or(0);
    j["kind"] = std::string(model::hit_kind_name(hit.kind));
    return j;
}

nlohmann::json hit_marks_json(const model::Score& score) {
    nlohmann::json a = nlohmann::json::array();
    for (const model::HitMark& m : score.hits) {
        nlohmann::json j = hit_json(m.asked);
        j["time_s"] = round_to(m.time_s, 0.001);
        j["met"] = m.met;
        if (m.met) {
            j["bar"] = m.bar + 1;
            j["landed_s"] = round_to(m.landed_s, 0.0001);
        } else {
            j["reason"] = m.reason;
        }
        a.push_back(std::move(j));
    }
    return a;
}

nlohmann::json tempo_map_json(const model::Score& score) {
    nlohmann::json a = nlohmann::json::array();
    a.push_back({{"tick", 0}, {"start_s", 0.0}, {"qpm", round_to(score.tempo_qpm, 0.0001)}});
    for (const model::TempoChange& c : score.tempo_changes)
        a.push_back({{"tick", c.tick}, {"start_s", round_to(score.seconds_at(c.tick), 0.0001)}, {"qpm", round_to(c.qpm, 0.0001)}});
    return a;
}

nlohmann::json recipe_json(const Recipe& r) {
    nlohmann::json j;
    j["prompt"] = r.prompt;
    j["seed"] = r.seed;
    j["duration_s"] = r.duration_s;
    if (r.bpm) j["bpm"] = *r.bpm;
    if (r.key) j["key"] = *r.key;
    if (r.time_signature) j["time_signature"] = *r.time_signature;
    if (r.style) j["style"] = *r.style;
    if (r.vocals) j["vocals"] = *r.vocals;
    if (r.lyrics) j["lyrics"] = *r.lyrics;
    if (r.loudness) j["loudness"] = std::string(model::loudness_name(*r.loudness));
    if (r.quality) j["quality"] = std::string(model::sound_quality_name(*r.quality));
    j["soundfont"] = r.soundfont;
    if (r.cue) j["cue"] = cue_shape_json(*r.cue);
    if (!r.hits.empty()) {
        j["hits"] = nlohmann::json::array();
        for (const model::Hit& hit : r.hits) j["hits"].push_back(hit_json(hit));
    }
    j["engine"] = r.engine;
    j["engine_version"] = r.engine_version;
    return j;
}

nlohmann::json loudness_json(const Song& song) {
    const model::LoudnessTarget target = model::loudness_target(song.loudness);
    return {{"preset", std::string(model::loudness_name(song.loudness))},
            {"target_lufs", target.integrated_lufs},
            {"ceiling_dbtp", target.ceiling_dbtp},
            {"integrated_lufs", hundredths(song.integrated_lufs)},
            {"true_peak_dbtp", hundredths(song.true_peak_dbtp)},
            {"loudness_range_lu", hundredths(song.loudness_range_lu)}};
}

nlohmann::json parts_json(const Song& song, const std::vector<std::string>& stem_files) {
    nlohmann::json a = nlohmann::json::array();
    for (const Part& p : song.parts) {
        nlohmann::json j = {{"name", p.name}, {"program", p.program}, {"drums", p.drums}, {"role", p.role}};
        const bool has_stem = p.stem && *p.stem < stem_files.size() && !stem_files[*p.stem].empty();
        j["stem"] = has_stem ? nlohmann::json(stem_files[*p.stem]) : nlohmann::json();
        j["loudness_lufs"] = p.loudness_lufs ? nlohmann::json(hundredths(*p.loudness_lufs)) : nlohmann::json();
        a.push_back(std::move(j));
    }
    return a;
}

nlohmann::json song_json(const Song& song, const model::StyleLibrary& styles,
                         const std::vector<std::string>& stem_files) {
    nlohmann::json j;
    j["seed"] = song.seed;
    j["brief"] = brief_json(song.brief, song.interpretation, styles);
    j["sections"] = sections_json(song.score);
    j["timings"] = timings_json(song.timings);
    j["loudness"] = loudness_json(song);
    j["parts"] = parts_json(song, stem_files);
    j["recipe"] = recipe_json(song.recipe);
    j["command_line"] = song.recipe.command_line();
    if (song.cue) j["cue"] = cue_json(*song.cue, song.audio.sample_rate);
    if (!song.score.hits.empty()) j["hits"] = hit_marks_json(song.score);
    if (!song.score.hits.empty() || !song.score.tempo_changes.empty()) j["tempo_map"] = tempo_map_json(song.score);
    const bool sung = !song.score.vocal.empty();
    j["vocals"] = sung;
    j["lines"] = sung_lines_json(song.score);
    if (sung) {
        j["vocal"] = vocal_json(song.score);
        j["lyrics"] = song.lyrics;
    }
    return j;
}

}  // namespace omg::engine
