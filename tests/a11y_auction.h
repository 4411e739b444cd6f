/* The auction's pay desk and the sprint station's project buttons
 * (issue 56), cases of test_a11y: their own file, beside the board's
 * (tests/a11y_auction.c). */
#ifndef CHECKIN_TESTS_A11Y_AUCTION_H
#define CHECKIN_TESTS_A11Y_AUCTION_H

void the_pay_desk_records_a_win_and_passes_axe(void);
void sprint_project_buttons_check_in_and_pass_axe(void);

#endif
