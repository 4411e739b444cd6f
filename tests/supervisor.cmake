# Supervisors and their PINs, and undo at the desk (issue 30;
# event/supervisor.c, station/kind_desk.c, `checkin init|event
# --supervisor`).
checkin_test(test_supervisor
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_supervisor.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS checkin_runtime checkin_station checkin_data PkgConfig::SQLITE3
       PkgConfig::JANSSON
       PkgConfig::SODIUM
  LABELS integration PARTS 1
  # Out of the ASan stage by coverage: tests/asan_skip_cover.txt names
  # the kept cases that run their lines there.
  ASAN_SKIP
    a_group_is_checked_in_with_one_confirm_each_with_a_badge
    a_pin_is_never_stored_in_the_clear
    a_code_as_long_as_no_pin_is_journaled_as_typed
    a_station_of_an_older_hub_refuses_the_undo
    a_results_copy_keeps_its_group_after_the_original_goes
    a_results_copy_keeps_its_history_and_print_error)
set_tests_properties(test_supervisor PROPERTIES COST 41)
# A command's own peak memory, not its forking parent's (tests/peak_rss.c).
add_executable(peak_rss ${CMAKE_CURRENT_SOURCE_DIR}/peak_rss.c)
add_dependencies(test_supervisor peak_rss)
target_compile_definitions(test_supervisor PRIVATE
  PEAK_RSS_BIN="$<TARGET_FILE:peak_rss>")
# The terminal's PIN prompt and undo: skipped (77) without tmux.
add_test(NAME test_supervisor_tmux COMMAND test_supervisor --tmux)
set_tests_properties(test_supervisor_tmux PROPERTIES LABELS integration
  SKIP_RETURN_CODE 77 ENVIRONMENT "LC_ALL=C.UTF-8")
