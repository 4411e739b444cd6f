# Local times in the event's zone (common/localtime.c): two threads
# converting at once (label threads: under ThreadSanitizer in CI only
# those two cases run, TSAN_CASES; the others are `checkin init` and
# `checkin scan` on one thread, 11.3 s of the test's 22.3 s of CPU
# there), skipped and doubled hours and zone names through `checkin
# init` and `checkin scan --clock`.
checkin_test(test_localtime
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_localtime.c
  LIBS checkin_printer checkin_data PkgConfig::SQLITE3 Threads::Threads
  LABELS unit threads
  TSAN_CASES two_threads_converting_in_two_zones_each_get_their_own
             tutorial_ticket_times_stay_right_while_the_desk_shows_times)
