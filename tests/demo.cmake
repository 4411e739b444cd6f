# `checkin demo` end to end (demo/demo.c, demo/demo_*.c, the synthetic
# camera synthcam/synth.c): run as a user runs it, checked from the files it
# leaves (journal, station file, exports, print log).
if(TARGET checkin_scanner)
  checkin_test(test_demo
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_demo.c
    LIBS checkin_common PkgConfig::SQLITE3
    LABELS integration)
endif()
