# Label rendering: one 62 x 100 mm badge in a running process, and a batch
# PDF of 3,000 badges (time and peak memory).  Built, never run by ctest.
add_executable(label_bench ${CMAKE_CURRENT_SOURCE_DIR}/label_bench.c)
target_link_libraries(label_bench PRIVATE checkin_printer checkin_data)
target_compile_definitions(label_bench PRIVATE
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
