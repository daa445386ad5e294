// The transport on real sockets: many open streams and slow clients starve nobody (the old
// thread-per-connection server stopped answering at 129), limits hold before anything is
// buffered (a body over the limit, chunked too; oversized headers), sized bodies arrive whole
// and answer Range, streams end when the client goes or the server stops.
#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/server.h"
#include "support/api_server.h"
#include "support/fake_job_engine.h"

namespace omg::http {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// A plain TCP client socket, closed with the object.
class Socket {
public:
    explicit Socket(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    Socket(Socket&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }

    bool ok() const { return fd_ >= 0; }
    bool send(const std::string& data) {
        size_t done = 0;
        while (done < data.size()) {
            ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
            if (n <= 0) return false;
            done += static_cast<size_t>(n);
        }
        return true;
    }
    // Reads until `marker` has arrived, EOF, or `timeout`; returns what was read.
    std::string read_until(const std::string& marker, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (got_.find(marker) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
            char buf[65536];
            ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) {
                eof_ = true;
                break;
            }
            got_.append(buf, static_cast<size_t>(n));
        }
        return got_;
    }
    bool eof() const { return eof_; }

private:
    int fd_ = -1;
    std::string got_;
    bool eof_ = false;
};

void raise_fd_limit() {
    rlimit lim{};
    ::getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
}

size_t fd_budget() {
    rlimit lim{};
    ::getrlimit(RLIMIT_NOFILE, &lim);
    return static_cast<size_t>(lim.rlim_cur);
}

class ApiTransport : public ::testing::Test {
protected:
    void SetUp() override {
        raise_fd_limit();
        std::string why;
        ASSERT_TRUE(server_.start({}, {}, 64 * 1024, &why)) << why;
    }
    testing::FakeJobEngine engine_;
    testing::ApiServer server_{engine_};
};

// 300 open SSE streams and 200 clients stuck halfway through their headers, then: health
// answers, a submit is accepted, and every stream hears of the new job.
TEST_F(ApiTransport, ManyStreamsAndSlowClientsStarveNobody) {
    // Each connection is two descriptors in this process (client and server side).
    const size_t streams = std::min<size_t>(300, (fd_budget() - 64) / 4);
    const size_t slow = std::min<size_t>(200, (fd_budget() - 64) / 4);
    std::vector<Socket> sse;
    for (size_t i = 0; i < streams; ++i) {
        sse.emplace_back(server_.port());
        ASSERT_TRUE(sse.back().ok());
        ASSERT_TRUE(sse.back().send("GET /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n"));
    }
    for (auto& s : sse) {
        ASSERT_NE(s.read_until("event: hello", 10s).find("event: hello"), std::string::npos);
    }
    std::vector<Socket> stuck;
    for (size_t i = 0; i < slow; ++i) {
        stuck.emplace_back(server_.port());
        ASSERT_TRUE(stuck.back().ok());
        ASSERT_TRUE(stuck.back().send("GET /hea"));
    }
    auto c = server_.client();
    auto health = c->Get("/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    auto submit = c->Post("/api/v1/generate", json{{"prompt", "circus"}, {"duration", 10}}.dump(),
                          "application/json");
    ASSERT_TRUE(submit);
    ASSERT_EQ(submit->status, 200) << submit->body;
    const std::string id = json::parse(submit->body)["job_id"];
    for (auto& s : sse) {
        EXPECT_NE(s.read_until(id, 10s).find(id), std::string::npos);
    }
    EXPECT_EQ(c->Get("/health")->status, 200);
}

// A Router of our own: a 3 MB body, a stream that never ends, counting its stops.
class CountingStream final : public Stream {
public:
    explicit CountingStream(std::atomic<int>& stops) : stops_(stops) {}
    void start(std::function<void()>) override {}
    bool pull(std::string* out, bool idle) override {
        if (first_) *out += "hello\n";
        first_ = false;
        if (idle) *out += "tick\n";
        return true;
    }
    void stop() override { ++stops_; }
    int keepalive_ms() const override { return 100; }

private:
    std::atomic<int>& stops_;
    bool first_ = true;
};

class RawTransport : public ::testing::Test {
protected:
    void SetUp() override {
        for (size_t i = 0; i < 3 * 1024 * 1024; ++i) big_ += static_cast<char>('a' + (i * 7 + i / 13) % 26);
        router_.add("GET", "/big", [this](const Request&, Reply& res) {
            res.set_content(text_content(big_), "application/octet-stream");
            res.set_header("Accept-Ranges", "bytes");
        });
        router_.add("POST", "/echo-size", [](const Request& req, Reply& res) {
            reply_json(res, 200, {{"size", req.body.size()}});
        });
        router_.add("GET", "/stream", [this](const Request&, Reply& res) {
            res.set_stream(std::make_shared<CountingStream>(stops_), "text/plain");
        });
        ServerOptions so;
        so.port = 0;
        so.max_body_bytes = 64 * 1024;
        so.max_header_bytes = 8 * 1024;
        server_ = std::make_unique<HttpServer>(so, router_);
        auto port = server_->bind();
        ASSERT_TRUE(port);
        port_ = *port;
        thread_ = std::jthread([this] { server_->run(); });
    }
    void TearDown() override {
        server_->stop();
        thread_.join();
    }
    httplib::Client client() {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(10, 0);
        return c;
    }

