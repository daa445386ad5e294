// Hit points (issue 14): moments the music must hit, as a request asks for them, and where the
// composer landed each.
//
// A hit is a time (seconds from the start, or a bar:beat counted from 1 at the style's tempo)
// and a kind:
//   accent   a crash and a tutti hit on the downbeat
//   stop     everything cuts on the downbeat; silence until the next section, a bar later
//   stinger  a short brass flourish on the downbeat
//   section  a new section starts on the downbeat
//   cadence  a phrase ends on the tonic on the downbeat (the bar before is the dominant)
//   build    a rise into the downbeat: a drum roll growing in density and velocity
// The composer (compose/hits.h) lands each hit on a downbeat within kHitToleranceS of its time by
// choosing the bar and a tempo map within the style's tempo flex; a hit it cannot land musically
// is kept with `met` false and the reason. Plain data and pure functions; no I/O.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace omg::model {

enum class HitKind { accent, stop, stinger, section, cadence, build };

inline constexpr double kHitToleranceS = 0.010;

struct BarBeat {
    int bar = 1;   // 1..kMaxHitBar
    int beat = 1;  // 1..the metre's beats per bar
    bool operator==(const BarBeat&) const = default;
};

struct Hit {
    HitKind kind = HitKind::accent;
    std::optional<double> time_s;     // seconds from the start, or
    std::optional<BarBeat> bar_beat;  // a bar and beat (exactly one of the two is set)
    bool operator==(const Hit&) const = default;
};

// A hit as composed: where it was asked (`time_s`, a bar:beat converted at the base tempo),
// and, when met, the bar (0-based) whose downbeat carries it, that downbeat's tick and its time
// in the Score's tempo map. Unmet: `reason` says why ("2.1 s after the hit at 10 s: closer than
// a bar" ...).
struct HitMark {
    Hit asked;
    double time_s = 0;
    bool met = false;
    int bar = -1;
    int64_t tick = 0;
    double landed_s = 0;
    std::string reason;
    bool operator==(const HitMark&) const = default;
};

inline constexpr std::string_view hit_kind_name(HitKind kind) {
    switch (kind) {
        case HitKind::accent: return "accent";
        case HitKind::stop: return "stop";
        case HitKind::stinger: return "stinger";
        case HitKind::section: return "section";
        case HitKind::cadence: return "cadence";
        case HitKind::build: return "build";
    }
    return "accent";
}

inline std::optional<HitKind> parse_hit_kind(std::string_view name) {
    for (HitKind k : {HitKind::accent, HitKind::stop, HitKind::stinger, HitKind::section, HitKind::cadence,
                      HitKind::build})
        if (hit_kind_name(k) == name) return k;
    return std::nullopt;
}

// "8:1" -> bar 8, beat 1 (both whole numbers >= 1; the upper limits are the parser's to check).
inline std::optional<BarBeat> parse_bar_beat(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto whole = [](std::string_view s) -> std::optional<int> {
        int v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size() || v < 1) return std::nullopt;
        return v;
    };
    const auto bar = whole(text.substr(0, colon));
    const auto beat = whole(text.substr(colon + 1));
    if (!bar || !beat) return std::nullopt;
    return BarBeat{*bar, *beat};
}

// The command line's form: "12.5:accent" (seconds) or "8:1:stop" (bar:beat). nullopt when it is
// neither.
inline std::optional<Hit> parse_hit(std::string_view text) {
    const auto last = text.rfind(':');
    if (last == std::string_view::npos) return std::nullopt;
    const auto kind = parse_hit_kind(text.substr(last + 1));
    if (!kind) return std::nullopt;
    const std::string_view when = text.substr(0, last);
    Hit hit;
    hit.kind = *kind;
    if (when.find(':') != std::string_view::npos) {
        hit.bar_beat = parse_bar_beat(when);
        if (!hit.bar_beat) return std::nullopt;
        return hit;
    }
    double seconds = 0;
    const auto [end, ec] = std::from_chars(when.data(), when.data() + when.size(), seconds);
    if (when.empty() || ec != std::errc() || end != when.data() + when.size() || !(seconds >= 0)) return std::nullopt;
    hit.time_s = seconds;
    return hit;
}

// "12.5:accent" / "8:1:stop": what parse_hit reads.
inline std::string hit_text(const Hit& hit) {
    std::string when;
    if (hit.bar_beat) {
        when = std::to_string(hit.bar_beat->bar) + ":" + std::to_string(hit.bar_beat->beat);
    } else {
        char buf[32];
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, hit.time_s.value_or(0));
        when.assign(buf, ec == std::errc() ? end : buf);
    }
    return when + ":" + std::string(hit_kind_name(hit.kind));
}

}  // namespace omg::model
