# Fixture for scripts/check-test-regexes: lines 4, 9 and 13 must be
# reported, nothing else.  A comment may hold PASS_REGULAR_EXPRESSION "a; b".
set_tests_properties(one PROPERTIES
  PASS_REGULAR_EXPRESSION "3 passed, 0 failed; done\n$")
set_tests_properties(two PROPERTIES
  PASS_REGULAR_EXPRESSION "3 passed, 0 failed\; done\n$")
set_tests_properties(three PROPERTIES
  FAIL_REGULAR_EXPRESSION
  "first line
second; line")
set_tests_properties(four PROPERTIES LABELS "a;b"
  PASS_REGULAR_EXPRESSION "no semicolon at all")
set_tests_properties(five PROPERTIES PASS_REGULAR_EXPRESSION "${pattern}")
