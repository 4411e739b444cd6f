# Station scan-to-verdict at 100,000 attendees, and frames from first in
# view to verdict on a 1280x720 stream.
add_executable(station_bench ${CMAKE_CURRENT_SOURCE_DIR}/station_bench.c)
target_link_libraries(station_bench PRIVATE checkin_synthcam checkin_runtime checkin_scanner checkin_printer
  checkin_data m)
target_compile_definitions(station_bench PRIVATE
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
