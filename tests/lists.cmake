# Check-in lists (issue 29): describe/init/import of a small pretix export
# and scans at each list, through the real `checkin` command.
checkin_test(test_lists
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_lists.c
          ${CMAKE_CURRENT_SOURCE_DIR}/live.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::JANSSON
  LABELS integration)
