# Tests that tell the truth.
# test_regexes: no PASS_REGULAR_EXPRESSION or FAIL_REGULAR_EXPRESSION in
# the repository's CMake files holds a bare ';' (CMake splits it into
# patterns of which any one passes; scripts/check-test-regexes).
# test_regexes_finds_a_split: the script still reports the three planted
# in its fixture and nothing else there.
add_test(NAME test_regexes
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-test-regexes ${CMAKE_SOURCE_DIR})
add_test(NAME test_regexes_finds_a_split
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-test-regexes
          ${CHECKIN_TEST_DATA}/test-regexes/sample.cmake)
set_tests_properties(test_regexes test_regexes_finds_a_split PROPERTIES
  LABELS unit)
set_tests_properties(test_regexes_finds_a_split PROPERTIES
  PASS_REGULAR_EXPRESSION "^[^\n]*sample\\.cmake:4: PASS_REGULAR_EXPRESSION holds a '\;'[^\n]*\n[^\n]*sample\\.cmake:9: FAIL_REGULAR_EXPRESSION holds a '\;'[^\n]*\n[^\n]*sample\\.cmake:13: PASS_REGULAR_EXPRESSION is given through a variable[^\n]*\n$")
