# Pre-printed badges (issue 55): a run sorted into boxes, read back from
# its PDF by pdftoppm and zbar; desks that send people to the box, mark
# badges handed over and refuse a second pick-up; a lost one reprinted;
# `checkin report EVENT.db uncollected`.
checkin_test(test_preprint
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_preprint.c
          ${CMAKE_CURRENT_SOURCE_DIR}/web_desk.c
  LIBS PkgConfig::SQLITE3 PkgConfig::ZBAR
  LABELS integration)
