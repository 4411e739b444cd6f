# Reliability: the scan journal survives a station killed at random moments
# (test_crash, SIGKILL over and over on one file) and storage that fails
# under a running station (test_storage_faults, an SQLite VFS shim whose
# writes, syncs, reads or shared-memory calls fail after a budget: a full
# disk, EIO, a failing fsync, short reads).  test_crash's 68 lives (40
# kills, 14 + 14 with an outside process) are drawn from a seed it prints,
# anew each run; 192 fixed lives took 165 s of CI's plain stage.
checkin_test(test_crash
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_crash.c
  LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS slow)
set_tests_properties(test_crash PROPERTIES TIMEOUT 240 COST 55)
checkin_test(test_storage_faults
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_storage_faults.c
  LIBS checkin_runtime checkin_scanner checkin_data PkgConfig::SQLITE3
  LABELS integration)
# COST: its plain seconds in main's cost data of 2026-11-28 (loaded)
# over 1.3, the median ratio of the other COSTs to the same data.
set_tests_properties(test_storage_faults PROPERTIES COST 64)
