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
  LABELS integration PARTS 1
  # Out of the ASan stage by coverage: tests/asan_skip_cover.txt names
  # the kept cases that run their lines there.
  ASAN_SKIP
    answers_taken_at_one_desk_reach_the_hub_and_the_other_desk
    answers_a_desk_could_not_have_taken_are_set_aside)
