// ZipArchive: a stored (uncompressed) ZIP of files on disk, for "Download stems".
//
// The audio inside is already compressed (FLAC), so entries are stored, not deflated; that
// keeps the archive's size and layout known before the first byte is sent, so it is served
// with a Content-Length and answers Range requests like any file. `plan` reads each file once
// for its CRC-32; `read` copies any byte range. Classic ZIP only (no ZIP64): an archive over
// 4 GiB is refused with Errc::too_large. After `plan`, a ZipArchive is immutable and `read`
// is safe from several threads (each call opens its own streams).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace omg::http {

struct ZipEntry {
    std::string name;            // the name inside the archive, e.g. "piano.flac"
    std::filesystem::path file;  // the file on disk
    // When set, the entry's bytes are read from here instead of `file` (a stored artifact,
    // in the database or a folder), in pieces.
    std::shared_ptr<const Content> content = nullptr;
};

class ZipArchive {
public:
    static Result<ZipArchive> plan(std::vector<ZipEntry> entries);

    uint64_t size() const { return size_; }
    // Appends bytes [offset, offset + length) of the archive to `out`; Errc::io if a file
    // changed or vanished since `plan`.
    Status read(uint64_t offset, uint64_t length, std::string* out) const;

private:
    // The archive is a sequence of parts: header bytes kept here, or a file's contents.
    struct Part {
        uint64_t offset = 0;
        uint64_t size = 0;
        std::string bytes;           // when not a file
        std::filesystem::path file;  // when a file
        std::shared_ptr<const Content> content;  // when a Content
    };
    std::vector<Part> parts_;
    uint64_t size_ = 0;
};

// The archive as a reply body (http/message.h), so it is sent in pieces and answers Range.
std::shared_ptr<const Content> zip_content(ZipArchive archive);

// CRC-32 (ISO-HDLC, as ZIP and gzip use) of `data`, continuing from `crc` (start with 0).
uint32_t crc32_update(uint32_t crc, const void* data, size_t size);

}  // namespace omg::http
