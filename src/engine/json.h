// JSON views of the engine's values, shared by the CLI and the HTTP server so both speak the
// same field names: `omg interpret` and POST /api/v1/interpret print brief_json; each entry of
// `omg generate --json`'s "versions" and each server version's metadata is song_json.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/engine.h"

namespace omg::engine {

// genre, style_name, tempo_bpm, key, mode, time_signature, instruments, excluded, moods, energy,
// duration_s, vocals, topic, ignored, understood, guessed.
nlohmann::json brief_json(const model::Brief& brief, const model::Interpretation& interpretation,
                          const model::StyleLibrary& styles);
// [{name, kind, start_s, bars, energy}]
nlohmann::json sections_json(const model::Score& score);
// [{start_s, end_s, section, text}]: each sung line's span (the same as the .lrc and .vtt), for
// players that show the words as the song plays. Empty for an instrumental.
nlohmann::json sung_lines_json(const model::Score& score);
// {voice, syllables, dropped}: who sings and what could not be sung.
nlohmann::json vocal_json(const model::Score& score);
// {stage: seconds}
nlohmann::json timings_json(const std::vector<StageTiming>& timings);
nlohmann::json recipe_json(const Recipe& recipe);
// A cue's shape ({intro_bars, vamp_bars, ending}) and, for a generated cue, its pieces in frames
// (song_json's "cue": frames_per_bar, intro_frames, loop_frames, ending_frames, and the one
// file's loop_start and loop_length).
nlohmann::json cue_shape_json(const model::CueShape& cue);
// A hit as asked: {"time": seconds} or {"bar_beat": "8:1"}, and "kind" (the API's shape).
nlohmann::json hit_json(const model::Hit& hit);
// song_json's "hits" (only when some were asked): each as asked, with "time_s", "met", and its
// "bar" (from 1) and "landed_s" or the "reason" it was not met. "tempo_map" (when hits were asked
// or the tempo changes): [{tick, start_s, qpm}], the first at tick 0.
nlohmann::json hit_marks_json(const model::Score& score);
nlohmann::json tempo_map_json(const model::Score& score);
nlohmann::json cue_json(const CueLayout& cue, int sample_rate);
// {preset, target_lufs, ceiling_dbtp, integrated_lufs, true_peak_dbtp, loudness_range_lu}:
// what the master aimed at and what it measured.
nlohmann::json loudness_json(const Song& song);
// [{name, program, drums, role, stem, loudness_lufs}]: `stem` is stem_files[part.stem] (null
// without stems or where that entry is empty), loudness_lufs null where no stem was rendered.
nlohmann::json parts_json(const Song& song, const std::vector<std::string>& stem_files);
// One generated version: seed, brief, sections, timings, loudness (loudness_json), parts
// (parts_json with `stem_files`: the CLI's paths, the server's stem names), recipe,
// command_line, vocals (bool), lines; when sung also vocal and lyrics (the words sung, the
// writer's when the user gave none).
nlohmann::json song_json(const Song& song, const model::StyleLibrary& styles,
                         const std::vector<std::string>& stem_files = {});

}  // namespace omg::engine
