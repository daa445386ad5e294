// The MIDI reader on any bytes: a Score or an error, never a crash, a hang or a huge allocation.
#include <cstdint>
#include <vector>

#include "encode/midi.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<unsigned char> bytes(data, data + size);
    (void)omg::encode::parse_midi(bytes);
    return 0;
}
