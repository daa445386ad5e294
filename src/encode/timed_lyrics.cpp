#include "encode/timed_lyrics.h"

#include <cmath>
#include <cstdio>

namespace omg::encode {
namespace {

std::string one_line(const std::string& s) {
    std::string out;
    for (char c : s) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
    return out;
}

std::string lrc_time(double s) {
    const auto cs = static_cast<long long>(std::llround(std::max(0.0, s) * 100));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld.%02lld", cs / 6000, cs / 100 % 60, cs % 100);
    return buf;
}

std::string vtt_time(double s) {
    const auto ms = static_cast<long long>(std::llround(std::max(0.0, s) * 1000));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
                  ms % 1000);
    return buf;
}

std::string vtt_escape(const std::string& s) {
    std::string out;
    for (char c : one_line(s)) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out.push_back(c);
    }
    return out;
}

}  // namespace

std::string lrc_text(const model::Score& score, const std::string& title) {
    std::string out = "[ti:" + one_line(title) + "]\n[by:OMG]\n[length:" + lrc_time(score.duration_s).substr(0, 5) +
                      "]\n[offset:0]\n";
    for (const auto& line : score.vocal.lines)
        out += "[" + lrc_time(score.seconds_at(line.start_tick)) + "]" + one_line(line.text) + "\n";
    // A blank cue where the last line ends, so players clear the text.
    if (!score.vocal.lines.empty()) out += "[" + lrc_time(score.seconds_at(score.vocal.lines.back().end_tick)) + "]\n";
    return out;
}

std::string webvtt_text(const model::Score& score) {
    std::string out = "WEBVTT\n";
    int n = 0;
    for (const auto& line : score.vocal.lines) {
        const auto& sections = score.vocal.text.sections;
        const std::string section = line.section >= 0 && static_cast<size_t>(line.section) < sections.size()
                                        ? sections[static_cast<size_t>(line.section)].tag
                                        : "";
        std::string id = std::to_string(++n) + (section.empty() ? "" : " " + one_line(section));
        for (size_t at; (at = id.find("-->")) != std::string::npos;) id.replace(at, 3, "->");
        out += "\n" + id + "\n";
        out += vtt_time(score.seconds_at(line.start_tick)) + " --> " + vtt_time(score.seconds_at(line.end_tick)) + "\n";
        out += vtt_escape(line.text) + "\n";
    }
    return out;
}

}  // namespace omg::encode
