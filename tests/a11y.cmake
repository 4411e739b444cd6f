# Every page and state usable by everyone (issue 53): axe-core (npm,
# pinned in scripts/axe, installed by scripts/setup --tests) in a real
# Chromium over WebDriver for WCAG 2.1 A and AA, with a planted-fault
# twin; the desk's sounds, verdict shapes, keyboard focus, less motion and
# an Urdu name in an English and in a Japanese sentence.  Each case skipped, saying why,
# without Chromium or axe-core.
checkin_test(test_a11y SOURCES test_a11y.c webdriver.c a11y_board.c a11y_auction.c
  LIBS PkgConfig::JANSSON PkgConfig::SODIUM
  LABELS integration pages PARTS 2)
target_compile_definitions(test_a11y PRIVATE
  SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
# Label `pages`: what it checks is the pages' markup, styles and scripts,
# which no sanitizer build changes; the C servers behind them run under
# ASan in test_web and test_lists, so CI's ASan stage leaves it out
# (.ci/run; docs/performance-history.md, "CI's time", says why).
# Nine cases (the seventh the open spaces' board, a11y_board.c, 20-36 s;
# the eighth and ninth the auction's pay desk and the sprint station's
# buttons, a11y_auction.c, 9 and 12 s), each its own Chromium: 204 s for
# the first six in one process beside two other browser tests on the
# shared two-core machine, so two parts.
# COST: their plain seconds in main's cost data of 2026-11-28 (loaded)
# over 1.3, the median ratio of the other COSTs to the same data.
set_tests_properties(test_a11y_1of2 test_a11y_2of2 PROPERTIES TIMEOUT 300
  COST 54)
