# `checkin demo` end to end (demo/demo.c, demo/demo_*.c, the synthetic
# camera synthcam/synth.c): run as a user runs it, checked from the files it
# leaves (journal, station file, exports, print log).
checkin_test(test_demo
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_demo.c
  LIBS checkin_data PkgConfig::SQLITE3
  LABELS integration PARTS 1
  # Out of the ASan stage by coverage: its Spanish and Japanese runs take
  # the lines of the English ones and of the language tests kept there
  # (tests/asan_skip_cover.txt names them); half of test_demo's ASan CPU.
  ASAN_SKIP
    demo_narrates_in_the_language_asked)
# `checkin demo --stations` end to end (demo/demo_hub.c on a throwaway
# PostgreSQL 15 the demo starts itself, pglocal/): the stations' verdicts,
# every desk's file and the organizer's holding the same journal, each
# door its room's (read with SQLite), the auction's paddles, win and
# settlement and the sprint check-ins in them and in the organizer's
# report and sprints list, the server stopped and removed when the demo is
# interrupted; skipped (77) when postgresql-15 is not installed.  And,
# with or without it, the one-sentence refusal when the server's programs
# are not found (CHECKIN_PG_BINDIR pointed at an empty folder).  Not under
# ThreadSanitizer (no label threads): the demo's own process has one
# thread, and its stations are station_runtime_run with a sync worker and
# a desk printer, the threads the hub tests' stations (a desk printing to a
# loopback printer at a hub) run under ThreadSanitizer.
checkin_test(test_demo_stations
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_demo_stations.c
  LIBS checkin_pglocal PkgConfig::SQLITE3
  ARGS the_stations_tell_the_story_and_end_in_step
       interrupted_it_stops_the_server_and_removes_it
       with_keep_hub_the_hub_answers_until_enter
  LABELS integration)
set_tests_properties(test_demo_stations PROPERTIES TIMEOUT 400 COST 39)
add_test(NAME test_demo_stations_refusal COMMAND test_demo_stations
  without_the_server_it_says_what_to_install)
set_tests_properties(test_demo_stations_refusal PROPERTIES LABELS integration
  ENVIRONMENT "LC_ALL=C.UTF-8;LSAN_OPTIONS=suppressions=${CHECKIN_TEST_DATA}/labels/lsan.supp:print_suppressions=0")
