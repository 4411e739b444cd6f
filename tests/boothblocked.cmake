# A sponsor's booth refuses the badge of a ticket pretix blocks (issue
# 49), learning only its hash through the hub (tests/hubfix.h), from an
# export in the exporter's shape (tests/pretix_export.h).
checkin_test(test_booth_blocked
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_booth_blocked.c
          ${CHECKIN_PRETIX_EXPORT} ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration)
