# Joining the event by a link (issue 52): `checkin hub serve-joins`, `hub
# add-station --join` and `checkin join` over HTTPS on loopback, at a real
# hub (tests/hubfix.h), the joined desk scanning live (live.c), the QR code
# read back by zbar.
checkin_test(test_join
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_join.c zbarread.c
          ${CMAKE_CURRENT_SOURCE_DIR}/live.c ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_scanner checkin_pglocal checkin_sync PkgConfig::ZBAR
       PkgConfig::PQ PkgConfig::SQLITE3 PkgConfig::JANSSON Threads::Threads
  LABELS integration)
