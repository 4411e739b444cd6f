# A person booked into two tutorials at one time (issue 57): the import's
# warning, `checkin stats`, the desk's tutorial lines and the dashboard's
# anomalies, through the real `checkin` command.
checkin_test(test_clash SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_clash.c
  LIBS PkgConfig::JANSSON
  LABELS integration)
