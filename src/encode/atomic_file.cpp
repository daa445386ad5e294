#include "encode/atomic_file.h"

#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <system_error>

namespace omg::encode {
namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string random_suffix() {
    std::random_device device;
    std::uniform_int_distribution<unsigned> hex(0, 15);
    std::string s;
    for (int i = 0; i < 12; ++i) s += "0123456789abcdef"[hex(device)];
    return s;
}

}  // namespace

Status write_file_atomically(const std::filesystem::path& destination,
                             std::span<const unsigned char> bytes) {
    const std::string name = destination.filename().string();
    std::filesystem::path temp = destination;
    temp += ".partial-" + random_suffix();
    auto failed = [&](const char* what) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        return fail(Errc::io, std::string("cannot ") + what + " '" + name + "'");
    };

    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(temp.c_str(), "wbx"));
    if (!file) return failed("create");
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file.get()) != bytes.size()) {
        return failed("write");
    }
    if (std::fflush(file.get()) != 0) return failed("write");
    if (std::fclose(file.release()) != 0) return failed("write");

    std::error_code ec;
    std::filesystem::rename(temp, destination, ec);
    if (ec) return failed("write");
    return {};
}

}  // namespace omg::encode
