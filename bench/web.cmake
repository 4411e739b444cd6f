# The web screens against a real Chromium (chromium + chromium-driver from
# scripts/setup --tests).
add_executable(web_bench ${CMAKE_CURRENT_SOURCE_DIR}/web_bench.c
  ${CMAKE_SOURCE_DIR}/tests/testutil.c ${CMAKE_SOURCE_DIR}/tests/live.c
  ${CMAKE_SOURCE_DIR}/tests/webdriver.c)
target_include_directories(web_bench PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(web_bench PRIVATE checkin_data PkgConfig::JANSSON
  PkgConfig::SODIUM)
target_compile_definitions(web_bench PRIVATE
  TEST_DATA_DIR="${CMAKE_SOURCE_DIR}/tests/data"
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config"
  CHECKIN_BIN="$<TARGET_FILE:checkin>")
add_dependencies(web_bench checkin)