    std::string big_;
    std::atomic<int> stops_{0};
    Router router_;
    std::unique_ptr<HttpServer> server_;
    std::jthread thread_;
    int port_ = 0;
};

TEST_F(RawTransport, LargeBodiesArriveWholeAndAnswerRanges) {
    auto c = client();
    auto r = c.Get("/big");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Length"), std::to_string(big_.size()));
    EXPECT_TRUE(r->body == big_);

    auto part = c.Get("/big", {{"Range", "bytes=1000000-1999999"}});
    ASSERT_TRUE(part);
    EXPECT_EQ(part->status, 206);
    EXPECT_EQ(part->get_header_value("Content-Range"),
              "bytes 1000000-1999999/" + std::to_string(big_.size()));
    EXPECT_TRUE(part->body == big_.substr(1000000, 1000000));

    auto past = c.Get("/big", {{"Range", "bytes=99999999-"}});
    ASSERT_TRUE(past);
    EXPECT_EQ(past->status, 416);
    EXPECT_EQ(past->get_header_value("Content-Range"), "bytes */" + std::to_string(big_.size()));

    auto head = c.Head("/big");
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(big_.size()));
    EXPECT_TRUE(head->body.empty());
}

TEST_F(RawTransport, BodiesOverTheLimitAreRefusedChunkedToo) {
    auto c = client();
    auto small = c.Post("/echo-size", std::string(1000, 'x'), "application/json");
    ASSERT_TRUE(small);
    EXPECT_EQ(json::parse(small->body)["size"], 1000);

    auto big = c.Post("/echo-size", std::string(1 << 20, 'x'), "application/json");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->status, 413);

    // Chunked: 256 chunks of 1 KiB, four times the limit, never all kept.
    Socket s(port_);
    ASSERT_TRUE(s.ok());
    std::string req = "POST /echo-size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 256; ++i) req += "400\r\n" + std::string(1024, 'y') + "\r\n";
    req += "0\r\n\r\n";
    s.send(req);
    const std::string answer = s.read_until("\r\n\r\n", 10s);
    EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 80);
    EXPECT_EQ(c.Get("/big", {{"Range", "bytes=0-0"}})->status, 206);  // still serving
}

TEST_F(RawTransport, HeadersOverTheLimitAreRefused) {
    Socket s(port_);
    ASSERT_TRUE(s.ok());
    s.send("GET /big HTTP/1.1\r\nHost: x\r\nX-Junk: " + std::string(64 * 1024, 'j') + "\r\n\r\n");
    const std::string answer = s.read_until("\r\n\r\n", 10s);
    EXPECT_TRUE(answer.empty() || answer.rfind("HTTP/1.1 4", 0) == 0) << answer.substr(0, 80);
    EXPECT_EQ(answer.find("200 OK"), std::string::npos);
    auto c = client();
    EXPECT_EQ(c.Get("/big", {{"Range", "bytes=0-0"}})->status, 206);
}

TEST_F(RawTransport, AStreamStopsWhenItsClientGoes) {
    {
        Socket s(port_);
        ASSERT_TRUE(s.ok());
        s.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_NE(s.read_until("tick", 5s).find("tick"), std::string::npos);
    }
    // The next keepalive write fails and ends the stream.
    for (int i = 0; i < 100 && stops_ == 0; ++i) std::this_thread::sleep_for(50ms);
    EXPECT_EQ(stops_, 1);
}

TEST_F(RawTransport, StopEndsOpenStreams) {
    Socket s(port_);
    ASSERT_TRUE(s.ok());
    s.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_NE(s.read_until("hello", 5s).find("hello"), std::string::npos);
    server_->stop();
    s.read_until("never", 5s);
    EXPECT_TRUE(s.eof());
    EXPECT_EQ(stops_, 1);
}

}  // namespace
}  // namespace omg::http
