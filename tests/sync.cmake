# Stations in step through a PostgreSQL hub: a throwaway PostgreSQL 15
# server started by the test itself (pgserver.c: initdb and the postmaster
# in a temporary folder, as `nobody` when run as root), stopped however the
# test ends.  Skipped (77) when the server is not installed.
checkin_test(test_sync SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sync.c
  ${CMAKE_CURRENT_SOURCE_DIR}/pgserver.c ${CMAKE_CURRENT_SOURCE_DIR}/live.c
  ${CMAKE_CURRENT_SOURCE_DIR}/relay.c
  LIBS checkin_station PkgConfig::PQ PkgConfig::SQLITE3 PkgConfig::JANSSON
  Threads::Threads
  LABELS integration threads)
# Under AddressSanitizer on a shared two-core machine the suite takes about
# four minutes alone; next to test_web it passed 300 s.
set_tests_properties(test_sync PROPERTIES TIMEOUT 480)
