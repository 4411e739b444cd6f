# Check-in stations (scanner/station*.c, source_*.c, debounce.c,
# display*.c), the journal, merging and exports (common/journal.c,
# merge.c, export.c) and `checkin scan/export/merge/station-db`.
if(TARGET checkin_scanner)
  checkin_test(test_station
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_station.c
    LIBS checkin_scanner checkin_printer checkin_common PkgConfig::SQLITE3
         PkgConfig::JANSSON m
    LABELS integration threads)
  checkin_test(test_hostile_codes
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_hostile_codes.c
    LIBS checkin_scanner checkin_common PkgConfig::SQLITE3 PkgConfig::JANSSON
         PkgConfig::QRENCODE m
    LABELS integration)
  # The same executable's full-screen cases: skipped (77) without tmux.
  add_test(NAME test_hostile_codes_tmux COMMAND test_hostile_codes --tmux)
  get_test_property(test_hostile_codes ENVIRONMENT hostile_env)
  set_tests_properties(test_hostile_codes_tmux PROPERTIES LABELS integration
    SKIP_RETURN_CODE 77 ENVIRONMENT "${hostile_env}")
  checkin_test(test_station_tmux
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_station_tmux.c
    LIBS checkin_scanner checkin_printer checkin_common PkgConfig::SQLITE3
         PkgConfig::JANSSON m
    LABELS integration)
endif()

include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
if(TARGET checkin_scanner)
  checkin_fuzz_target(fuzz_profile ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_profile.c
    checkin_scanner checkin_common)
endif()
