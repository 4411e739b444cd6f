# Check-in lists (issue 29): describe/init/import of a small pretix export
# and scans at each list, through the real `checkin` command.
checkin_test(test_lists
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_lists.c
          ${CMAKE_CURRENT_SOURCE_DIR}/live.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::JANSSON
  LABELS integration)

# A pretix tutorial add-on's own QR (issue 30): one more code of its
# person, at its door, another tutorial's door, the desk, and a door
# enrolled through a hub (tests/hubfix.h).
checkin_test(test_addon
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_addon.c ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration PARTS 1
  # Out of the ASan stage by coverage: tests/asan_skip_cover.txt names
  # the kept cases that run their lines there.
  ASAN_SKIP
    a_format_18_hub_says_a_cancelled_addon_once_upgraded
    a_cancelled_addon_is_said_cancelled_at_the_hubs_stations
    a_reimport_keeps_it_and_a_cancelled_addon_stops_admitting)

# The caterer's lunch count (issue 56 item 4): three days of arrivals and
# lunches scanned at chosen clocks, the projection's known answer, its
# error on the earlier day, the dashboard's lunch section in Chromium,
# and bad input.
checkin_test(test_lunch
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_lunch.c ${CHECKIN_PRETIX_EXPORT}
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::JANSSON
  LABELS integration)
# Three cases of 7, 9 and 26 s here; 91 s for all three beside two busy
# loops on the shared two-core machine.
set_tests_properties(test_lunch PROPERTIES TIMEOUT 300 COST 45)

# The still-needs line (issue 55 item 2): a desk's verdict and `checkin
# attendees` before and after a T-shirt counter on another station's file
# redeems, its row merged in.
checkin_test(test_needs
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_needs.c
          ${CMAKE_CURRENT_SOURCE_DIR}/ack_event.c ${CHECKIN_PRETIX_EXPORT}
  LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)
