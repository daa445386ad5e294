// TomlFields: typed, located reads of the fields of a parsed TOML table, for the style reader.
//
// Every problem is one Error (Errc::invalid_argument) reading "<origin>:<line>: <key path>:
// <problem>", the line being the offending node's; the first problem stops a read. Keys
// starting with x_ are free for notes and never refused. With toml_fields.cpp, style_reader.cpp,
// part_reader.cpp and loader.cpp, one of the files that see toml++; none of them throws
// (parsing, which does, is in loader.cpp). Private to src/style. Immutable after construction;
// thread-safe to share.
#pragma once

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace omg::style {

// Key paths in messages: "tempo" + "min" is "tempo.min"; "parts" and 2 is "parts[2]".
inline std::string join(std::string_view path, std::string_view key) {
    return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
}
inline std::string indexed(std::string_view path, size_t i) {
    return std::string(path) + "[" + std::to_string(i) + "]";
}
inline std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

// A closed list of words a field may hold, and its text for messages ("a, b, c").
template <size_t N>
bool one_of(std::string_view value, const std::array<std::string_view, N>& allowed) {
    return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}
template <size_t N>
std::string list(const std::array<std::string_view, N>& allowed) {
    std::string out;
    for (std::string_view v : allowed) out += (out.empty() ? "" : ", ") + std::string(v);
    return out;
}

class TomlFields {
public:
    // origin: the file's name in messages.
    explicit TomlFields(std::string origin) : origin_(std::move(origin)) {}

    // The error for `node` (its line, when known) at `path`.
    tl::unexpected<Error> error(const toml::node* node, std::string_view path,
                                std::string_view message) const;
    // Refuses a key of `table` that is not in `allowed` (nor starts with x_).
    Status check_keys(const toml::table& table, std::string_view path,
                      std::initializer_list<std::string_view> allowed) const;
    const toml::node* find(const toml::table& table, std::string_view key) const;
    Status missing(const toml::table& table, std::string_view path, std::string_view key) const;
    // The table at `key`; nullptr with `status` set when it is missing or not a table.
    const toml::table* table_at(const toml::table& parent, std::string_view path,
                                std::string_view key, Status& status) const;

    // Each reads `key` of `t` into `out`; an absent key leaves `out` as it was unless required.
    Status get_string(const toml::table& t, std::string_view path, std::string_view key,
                      std::string& out, bool required) const;
    Status get_number(const toml::table& t, std::string_view path, std::string_view key,
                      double& out, double lo, double hi, bool required) const;
    Status get_int(const toml::node* node, std::string_view path, int& out, int lo, int hi) const;
    Status get_int(const toml::table& t, std::string_view path, std::string_view key, int& out,
                   int lo, int hi, bool required) const;
    Status get_bool(const toml::table& t, std::string_view path, std::string_view key,
                    bool& out) const;
    // An array of strings; `nodes` (optional) receives each element's node for later messages.
    Status get_strings(const toml::table& t, std::string_view path, std::string_view key,
                       std::vector<std::string>& out, bool required,
                       std::vector<const toml::node*>* nodes = nullptr) const;

private:
    std::string origin_;
};

}  // namespace omg::style
