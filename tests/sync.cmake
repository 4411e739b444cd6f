# Stations in step through a PostgreSQL hub: a throwaway PostgreSQL 15
# server started by the test itself (pgserver.c: initdb and the postmaster
# in a temporary folder, as `nobody` when run as root), stopped however the
# test ends.  Skipped (77) when the server is not installed.
checkin_test(test_sync SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sync.c
  ${CMAKE_CURRENT_SOURCE_DIR}/pgserver.c ${CMAKE_CURRENT_SOURCE_DIR}/live.c
  ${CMAKE_CURRENT_SOURCE_DIR}/relay.c ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::PQ PkgConfig::SQLITE3 PkgConfig::JANSSON PkgConfig::SODIUM
       Threads::Threads
  LABELS integration threads)
# 28 cases, 16 of them with running stations: under ASan on a busy 2-core
# machine the whole file takes more than 300 s.
set_tests_properties(test_sync PROPERTIES TIMEOUT 600)
