#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <tuple>

#include "core/durable_file.h"
#include "encode/midi.h"
#include "encode/midi_key.h"

namespace omg::encode {
namespace {

using Bytes = std::vector<unsigned char>;

enum class Rank : uint8_t { meta, note_off, control, note_on };  // order within one tick

struct Event {
    int64_t tick = 0;
    Rank rank = Rank::meta;
    size_t sequence = 0;
    Bytes data;  // status byte first, or FF type length... for meta
};

void put_vlq(Bytes& out, uint64_t value) {
    unsigned char buffer[10];
    int n = 0;
    buffer[n++] = static_cast<unsigned char>(value & 0x7f);
    while (value >>= 7) buffer[n++] = static_cast<unsigned char>(0x80 | (value & 0x7f));
    while (n > 0) out.push_back(buffer[--n]);
}

void put_be(Bytes& out, uint32_t value, int bytes) {
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
        out.push_back(static_cast<unsigned char>(value >> shift));
    }
}

unsigned char data_byte(int value) { return static_cast<unsigned char>(std::clamp(value, 0, 127)); }

Bytes meta(unsigned char type, std::string_view payload) {
    Bytes b{0xff, type};
    put_vlq(b, payload.size());
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

Bytes meta(unsigned char type, const Bytes& payload) {
    return meta(type, std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()));
}

class TrackBuilder {
public:
    void add(int64_t tick, Rank rank, Bytes data) {
        events_.push_back({std::max<int64_t>(tick, 0), rank, events_.size(), std::move(data)});
    }

    // The MTrk chunk: events in (tick, rank, insertion) order with running status, then End of
    // Track at `end_tick` or the last event, whichever is later.
    Bytes chunk(int64_t end_tick) {
        std::sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) {
            return std::tie(a.tick, a.rank, a.sequence) < std::tie(b.tick, b.rank, b.sequence);
        });
        Bytes body;
        int64_t now = 0;
        unsigned char running = 0;
        for (const Event& e : events_) {
            put_vlq(body, static_cast<uint64_t>(e.tick - now));
            now = e.tick;
            const unsigned char status = e.data.front();
            if (status == 0xff) {
                running = 0;  // meta events cancel running status
                body.insert(body.end(), e.data.begin(), e.data.end());
            } else {
                const bool skip = status == running;
                running = status;
                body.insert(body.end(), e.data.begin() + (skip ? 1 : 0), e.data.end());
            }
        }
        put_vlq(body, static_cast<uint64_t>(std::max(end_tick, now) - now));
        body.insert(body.end(), {0xff, 0x2f, 0x00});

        Bytes out{'M', 'T', 'r', 'k'};
        put_be(out, static_cast<uint32_t>(body.size()), 4);
        out.insert(out.end(), body.begin(), body.end());
        return out;
    }

private:
    std::vector<Event> events_;
};

Bytes time_signature_payload(const model::TimeSignature& ts) {
    int log2_denominator = 0;
    while ((1 << log2_denominator) < ts.denominator && log2_denominator < 6) ++log2_denominator;
    // MIDI clocks (24 per quarter) per metronome click: one felt beat.
    const int unit = 96 / std::max(ts.denominator, 1);
    const int clocks = ts.compound() ? 3 * unit : unit;
    return {data_byte(ts.numerator), static_cast<unsigned char>(log2_denominator),
            data_byte(clocks), 8};
}

Bytes conductor(const model::Score& score, const std::string& text, int64_t end_tick) {
    TrackBuilder track;
    if (!text.empty()) track.add(0, Rank::meta, meta(0x01, text));
    // The tempo at tick 0, then one Set Tempo event at each change of the tempo map.
    auto tempo = [](double qpm) {
        const double micros = std::round(60'000'000.0 / qpm);
        Bytes payload;
        put_be(payload, static_cast<uint32_t>(std::clamp(micros, 1.0, 16'777'215.0)), 3);
        return meta(0x51, payload);
    };
    track.add(0, Rank::meta, tempo(score.tempo_qpm));
    for (const model::TempoChange& change : score.tempo_changes)
        if (change.tick > 0 && change.qpm > 0) track.add(change.tick, Rank::meta, tempo(change.qpm));
    track.add(0, Rank::meta, meta(0x58, time_signature_payload(score.time_signature)));
    const KeySignature key = key_signature(score.key);
    track.add(0, Rank::meta,
              meta(0x59, Bytes{static_cast<unsigned char>(static_cast<int8_t>(key.sharps)),
                               static_cast<unsigned char>(key.minor ? 1 : 0)}));
    if (score.key.mode != model::Mode::major && score.key.mode != model::Mode::minor) {
        track.add(0, Rank::meta, meta(0x01, "Key: " + model::key_name(score.key)));
    }
    for (const model::SectionMark& section : score.sections) {
        track.add(section.start_tick, Rank::meta, meta(0x06, section.name));
    }
    return track.chunk(end_tick);
}

// Channels: drums on 9 (GM's percussion channel); a melodic track keeps its channel unless
// that is 9 or already taken by another sound, then takes the lowest free one.
std::vector<int> assign_channels(const std::vector<model::Track>& tracks) {
    std::vector<int> channels;
    std::vector<std::pair<int, int>> sound(16, {-1, -1});  // program, bank per channel
    for (const model::Track& t : tracks) {
        if (t.drums) {
            channels.push_back(model::kDrumChannel);
            continue;
        }
        int ch = std::clamp(t.channel, 0, 15);
        auto usable = [&](int c) {
            return c != model::kDrumChannel &&
                   (sound[c].first < 0 || sound[c] == std::pair{t.program, t.bank});
        };
        if (!usable(ch)) {
            for (int c = 0; c < 16; ++c) {
                if (usable(c)) {
                    ch = c;
                    break;
                }
            }
        }
        sound[ch] = {t.program, t.bank};
        channels.push_back(ch);
    }
    return channels;
}

