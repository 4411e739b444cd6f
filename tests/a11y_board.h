/* The open spaces' board's page (issue 56), a case of test_a11y: its own
 * file, so that the board's test is beside the board (tests/a11y_board.c). */
#ifndef CHECKIN_TESTS_A11Y_BOARD_H
#define CHECKIN_TESTS_A11Y_BOARD_H

void the_open_spaces_board_claims_and_passes_axe(void);

#endif
