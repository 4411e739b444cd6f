# Station clocks (common/clock.c, the clock parts of merge.c and export.c,
# the door's grace in `checkin scan`).  test_clock_skew runs real stations
# under libfaketime, each with its own wrong clock, and merges them in
# several orders; it is skipped (77) when libfaketime is not installed
# (scripts/setup --tests installs it).  test_clock needs no faking.
if(TARGET checkin_scanner)
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
    LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
    LABELS integration
    ARGS clock_check_compares_with_the_event_and_door_days
         scan_with_a_clock_off_the_event_warns_and_still_records
         door_grace_from_the_command_line
         door_grace_from_a_profile_and_the_command_line_wins)
  target_compile_definitions(test_clock PRIVATE
    LIBFAKETIME="${libfaketime}")
  add_test(NAME test_clock_skew COMMAND test_clock
    stations_with_skewed_clocks_merge_alike_in_any_order
    start_up_names_a_computer_clock_off_the_event_days)
  get_test_property(test_clock ENVIRONMENT clock_env)
  set_tests_properties(test_clock_skew PROPERTIES LABELS integration
    SKIP_RETURN_CODE 77 ENVIRONMENT "${clock_env}")
endif()
