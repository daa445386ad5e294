// Style loading: styles/<id>.toml -> model::Style (format: docs/style-format.md).
//
// Validation is strict and every problem is reported with the file name and the key, so a
// musician editing a style gets a clear message. Pure apart from reading the files given;
// thread-safe.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"
#include "model/style.h"

namespace omg::style {

// Parses one style from TOML text. `origin` names the source in error messages.
Result<model::Style> parse_style(std::string_view toml_text, std::string_view origin);
// Loads one file; the id must equal the file stem.
Result<model::Style> load_style(const std::filesystem::path& file);
// Loads every *.toml in `dir`, sorted by id. Fails on the first invalid file.
Result<model::StyleLibrary> load_library(const std::filesystem::path& dir);

}  // namespace omg::style
