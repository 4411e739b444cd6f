# A newer full pretix export is the truth (issue 49): what it no longer
# lists is cancelled, at every station and through a hub, and an older
# export is refused; exports in the exporter's own shape, through the real
# `checkin` command.
checkin_test(test_reimport
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_reimport.c ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration)
