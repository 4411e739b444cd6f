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
