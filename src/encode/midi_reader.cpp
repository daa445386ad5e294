#include <algorithm>
#include <cmath>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <system_error>

#include "encode/midi.h"
#include "encode/midi_key.h"

namespace omg::encode {
namespace {

constexpr size_t kMaxFileBytes = 64u << 20;

Error malformed(const std::string& what) {
    return Error{Errc::invalid_argument, "not a readable MIDI file: " + what};
}

// Bounds-checked big-endian / VLQ reading over a byte range.
class Reader {
public:
    Reader(const unsigned char* begin, const unsigned char* end) : p_(begin), end_(end) {}
    bool done() const { return p_ >= end_; }
    size_t left() const { return static_cast<size_t>(end_ - p_); }
    std::optional<uint32_t> be(int bytes) {
        if (left() < static_cast<size_t>(bytes)) return std::nullopt;
        uint32_t v = 0;
        for (int i = 0; i < bytes; ++i) v = (v << 8) | *p_++;
        return v;
    }
    std::optional<uint32_t> vlq() {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            if (done()) return std::nullopt;
            const unsigned char b = *p_++;
            v = (v << 7) | (b & 0x7fu);
            if (!(b & 0x80)) return v;
        }
        return std::nullopt;
    }
    std::optional<unsigned char> byte() {
        if (done()) return std::nullopt;
        return *p_++;
    }
    std::optional<std::string> text(size_t n) {
        if (left() < n) return std::nullopt;
        std::string s(reinterpret_cast<const char*>(p_), n);
        p_ += n;
        return s;
    }
    const unsigned char* position() const { return p_; }

private:
    const unsigned char* p_;
    const unsigned char* end_;
};

struct ChannelData {
    std::optional<int> program;
    std::optional<int> bank;
    std::optional<int> volume, pan, reverb, chorus;  // set by the first such CC at tick 0
    std::vector<model::Note> notes;
    std::vector<model::ControlChange> controls;
    std::map<int, std::deque<size_t>> sounding;  // key -> indices of open notes, oldest first
    bool used = false;
};

struct TrackData {
    std::string name;
    std::map<int, ChannelData> channels;
    int64_t end_tick = 0;
};

struct Conductor {
    std::optional<uint32_t> tempo_micros;                   // the first at tick 0
    std::vector<std::pair<int64_t, uint32_t>> tempo_changes;  // later ones, as met
    std::optional<model::TimeSignature> time_signature;
    std::optional<KeySignature> key_signature;
    std::optional<model::Key> key_text;
    std::vector<std::pair<int64_t, std::string>> markers;
};

void control(ChannelData& ch, int64_t tick, int controller, int value) {
    auto field = [&](std::optional<int>& f) {
        if (tick == 0 && !f) {
            f = value;
            return true;
        }
        return false;
    };
    if (controller == 0) {
        if (!ch.bank) ch.bank = value;
        return;
    }
    if (controller == 32) return;
    if ((controller == 7 && field(ch.volume)) || (controller == 10 && field(ch.pan)) ||
        (controller == 91 && field(ch.reverb)) || (controller == 93 && field(ch.chorus))) {
        return;
    }
    ch.controls.push_back({tick, controller, value});
}

void note_off(ChannelData& ch, int64_t tick, int key) {
    auto it = ch.sounding.find(key);
    if (it == ch.sounding.end() || it->second.empty()) return;
    model::Note& n = ch.notes[it->second.front()];
    n.duration = std::max<int64_t>(tick - n.tick, 1);
    it->second.pop_front();
}

Result<TrackData> parse_track(Reader r, Conductor& conductor) {
    TrackData track;
    int64_t tick = 0;
    unsigned char running = 0;
    while (!r.done()) {
        auto delta = r.vlq();
        if (!delta) return tl::unexpected(malformed("bad event time"));
        tick += *delta;
        auto first = r.byte();
        if (!first) return tl::unexpected(malformed("truncated event"));
        unsigned char status = *first;
        if (status == 0xff) {
            auto type = r.byte();
            auto length = r.vlq();
            if (!type || !length) return tl::unexpected(malformed("bad meta event"));
            auto payload = r.text(*length);
            if (!payload) return tl::unexpected(malformed("truncated meta event"));
            running = 0;
            const std::string& p = *payload;
            auto u = [&](size_t i) { return static_cast<unsigned char>(p[i]); };
            switch (*type) {
                case 0x01:
                    if (p.rfind("Key: ", 0) == 0 && !conductor.key_text) {
                        conductor.key_text = model::parse_key(std::string_view(p).substr(5));
                    }
                    break;
                case 0x03:
                    if (track.name.empty()) track.name = p;
                    break;
                case 0x06: conductor.markers.emplace_back(tick, p); break;
                case 0x51:
                    if (p.size() == 3) {
                        const uint32_t micros = (u(0) << 16) | (u(1) << 8) | u(2);
                        if (tick > 0) conductor.tempo_changes.emplace_back(tick, micros);
                        else if (!conductor.tempo_micros) conductor.tempo_micros = micros;
                    }
                    break;
                case 0x58:
                    if (p.size() >= 2 && !conductor.time_signature && u(1) < 7) {
                        conductor.time_signature = model::TimeSignature{u(0), 1 << u(1)};
                    }
                    break;
                case 0x59:
                    if (p.size() == 2 && !conductor.key_signature) {
                        conductor.key_signature = KeySignature{static_cast<int8_t>(u(0)), u(1) != 0};
                    }
                    break;
                case 0x2f: track.end_tick = std::max(track.end_tick, tick); return track;
                default: break;
            }
            track.end_tick = std::max(track.end_tick, tick);
            continue;
        }
        if (status == 0xf0 || status == 0xf7) {
            auto length = r.vlq();
            if (!length || !r.text(*length)) return tl::unexpected(malformed("bad sysex event"));
            running = 0;
            continue;
        }
        std::optional<unsigned char> d1;
        if (status < 0x80) {  // running status: this byte is the first data byte
            if (running == 0) return tl::unexpected(malformed("data without a status byte"));
            d1 = status;
            status = running;
        } else if (status >= 0xf0) {
            return tl::unexpected(malformed("unexpected system message"));
        } else {
            running = status;
            d1 = r.byte();
        }
        const int kind = status & 0xf0;
        const int channel = status & 0x0f;
        std::optional<unsigned char> d2;
        if (kind != 0xc0 && kind != 0xd0) d2 = r.byte();
        if (!d1 || (kind != 0xc0 && kind != 0xd0 && !d2)) return tl::unexpected(malformed("truncated event"));
        ChannelData& ch = track.channels[channel];
        track.end_tick = std::max(track.end_tick, tick);
        switch (kind) {
            case 0x90:
                if (*d2 > 0) {
                    ch.used = true;
                    ch.sounding[*d1].push_back(ch.notes.size());
                    ch.notes.push_back({tick, 0, *d1, *d2});
                    break;
                }
                [[fallthrough]];
            case 0x80: note_off(ch, tick, *d1); break;
            case 0xb0: control(ch, tick, *d1, *d2); break;
            case 0xc0:
                ch.used = true;
                if (!ch.program) ch.program = *d1;
                break;
            default: break;  // aftertouch, pitch bend: not in the model
        }
    }
    return track;
}

model::Track make_track(const std::string& name, int channel, ChannelData& ch, int64_t end_tick) {
    model::Track t;
    t.name = name;
    t.channel = channel;
    t.drums = channel == model::kDrumChannel;
    t.role = t.drums ? "drums" : "";
    t.program = ch.program.value_or(0);
    t.bank = t.drums ? 128 : ch.bank.value_or(0);
    t.volume = ch.volume.value_or(100);
    t.pan = ch.pan.value_or(64);
    t.reverb = ch.reverb.value_or(40);
    t.chorus = ch.chorus.value_or(0);
    for (auto& [key, open] : ch.sounding) {
        for (size_t i : open) ch.notes[i].duration = std::max<int64_t>(end_tick - ch.notes[i].tick, 1);
    }
    t.notes = std::move(ch.notes);
    t.controls = std::move(ch.controls);
    return t;
}

}  // namespace

