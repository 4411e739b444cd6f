# Reliability: the scan journal survives a station killed at random moments
# (test_crash, SIGKILL over and over on one file) and storage that fails
# under a running station (test_storage_faults, an SQLite VFS shim whose
# writes, syncs, reads or shared-memory calls fail after a budget: a full
# disk, EIO, a failing fsync, short reads).
if(TARGET checkin_scanner)
  checkin_test(test_crash
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_crash.c
    LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
    LABELS slow)
  set_tests_properties(test_crash PROPERTIES TIMEOUT 240 COST 149)
  checkin_test(test_storage_faults
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_storage_faults.c
    LIBS checkin_runtime checkin_scanner checkin_data PkgConfig::SQLITE3
    LABELS integration)
endif()
