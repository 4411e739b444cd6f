# pretix's questions asked during check-in (issue 49): kept by the import
# from an export in the exporter's shape (pretix_export.h), asked by the
# desk (--json, the web screen's answers), journaled and exported.
checkin_test(test_questions
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_questions.c ${CHECKIN_PRETIX_EXPORT}
          ${CMAKE_CURRENT_SOURCE_DIR}/web_desk.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)

# The same through a hub (hub format 26): the questions, the shop's
# answers and a desk's answers reach the other desks and the organizer.
checkin_test(test_questions_hub
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_questions_hub.c
          ${CMAKE_CURRENT_SOURCE_DIR}/web_desk.c
          ${CHECKIN_PRETIX_EXPORT} ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration)
