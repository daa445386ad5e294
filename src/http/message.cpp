#include "http/message.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "core/open_file.h"

namespace omg::http {

using json = nlohmann::json;

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

void Headers::add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::set(std::string name, std::string value) {
    erase(name);
    add(std::move(name), std::move(value));
}

void Headers::erase(std::string_view name) {
    std::erase_if(fields_, [&](const Field& f) { return iequals(f.first, name); });
}

bool Headers::has(std::string_view name) const {
    return std::any_of(fields_.begin(), fields_.end(),
                       [&](const Field& f) { return iequals(f.first, name); });
}

std::string Headers::get(std::string_view name) const {
    for (const auto& f : fields_) {
        if (iequals(f.first, name)) return f.second;
    }
    return {};
}

bool Request::has_param(std::string_view name) const {
    return std::any_of(query.begin(), query.end(), [&](const auto& p) { return p.first == name; });
}

std::string Request::get_param_value(std::string_view name) const {
    for (const auto& [k, v] : query) {
        if (k == name) return v;
    }
    return {};
}

namespace {

// An open file (core::OpenFile), closed with the Content that reads it.
class FileContent final : public Content {
public:
    explicit FileContent(core::OpenFile file) : file_(std::move(file)) {}

    uint64_t size() const override { return file_.size(); }
    bool read(uint64_t offset, size_t length, std::string* out) const override {
        return file_.read(offset, length, out).has_value();
    }

private:
    core::OpenFile file_;
};

class TextContent final : public Content {
public:
    explicit TextContent(std::string bytes) : bytes_(std::move(bytes)) {}
    uint64_t size() const override { return bytes_.size(); }
    bool read(uint64_t offset, size_t length, std::string* out) const override {
        if (offset > bytes_.size() || length > bytes_.size() - offset) return false;
        out->append(bytes_, static_cast<size_t>(offset), length);
        return true;
    }

private:
    std::string bytes_;
};

}  // namespace

Result<std::shared_ptr<const Content>> file_content(const std::filesystem::path& path) {
    auto file = core::OpenFile::open(path);
    if (!file) return fail(Errc::not_found, "File not found");
    return std::make_shared<const FileContent>(std::move(*file));
}

std::shared_ptr<const Content> text_content(std::string bytes) {
    return std::make_shared<const TextContent>(std::move(bytes));
}

void Reply::set_content(std::string text, std::string content_type) {
    body = std::move(text);
    content.reset();
    stream.reset();
    slices.clear();
    trailer.clear();
    set_header("Content-Type", std::move(content_type));
}

void Reply::set_content(std::shared_ptr<const Content> sized, std::string content_type) {
    body.clear();
    content = std::move(sized);
    stream.reset();
    slices = {Slice{"", 0, content->size()}};
    trailer.clear();
    set_header("Content-Type", std::move(content_type));
}

void Reply::set_stream(std::shared_ptr<Stream> s, std::string content_type) {
    body.clear();
    content.reset();
    slices.clear();
    trailer.clear();
    stream = std::move(s);
    set_header("Content-Type", std::move(content_type));
}

void Reply::set_redirect(const std::string& location, int code) {
    status = code;
    set_header("Location", location);
}

uint64_t Reply::body_size() const {
    if (!content) return body.size();
    uint64_t n = trailer.size();
    for (const auto& s : slices) n += s.prefix.size() + s.length;
    return n;
}

int status_of(Errc code) {
    switch (code) {
        case Errc::invalid_argument: return 422;
        case Errc::not_found: return 404;
        case Errc::conflict: return 409;
        case Errc::cancelled: return 409;
        case Errc::too_large: return 413;
        case Errc::unavailable: return 503;
        case Errc::io:
        case Errc::internal: return 500;
    }
    return 500;
}

std::string json_text(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void reply_json(Reply& res, int status, const json& body) {
    res.status = status;
    res.set_content(json_text(body), "application/json");
}

void detail(Reply& res, int status, const std::string& message) {
    reply_json(res, status, json{{"detail", message}});
}

void reply_error(Reply& res, const Error& error) {
    const int status = status_of(error.code);
    // A 500's message may describe the server's insides; the client gets the plain phrase.
    detail(res, status, status >= 500 && status != 503 ? "Internal Server Error" : error.message);
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            const int hi = hex(text[i + 1]);
            const int lo = hex(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += plus_is_space && c == '+' ? ' ' : c;
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (item.empty()) continue;
        const size_t eq = item.find('=');
        if (eq == std::string_view::npos) {
            out.emplace_back(percent_decode(item, true), "");
        } else {
            out.emplace_back(percent_decode(item.substr(0, eq), true),
                             percent_decode(item.substr(eq + 1), true));
        }
    }
    return out;
}

}  // namespace omg::http
