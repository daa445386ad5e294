// Style files to model::Style (loader.h): reading the files and the folder, the TOML parse
// (the one toml++ call that throws: caught here), the file-name and alias checks across the
// library. What a style table holds is read by StyleReader (style_reader.h).
#include "style/loader.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "style/style_reader.h"

namespace omg::style {

Result<model::Style> parse_style(std::string_view toml_text, std::string_view origin) {
    toml::table root;
    try {
        root = toml::parse(toml_text, origin);
    } catch (const toml::parse_error& e) {
        return fail(Errc::invalid_argument, std::string(origin) + ":" +
                                                std::to_string(e.source().begin.line) + ":" +
                                                std::to_string(e.source().begin.column) +
                                                ": TOML syntax: " + std::string(e.description()));
    }
    return StyleReader(std::string(origin)).read(root);
}

Result<model::Style> load_style(const std::filesystem::path& file) {
    const std::string origin = file.filename().string();
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(Errc::io, "cannot read style file " + origin);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail(Errc::io, "cannot read style file " + origin);
    auto style = parse_style(text.str(), origin);
    if (!style) return style;
    if (style->id != file.stem().string())
        return fail(Errc::invalid_argument, origin + ": id: " + in_quotes(style->id) +
                                                " must equal the file name " +
                                                in_quotes(file.stem().string()));
    return style;
}

Result<model::StyleLibrary> load_library(const std::filesystem::path& dir) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    // The error_code overloads throughout: a vanished or unreadable folder is a value, not a throw.
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (it->path().extension() == ".toml" && it->is_regular_file(type_ec))
            files.push_back(it->path());
    }
    if (ec)
        return fail(Errc::not_found, "cannot list the styles folder " + dir.filename().string());
    if (files.empty())
        return fail(Errc::not_found, "no *.toml style files in " + dir.filename().string());
    std::sort(files.begin(), files.end());

    model::StyleLibrary library;
    std::map<std::string, std::string> alias_owner;  // alias -> style id
    for (const auto& file : files) {
        auto style = load_style(file);
        if (!style) return tl::unexpected(style.error());
        for (const auto& alias : style->aliases) {
            auto [it, inserted] = alias_owner.emplace(alias, style->id);
            if (!inserted)
                return fail(Errc::invalid_argument,
                            file.filename().string() + ": aliases: " + in_quotes(alias) +
                                " already selects style " + in_quotes(it->second));
        }
        library.styles.push_back(std::move(*style));
    }
    std::sort(library.styles.begin(), library.styles.end(),
              [](const model::Style& a, const model::Style& b) { return a.id < b.id; });
    return library;
}

}  // namespace omg::style
