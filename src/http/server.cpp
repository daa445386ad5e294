#include "http/server.h"

#include <arpa/inet.h>
#include <signal.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <event2/thread.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace omg::http {

namespace {

struct BaseDeleter {
    void operator()(event_base* b) const { event_base_free(b); }
};
struct HttpDeleter {
    void operator()(evhttp* h) const { evhttp_free(h); }
};
struct EventDeleter {
    void operator()(event* e) const { event_free(e); }
};
struct BufferDeleter {
    void operator()(evbuffer* b) const { evbuffer_free(b); }
};
using BufferPtr = std::unique_ptr<evbuffer, BufferDeleter>;
using EventPtr = std::unique_ptr<event, EventDeleter>;

// Sized replies larger than this go out in pieces of this size as the socket drains.
constexpr size_t kPiece = 256 * 1024;

// Event priorities (lower runs first): requests, replies and sized bodies at libevent's
// default (the middle one), stream wake-ups after them.
constexpr int kPriorities = 3;
constexpr int kStreamPriority = 2;

const char* method_name(evhttp_cmd_type cmd) {
    switch (cmd) {
        case EVHTTP_REQ_GET: return "GET";
        case EVHTTP_REQ_POST: return "POST";
        case EVHTTP_REQ_HEAD: return "HEAD";
        case EVHTTP_REQ_PUT: return "PUT";
        case EVHTTP_REQ_DELETE: return "DELETE";
        case EVHTTP_REQ_OPTIONS: return "OPTIONS";
        case EVHTTP_REQ_TRACE: return "TRACE";
        case EVHTTP_REQ_CONNECT: return "CONNECT";
        case EVHTTP_REQ_PATCH: return "PATCH";
    }
    return "GET";
}

// A fixed pool of threads running queued tasks; `try_post` refuses beyond `max_pending`.
class TaskPool {
public:
    TaskPool(size_t threads, size_t max_pending) : max_pending_(max_pending) {
        for (size_t i = 0; i < std::max<size_t>(threads, 1); ++i) {
            threads_.emplace_back([this](std::stop_token) { work(); });
        }
    }
    ~TaskPool() { close(); }
    TaskPool(const TaskPool&) = delete;
    TaskPool& operator=(const TaskPool&) = delete;

    bool try_post(std::function<void()> task) {
        {
            std::lock_guard lock(mutex_);
            if (closed_ || tasks_.size() >= max_pending_) return false;
            tasks_.push_back(std::move(task));
        }
        cv_.notify_one();
        return true;
    }
    // Runs what was started, drops what waits, joins.
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            tasks_.clear();
        }
        cv_.notify_all();
        threads_.clear();
    }

private:
    void work() {
        while (true) {
            std::function<void()> task;
            {
                std::unique_lock lock(mutex_);
                cv_.wait(lock, [this] { return closed_ || !tasks_.empty(); });
                if (closed_) return;
                task = std::move(tasks_.front());
                tasks_.pop_front();
            }
            task();
        }
    }

    const size_t max_pending_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> tasks_;
    bool closed_ = false;
    std::vector<std::jthread> threads_;
};

struct Loop;

// A reply that outlives one callback: a sized body sent in pieces, or a stream. Lives on its
// loop's thread; freed when it ends or its connection closes, whichever comes first.
struct Transfer {
    Loop* loop = nullptr;
    evhttp_request* req = nullptr;
    evhttp_connection* conn = nullptr;
    Reply reply;
    size_t slice = 0;         // sized: the slice being sent
    uint64_t done = 0;        // sized: bytes of that slice (prefix included) sent
    EventPtr wake;            // stream: activated from any thread
    EventPtr tick;            // stream: keepalive timer
    bool ended = false;
};

}  // namespace

