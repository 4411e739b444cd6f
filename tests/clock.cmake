# Station clocks (event/clock.c, the clock parts of merge.c and export.c,
# the door's grace in `checkin scan`).  test_clock_skew runs real stations
# under libfaketime, each with its own wrong clock, and merges them in
# several orders; it is skipped (77) when libfaketime is not installed
# (scripts/setup --tests installs it).  test_clock needs no faking.
find_file(CHECKIN_LIBFAKETIME libfaketime.so.1
  PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/faketime
        /usr/lib64/faketime /usr/lib/faketime /usr/local/lib/faketime
  NO_DEFAULT_PATH
  DOC "libfaketime's preload library, for test_clock_skew")
set(libfaketime "${CHECKIN_LIBFAKETIME}")
if(NOT CHECKIN_LIBFAKETIME)
  set(libfaketime "")
endif()
checkin_test(test_clock
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_clock.c
  LIBS checkin_runtime PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)
target_compile_definitions(test_clock PRIVATE
  LIBFAKETIME="${libfaketime}")
# The cases that fake the clock: test_clock.c lists which they are.
add_test(NAME test_clock_skew COMMAND test_clock --skew)
get_test_property(test_clock ENVIRONMENT clock_env)
set_tests_properties(test_clock_skew PROPERTIES LABELS integration
  SKIP_RETURN_CODE 77 ENVIRONMENT "${clock_env}")
