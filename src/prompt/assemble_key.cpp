// Assembler (assembler.h): the key and mode (override, text, else the style's, leaning minor or
// major with the moods).
#include <algorithm>

#include "prompt/assembler.h"
#include "prompt/vocabulary.h"

namespace omg::prompt {

// The mode the style would choose for these moods: sad, dark ... lean minor; happy,
// bright ... lean major; only among the style's own modes.
model::Mode Assembler::default_mode(std::string* why) const {
    int vote = 0;
    std::vector<std::string> voters;
    for (const Mention* m : mentions(Sense::mood)) {
        for (const auto& w : mood_words()) {
            if (w.mood != m->mood || w.tonality == 0) continue;
            if (std::find(voters.begin(), voters.end(), m->mood) != voters.end()) continue;
            vote += w.tonality;
            voters.push_back(m->mood);
        }
    }
    std::vector<model::Mode> modes = style_->modes;
    if (modes.empty()) modes.push_back(style_->mode);
    const bool style_minor = model::mode_is_minor(style_->mode);
    auto pick = [&](bool minor) -> std::optional<model::Mode> {
        const model::Mode plain = minor ? model::Mode::minor : model::Mode::major;
        if (std::find(modes.begin(), modes.end(), plain) != modes.end()) return plain;
        for (auto m : modes)
            if (model::mode_is_minor(m) == minor) return m;
        return std::nullopt;
    };
    std::string voter_list;
    for (const auto& v : voters) voter_list += (voter_list.empty() ? "\"" : ", \"") + v + "\"";
    if (vote < 0 && !style_minor) {
        if (auto m = pick(true)) {
            *why = "the moods " + voter_list + " suggest a minor key";
            return *m;
        }
    }
    if (vote > 0 && style_minor) {
        if (auto m = pick(false)) {
            *why = "the moods " + voter_list + " suggest a major key";
            return *m;
        }
    }
    *why = "the style's default";
    return style_->mode;
}

void Assembler::resolve_key() {
    std::optional<int> tonic;
    std::optional<model::Mode> mode;
    bool tonic_from_option = false, mode_from_option = false;
    if (overrides_.key) {
        if (auto key = model::parse_key(*overrides_.key)) {
            tonic = key->tonic, mode = key->mode;
            tonic_from_option = mode_from_option = true;
        } else {
            mode = model::parse_mode(*overrides_.key);
            mode_from_option = true;
        }
    }
    const KeyReading* text_key = keys_.empty() ? nullptr : &keys_.front();
    const KeyReading* text_mode = modes_.empty() ? nullptr : &modes_.front();
    bool tonic_from_text = false, mode_from_text = false;
    if (!tonic && text_key) tonic = text_key->tonic, tonic_from_text = true;
    if (!mode && text_key && text_key->mode) mode = text_key->mode, mode_from_text = true;
    if (!mode && text_mode) mode = text_mode->mode, mode_from_text = true;

    std::string mode_reason;
    const model::Mode fallback_mode = default_mode(&mode_reason);
    const int fallback_tonic = style_->tonics.empty() ? 0 : style_->tonics.front();
    brief_.key = model::Key{tonic.value_or(fallback_tonic), mode.value_or(fallback_mode)};
    const std::string name = model::key_name(brief_.key);

    if (tonic_from_option || (mode_from_option && !tonic)) {
        understood("key", name, "");
        if (text_key || text_mode) {
            const KeyReading* r = text_key ? text_key : text_mode;
            guessed("key: the option \"" + *overrides_.key + "\" replaces \"" +
                    words(r->first, r->last) + "\" in the prompt");
        }
    } else if (mode_from_option) {
        understood("key", name, text_key ? words(text_key->first, text_key->last) : "");
    } else if (tonic_from_text) {
        understood("key", name, words(text_key->first, text_key->last));
        if (!mode_from_text)
            guessed("mode: " + std::string(model::mode_name(brief_.key.mode)) + " (" +
                    mode_reason + ")");
    } else if (mode_from_text) {
        const KeyReading* r = text_key && text_key->mode ? text_key : text_mode;
        understood("mode", std::string(model::mode_name(brief_.key.mode)),
                   words(r->first, r->last));
        guessed("tonic: " + model::pitch_class_name(brief_.key.tonic, brief_.key.mode) +
                " (the style's first tonic)");
    } else {
        guessed("key: " + name + " (" + mode_reason + ")");
    }
    // Later keys changed nothing.
    for (size_t k = 1; k < keys_.size(); ++k)
        extra_words_.push_back({keys_[k].first, keys_[k].last});
    for (size_t k = text_key && text_key->mode ? 0 : 1; k < modes_.size(); ++k)
        extra_words_.push_back({modes_[k].first, modes_[k].last});
}

}  // namespace omg::prompt
