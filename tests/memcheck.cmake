# valgrind memcheck over the main command paths (slow: a few minutes).
# Not in sanitizer builds: valgrind cannot run sanitizer binaries.
if(NOT CHECKIN_SANITIZE AND NOT CHECKIN_TSAN)
add_test(NAME memcheck_commands
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/memcheck.sh $<TARGET_FILE:checkin>
          ${CMAKE_SOURCE_DIR}/config)
set_tests_properties(memcheck_commands PROPERTIES COST 120 LABELS slow
  SKIP_RETURN_CODE 77 TIMEOUT 900 ENVIRONMENT "LC_ALL=C.UTF-8")
endif()
