# The growable buffer of common/ (common/buf.c): empty, grown across many
# doublings, printf longer than the room there was, allocations that fail.
checkin_test(test_buf
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_buf.c
  LIBS checkin_data PkgConfig::SQLITE3
  LABELS unit)
# The growable arrays of common/ (common/vec.c): empty, grown one element
# at a time for elements of several sizes, an exact reserve, growth past
# SIZE_MAX / the element's size and past memory refused, the array kept.
checkin_test(test_vec
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_vec.c
  LABELS unit)
# The harness's verdicts (tests/testutil.c): a skip per case, reported as
# such, exit 77 only when every case skipped, a failure under CI.
checkin_test(test_harness
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_harness.c
  LABELS unit)
# The clock helpers of common/ (common/util.c): milliseconds carried into
# a timespec's seconds, a deadline on CLOCK_MONOTONIC, and a condition
# variable whose timed wait reads that clock.
checkin_test(test_util
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_util.c
  LABELS unit)
