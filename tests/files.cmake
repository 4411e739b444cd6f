# Files the commands create, replace or must leave alone (the file printer,
# demo --out, exports, init, rotate-key, station-db, common/atomic_file.c):
# run as a user runs them, some killed part-way (CHECKIN_TEST_KILL_AT) and
# run again, and the modes of personal data under umask 000 and 022.
checkin_test(test_files
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_files.c
  LIBS checkin_data PkgConfig::SQLITE3
  LABELS integration)
