// A thin edge over cpp-httplib's client for the remote providers: base URL from configuration,
// timeouts on every request, an optional bearer key, and failures turned into Errors that name
// the service (never its credentials).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "providers/provider.h"

namespace httplib {
class Client;
struct Response;
struct MultipartFormData;
}  // namespace httplib

namespace omg::providers {

struct HttpReply {
    int status = 0;
    std::string body;
    std::string content_type;
};

class RemoteHttp {
public:
    RemoteHttp(std::string service, std::string base_url, std::string api_key, Timeouts timeouts);
    ~RemoteHttp();

    // Errc::unavailable when the service cannot be reached or does not answer in time.
    Result<HttpReply> get(const std::string& path) const;
    Result<HttpReply> post_json(const std::string& path, const nlohmann::json& body) const;
    // Multipart form: text fields, then one file part.
    Result<HttpReply> post_form(const std::string& path,
                                const std::vector<std::pair<std::string, std::string>>& fields,
                                const std::string& file_field, const std::string& file_name,
                                const std::string& file_type, const std::string& file_bytes) const;
    Result<HttpReply> del(const std::string& path) const;

    const std::string& service() const { return service_; }
    // The body's reason in any of the shapes the engines use ({"detail"}, {"error"}, text).
    static std::string reason(const HttpReply& reply);

private:
    std::unique_ptr<httplib::Client> client() const;
    Result<HttpReply> finish(const std::string& what, bool ok, int status, std::string body,
                             std::string content_type, int error) const;
    std::string service_;
    std::string origin_;
    std::string prefix_;
    std::string api_key_;
    Timeouts timeouts_;
};

}  // namespace omg::providers
