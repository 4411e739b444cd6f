# A supervisor's PIN check at the desk (issue 30), with 1 and 8 supervisors.
add_executable(pin_bench ${CMAKE_CURRENT_SOURCE_DIR}/pin_bench.c)
target_link_libraries(pin_bench PRIVATE checkin_data)
target_compile_definitions(pin_bench PRIVATE
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