struct HttpServer::Impl {
    ServerOptions options;
    const Router& router;
    int listen_fd = -1;
    std::mutex mutex;  // guards `running` and the loops' lifetime against stop()
    std::atomic<bool> stopping{false};
    bool running = false;
    std::unique_ptr<TaskPool> pool;
    std::vector<std::unique_ptr<Loop>> loops;

    Impl(ServerOptions o, const Router& r) : options(std::move(o)), router(r) {}
};

namespace {

struct Loop {
    HttpServer::Impl* server = nullptr;
    std::unique_ptr<event_base, BaseDeleter> base;
    std::unique_ptr<evhttp, HttpDeleter> http;
    evconnlistener* listener = nullptr;  // owned by http once bound
    EventPtr stop_event;
    std::set<Transfer*> transfers;       // this loop's open transfers
};

void add_headers(evhttp_request* req, const Reply& reply) {
    evkeyvalq* out = evhttp_request_get_output_headers(req);
    for (const auto& [name, value] : reply.headers) {
        if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
            iequals(name, "Connection")) {
            continue;
        }
        evhttp_add_header(out, name.c_str(), value.c_str());
    }
}

void end_transfer(Transfer* t) {
    if (t->ended) return;
    t->ended = true;
    if (t->reply.stream) t->reply.stream->stop();
    if (t->conn) evhttp_connection_set_closecb(t->conn, nullptr, nullptr);
    // With its connection gone (the request detached) this only frees the request.
    evhttp_send_reply_end(t->req);
    t->loop->transfers.erase(t);
    delete t;
}

// Cuts a sized reply short: the request ends here and its connection closes once what was
// queued has gone out, so the client sees a short body, never a wrong one.
void abort_transfer(Transfer* t) {
    t->ended = true;
    t->loop->transfers.erase(t);
    if (t->conn) {
        evhttp_connection_set_closecb(t->conn, nullptr, nullptr);
        evhttp_connection_free_on_completion(t->conn);
    }
    evhttp_send_reply_end(t->req);
    delete t;
}

void on_connection_closed(evhttp_connection*, void* arg) {
    auto* t = static_cast<Transfer*>(arg);
    t->conn = nullptr;
    end_transfer(t);
}

void send_next_piece(evhttp_connection*, void* arg);

// Queues the next piece of a sized reply; the callback runs when it has been written.
void send_next_piece_now(Transfer* t) {
    const auto& slices = t->reply.slices;
    std::string piece;
    while (piece.size() < kPiece && t->slice < slices.size()) {
        const Slice& s = slices[t->slice];
        if (t->done < s.prefix.size()) {
            piece.append(s.prefix, static_cast<size_t>(t->done), std::string::npos);
            t->done = s.prefix.size();
        }
        const uint64_t sent = t->done - s.prefix.size();
        const uint64_t want = std::min<uint64_t>(s.length - sent, kPiece - std::min(kPiece, piece.size()));
        if (want > 0) {
            if (!t->reply.content->read(s.offset + sent, static_cast<size_t>(want), &piece)) {
                abort_transfer(t);  // the file shrank under us
                return;
            }
            t->done += want;
        }
        if (t->done >= s.prefix.size() + s.length) {
            ++t->slice;
            t->done = 0;
        }
    }
    if (piece.empty() && t->slice >= slices.size()) {
        if (!t->reply.trailer.empty()) {
            piece = std::move(t->reply.trailer);
            t->reply.trailer.clear();
        } else {
            end_transfer(t);
            return;
        }
    }
    BufferPtr buf(evbuffer_new());
    evbuffer_add(buf.get(), piece.data(), piece.size());
    evhttp_send_reply_chunk_with_cb(t->req, buf.get(), send_next_piece, t);
}

void send_next_piece(evhttp_connection*, void* arg) { send_next_piece_now(static_cast<Transfer*>(arg)); }

