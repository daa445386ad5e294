// HttpServer: cpp-httplib, tuned for many small status requests and long-lived SSE streams.
//
// TCP_NODELAY on (small JSON replies must not wait for Nagle), keep-alive up to
// `keep_alive_max` requests per connection (httplib's default of 5 forces reconnects under
// load), a thread pool sized for SSE clients (each open stream holds one thread), timeouts on
// reads and writes, and a request body limit (413). `bind` accepts port 0 and returns the real
// port. `run` blocks until `stop`. Thread-safe: stop() may be called from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/result.h"

namespace httplib {
class Server;
}

namespace omg::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8000;
    size_t threads = 128;
    size_t keep_alive_max = 100000;
    int keep_alive_timeout_s = 5;
    int read_timeout_s = 10;
    int write_timeout_s = 30;
    size_t max_body_bytes = 1 << 20;
};

class HttpServer {
public:
    explicit HttpServer(ServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    httplib::Server& raw() { return *server_; }
    Result<int> bind();   // the bound port
    bool run();           // blocks until stop()
    void stop();

private:
    ServerOptions options_;
    std::unique_ptr<httplib::Server> server_;
};

}  // namespace omg::http
