# Sprints by project (issue 56 item 2): [sprints] and its mistakes, the
# projects and bad additions, the table signs read back, a sprint station
# checking people in once a person a project a day, the report, the
# export and a lead's list honouring consent.
checkin_test(test_sprints
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sprints.c
  LABELS integration)
