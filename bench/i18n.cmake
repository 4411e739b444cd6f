# The verdict path with a catalogue loaded and in English (issue 53).
add_executable(i18n_bench ${CMAKE_CURRENT_SOURCE_DIR}/i18n_bench.c)
target_link_libraries(i18n_bench PRIVATE checkin_runtime checkin_data m)
target_compile_definitions(i18n_bench PRIVATE
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
