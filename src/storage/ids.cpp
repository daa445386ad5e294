#include "storage/ids.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <mutex>
#include <random>

namespace omg::storage {
namespace {

void random_bytes(unsigned char* out, size_t n) {
    // getrandom(2): the OS CSPRNG, unbuffered, so a forked process never repeats its parent's
    // bytes (a buffered read of /dev/urandom did: every child drew the same ids).
    size_t got = 0;
    while (got < n) {
        ssize_t r = ::getrandom(out + got, n - got, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += static_cast<size_t>(r);
    }
    if (got == n) return;
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::random_device device;
    for (size_t i = got; i < n; ++i) out[i] = static_cast<unsigned char>(device() & 0xff);
}

constexpr char kHex[] = "0123456789abcdef";

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::string new_uuid() {
    std::array<unsigned char, 16> b{};
    random_bytes(b.data(), b.size());
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    std::string s;
    s.reserve(36);
    for (size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
        s.push_back(kHex[b[i] >> 4]);
        s.push_back(kHex[b[i] & 0x0f]);
    }
    return s;
}

std::string new_track_id() {
    std::array<unsigned char, 4> b{};
    random_bytes(b.data(), b.size());
    std::string s = "track_";
    for (unsigned char c : b) {
        s.push_back(kHex[c >> 4]);
        s.push_back(kHex[c & 0x0f]);
    }
    return s;
}

bool is_uuid(std::string_view id) {
    if (id.size() != 36) return false;
    for (size_t i = 0; i < id.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (id[i] != '-') return false;
        } else if (!is_hex(id[i])) {
            return false;
        }
    }
    return true;
}

bool is_track_id(std::string_view id) {
    if (id.size() != 14 || id.substr(0, 6) != "track_") return false;
    for (char c : id.substr(6)) {
        if (!is_hex(c)) return false;
    }
    return true;
}

bool is_safe_file_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || name.front() == '.') return false;
    if (name.find("..") != std::string_view::npos) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

}  // namespace omg::storage
