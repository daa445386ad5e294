// HttpServer: the transport. HTTP/1.1 on libevent's evhttp, event-driven, in front of a Router.
//
// A few I/O threads (`io_threads`), each with its own event loop, share one listening socket;
// a connection costs a few kilobytes and no thread, so thousands of idle, slow or streaming
// (SSE) clients starve nobody. Limits are enforced by evhttp while it reads, before anything
// is handed on: request line and headers (`max_header_bytes`, 431-class errors answered 413),
// body, chunked included (`max_body_bytes`, 413), and a timeout between bytes of a request and
// on idle keep-alive connections (`read_timeout_s`) and on a client that stops reading
// (`write_timeout_s`). A complete request goes to a pool of `handler_threads` that runs the
// Router, so a slow route (a remote LLM, an audio conversion) never blocks the loops; when
// `max_pending` requests already wait, the loop answers 503 itself. Replies go back to the
// loop: text at once, sized Content in pieces as the socket drains (a slow reader holds one
// piece in memory, not the file), Streams as they wake. Every error the transport itself
// answers is JSON `{"detail"}`. `bind` accepts port 0 and returns the real port; `run` blocks
// until `stop`, which ends open streams and may be called from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/router.h"

namespace omg::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8000;
    size_t io_threads = 2;
    size_t handler_threads = 16;
    size_t max_pending = 4096;
    int read_timeout_s = 10;
    int write_timeout_s = 30;
    size_t max_header_bytes = 64 * 1024;
    size_t max_body_bytes = 1 << 20;
};

class HttpServer {
public:
    HttpServer(ServerOptions options, const Router& router);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    Result<int> bind();  // the bound port
    bool run();          // blocks until stop()
    void stop();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace omg::http
