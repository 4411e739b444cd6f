# Source hygiene, run by ctest so that it fails here as it does in CI.
# banned_calls: no C source calls strcat, strcpy, sprintf, gets, atoi,
# strtok and the like (scripts/check-banned-calls, which names file:line).
# banned_calls_finds_a_call: the script still reports the one call planted
# in its fixture and passes over the ones in comments and strings.
add_test(NAME banned_calls
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-banned-calls ${CMAKE_SOURCE_DIR})
add_test(NAME banned_calls_finds_a_call
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-banned-calls
          ${CHECKIN_TEST_DATA}/banned-calls)
set_tests_properties(banned_calls banned_calls_finds_a_call PROPERTIES
  LABELS unit)
set_tests_properties(banned_calls_finds_a_call PROPERTIES
  PASS_REGULAR_EXPRESSION "^sample\\.c:11: strcpy\\(\\) is banned[^\n]*\n$")
# format: every C source is as clang-format (Debian 12's, version 14) makes
# it with the repository's .clang-format (scripts/check-format names the
# files; clang-format -i fixes them).  Skipped when clang-format is absent.
add_test(NAME format
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-format ${CMAKE_SOURCE_DIR})
set_tests_properties(format PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
