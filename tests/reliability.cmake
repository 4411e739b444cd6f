# Reliability: the scan journal survives a station killed at random moments
# (test_crash, SIGKILL over and over on one file) and a disk that fills up
# under a running station (test_full_disk, an SQLite VFS shim whose writes
# fail with SQLITE_FULL after a budget).
if(TARGET checkin_scanner)
  checkin_test(test_crash
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_crash.c
    LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
    LABELS slow)
  set_tests_properties(test_crash PROPERTIES TIMEOUT 120)
  checkin_test(test_full_disk
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_full_disk.c
    LIBS checkin_scanner checkin_common PkgConfig::SQLITE3
    LABELS integration)
endif()
