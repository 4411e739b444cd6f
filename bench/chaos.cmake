# The chaos run of issue 28: 20+ live stations, station kills, the hub
# killed and stalled, the network cut through a relay, and (issue 50)
# walk-ins, corrections, holds and undos made meanwhile; every file equal
# to the hub at the end (journal, walk-ins and edits, holds, values in
# effect), nothing lost or doubled, every station ending in 2 s.  Uses the tests' PostgreSQL server (durable), relay and
# running-station helpers.
add_executable(chaos_bench ${CMAKE_CURRENT_SOURCE_DIR}/chaos_bench.c
  ${CMAKE_SOURCE_DIR}/tests/testutil.c ${CMAKE_SOURCE_DIR}/tests/pgserver.c
  ${CMAKE_SOURCE_DIR}/tests/live.c ${CMAKE_SOURCE_DIR}/tests/relay.c)
target_include_directories(chaos_bench PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(chaos_bench PRIVATE checkin_pglocal checkin_data
  PkgConfig::PQ PkgConfig::SQLITE3 PkgConfig::JANSSON Threads::Threads)
target_compile_definitions(chaos_bench PRIVATE
  TEST_DATA_DIR="${CMAKE_SOURCE_DIR}/tests/data"
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config"
  CHECKIN_BIN="$<TARGET_FILE:checkin>")
add_dependencies(chaos_bench checkin)

# The short run is also a test (about 60 s alone): 8 desks, a door, a
# booth, one fault of each kind, a fixed seed so that a failure replays
# (`build/bench/chaos_bench --short --seed 28`).  It runs where the
# benchmarks are built: not in CI's AddressSanitizer pass, where ten
# instrumented stations and their hub would take minutes; test_sync runs
# each fault alone there.
add_test(NAME a_short_chaos_run_leaves_every_file_equal_to_the_hub
  COMMAND chaos_bench --short --seed 28)
set_tests_properties(a_short_chaos_run_leaves_every_file_equal_to_the_hub
  PROPERTIES LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 300
  ENVIRONMENT "LC_ALL=C.UTF-8")
# COST: its plain seconds in main's cost data of 2026-11-28 (loaded)
# over 1.3, the median ratio of tests/'s COSTs to the same data (a clean
# clone has no timings: without it ctest -j2 started it late).
set_tests_properties(a_short_chaos_run_leaves_every_file_equal_to_the_hub
  PROPERTIES COST 37)
