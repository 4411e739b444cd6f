# Open spaces (issue 56 item 1): the [open-spaces] section and its
# mistakes, claims, releases and the list, bad claims each one sentence
# changing nothing, an open-space door counting its slot and refusing a
# full room, and `checkin report EVENT.db open-spaces`.
checkin_test(test_open_spaces
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_open_spaces.c
  LABELS integration)

# The next free slot named when a claim's slot is taken, and the board
# station's host scans (issue 56 item 1); the board's page is a case of
# test_a11y (tests/a11y_board.c).
checkin_test(test_open_board
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_open_board.c
  LABELS integration)