void pull_stream(Transfer* t, bool idle) {
    if (t->ended) return;
    std::string out;
    const bool more = t->reply.stream->pull(&out, idle);
    if (!out.empty()) {
        BufferPtr buf(evbuffer_new());
        evbuffer_add(buf.get(), out.data(), out.size());
        evhttp_send_reply_chunk(t->req, buf.get());
    }
    if (!more) end_transfer(t);
}

void on_stream_wake(evutil_socket_t, short, void* arg) { pull_stream(static_cast<Transfer*>(arg), false); }
void on_stream_tick(evutil_socket_t, short, void* arg) { pull_stream(static_cast<Transfer*>(arg), true); }

void start_transfer(Loop* loop, evhttp_request* req, Reply reply) {
    auto* t = new Transfer;
    t->loop = loop;
    t->req = req;
    t->conn = evhttp_request_get_connection(req);
    t->reply = std::move(reply);
    loop->transfers.insert(t);
    if (t->conn) {
        evhttp_connection_set_closecb(t->conn, on_connection_closed, t);
        const timeval tv{loop->server->options.write_timeout_s, 0};
        evhttp_connection_set_timeout_tv(t->conn, &tv);
    }
    evhttp_send_reply_start(req, t->reply.status, nullptr);
    if (!t->reply.stream) {
        send_next_piece_now(t);
        return;
    }
    t->wake.reset(event_new(loop->base.get(), -1, 0, on_stream_wake, t));
    t->tick.reset(event_new(loop->base.get(), -1, EV_PERSIST, on_stream_tick, t));
    // Ten thousand streams waking for one event must not delay anybody's request or reply.
    event_priority_set(t->wake.get(), kStreamPriority);
    event_priority_set(t->tick.get(), kStreamPriority);
    const int ms = std::max(100, t->reply.stream->keepalive_ms());
    const timeval every{ms / 1000, (ms % 1000) * 1000};
    event_add(t->tick.get(), &every);
    event* wake = t->wake.get();
    // The stream may wake us from any thread until stop(); event_active is thread-safe.
    t->reply.stream->start([wake] { event_active(wake, 0, 0); });
    pull_stream(t, false);
}

// On the loop's thread: writes `reply` as the answer to `req`.
void deliver(Loop* loop, evhttp_request* req, Reply reply, bool head) {
    add_headers(req, reply);
    evkeyvalq* out = evhttp_request_get_output_headers(req);
    if (reply.stream && !head && !loop->server->stopping) {
        start_transfer(loop, req, std::move(reply));
        return;
    }
    const uint64_t size = reply.stream ? 0 : reply.body_size();
    const bool bodiless = head || reply.status == 204 || reply.status == 304 ||
                          (reply.status >= 100 && reply.status < 200);
    if (bodiless) {
        if (head || reply.status != 204) {
            evhttp_add_header(out, "Content-Length", std::to_string(size).c_str());
        }
        evhttp_send_reply(req, reply.status, nullptr, nullptr);
        return;
    }
    if (!reply.content) {
        BufferPtr buf(evbuffer_new());
        evbuffer_add(buf.get(), reply.body.data(), reply.body.size());
        evhttp_send_reply(req, reply.status, nullptr, buf.get());
        return;
    }
    evhttp_add_header(out, "Content-Length", std::to_string(size).c_str());
    start_transfer(loop, req, std::move(reply));
}

// An error the transport answers itself, in the API's JSON shape.
void send_error(evhttp_request* req, int status, const std::string& message) {
    Reply r;
    detail(r, status, message);
    add_headers(req, r);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Connection", "close");
    BufferPtr buf(evbuffer_new());
    evbuffer_add(buf.get(), r.body.data(), r.body.size());
    evhttp_send_reply(req, status, nullptr, buf.get());
}

struct Delivery {
    Loop* loop;
    evhttp_request* req;
    Reply reply;
    bool head;
};

void on_delivery(evutil_socket_t, short, void* arg) {
    std::unique_ptr<Delivery> d(static_cast<Delivery*>(arg));
    deliver(d->loop, d->req, std::move(d->reply), d->head);
}

