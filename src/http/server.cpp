#include "http/server.h"

#include <httplib.h>

namespace omg::http {

HttpServer::HttpServer(ServerOptions options)
    : options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
    const size_t threads = options_.threads == 0 ? 1 : options_.threads;
    server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_->set_tcp_nodelay(true);
    server_->set_keep_alive_max_count(options_.keep_alive_max);
    server_->set_keep_alive_timeout(options_.keep_alive_timeout_s);
    server_->set_read_timeout(options_.read_timeout_s, 0);
    server_->set_write_timeout(options_.write_timeout_s, 0);
    server_->set_payload_max_length(options_.max_body_bytes);
}

HttpServer::~HttpServer() { stop(); }

Result<int> HttpServer::bind() {
    if (options_.port == 0) {
        int port = server_->bind_to_any_port(options_.host);
        if (port <= 0) return fail(Errc::unavailable, "cannot listen on " + options_.host);
        return port;
    }
    if (!server_->bind_to_port(options_.host, options_.port)) {
        return fail(Errc::unavailable, "cannot listen on " + options_.host + ":" +
                                           std::to_string(options_.port));
    }
    return options_.port;
}

bool HttpServer::run() { return server_->listen_after_bind(); }

void HttpServer::stop() {
    if (server_ && server_->is_running()) server_->stop();
}

}  // namespace omg::http
