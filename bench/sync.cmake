# Stations in step through the hub: first pulls, catch-up, idle desks
# (CPU per desk, the hub's CPU, connections held), propagation with 10,
# 20 and 30 running desks, scan-to-verdict with live sync on and off.  Uses
# the tests' PostgreSQL server (durable: fsync on; CHECKIN_BENCH_THROWAWAY
# adds each desk figure with it off) and running-station helpers.
add_executable(sync_bench ${CMAKE_CURRENT_SOURCE_DIR}/sync_bench.c
  ${CMAKE_SOURCE_DIR}/tests/testutil.c ${CMAKE_SOURCE_DIR}/tests/pgserver.c
  ${CMAKE_SOURCE_DIR}/tests/live.c)
target_include_directories(sync_bench PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(sync_bench PRIVATE checkin_pglocal checkin_data PkgConfig::PQ
  PkgConfig::SQLITE3 PkgConfig::JANSSON)
target_compile_definitions(sync_bench PRIVATE
  TEST_DATA_DIR="${CMAKE_SOURCE_DIR}/tests/data"
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config"
  CHECKIN_BIN="$<TARGET_FILE:checkin>")
add_dependencies(sync_bench checkin)

# A stalled hub (a table locked, a link gone silent) and a storm of forged
# wake-ups: time to OFFLINE, time to exit, syncs and hub transactions.
add_executable(stall_bench ${CMAKE_CURRENT_SOURCE_DIR}/stall_bench.c
  ${CMAKE_SOURCE_DIR}/tests/testutil.c ${CMAKE_SOURCE_DIR}/tests/pgserver.c
  ${CMAKE_SOURCE_DIR}/tests/live.c ${CMAKE_SOURCE_DIR}/tests/relay.c)
target_include_directories(stall_bench PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(stall_bench PRIVATE checkin_pglocal checkin_data
  PkgConfig::PQ PkgConfig::SQLITE3 PkgConfig::JANSSON Threads::Threads)
target_compile_definitions(stall_bench PRIVATE
  TEST_DATA_DIR="${CMAKE_SOURCE_DIR}/tests/data"
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config"
  CHECKIN_BIN="$<TARGET_FILE:checkin>")
add_dependencies(stall_bench checkin)
