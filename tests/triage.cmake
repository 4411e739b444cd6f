# The triage at the queue's entrance (issue 55.4): 50 people sent to
# their desks by letter and ticket type, an unpaid order to the help
# desk, a pre-printed badge to its box, a phone's /scan answered with
# the line as its large word, nothing journaled; a bad [desks]
# line refused with its sentence and nothing kept.  A few seconds, no
# server and no browser.
checkin_test(test_triage
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_triage.c
          ${CMAKE_CURRENT_SOURCE_DIR}/web_desk.c
  LIBS PkgConfig::JANSSON
  LABELS integration)
