# What a pretix export says at the door (issue 49): blocked tickets, a
# validity window, attention, seats and locale, from the import to every
# station (terminal, web page, --json) and through a hub (tests/hubfix.h).
checkin_test(test_doorfields
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_doorfields.c
          ${CMAKE_CURRENT_SOURCE_DIR}/live.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration)
