# A sponsor's booth refuses a held or blocked registration's badge
# (issue 49), learning only its hash through the hub (tests/hubfix.h).
checkin_test(test_booth_held
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_booth_held.c ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration)
