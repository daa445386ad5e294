#include "http/zip_archive.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <limits>

namespace omg::http {
namespace fs = std::filesystem;

namespace {

constexpr uint64_t kZipLimit = std::numeric_limits<uint32_t>::max();
// 1 January 2000, 00:00, in MS-DOS form: a fixed stamp keeps archives reproducible.
constexpr uint16_t kDosDate = ((2000 - 1980) << 9) | (1 << 5) | 1;
constexpr uint16_t kDosTime = 0;
constexpr uint16_t kUtf8Names = 1 << 11;

std::array<uint32_t, 256> make_crc_table() {
    std::array<uint32_t, 256> table{};
    for (uint32_t n = 0; n < 256; ++n) {
        uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}

void put16(std::string& out, uint32_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
}
void put32(std::string& out, uint32_t v) {
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}

Result<uint32_t> file_crc(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(Errc::io, "A stem file could not be read");
    std::vector<char> buf(1 << 16);
    uint32_t crc = 0;
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto got = static_cast<size_t>(in.gcount());
        if (got == 0) break;
        crc = crc32_update(crc, buf.data(), got);
    }
    if (in.bad()) return fail(Errc::io, "A stem file could not be read");
    return crc;
}

Result<uint32_t> content_crc(const Content& content) {
    constexpr uint64_t kPiece = 1 << 18;
    uint32_t crc = 0;
    std::string buf;
    for (uint64_t at = 0; at < content.size(); at += kPiece) {
        buf.clear();
        if (!content.read(at, static_cast<size_t>(std::min(kPiece, content.size() - at)), &buf)) {
            return fail(Errc::io, "A stem file could not be read");
        }
        crc = crc32_update(crc, buf.data(), buf.size());
    }
    return crc;
}

}  // namespace

uint32_t crc32_update(uint32_t crc, const void* data, size_t size) {
    static const std::array<uint32_t, 256> kTable = make_crc_table();
    const auto* p = static_cast<const unsigned char*>(data);
    crc = ~crc;
    for (size_t i = 0; i < size; ++i) crc = kTable[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

Result<ZipArchive> ZipArchive::plan(std::vector<ZipEntry> entries) {
    ZipArchive zip;
    std::string central;
    uint64_t offset = 0;
    auto add_bytes = [&zip, &offset](std::string bytes) {
        const uint64_t n = bytes.size();
        zip.parts_.push_back(Part{offset, n, std::move(bytes), {}, nullptr});
        offset += n;
    };
    for (const auto& e : entries) {
        std::error_code ec;
        const uint64_t size = e.content ? e.content->size() : fs::file_size(e.file, ec);
        if (ec) return fail(Errc::io, "A stem file is missing");
        if (e.name.empty() || e.name.size() > 0xffff) {
            return fail(Errc::invalid_argument, "Bad name for an archive entry");
        }
        auto crc = e.content ? content_crc(*e.content) : file_crc(e.file);
        if (!crc) return tl::unexpected(crc.error());
        if (size > kZipLimit || offset > kZipLimit) {
            return fail(Errc::too_large, "The stems are too large for one archive");
        }
        const auto local_offset = static_cast<uint32_t>(offset);
        const auto size32 = static_cast<uint32_t>(size);
        const auto name_len = static_cast<uint32_t>(e.name.size());

        std::string local;
        put32(local, 0x04034b50);
        put16(local, 10);  // version needed: 1.0 (stored)
        put16(local, kUtf8Names);
        put16(local, 0);  // stored
        put16(local, kDosTime);
        put16(local, kDosDate);
        put32(local, *crc);
        put32(local, size32);
        put32(local, size32);
        put16(local, name_len);
        put16(local, 0);
        local += e.name;
        add_bytes(std::move(local));
        zip.parts_.push_back(Part{offset, size, {}, e.file, e.content});
        offset += size;

        put32(central, 0x02014b50);
        put16(central, (3 << 8) | 20);  // made by: Unix, 2.0
        put16(central, 10);
        put16(central, kUtf8Names);
        put16(central, 0);
        put16(central, kDosTime);
        put16(central, kDosDate);
        put32(central, *crc);
        put32(central, size32);
        put32(central, size32);
        put16(central, name_len);
        put16(central, 0);               // extra
        put16(central, 0);               // comment
        put16(central, 0);               // disk
        put16(central, 0);               // internal attributes
        put32(central, 0100644u << 16);  // external: a regular file, rw-r--r--
        put32(central, local_offset);
        central += e.name;
    }
    if (offset + central.size() + 22 > kZipLimit || entries.size() > 0xffff) {
        return fail(Errc::too_large, "The stems are too large for one archive");
    }
    const auto central_offset = static_cast<uint32_t>(offset);
    const auto central_size = static_cast<uint32_t>(central.size());
    add_bytes(std::move(central));
    std::string end;
    put32(end, 0x06054b50);
    put16(end, 0);
    put16(end, 0);
    put16(end, static_cast<uint32_t>(entries.size()));
    put16(end, static_cast<uint32_t>(entries.size()));
    put32(end, central_size);
    put32(end, central_offset);
    put16(end, 0);
    add_bytes(std::move(end));
    zip.size_ = offset;
    return zip;
}

Status ZipArchive::read(uint64_t offset, uint64_t length, std::string* out) const {
    const uint64_t end = std::min(size_, offset + length);
    for (const auto& part : parts_) {
        if (offset >= end) break;
        const uint64_t part_end = part.offset + part.size;
        if (part_end <= offset) continue;
        const uint64_t from = offset - part.offset;
        const uint64_t n = std::min(part_end, end) - offset;
        if (part.content) {
            if (!part.content->read(from, static_cast<size_t>(n), out)) {
                return fail(Errc::io, "A stem file changed while it was being sent");
            }
        } else if (part.file.empty()) {
            out->append(part.bytes, static_cast<size_t>(from), static_cast<size_t>(n));
        } else {
            std::ifstream in(part.file, std::ios::binary);
            in.seekg(static_cast<std::streamoff>(from));
            const size_t old = out->size();
            out->resize(old + static_cast<size_t>(n));
            in.read(out->data() + old, static_cast<std::streamsize>(n));
            if (!in || static_cast<uint64_t>(in.gcount()) != n) {
                out->resize(old);
                return fail(Errc::io, "A stem file changed while it was being sent");
            }
        }
        offset += n;
    }
    return {};
}

namespace {

class ZipContent final : public Content {
public:
    explicit ZipContent(ZipArchive archive) : archive_(std::move(archive)) {}
    uint64_t size() const override { return archive_.size(); }
    bool read(uint64_t offset, size_t length, std::string* out) const override {
        const size_t start = out->size();
        if (!archive_.read(offset, length, out) || out->size() != start + length) {
            out->resize(start);
            return false;
        }
        return true;
    }

private:
    ZipArchive archive_;
};

}  // namespace

std::shared_ptr<const Content> zip_content(ZipArchive archive) {
    return std::make_shared<const ZipContent>(std::move(archive));
}

}  // namespace omg::http
