// The edge between cpp-httplib and the providers.
#include "providers/http_client.h"

#include <httplib.h>

namespace omg::providers {

using json = nlohmann::json;

RemoteHttp::RemoteHttp(std::string service, std::string base_url, std::string api_key, Timeouts timeouts)
    : service_(std::move(service)), api_key_(std::move(api_key)), timeouts_(timeouts) {
    while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
    auto scheme = base_url.find("://");
    auto path = base_url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    origin_ = path == std::string::npos ? base_url : base_url.substr(0, path);
    prefix_ = path == std::string::npos ? "" : base_url.substr(path);
}

RemoteHttp::~RemoteHttp() = default;

std::unique_ptr<httplib::Client> RemoteHttp::client() const {
    auto c = std::make_unique<httplib::Client>(origin_);
    auto split = [](double s) {
        auto whole = static_cast<time_t>(s);
        return std::make_pair(whole, static_cast<time_t>((s - static_cast<double>(whole)) * 1e6));
    };
    auto [cs, cu] = split(timeouts_.connect_s);
    auto [rs, ru] = split(timeouts_.request_s);
    c->set_connection_timeout(cs, cu);
    c->set_read_timeout(rs, ru);
    c->set_write_timeout(rs, ru);
    if (!api_key_.empty()) c->set_default_headers({{"Authorization", "Bearer " + api_key_}});
    return c;
}

Result<HttpReply> RemoteHttp::finish(const std::string& what, bool ok, int status, std::string body,
                                     std::string content_type, int error) const {
    if (!ok) {
        const auto e = static_cast<httplib::Error>(error);
        if (e == httplib::Error::Read) {
            return fail(Errc::unavailable, service_ + " did not answer " + what + " in time");
        }
        return fail(Errc::unavailable, service_ + " cannot be reached (" + httplib::to_string(e) + ")");
    }
    return HttpReply{status, std::move(body), std::move(content_type)};
}

Result<HttpReply> RemoteHttp::get(const std::string& path) const {
    auto c = client();
    auto r = c->Get(prefix_ + path);
    return finish("GET", static_cast<bool>(r), r ? r->status : 0, r ? r->body : "",
                  r ? r->get_header_value("Content-Type") : "", static_cast<int>(r.error()));
}

Result<HttpReply> RemoteHttp::post_json(const std::string& path, const json& body) const {
    auto c = client();
    auto r = c->Post(prefix_ + path, body.dump(), "application/json");
    return finish("the request", static_cast<bool>(r), r ? r->status : 0, r ? r->body : "",
                  r ? r->get_header_value("Content-Type") : "", static_cast<int>(r.error()));
}

Result<HttpReply> RemoteHttp::post_form(const std::string& path,
                                        const std::vector<std::pair<std::string, std::string>>& fields,
                                        const std::string& file_field, const std::string& file_name,
                                        const std::string& file_type, const std::string& file_bytes) const {
    httplib::MultipartFormDataItems items;
    for (const auto& [k, v] : fields) items.push_back({k, v, "", ""});
    items.push_back({file_field, file_bytes, file_name, file_type});
    auto c = client();
    auto r = c->Post(prefix_ + path, items);
    return finish("the upload", static_cast<bool>(r), r ? r->status : 0, r ? r->body : "",
                  r ? r->get_header_value("Content-Type") : "", static_cast<int>(r.error()));
}

Result<HttpReply> RemoteHttp::del(const std::string& path) const {
    auto c = client();
    auto r = c->Delete(prefix_ + path);
    return finish("DELETE", static_cast<bool>(r), r ? r->status : 0, r ? r->body : "",
                  r ? r->get_header_value("Content-Type") : "", static_cast<int>(r.error()));
}

std::string RemoteHttp::reason(const HttpReply& reply) {
    json j = json::parse(reply.body, nullptr, false);
    std::string text;
    if (j.is_object()) {
        if (j.contains("detail") && j["detail"].is_string()) text = j["detail"];
        else if (j.contains("detail") && j["detail"].is_array() && !j["detail"].empty() &&
                 j["detail"][0].is_object() && j["detail"][0].contains("msg"))
            text = j["detail"][0]["msg"].get<std::string>();
        else if (j.contains("error") && j["error"].is_string()) text = j["error"];
        else if (j.contains("error") && j["error"].is_object() && j["error"].contains("message"))
            text = j["error"]["message"].get<std::string>();
    } else if (reply.body.size() < 200 && reply.body.find('<') == std::string::npos) {
        text = reply.body;
    }
    // One line, no tracebacks.
    if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
    if (text.size() > 300) text.resize(300);
    return text;
}

}  // namespace omg::providers
