# The phone's decoder (the /scan page's Web Worker and this build's
# decoder.wasm) against zxing-wasm in the same headless Chromium, on the
# same frames (bench/wasm_bench.c).  zxing-wasm is the version
# bench/peer/package-lock.json pins, installed by scripts/setup --tests
# into bench/peer/node_modules (not tracked); the bench says so when it
# is missing.  Only with the phones' decoder built.
if(CHECKIN_WASM_DECODER)
  add_executable(wasm_bench ${CMAKE_CURRENT_SOURCE_DIR}/wasm_bench.c
    ${CMAKE_SOURCE_DIR}/tests/testutil.c ${CMAKE_SOURCE_DIR}/tests/webdriver.c)
  target_include_directories(wasm_bench PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(wasm_bench PRIVATE checkin_data checkin_synthcam
    checkin_scanner PkgConfig::JANSSON PkgConfig::SODIUM PkgConfig::MHD
    Threads::Threads)
  target_compile_definitions(wasm_bench PRIVATE
    TEST_DATA_DIR="${CMAKE_SOURCE_DIR}/tests/data"
    CONFIG_DIR="${CMAKE_SOURCE_DIR}/config"
    CHECKIN_BIN="$<TARGET_FILE:checkin>"
    SCAN_WORKER="${CMAKE_SOURCE_DIR}/web/assets/scan-worker.js"
    DECODER_WASM="${CHECKIN_WASM_DECODER}"
    PEER_DIR="${CMAKE_CURRENT_SOURCE_DIR}/peer/node_modules/zxing-wasm/dist")
  add_dependencies(wasm_bench checkin_wasm_decoder)
endif()
