// omg_spectral_balance FILE... : the tone of finished tracks as an engineer reads a spectrum
// analyser. For each audio file (WAV, FLAC, Ogg, MP3: encode::read_audio), the share of the
// track's power (from 20 Hz up, Welch average of 8192-point Hann windows, the mono sum) in five
// bands, in dB: sub 25-60 Hz, bass 60-250, mids 250-2k, presence 2-5k, air 8-16k. The same meter
// as the tests' tone targets (tests/engine/tone_test.cpp), so a reference render (another
// arrangement through the same SoundFont, bench/mix/reference_balance.sh) and OMG's output are
// read alike. Prints one line per file; exit 1 when a file cannot be read.
#include <cstdio>

#include "encode/audio_writer.h"
#include "support/spectrum.h"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: omg_spectral_balance FILE...\n");
        return 2;
    }
    omg::testing::SpectrumMeter meter(8192);
    int status = 0;
    std::printf("%-32s %7s %7s %7s %7s %7s\n", "file", "sub", "bass", "mids", "pres", "air");
    for (int i = 1; i < argc; ++i) {
        auto pcm = omg::encode::read_audio(argv[i]);
        if (!pcm) {
            std::fprintf(stderr, "%s: %s\n", argv[i], pcm.error().message.c_str());
            status = 1;
            continue;
        }
        const auto power = meter.average_power(*pcm);
        const int rate = pcm->sample_rate;
        std::printf("%-32s %7.1f %7.1f %7.1f %7.1f %7.1f\n", argv[i], meter.band_share_db(power, rate, 25, 60),
                    meter.band_share_db(power, rate, 60, 250), meter.band_share_db(power, rate, 250, 2000),
                    meter.band_share_db(power, rate, 2000, 5000), meter.band_share_db(power, rate, 8000, 16000));
    }
    return status;
}
