# Every dependency comes from a Debian package (scripts/setup-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(FLUIDSYNTH REQUIRED IMPORTED_TARGET fluidsynth>=2.1)
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile>=1.1)
pkg_check_modules(EBUR128 REQUIRED IMPORTED_TARGET libebur128)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
# libpq: the PostgreSQL job store (a queue that several machines share, issue 13).
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
# The PostgreSQL server's programs (initdb, pg_ctl), which the store's tests and benchmark start
# as a throwaway cluster: the newest /usr/lib/postgresql/<version>/bin. Not found: those tests
# fail saying so (OMG itself only needs libpq).
file(GLOB OMG_PG_BIN_DIRS LIST_DIRECTORIES true /usr/lib/postgresql/*/bin)
list(SORT OMG_PG_BIN_DIRS COMPARE NATURAL ORDER DESCENDING)
find_program(OMG_PG_CTL pg_ctl PATHS ${OMG_PG_BIN_DIRS} NO_DEFAULT_PATH)
find_program(OMG_PG_INITDB initdb PATHS ${OMG_PG_BIN_DIRS} NO_DEFAULT_PATH)
set(OMG_PG_BINDIR "")
if(OMG_PG_CTL AND OMG_PG_INITDB)
  get_filename_component(OMG_PG_BINDIR ${OMG_PG_CTL} DIRECTORY)
endif()
find_package(nlohmann_json 3.10 REQUIRED)
find_package(tl-expected REQUIRED)
find_package(CLI11 REQUIRED)
# cpp-httplib: Debian ships it compiled (libcpp-httplib.so) with a pkg-config file whose
# Cflags (OpenSSL/zlib/brotli support) must match the library ABI.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# libevent's evhttp: the server's event-driven transport (http/server.cpp).
pkg_check_modules(LIBEVENT REQUIRED IMPORTED_TARGET libevent>=2.1 libevent_pthreads>=2.1)
# espeak-ng: pronunciation (syllables, rhymes by sound) for the built-in lyrics writer.
pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)
# The singing voice: the HTS engine (Debian ships no pkg-config file for it).
find_path(HTSENGINE_INCLUDE_DIR HTS_engine.h REQUIRED)
find_library(HTSENGINE_LIBRARY HTSEngine REQUIRED)
# FFTW: the singing voice's vocoder (voice/pulse_vocoder) and the spectral meters of the tests
# and benchmarks (tests/support/spectrum.h).
pkg_check_modules(FFTW3 REQUIRED IMPORTED_TARGET fftw3)
if(OMG_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