// The sung syllables as lyric events (FF 05) at their first note: "jug-", "gling " (a word's
// syllables joined by '-', words ended by a space), a line's first syllable after a "\r"
// (the karaoke players' line break).
void add_lyrics(TrackBuilder& track, const model::VocalPart& vocal, const model::Track& t) {
    const auto& sections = vocal.text.sections;
    for (const auto& s : vocal.syllables) {
        if (s.notes.empty() || s.notes.front() < 0 || static_cast<size_t>(s.notes.front()) >= t.notes.size()) continue;
        if (static_cast<size_t>(s.section) >= sections.size()) continue;
        const auto& lines = sections[static_cast<size_t>(s.section)].lines;
        if (static_cast<size_t>(s.line) >= lines.size()) continue;
        const auto& words = lines[static_cast<size_t>(s.line)].words;
        if (static_cast<size_t>(s.word) >= words.size()) continue;
        const auto& syllables = words[static_cast<size_t>(s.word)].syllables;
        if (static_cast<size_t>(s.syllable) >= syllables.size()) continue;
        std::string text = s.phrase_start ? "\r" : "";
        text += syllables[static_cast<size_t>(s.syllable)].text;
        text += static_cast<size_t>(s.syllable) + 1 < syllables.size() ? "-" : " ";
        track.add(t.notes[static_cast<size_t>(s.notes.front())].tick, Rank::meta, meta(0x05, text));
    }
}

Bytes instrument_track(const model::Track& t, int channel, int64_t end_tick, const model::VocalPart* vocal) {
    TrackBuilder track;
    const auto ch = static_cast<unsigned char>(channel);
    auto cc = [&](int64_t tick, Rank rank, int controller, int value) {
        track.add(tick, rank, {static_cast<unsigned char>(0xb0 | ch), data_byte(controller), data_byte(value)});
    };
    track.add(0, Rank::meta, meta(0x03, t.name));
    // Bank 128 (a drum kit) has no CC0 value: channel 10 says "drums" and the program the kit.
    if (!t.drums && t.bank > 0 && t.bank < 128) {
        cc(0, Rank::control, 0, t.bank);
        cc(0, Rank::control, 32, 0);
    }
    track.add(0, Rank::control, {static_cast<unsigned char>(0xc0 | ch), data_byte(t.program)});
    cc(0, Rank::control, 7, t.volume);
    cc(0, Rank::control, 10, t.pan);
    cc(0, Rank::control, 91, t.reverb);
    cc(0, Rank::control, 93, t.chorus);
    for (const model::ControlChange& c : t.controls) {
        if (c.controller >= 0 && c.controller < 128) cc(c.tick, Rank::control, c.controller, c.value);
    }

    // A note still sounding when the same key starts again ends there, so that every
    // note-off belongs to exactly one note-on.
    std::vector<size_t> order(t.notes.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return std::tie(t.notes[a].key, t.notes[a].tick) < std::tie(t.notes[b].key, t.notes[b].tick);
    });
    std::vector<int64_t> end(t.notes.size());
    for (size_t i = 0; i < order.size(); ++i) {
        const model::Note& n = t.notes[order[i]];
        int64_t e = n.tick + std::max<int64_t>(n.duration, 1);
        if (i + 1 < order.size() && t.notes[order[i + 1]].key == n.key) {
            e = std::min(e, t.notes[order[i + 1]].tick);
        }
        end[order[i]] = e;
    }
    for (size_t i = 0; i < t.notes.size(); ++i) {
        const model::Note& n = t.notes[i];
        if (n.key < 0 || n.key > 127 || n.velocity < 1 || end[i] <= n.tick) continue;
        track.add(n.tick, Rank::note_on,
                  {static_cast<unsigned char>(0x90 | ch), data_byte(n.key), data_byte(n.velocity)});
        track.add(end[i], Rank::note_off, {static_cast<unsigned char>(0x80 | ch), data_byte(n.key), 0});
    }
    if (vocal) add_lyrics(track, *vocal, t);
    return track.chunk(end_tick);
}

}  // namespace

std::vector<unsigned char> midi_bytes(const model::Score& score, const std::string& text) {
    const bool timed = score.tempo_qpm > 0 && score.ppq > 0;
    const int64_t end_tick = timed ? std::llround(score.ticks_at(std::max(score.duration_s, 0.0))) : 0;

    Bytes out{'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1};
    put_be(out, static_cast<uint32_t>(score.tracks.size() + 1), 2);
    put_be(out, static_cast<uint32_t>(std::clamp(score.ppq, 1, 0x7fff)), 2);
    const Bytes first = conductor(score, text, end_tick);
    out.insert(out.end(), first.begin(), first.end());
    const std::vector<int> channels = assign_channels(score.tracks);
    for (size_t i = 0; i < score.tracks.size(); ++i) {
        const bool sung = score.vocal.track == static_cast<int>(i);
        const Bytes chunk = instrument_track(score.tracks[i], channels[i], end_tick, sung ? &score.vocal : nullptr);
        out.insert(out.end(), chunk.begin(), chunk.end());
    }
    return out;
}

Status write_midi(const model::Score& score, const std::string& text,
                  const std::filesystem::path& destination) {
    return write_file_durably(destination, midi_bytes(score, text));
}

}  // namespace omg::encode
