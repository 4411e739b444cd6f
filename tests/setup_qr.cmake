# Setup QR codes for phones: the /scan link on a terminal and as a PNG
# (printer/qr.c), read back by zbar; a real `checkin scan --web --qr`.
checkin_test(test_setup_qr SOURCES test_setup_qr.c zbarread.c
  LIBS checkin_printer checkin_scanner PkgConfig::ZBAR
  LABELS unit)
# The same made by `checkin hub add-station --phones-url URL --qr DIR` for
# a door and a sponsor's leads station, at a real hub (tests/hubfix.h).
checkin_test(test_door_qr
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_door_qr.c zbarread.c
          ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_scanner checkin_pglocal checkin_sync PkgConfig::ZBAR
       PkgConfig::PQ PkgConfig::SQLITE3 PkgConfig::JANSSON Threads::Threads
  LABELS integration)
