// Connection flood benchmark (not a test): holds thousands of Server-Sent Events clients and
// slow sockets open against a running `omg serve`, then measures what everybody else gets.
//
//   omg_conn_flood PORT [SSE_CLIENTS=10000] [SLOW_SOCKETS=1000] [PROBES=2000]
//
// 1. Opens SSE_CLIENTS connections to GET /api/v1/events and waits for each one's hello.
// 2. Opens SLOW_SOCKETS connections that send a request one header byte at a time, a byte
//    every 8 s (a slowloris), for as long as the run lasts.
// 3. Sends PROBES GET /health on one keep-alive connection, 5 ms apart, and prints the latency
//    percentiles; then submits a job and counts the SSE clients that hear of it within 10 s.
// Needs a descriptor per connection: run with `ulimit -n` above SSE_CLIENTS + SLOW_SOCKETS.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "common/percentile.h"

namespace {

using Clock = std::chrono::steady_clock;
using omg::bench::percentile;

int connect_to(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool send_all(int fd, const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
        ssize_t n = ::send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

// Reads from every fd until each one's buffer holds `marker` or `timeout` passes; returns how
// many did.
size_t wait_all(const std::vector<int>& fds, std::vector<std::string>& bufs, const std::string& marker,
                std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::vector<pollfd> p;
    size_t done = 0;
    std::vector<bool> have(fds.size(), false);
    for (size_t i = 0; i < fds.size(); ++i) {
        if (bufs[i].find(marker) != std::string::npos) {
            have[i] = true;
            ++done;
        }
    }
    while (done < fds.size() && Clock::now() < deadline) {
        p.clear();
        std::vector<size_t> index;
        for (size_t i = 0; i < fds.size(); ++i) {
            if (!have[i] && fds[i] >= 0) {
                p.push_back({fds[i], POLLIN, 0});
                index.push_back(i);
            }
        }
        if (p.empty()) break;
        if (::poll(p.data(), p.size(), 200) <= 0) continue;
        for (size_t k = 0; k < p.size(); ++k) {
            if (!(p[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const size_t i = index[k];
            char buf[8192];
            ssize_t n = ::recv(fds[i], buf, sizeof buf, 0);
            if (n <= 0) {
                have[i] = true;  // gone: counted out below
                continue;
            }
            bufs[i].append(buf, static_cast<size_t>(n));
            if (bufs[i].size() > 65536) bufs[i].erase(0, bufs[i].size() - 4096);
            if (bufs[i].find(marker) != std::string::npos) {
                have[i] = true;
                ++done;
            }
        }
    }
    return done;
}

// One request on a keep-alive connection; the reply's full length known from Content-Length.
bool round_trip(int fd, const std::string& request, std::string* reply) {
    if (!send_all(fd, request)) return false;
    reply->clear();
    while (true) {
        char buf[16384];
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        reply->append(buf, static_cast<size_t>(n));
        const size_t end = reply->find("\r\n\r\n");
        if (end == std::string::npos) continue;
        const size_t cl = reply->find("Content-Length: ");
        if (cl == std::string::npos || cl > end) return true;
        const size_t len = std::strtoul(reply->c_str() + cl + 16, nullptr, 10);
        if (reply->size() >= end + 4 + len) return true;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PORT [SSE_CLIENTS] [SLOW_SOCKETS] [PROBES]\n", argv[0]);
        return 2;
    }
    const int port = std::atoi(argv[1]);
    const size_t n_sse = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 10000;
    const size_t n_slow = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 1000;
    const size_t n_probe = argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 2000;
    rlimit lim{};
    ::getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);

    const auto t0 = Clock::now();
    std::vector<int> sse;
    std::vector<std::string> bufs;
    for (size_t i = 0; i < n_sse; ++i) {
        int fd = connect_to(port);
        if (fd < 0 || !send_all(fd, "GET /api/v1/events HTTP/1.1\r\nHost: bench\r\n\r\n")) {
            std::fprintf(stderr, "SSE client %zu could not connect\n", i);
            return 1;
        }
        sse.push_back(fd);
        bufs.emplace_back();
    }
    std::printf("SSE clients: %zu connected and sent their request in %.2f s\n", n_sse,
                std::chrono::duration<double>(Clock::now() - t0).count());
    const size_t hello = wait_all(sse, bufs, "event: hello", std::chrono::seconds(60));
    std::printf("SSE clients: %zu opened, %zu got their hello in %.2f s\n", n_sse, hello,
                std::chrono::duration<double>(Clock::now() - t0).count());

    std::vector<int> slow;
    for (size_t i = 0; i < n_slow; ++i) {
        int fd = connect_to(port);
        if (fd < 0) {
            std::fprintf(stderr, "slow socket %zu could not connect\n", i);
            return 1;
        }
        slow.push_back(fd);
    }
    std::atomic<bool> done{false};
    std::atomic<size_t> slow_alive{n_slow};
    std::jthread slowloris([&] {
        const std::string request = "GET /health HTTP/1.1\r\nHost: bench\r\nX-Slow: ";
        size_t at = 0;
        while (!done) {
            size_t alive = 0;
            for (int fd : slow) {
                const char c = at < request.size() ? request[at] : 'x';
                if (::send(fd, &c, 1, MSG_NOSIGNAL) == 1) ++alive;
            }
            slow_alive = alive;
            ++at;
            for (int i = 0; i < 80 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    std::printf("slow sockets: %zu open, one byte each every 8 s\n", n_slow);

    int probe = connect_to(port);
    std::vector<double> ms;
    size_t failed = 0;
    std::string reply;
    for (size_t i = 0; i < n_probe; ++i) {
        const auto a = Clock::now();
        if (!round_trip(probe, "GET /health HTTP/1.1\r\nHost: bench\r\n\r\n", &reply) ||
            reply.rfind("HTTP/1.1 200", 0) != 0) {
            ++failed;
            ::close(probe);
            probe = connect_to(port);
        } else {
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::printf("GET /health x %zu (5 ms apart): p50 %.2f ms, p99 %.2f ms, max %.2f ms, failed %zu\n",
                n_probe, percentile(ms, 50), percentile(ms, 99), percentile(ms, 100), failed);

    const std::string body = R"({"prompt":"flood bench march","duration":5})";
    const auto s0 = Clock::now();
    const bool ok = round_trip(probe,
                               "POST /api/v1/generate HTTP/1.1\r\nHost: bench\r\nContent-Type: "
                               "application/json\r\nContent-Length: " +
                                   std::to_string(body.size()) + "\r\n\r\n" + body,
                               &reply);
    const double submit_ms = std::chrono::duration<double, std::milli>(Clock::now() - s0).count();
    const size_t id_at = reply.find("\"job_id\":\"");
    if (!ok || reply.rfind("HTTP/1.1 200", 0) != 0 || id_at == std::string::npos) {
        std::printf("submit: FAILED: %s\n", reply.substr(0, 120).c_str());
    } else {
        const std::string id = reply.substr(id_at + 10, 36);
        std::printf("submit: 200 in %.1f ms (job %s)\n", submit_ms, id.c_str());
        const auto e0 = Clock::now();
        const size_t heard = wait_all(sse, bufs, id, std::chrono::seconds(10));
        std::printf("SSE clients that heard of it: %zu of %zu in %.2f s\n", heard, n_sse,
                    std::chrono::duration<double>(Clock::now() - e0).count());
    }
    std::printf("slow sockets still open at the last byte: %zu of %zu\n", slow_alive.load(), n_slow);
    done = true;
    slowloris.join();
    for (int fd : sse) ::close(fd);
    for (int fd : slow) ::close(fd);
    ::close(probe);
    return failed == 0 ? 0 : 1;
}
