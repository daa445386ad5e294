// Loudness delivery presets: where a track's mastering puts its integrated loudness (ITU-R
// BS.1770 / EBU R128, LUFS) and its true-peak ceiling (dBTP), by the medium it is made for.
//
//   streaming  -14 LUFS, -1 dBTP   Spotify, YouTube, Tidal (the default: OMG's level before presets)
//   podcast    -16 LUFS, -1 dBTP   Apple Music and Apple's podcast spec ("apple" is an alias)
//   broadcast  -23 LUFS, -1 dBTP   EBU R128 television and radio
//   game       -24 LUFS, -6 dBTP   games and theatre playback ("theatre" is an alias): 5 dB more
//                                  peak headroom, so that layered cues sum without clipping
//   show       -18 LUFS, -1 dBTP   a show's cues: every track mastered with it has the same
//                                  integrated loudness, the ReplayGain 2.0 reference, so an
//                                  operator never rides the fader between cues and a player
//                                  applying ReplayGain changes nothing
// Plain data and pure functions; no I/O.
#pragma once

#include <optional>
#include <string_view>

namespace omg::model {

enum class LoudnessPreset { streaming, podcast, broadcast, game, show };

struct LoudnessTarget {
    double integrated_lufs = -14;
    double ceiling_dbtp = -1;
};

inline constexpr LoudnessPreset kDefaultLoudness = LoudnessPreset::streaming;
// ReplayGain 2.0's reference level: a track's gain tag is this minus its integrated loudness.
inline constexpr double kReplayGainReferenceLufs = -18;

inline constexpr LoudnessTarget loudness_target(LoudnessPreset preset) {
    switch (preset) {
        case LoudnessPreset::streaming: return {-14, -1};
        case LoudnessPreset::podcast: return {-16, -1};
        case LoudnessPreset::broadcast: return {-23, -1};
        case LoudnessPreset::game: return {-24, -6};
        case LoudnessPreset::show: return {-18, -1};
    }
    return {};
}

inline constexpr std::string_view loudness_name(LoudnessPreset preset) {
    switch (preset) {
        case LoudnessPreset::streaming: return "streaming";
        case LoudnessPreset::podcast: return "podcast";
        case LoudnessPreset::broadcast: return "broadcast";
        case LoudnessPreset::game: return "game";
        case LoudnessPreset::show: return "show";
    }
    return "streaming";
}

inline constexpr LoudnessPreset kLoudnessPresets[] = {LoudnessPreset::streaming, LoudnessPreset::podcast,
                                                      LoudnessPreset::broadcast, LoudnessPreset::game,
                                                      LoudnessPreset::show};

// A preset's name or alias ("apple" = podcast, "theatre" = game), exact lower case.
inline std::optional<LoudnessPreset> parse_loudness(std::string_view name) {
    for (LoudnessPreset p : kLoudnessPresets)
        if (name == loudness_name(p)) return p;
    if (name == "apple") return LoudnessPreset::podcast;
    if (name == "theatre") return LoudnessPreset::game;
    return std::nullopt;
}

}  // namespace omg::model
