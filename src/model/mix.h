// MixSpec: a style's room and tone, as an engineer sets them on the mix bus.
//
// Plain data, read from a style file's [mix] table (docs/style-format.md) and carried by the
// Score to the renderer. The levels of the parts are not here: the renderer sets them from the
// measured loudness of each part's sound and its role (render/balance.h), at the role's level
// below (a track's `level_db` trims it).
#pragma once

#include <string_view>

namespace omg::model {

// The level (dB) of a role relative to the comping ("chords"), as an engineer sets it: the lead
// 3.5 dB over, bass and drums level with it, pads 6.5 dB under.
inline constexpr double role_level_db(std::string_view role) {
    if (role == "lead") return 3.5;
    if (role == "counter") return -1;
    if (role == "arp") return -2;
    if (role == "pad") return -6.5;
    if (role == "colour") return -5;
    return 0;  // chords, bass, drums
}

struct MixSpec {
    // The reverb return (FluidSynth's reverb, shared by every part; each part sets its send).
    double reverb_room = 0.6;    // room size 0..1: 0.2 a small room, 0.6 a hall, 0.9 a cathedral
    double reverb_damp = 0.35;   // damping of the tail's highs 0..1
    double reverb_level = 0.7;   // level of the return 0..1
    double reverb_width = 0.5;   // stereo width of the return 0..1 (above ~0.7 it turns diffuse)
    // Stereo width of the chorus return, 0 (mono) .. 1 (the chorus's two voice groups hard left
    // and right). FluidSynth's own chorus is ten times wider, mostly out of phase.
    double chorus_width = 0.35;
    // Bus EQ, in dB: a low shelf at 60 Hz (sub bass), a bell over 2-5 kHz (presence, harshness)
    // and a high shelf at 8 kHz (brightness).
    double sub_db = 0;
    double presence_db = 0;
    double air_db = 0;
    bool operator==(const MixSpec&) const = default;
};

}  // namespace omg::model
