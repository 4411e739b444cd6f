# pretix's questions asked during check-in at a door (issue 49): a list's
# door asks them before letting someone in, on the terminal, --json and a
# phone's /scan page (Chromium), journals the answers and exports them.
checkin_test(test_door_questions
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_door_questions.c
          ${CHECKIN_PRETIX_EXPORT} ${CMAKE_CURRENT_SOURCE_DIR}/live.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)
