# Open spaces (issue 56 item 1): the [open-spaces] section and its
# mistakes, claims, releases and the list, bad claims each one sentence
# changing nothing, an open-space door counting its slot and refusing a
# full room, and `checkin report EVENT.db open-spaces`.
checkin_test(test_open_spaces
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_open_spaces.c
  LABELS integration)
