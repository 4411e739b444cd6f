# Pre-printed badges (issue 55): a run sorted into boxes, read back from
# its PDF by pdftoppm and zbar; desks that send people to the box, mark
# badges handed over and refuse a second pick-up; a lost one reprinted;
# `checkin report EVENT.db uncollected`.
checkin_test(test_preprint
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_preprint.c
          ${CMAKE_CURRENT_SOURCE_DIR}/web_desk.c
  LIBS PkgConfig::SQLITE3 PkgConfig::ZBAR
  LABELS integration)

# The same through a hub (hub format 27): the organizer's run reaches the
# desks, a hand-over at one desk is refused as a second pick-up at the
# other and leaves the organizer's uncollected report; an older hub keeps
# a hand-over waiting in the desk's file; the desks' web pages in
# Chromium (the box large, one tap to hand over, crossed out after).
checkin_test(test_preprint_hub
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_preprint_hub.c
          ${CMAKE_CURRENT_SOURCE_DIR}/web_desk.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration PARTS 1
  # Out of the ASan stage by coverage: tests/asan_skip_cover.txt names
  # the kept cases that run its lines there.
  ASAN_SKIP
    the_web_page_hands_over_with_one_tap)
# COST: its plain seconds in main's cost data of 2026-11-28 (loaded)
# over 1.3, the median ratio of the other COSTs to the same data.
set_tests_properties(test_preprint_hub PROPERTIES COST 53)
