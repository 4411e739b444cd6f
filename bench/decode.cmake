# QR decoder benchmarks: checkin's decoder and plain libzbar
# (decode_bench), ZXing-C++ (zxing_bench) on the same images: the shared
# photos, badge frames and realistic scenes (synthcam/synth_scene.h).  Built, never
# run by ctest; bench/run-decode-bench.sh runs them and prints the table.
add_executable(decode_bench ${CMAKE_CURRENT_SOURCE_DIR}/decode_bench.c)
target_link_libraries(decode_bench PRIVATE checkin_synthcam checkin_scanner
  PkgConfig::ZBAR PkgConfig::QRENCODE m)
target_compile_options(decode_bench PRIVATE -O2)

pkg_check_modules(ZXING IMPORTED_TARGET zxing)
if(ZXING_FOUND)
  enable_language(CXX)
  add_executable(zxing_bench ${CMAKE_CURRENT_SOURCE_DIR}/zxing_bench.cpp)
  set_target_properties(zxing_bench PROPERTIES CXX_STANDARD 17
    CXX_STANDARD_REQUIRED ON)
  target_link_libraries(zxing_bench PRIVATE checkin_scanner PkgConfig::ZXING)
  target_compile_options(zxing_bench PRIVATE -O2)
  # The project's warning flags are for C; -Wstrict-prototypes makes g++
  # complain about the flag itself.
  get_target_property(zx_opts zxing_bench COMPILE_OPTIONS)
  list(REMOVE_ITEM zx_opts -Wstrict-prototypes)
  set_target_properties(zxing_bench PROPERTIES COMPILE_OPTIONS "${zx_opts}")
else()
  message(STATUS "zxing (libzxing-dev) not found: no zxing_bench")
endif()
