# The growable buffer of common/ (common/buf.c): empty, grown across many
# doublings, printf longer than the room there was, allocations that fail.
checkin_test(test_buf
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_buf.c
  LIBS checkin_data PkgConfig::SQLITE3
  LABELS unit)
