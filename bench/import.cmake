# Registration import at conference-and-beyond scale.
add_executable(import_bench ${CMAKE_CURRENT_SOURCE_DIR}/import_bench.c)
target_link_libraries(import_bench PRIVATE checkin_data)
target_compile_definitions(import_bench PRIVATE
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
