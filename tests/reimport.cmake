# A newer full pretix export is the truth (issue 49): what it no longer
# lists is cancelled, at every station and through a hub, and an older
# export is refused; exports in the exporter's own shape, through the real
# `checkin` command.
checkin_test(test_reimport
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_reimport.c ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration PARTS 1
  # Out of the ASan stage by coverage: tests/asan_skip_cover.txt names
  # the kept cases that run their lines there.
  ASAN_SKIP
    a_door_synced_before_refuses_the_cancelled_after_its_sync
    a_position_listed_again_admits_again)
