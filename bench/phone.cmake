# A phone at a door against the station's own camera path, with a real
# Chromium and its fake camera (chromium + chromium-driver from
# scripts/setup --tests); only with the phones' decoder built.  Its
# upload alternative decodes frames with checkin_scanner behind
# libmicrohttpd, as the station would.
if(CHECKIN_WASM_DECODER)
  add_executable(phone_bench ${CMAKE_CURRENT_SOURCE_DIR}/phone_bench.c
    ${CMAKE_SOURCE_DIR}/tests/testutil.c ${CMAKE_SOURCE_DIR}/tests/webdriver.c)
  target_include_directories(phone_bench PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(phone_bench PRIVATE checkin_data checkin_scanner
    PkgConfig::JANSSON PkgConfig::SODIUM PkgConfig::QRENCODE PkgConfig::MHD
    JPEG::JPEG Threads::Threads)
  target_compile_definitions(phone_bench PRIVATE
    TEST_DATA_DIR="${CMAKE_SOURCE_DIR}/tests/data"
    CONFIG_DIR="${CMAKE_SOURCE_DIR}/config"
    CHECKIN_BIN="$<TARGET_FILE:checkin>")
  add_dependencies(phone_bench checkin)
endif()
