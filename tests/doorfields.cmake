# What a pretix export says at the door (issue 49): blocked tickets, a
# validity window, attention, seats and locale, from the import to every
# station (terminal, web page, --json) and through a hub (tests/hubfix.h).
checkin_test(test_doorfields
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_doorfields.c
          ${CMAKE_CURRENT_SOURCE_DIR}/live.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration PARTS 1
  # Out of the ASan stage by coverage: tests/asan_skip_cover.txt names
  # the kept cases that run their lines there.
  ASAN_SKIP
    a_door_that_never_saw_the_export_learns_it_from_the_hub
    the_web_page_shows_attention_with_its_sound
    a_seated_addon_shows_its_seat_on_the_verdict
    attention_is_admitted_with_its_reason_in_json
    the_import_keeps_what_pretix_says_at_the_door
    a_new_file_has_the_schema_with_the_door_fields)
