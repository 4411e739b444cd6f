# The kinds of station the usage texts and sentences name, from the table
# of kinds (issue 51): `checkin scan --help`, a profile's refusal, `checkin
# hub --help` and add-station's refusal.  Five `checkin` runs, no server.
checkin_test(test_kind_usage
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_kind_usage.c
  LIBS checkin_station
  LABELS integration)
