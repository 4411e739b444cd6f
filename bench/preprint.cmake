# A pre-printed pick-up at the desk (verdict and confirm) against a print
# on demand (verdict, job and hook, no printer), issue 55.
add_executable(preprint_bench ${CMAKE_CURRENT_SOURCE_DIR}/preprint_bench.c)
target_link_libraries(preprint_bench PRIVATE checkin_station checkin_import)
target_compile_definitions(preprint_bench PRIVATE
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
