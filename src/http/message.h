// Request and Reply: the HTTP layer's own message types, so routes never see a transport.
//
// A route is a function `void(const Request&, Reply&)`; the transport (http/server.h) fills a
// Request from the wire and writes the Reply back, and a test can call a route, or the whole
// Router, with neither a socket nor a thread. A Request holds the method, the decoded path,
// the decoded query, the headers (names compared case-insensitively), the body and the path
// captures the router matched. A Reply is a status, headers and one of three bodies: text in
// memory, a sized `Content` read on demand (a file, a ZIP built on the fly: what Range
// requests apply to), or an unsized `Stream` (Server-Sent Events). `status_of(Errc)` is the one
// mapping of an error code to an HTTP status; `detail` is the one JSON error shape
// `{"detail": ...}`. Plain values; a Reply's Content and Stream are shared with the transport
// that sends them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/result.h"

namespace omg::http {

// Header fields in arrival order; names compare case-insensitively (RFC 9110 §5.1).
class Headers {
public:
    using Field = std::pair<std::string, std::string>;

    void add(std::string name, std::string value);
    void set(std::string name, std::string value);  // replaces every field of that name
    void erase(std::string_view name);
    bool has(std::string_view name) const;
    // The first field's value, or "" when absent.
    std::string get(std::string_view name) const;
    size_t size() const { return fields_.size(); }
    std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
    std::vector<Field>::const_iterator end() const { return fields_.end(); }
    bool operator==(const Headers&) const = default;

private:
    std::vector<Field> fields_;
};

bool iequals(std::string_view a, std::string_view b);
// `s` without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view trim_ows(std::string_view s);

struct Request {
    std::string method;  // upper-case: GET, HEAD, POST ...
    std::string path;    // percent-decoded, without the query
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    Headers headers;
    std::string body;
    // matches[0] is the path; matches[1..] the pattern's captures, as the router found them.
    std::vector<std::string> matches;

    bool has_param(std::string_view name) const;
    std::string get_param_value(std::string_view name) const;  // the first value, or ""
    bool has_header(std::string_view name) const { return headers.has(name); }
    std::string get_header_value(std::string_view name) const { return headers.get(name); }
};

// A body of known size, read in pieces on demand (from the transport's thread). read() appends
// exactly `length` bytes at `offset` to *out, or returns false.
class Content {
public:
    virtual ~Content() = default;
    virtual uint64_t size() const = 0;
    virtual bool read(uint64_t offset, size_t length, std::string* out) const = 0;
};

// A file's bytes (opened now, so a later rename or delete does not change what is sent).
Result<std::shared_ptr<const Content>> file_content(const std::filesystem::path& path);
// Bytes in memory.
std::shared_ptr<const Content> text_content(std::string bytes);

// An unsized body produced over time (Server-Sent Events). The transport calls `start` once
// with a `wake` it may call from any thread when there is something new, then `pull` on its
// own thread after each wake and every `keepalive()` (with `idle` true when nothing woke it).
// `pull` appends what is ready to *out and returns false once the stream has ended (its last
// words appended). `stop` is called once when the client went away or the server stops.
class Stream {
public:
    virtual ~Stream() = default;
    virtual void start(std::function<void()> wake) = 0;
    virtual bool pull(std::string* out, bool idle) = 0;
    virtual void stop() = 0;
    virtual int keepalive_ms() const = 0;
};

// One piece of a sized reply: `prefix` bytes, then [offset, offset + length) of the Content.
struct Slice {
    std::string prefix;
    uint64_t offset = 0;
    uint64_t length = 0;
};

struct Reply {
    int status = 200;
    Headers headers;
    std::string body;                          // the body when neither of the two below is set
    std::shared_ptr<const Content> content;   // a sized body (Range applies)
    std::vector<Slice> slices;                 // which parts of `content` go out (set by the router)
    std::string trailer;                       // bytes after the slices (a multipart's end)
    std::shared_ptr<Stream> stream;            // an unsized, streamed body

    void set_header(std::string name, std::string value) { headers.set(std::move(name), std::move(value)); }
    bool has_header(std::string_view name) const { return headers.has(name); }
    std::string get_header_value(std::string_view name) const { return headers.get(name); }
    void set_content(std::string text, std::string content_type);
    void set_content(std::shared_ptr<const Content> sized, std::string content_type);
    void set_stream(std::shared_ptr<Stream> s, std::string content_type);
    void set_redirect(const std::string& location, int code);
    // The bytes the slices, or the text body, add up to.
    uint64_t body_size() const;
};

// The one mapping of an error code to an HTTP status.
int status_of(Errc code);

// JSON text of `value` (invalid UTF-8 replaced, never thrown on).
std::string json_text(const nlohmann::json& value);
// `body` as application/json with `status`.
void reply_json(Reply& res, int status, const nlohmann::json& body);
// The one error shape: {"detail": message}.
void detail(Reply& res, int status, const std::string& message);
// An Error as a reply: status_of(code) and its message.
void reply_error(Reply& res, const Error& error);

// "%41b+c" -> "Ab c" when `plus_is_space`; a malformed escape is kept as it is.
std::string percent_decode(std::string_view text, bool plus_is_space);
// "a=1&b=%20&c" -> {{"a","1"},{"b"," "},{"c",""}}.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace omg::http