Request read_request(evhttp_request* req, const char* uri) {
    Request r;
    r.method = method_name(evhttp_request_get_command(req));
    std::string_view target(uri);
    const size_t q = target.find('?');
    r.path = percent_decode(target.substr(0, q), false);
    if (q != std::string_view::npos) r.query = parse_query(target.substr(q + 1));
    const evkeyvalq* in = evhttp_request_get_input_headers(req);
    for (const evkeyval* kv = in->tqh_first; kv != nullptr; kv = kv->next.tqe_next) {
        r.headers.add(kv->key, kv->value);
    }
    evbuffer* body = evhttp_request_get_input_buffer(req);
    const size_t n = evbuffer_get_length(body);
    r.body.resize(n);
    if (n > 0) evbuffer_copyout(body, r.body.data(), n);
    return r;
}

void on_request(evhttp_request* req, void* arg) {
    auto* loop = static_cast<Loop*>(arg);
    const char* uri = evhttp_request_get_uri(req);
    if (uri == nullptr) {
        // evhttp gave up on the request while reading it: too large, or malformed.
        const int code = evhttp_request_get_response_code(req);
        send_error(req, code == HTTP_ENTITYTOOLARGE ? 413 : 400,
                   code == HTTP_ENTITYTOOLARGE ? "Request too large" : "Bad Request");
        return;
    }
    if (uri[0] != '/' && std::strcmp(uri, "*") != 0) {
        send_error(req, 400, "Bad Request");
        return;
    }
    if (loop->server->stopping) {
        send_error(req, 503, "The server is shutting down");
        return;
    }
    Request request = read_request(req, uri);
    const bool head = request.method == "HEAD";
    const Router& router = loop->server->router;
    if (!router.may_block(request.method, request.path)) {
        deliver(loop, req, router.handle(std::move(request)), head);
        return;
    }
    auto task = [loop, req, head, &router, request = std::move(request)]() mutable {
        auto* d = new Delivery{loop, req, router.handle(std::move(request)), head};
        if (event_base_once(loop->base.get(), -1, EV_TIMEOUT, on_delivery, d, nullptr) != 0) {
            delete d;  // the loop is gone: the server is stopping
        }
    };
    if (!loop->server->pool->try_post(std::move(task))) {
        Reply busy;
        detail(busy, 503, "The server is busy; try again shortly");
        busy.set_header("Retry-After", "1");
        deliver(loop, req, std::move(busy), head);
    }
}

void on_resume_accept(evutil_socket_t, short, void* arg) {
    evconnlistener_enable(static_cast<evconnlistener*>(arg));
}

// Out of descriptors (or another accept error): pause accepting for a moment instead of
// spinning on a socket that stays readable.
void on_accept_error(evconnlistener* listener, void*) {
    evconnlistener_disable(listener);
    const timeval pause{0, 200 * 1000};
    event_base_once(evconnlistener_get_base(listener), -1, EV_TIMEOUT, on_resume_accept, listener,
                    &pause);
}

void on_stop(evutil_socket_t, short, void* arg) {
    auto* loop = static_cast<Loop*>(arg);
    // Streams say goodbye; sized transfers in flight are cut.
    std::vector<Transfer*> open(loop->transfers.begin(), loop->transfers.end());
    for (Transfer* t : open) end_transfer(t);
    const timeval flush{0, 100 * 1000};
    event_base_loopexit(loop->base.get(), &flush);
}

}  // namespace

