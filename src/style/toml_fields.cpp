// TomlFields (toml_fields.h): the typed reads and their located messages.
#include "style/toml_fields.h"

#include <sstream>

namespace omg::style {
namespace {

std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

}  // namespace

tl::unexpected<Error> TomlFields::error(const toml::node* node, std::string_view path,
                                        std::string_view message) const {
    std::string where = origin_;
    if (node != nullptr && node->source().begin.line > 0)
        where += ":" + std::to_string(node->source().begin.line);
    return fail(Errc::invalid_argument, where + ": " + std::string(path) +
                                            (path.empty() ? "" : ": ") + std::string(message));
}

Status TomlFields::check_keys(const toml::table& table, std::string_view path,
                              std::initializer_list<std::string_view> allowed) const {
    for (auto&& [key, node] : table) {
        const std::string_view name = key.str();
        if (name.substr(0, 2) == "x_") continue;  // free for the musician's notes
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            std::string known;
            for (std::string_view a : allowed)
                known += (known.empty() ? "" : ", ") + std::string(a);
            return error(
                &node, join(path, name),
                "unknown key (known here: " + known + "; keys starting with x_ are notes)");
        }
    }
    return {};
}

const toml::node* TomlFields::find(const toml::table& table, std::string_view key) const {
    return table.get(key);
}

Status TomlFields::missing(const toml::table& table, std::string_view path,
                           std::string_view key) const {
    return error(&table, join(path, key), "is required");
}

const toml::table* TomlFields::table_at(const toml::table& parent, std::string_view path,
                                        std::string_view key, Status& status) const {
    const toml::node* node = find(parent, key);
    if (node == nullptr) {
        status = missing(parent, path, key);
        return nullptr;
    }
    if (!node->is_table()) {
        status = error(node, join(path, key), "must be a table");
        return nullptr;
    }
    return node->as_table();
}

Status TomlFields::get_string(const toml::table& t, std::string_view path, std::string_view key,
                              std::string& out, bool required) const {
    const toml::node* node = find(t, key);
    if (node == nullptr) return required ? missing(t, path, key) : Status{};
    if (!node->is_string()) return error(node, join(path, key), "must be a string");
    out = node->as_string()->get();
    if (required && out.empty()) return error(node, join(path, key), "must not be empty");
    return {};
}

Status TomlFields::get_number(const toml::table& t, std::string_view path, std::string_view key,
                              double& out, double lo, double hi, bool required) const {
    const toml::node* node = find(t, key);
    if (node == nullptr) return required ? missing(t, path, key) : Status{};
    if (!node->is_number()) return error(node, join(path, key), "must be a number");
    const double v = node->value<double>().value_or(0.0);
    if (v < lo || v > hi)
        return error(
            node, join(path, key),
            number_text(v) + " is outside " + number_text(lo) + ".." + number_text(hi));
    out = v;
    return {};
}

Status TomlFields::get_int(const toml::node* node, std::string_view path, int& out, int lo,
                           int hi) const {
    if (!node->is_integer()) return error(node, path, "must be a whole number");
    const int64_t v = node->as_integer()->get();
    if (v < lo || v > hi)
        return error(node, path,
                     std::to_string(v) + " is outside " + std::to_string(lo) + ".." +
                         std::to_string(hi));
    out = static_cast<int>(v);
    return {};
}

Status TomlFields::get_int(const toml::table& t, std::string_view path, std::string_view key,
                           int& out, int lo, int hi, bool required) const {
    const toml::node* node = find(t, key);
    if (node == nullptr) return required ? missing(t, path, key) : Status{};
    return get_int(node, join(path, key), out, lo, hi);
}

Status TomlFields::get_bool(const toml::table& t, std::string_view path, std::string_view key,
                            bool& out) const {
    const toml::node* node = find(t, key);
    if (node == nullptr) return {};
    if (!node->is_boolean()) return error(node, join(path, key), "must be true or false");
    out = node->as_boolean()->get();
    return {};
}

// An array of strings; `nodes` (optional) receives each element's node for later messages.
Status TomlFields::get_strings(const toml::table& t, std::string_view path, std::string_view key,
                               std::vector<std::string>& out, bool required,
                               std::vector<const toml::node*>* nodes) const {
    const toml::node* node = find(t, key);
    if (node == nullptr) return required ? missing(t, path, key) : Status{};
    if (!node->is_array()) return error(node, join(path, key), "must be a list of strings");
    const toml::array& array = *node->as_array();
    if (required && array.empty()) return error(node, join(path, key), "must not be empty");
    out.clear();
    for (size_t i = 0; i < array.size(); ++i) {
        const toml::node& item = *array.get(i);
        if (!item.is_string())
            return error(&item, indexed(join(path, key), i), "must be a string");
        out.push_back(item.as_string()->get());
        if (nodes != nullptr) nodes->push_back(&item);
    }
    return {};
}

}  // namespace omg::style
