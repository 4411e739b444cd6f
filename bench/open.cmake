# One-shot commands (print, issue, attendees) at 3,000 and at 1,000,000
# registrations: the open's check against the file's size.
add_executable(open_bench ${CMAKE_CURRENT_SOURCE_DIR}/open_bench.c)
target_link_libraries(open_bench PRIVATE checkin_common)
target_compile_definitions(open_bench PRIVATE
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config"
  CHECKIN_EXE="$<TARGET_FILE:checkin>")
