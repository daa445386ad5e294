// Singing, for the engine: the words a request sings and the voice that sings them.
//
// `Singer` holds what singing needs and opens it on first use (the voice's model, the built-in lyric
// writer's vocabulary and pronouncer), so an engine that never sings never pays for it; a part that
// cannot open is reported when singing is asked for (Errc::unavailable, naming what is missing),
// never before. `words` reads the user's text (lyrics/tags.h) or, without one, writes lyrics with
// the built-in writer for the arrangement the same request composes without words, then has the
// voice's front end split them (syllables from its lexicon). `mix_vocal` adds the produced voice to
// the instrumental so that, where it sings, it sits `kVocalOverBandDb` over the band. Thread-safe:
// the voice and writer are immutable once open (the pronouncer serialises itself).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "lyrics/lyrics.h"
#include "model/brief.h"
#include "model/pcm.h"
#include "model/score.h"
#include "model/style.h"
#include "model/vocal.h"
#include "voice/voice.h"

namespace omg::engine {

inline constexpr double kVocalOverBandDb = 1.0;

struct Words {
    std::string text;           // the song's text with its tags, as sung
    bool written = false;       // by the built-in writer (not the user)
    model::SungText sung;       // split by the voice's front end
    std::vector<std::string> notes;  // how the text was read: tags not known, lines cut ...
};

class Singer {
public:
    Singer(voice::Config voice, std::filesystem::path lyrics_dir)
        : voice_config_(std::move(voice)), lyrics_dir_(std::move(lyrics_dir)) {}

    Result<const voice::Voice*> voice() const;

    // `composed` is the request's arrangement without words (the writer fits its form); it is only
    // read when `user_text` is empty.
    Result<Words> words(const std::string& user_text, const model::Brief& brief, const model::Score& composed,
                        uint64_t seed) const;

private:
    struct Writer {
        lyrics::Vocabulary vocabulary;
        std::unique_ptr<lyrics::Pronouncer> pronouncer;
    };
    Result<Writer*> writer() const;

    voice::Config voice_config_;
    std::filesystem::path lyrics_dir_;
    mutable std::once_flag voice_once_, writer_once_;
    mutable std::optional<Result<voice::Voice>> voice_;
    mutable std::optional<Result<Writer>> writer_;
};

// Adds `vocal` (stereo, produced) to `mix` in place, at kVocalOverBandDb over the band's loudness
// in the spans the voice sings; returns the gain it applied to the vocal (linear), so the vocal stem
// can carry the same.
double mix_vocal(model::Pcm& mix, model::Pcm& vocal, const model::Score& score);

}  // namespace omg::engine
