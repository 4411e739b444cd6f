# Supervisors and their PINs, and undo at the desk (issue 30;
# event/supervisor.c, station/kind_desk.c, `checkin init|event
# --supervisor`).
checkin_test(test_supervisor
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_supervisor.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS checkin_runtime checkin_station checkin_data PkgConfig::SQLITE3
       PkgConfig::JANSSON
       PkgConfig::SODIUM
  LABELS integration)
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