Result<model::Score> parse_midi(const std::vector<unsigned char>& bytes) {
    Reader file(bytes.data(), bytes.data() + bytes.size());
    auto magic = file.text(4);
    auto header_length = file.be(4);
    if (!magic || *magic != "MThd" || !header_length || *header_length < 6) {
        return tl::unexpected(malformed("no MThd header"));
    }
    auto format = file.be(2);
    auto track_count = file.be(2);
    auto division = file.be(2);
    if (!format || !track_count || !division || !file.text(*header_length - 6)) {
        return tl::unexpected(malformed("truncated header"));
    }
    if (*format > 1) return fail(Errc::invalid_argument, "MIDI format 2 files are not supported");
    if (*division & 0x8000 || *division == 0) {
        return fail(Errc::invalid_argument, "MIDI files with SMPTE timing are not supported");
    }

    Conductor conductor;
    std::vector<TrackData> tracks;
    while (!file.done() && tracks.size() < *track_count) {
        auto id = file.text(4);
        auto length = file.be(4);
        if (!id || !length || file.left() < *length) return tl::unexpected(malformed("truncated chunk"));
        const unsigned char* start = file.position();
        file.text(*length);
        if (*id != "MTrk") continue;  // unknown chunks are skipped, as the standard asks
        auto track = parse_track(Reader(start, start + *length), conductor);
        if (!track) return tl::unexpected(track.error());
        tracks.push_back(std::move(*track));
    }

    model::Score score;
    score.ppq = static_cast<int>(*division);
    score.tempo_qpm = conductor.tempo_micros && *conductor.tempo_micros > 0
                          ? 60'000'000.0 / *conductor.tempo_micros
                          : 120.0;
    // The tempo map: one change per tick (the last said there wins), each a real tempo.
    std::stable_sort(conductor.tempo_changes.begin(), conductor.tempo_changes.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [tick, micros] : conductor.tempo_changes) {
        if (micros == 0) continue;
        const model::TempoChange change{tick, 60'000'000.0 / micros};
        if (!score.tempo_changes.empty() && score.tempo_changes.back().tick == tick) score.tempo_changes.back() = change;
        else score.tempo_changes.push_back(change);
    }
    if (conductor.time_signature) score.time_signature = *conductor.time_signature;
    score.tempo_bpm = score.tempo_qpm / score.time_signature.beat_quarters();
    if (conductor.key_text) {
        score.key = *conductor.key_text;
    } else if (conductor.key_signature) {
        score.key = key_from_signature(*conductor.key_signature);
    }

    int64_t end_tick = 0;
    for (const TrackData& t : tracks) end_tick = std::max(end_tick, t.end_tick);
    int64_t last_note_end = 0;
    for (TrackData& t : tracks) {
        const bool several = std::count_if(t.channels.begin(), t.channels.end(),
                                           [](const auto& c) { return c.second.used; }) > 1;
        for (auto& [channel, data] : t.channels) {
            if (!data.used) continue;
            std::string name = t.name.empty() ? "Channel " + std::to_string(channel + 1) : t.name;
            if (several && !t.name.empty()) name += " (channel " + std::to_string(channel + 1) + ")";
            score.tracks.push_back(make_track(name, channel, data, end_tick));
            for (const model::Note& n : score.tracks.back().notes) {
                last_note_end = std::max(last_note_end, n.tick + n.duration);
            }
        }
    }

    std::stable_sort(conductor.markers.begin(), conductor.markers.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const int64_t bar = std::max<int64_t>(score.ticks_per_bar(), 1);
    for (size_t i = 0; i < conductor.markers.size(); ++i) {
        const auto& [tick, name] = conductor.markers[i];
        const int64_t next = i + 1 < conductor.markers.size() ? conductor.markers[i + 1].first : end_tick;
        model::SectionMark section;
        section.name = name;
        section.start_tick = tick;
        section.start_s = score.seconds_at(tick);
        section.bars = static_cast<int>((std::max<int64_t>(next - tick, 0) + bar / 2) / bar);
        score.sections.push_back(section);
    }
    score.bars = static_cast<int>((last_note_end + bar - 1) / bar);
    score.duration_s = score.seconds_at(end_tick);
    return score;
}

Result<model::Score> read_midi(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(Errc::not_found, "MIDI file '" + name + "' was not found");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return fail(Errc::io, "cannot read MIDI file '" + name + "'");
    if (size > kMaxFileBytes) return fail(Errc::too_large, "MIDI file '" + name + "' is too large");
    std::ifstream in(path, std::ios::binary);
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return fail(Errc::io, "cannot read MIDI file '" + name + "'");
    return parse_midi(bytes);
}

}  // namespace omg::encode
