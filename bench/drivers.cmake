# Printer encoders: checkin's QL, ZPL and DYMO encoders on one badge, next
# to the reference filter rastertoptch (printer-driver-ptouch) on the same
# bitmap.  Built, never run by ctest: `build/bench/encode_bench [runs]`.
# libcups writes the filter's input raster, so the benchmark needs it.
if(CUPS_LIBRARY AND CUPS_INCLUDE_DIR)
  add_executable(encode_bench ${CMAKE_CURRENT_SOURCE_DIR}/encode_bench.c)
  target_include_directories(encode_bench PRIVATE ${CUPS_INCLUDE_DIR})
  target_link_libraries(encode_bench PRIVATE checkin_printer checkin_data
    ${CUPS_LIBRARY})
  target_compile_options(encode_bench PRIVATE -O2)
else()
  message(STATUS "libcups (libcups2-dev) not found: no encode_bench")
endif()
