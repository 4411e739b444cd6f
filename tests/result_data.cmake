# A station's result as data (issue 51, item 4): its times written in the
# event's zone by the displays, `recorded` derived, a copy that owns its
# parts.  Results made by hand: no station, no process.
checkin_test(test_result_data
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_result_data.c
  LIBS checkin_runtime checkin_station
  LABELS unit)