HttpServer::HttpServer(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {
    static const int threads_ready = evthread_use_pthreads();
    (void)threads_ready;
    // libevent writes with writev: a client that hung up must be an EPIPE, not a dead server.
    ::signal(SIGPIPE, SIG_IGN);
}

HttpServer::~HttpServer() {
    stop();
    if (impl_->listen_fd >= 0) ::close(impl_->listen_fd);
}

Result<int> HttpServer::bind() {
    auto& o = impl_->options;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(o.port);
    const std::string where = o.host + ":" + port;
    if (::getaddrinfo(o.host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
        return fail(Errc::unavailable, "cannot listen on " + where + ": unknown host");
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, ::freeaddrinfo);
    int fd = ::socket(found->ai_family, found->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(Errc::unavailable, "cannot listen on " + where);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, found->ai_addr, found->ai_addrlen) != 0 || ::listen(fd, 4096) != 0) {
        ::close(fd);
        return fail(Errc::unavailable, "cannot listen on " + where);
    }
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    impl_->listen_fd = fd;
    if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
}

bool HttpServer::run() {
    auto& s = *impl_;
    if (s.listen_fd < 0) return false;
    s.pool = std::make_unique<TaskPool>(s.options.handler_threads, s.options.max_pending);
    for (size_t i = 0; i < std::max<size_t>(s.options.io_threads, 1); ++i) {
        auto loop = std::make_unique<Loop>();
        loop->server = &s;
        loop->base.reset(event_base_new());
        if (!loop->base || event_base_priority_init(loop->base.get(), kPriorities) != 0) return false;
        loop->http.reset(evhttp_new(loop->base.get()));
        if (!loop->http) return false;
        evhttp* http = loop->http.get();
        evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
                                             EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
                                             EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE |
                                             EVHTTP_REQ_CONNECT | EVHTTP_REQ_PATCH);
        evhttp_set_max_headers_size(http, static_cast<ev_ssize_t>(s.options.max_header_bytes));
        evhttp_set_max_body_size(http, static_cast<ev_ssize_t>(s.options.max_body_bytes));
        evhttp_set_timeout(http, s.options.read_timeout_s);
        // A body over the limit is read and dropped (never kept) before the 413 goes out, so a
        // client that sends its whole body before reading still gets the answer.
        evhttp_set_flags(http, EVHTTP_SERVER_LINGERING_CLOSE);
        evhttp_set_default_content_type(http, "application/json");
        evhttp_set_gencb(http, on_request, loop.get());
        loop->listener = evconnlistener_new(loop->base.get(), nullptr, nullptr,
                                            LEV_OPT_REUSEABLE, -1, s.listen_fd);
        if (loop->listener == nullptr || evhttp_bind_listener(http, loop->listener) == nullptr) {
            return false;
        }
        evconnlistener_set_error_cb(loop->listener, on_accept_error);
        loop->stop_event.reset(event_new(loop->base.get(), -1, 0, on_stop, loop.get()));
        s.loops.push_back(std::move(loop));
    }
    {
        std::lock_guard lock(s.mutex);
        s.running = true;
        if (s.stopping) {
            for (auto& loop : s.loops) event_active(loop->stop_event.get(), 0, 0);
        }
    }
    std::vector<std::jthread> threads;
    for (size_t i = 1; i < s.loops.size(); ++i) {
        threads.emplace_back([base = s.loops[i]->base.get()] { event_base_dispatch(base); });
    }
    event_base_dispatch(s.loops[0]->base.get());
    threads.clear();
    // No handler may post to a loop once the loops are freed; replies already posted are
    // delivered (into connections about to close) so nothing leaks.
    s.pool->close();
    std::lock_guard lock(s.mutex);
    for (auto& loop : s.loops) {
        event_base_loop(loop->base.get(), EVLOOP_NONBLOCK);
        std::vector<Transfer*> open(loop->transfers.begin(), loop->transfers.end());
        for (Transfer* t : open) end_transfer(t);
    }
    s.loops.clear();
    s.running = false;
    return true;
}

void HttpServer::stop() {
    auto& s = *impl_;
    std::lock_guard lock(s.mutex);
    if (s.stopping.exchange(true)) return;
    if (!s.running) return;
    for (auto& loop : s.loops) event_active(loop->stop_event.get(), 0, 0);
}

}  // namespace omg::http
