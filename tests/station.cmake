# Check-in stations (scanner/station*.c, source_*.c, debounce.c,
# display*.c), the journal, merging and exports (store/journal.c,
# merge.c, export.c) and `checkin scan/export/merge/station-db`.  Not
# under ThreadSanitizer (no label threads): its stations, in process and
# run as `checkin scan`, have no printer worker, web screen or hub, so one
# thread each.
checkin_test(test_station
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_station.c
  LIBS checkin_synthcam checkin_runtime checkin_scanner checkin_printer checkin_data PkgConfig::SQLITE3
       PkgConfig::JANSSON m
  LABELS integration)
# every_station_kind_is_in_the_table reads the table of kinds, private to
# station/.
target_include_directories(test_station PRIVATE ${CMAKE_SOURCE_DIR}/station)
# Stations sharing one file, same-name stations, merging changed files:
# real `checkin` processes at once.
# Live stations that read each other's rows share one wall clock, as
# real ones do: libfaketime shifts it to the event's days.
checkin_test(test_shared
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_shared.c
          ${CMAKE_CURRENT_SOURCE_DIR}/live.c
  LIBS checkin_data PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)
find_file(CHECKIN_LIBFAKETIME libfaketime.so.1
  PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/faketime
        /usr/lib64/faketime /usr/lib/faketime /usr/local/lib/faketime
  NO_DEFAULT_PATH
  DOC "libfaketime's preload library, for test_clock_skew")
if(CHECKIN_LIBFAKETIME)
  target_compile_definitions(test_shared PRIVATE
    LIBFAKETIME="${CHECKIN_LIBFAKETIME}")
endif()
checkin_test(test_hostile_codes
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_hostile_codes.c
  LIBS checkin_synthcam checkin_scanner checkin_data PkgConfig::SQLITE3 PkgConfig::JANSSON
       PkgConfig::QRENCODE m
  LABELS integration)
# The same executable's full-screen cases: skipped (77) without tmux.
add_test(NAME test_hostile_codes_tmux COMMAND test_hostile_codes --tmux)
get_test_property(test_hostile_codes ENVIRONMENT hostile_env)
set_tests_properties(test_hostile_codes_tmux PROPERTIES LABELS integration
  SKIP_RETURN_CODE 77 ENVIRONMENT "${hostile_env}")
checkin_test(test_station_tmux
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_station_tmux.c
          ${CMAKE_CURRENT_SOURCE_DIR}/tcp_printer.c
  LIBS checkin_scanner checkin_printer checkin_data PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads m
  LABELS integration)

include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
# The profile's parser lives in checkin_station: link it directly, so that
# the fuzzer's instrumented copy holds the code it is meant to explore.
checkin_fuzz_target(fuzz_profile ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_profile.c
  checkin_station checkin_data
  FLOOR 55 RUNS 2000)
