# Local times in the event's zone (common/localtime.c): two threads
# converting at once (label threads: run under ThreadSanitizer in CI),
# skipped and doubled hours and zone names through `checkin init` and
# `checkin scan --clock`.
checkin_test(test_localtime
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_localtime.c
  LIBS checkin_printer checkin_data PkgConfig::SQLITE3 Threads::Threads
  LABELS unit threads)
