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
  LABELS "unit;source")
set_tests_properties(test_regexes_finds_a_split PROPERTIES
  PASS_REGULAR_EXPRESSION "^[^\n]*sample\\.cmake:4: PASS_REGULAR_EXPRESSION holds a '\;'[^\n]*\n[^\n]*sample\\.cmake:9: FAIL_REGULAR_EXPRESSION holds a '\;'[^\n]*\n[^\n]*sample\\.cmake:13: PASS_REGULAR_EXPRESSION is given through a variable[^\n]*\n$")
# tidy: clang-tidy finds nothing of what .clang-tidy asks about in the
# product sources (scripts/check-tidy, over this build's
# compile_commands.json; about 15 s on two cores).  Skipped only when
# clang-tidy is absent (scripts/setup --tests installs it).
# tidy_finds_each_check: the fixture plants one finding for six of the
# checks, and each is reported.
add_test(NAME tidy
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-tidy ${CMAKE_BINARY_DIR}
          ${CMAKE_SOURCE_DIR})
add_test(NAME tidy_finds_each_check
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-tidy --files
          ${CHECKIN_TEST_DATA}/tidy/sample.c)
set_tests_properties(tidy tidy_finds_each_check PROPERTIES LABELS "unit;source"
  SKIP_RETURN_CODE 77)
set_tests_properties(tidy_finds_each_check PROPERTIES
  PASS_REGULAR_EXPRESSION "^sample\\.c:9:[^\n]*bugprone-suspicious-missing-comma[^\n]*\nsample\\.c:16:[^\n]*cert-err34-c[^\n]*\nsample\\.c:18:[^\n]*cert-flp30-c[^\n]*\nsample\\.c:20:[^\n]*bugprone-too-small-loop-variable[^\n]*\nsample\\.c:22:[^\n]*bugprone-suspicious-string-compare[^\n]*\nsample\\.c:24:[^\n]*bugprone-posix-return[^\n]*\n$")
