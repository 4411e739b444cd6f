# The /scan page's decoder natively (scan_bench), to compare with its
# WebAssembly build on the same frames (bench/run-scan-bench.sh).
add_executable(scan_bench ${CMAKE_CURRENT_SOURCE_DIR}/scan_bench.c
  ${CMAKE_SOURCE_DIR}/scanner/wasm/scan_decoder.c)
target_include_directories(scan_bench PRIVATE ${CMAKE_SOURCE_DIR}/scanner/wasm)
target_link_libraries(scan_bench PRIVATE checkin_scanner)
target_compile_options(scan_bench PRIVATE -O2)
