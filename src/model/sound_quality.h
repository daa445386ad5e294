// Sound quality: which General MIDI SoundFont plays the score (issue 10 item 5).
//
//   fast  FluidR3_GM (Debian's fluid-soundfont-gm): the default; opens in ~25 ms, renders a
//         minute in well under a second
//   best  MuseScore_General (Debian's musescore-general-soundfont): recorded in phase and far
//         more even across parts, but its samples are Vorbis-compressed (.sf3) and every preset
//         a song uses is decoded when it is first selected, so a render costs seconds more
//         (bench/soundfont/ measures it)
// The engine maps each quality to a file (engine::Config); the recipe names the file used.
// Plain data and pure functions; no I/O.
#pragma once

#include <optional>
#include <string_view>

namespace omg::model {

enum class SoundQuality { fast, best };

inline constexpr SoundQuality kDefaultSoundQuality = SoundQuality::fast;

inline constexpr std::string_view sound_quality_name(SoundQuality quality) {
    return quality == SoundQuality::best ? "best" : "fast";
}

inline constexpr SoundQuality kSoundQualities[] = {SoundQuality::fast, SoundQuality::best};

// "fast" or "best", exact lower case.
inline std::optional<SoundQuality> parse_sound_quality(std::string_view name) {
    for (SoundQuality q : kSoundQualities)
        if (name == sound_quality_name(q)) return q;
    return std::nullopt;
}

}  // namespace omg::model
