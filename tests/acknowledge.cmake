# Acknowledgements (issue 55 item 3): the event's [acknowledge SLUG]
# asked once per person at the desk (--json, the web screen's answers,
# one key on the terminal, one tap
# on the web page in Chromium), journaled, exported for the CoC team.
checkin_test(test_acknowledge
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_acknowledge.c ${CHECKIN_PRETIX_EXPORT}
          ${CMAKE_CURRENT_SOURCE_DIR}/ack_event.c
          ${CMAKE_CURRENT_SOURCE_DIR}/web_desk.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)

# The same through a hub with two desks (no new hub format: the
# acknowledgement is a question of the description, its answer rides in
# checkin.scan.answers, format 26).
checkin_test(test_acknowledge_hub
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_acknowledge_hub.c
          ${CMAKE_CURRENT_SOURCE_DIR}/ack_event.c
          ${CMAKE_CURRENT_SOURCE_DIR}/web_desk.c
          ${CHECKIN_PRETIX_EXPORT} ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration)
