# The chaos run of issue 28: 20+ live stations, station kills, the hub
# killed and stalled, the network cut through a relay; every file equal
# to the hub at the end, nothing lost or doubled, every station ending in
# 2 s.  Uses the tests' throwaway PostgreSQL server, relay and
# running-station helpers.
if(TARGET checkin_sync)
  add_executable(chaos_bench ${CMAKE_CURRENT_SOURCE_DIR}/chaos_bench.c
    ${CMAKE_SOURCE_DIR}/tests/testutil.c ${CMAKE_SOURCE_DIR}/tests/pgserver.c
    ${CMAKE_SOURCE_DIR}/tests/live.c ${CMAKE_SOURCE_DIR}/tests/relay.c)
  target_include_directories(chaos_bench PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(chaos_bench PRIVATE checkin_pglocal checkin_common
    PkgConfig::PQ PkgConfig::SQLITE3 PkgConfig::JANSSON Threads::Threads)
  target_compile_definitions(chaos_bench PRIVATE
    TEST_DATA_DIR="${CMAKE_SOURCE_DIR}/tests/data"
    SHARED_DIR="${CMAKE_SOURCE_DIR}/../shared"
    CONFIG_DIR="${CMAKE_SOURCE_DIR}/config"
    CHECKIN_BIN="$<TARGET_FILE:checkin>")
  add_dependencies(chaos_bench checkin)
endif()

