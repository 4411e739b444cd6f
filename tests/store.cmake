# The event store, event descriptions, imports, search and the organizer's
# command line.
checkin_test(test_store SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_store.c
  LIBS checkin_commands checkin_data PkgConfig::SQLITE3 PkgConfig::JANSSON LABELS unit)
checkin_test(test_import SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_import.c
  LIBS checkin_commands checkin_data PkgConfig::SQLITE3 PkgConfig::JANSSON LABELS integration)
# A first import written with a rollback journal when it is alone
# (store/alone.c): killed in the middle, beside a reader, beside an opener.
checkin_test(test_import_alone
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_import_alone.c
  LIBS checkin_commands checkin_data PkgConfig::SQLITE3 LABELS integration)
# A first import's held secrets sorted as qsort and strcmp sort them
# (import/import_first.c's radix sort), on shapes that reach its edges.
checkin_test(test_held_sort
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_held_sort.c
  LIBS checkin_import LABELS unit)
target_include_directories(test_held_sort PRIVATE ${CMAKE_SOURCE_DIR}/import)
# The pretix export's JSON reader (import/json_read.c) held to jansson on
# documents of every rule and on thousands broken at random, read whole
# and in pieces as the import reads a file.
checkin_test(test_json_read
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_json_read.c
          ${CMAKE_CURRENT_SOURCE_DIR}/json_oracle.c
  LIBS checkin_import PkgConfig::JANSSON m LABELS unit)
target_include_directories(test_json_read PRIVATE ${CMAKE_SOURCE_DIR}/import)
checkin_test(test_gram SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_gram.c
  LIBS checkin_commands checkin_data PkgConfig::SQLITE3 PkgConfig::JANSSON LABELS integration)
checkin_test(test_cli SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_cli.c
  LIBS checkin_data PkgConfig::JANSSON LABELS integration)
checkin_test(test_credential
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_credential.c
  LIBS checkin_scanner checkin_printer checkin_data PkgConfig::SQLITE3
       PkgConfig::JANSSON
  LABELS integration)

include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
checkin_fuzz_target(fuzz_import ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_import.c
  checkin_data PkgConfig::SQLITE3
  FLOOR 810 RUNS 150)
target_compile_definitions(fuzz_import_replay PRIVATE
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
if(TARGET fuzz_import)
  target_compile_definitions(fuzz_import PRIVATE
    CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
endif()
# The pretix export's JSON reader held to jansson (tests/fuzz/README.md).
checkin_fuzz_target(fuzz_json_read
  ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_json_read.c checkin_import
  PkgConfig::JANSSON m
  FLOOR 256 RUNS 3000)
foreach(t fuzz_json_read_replay fuzz_json_read)
  if(TARGET ${t})
    target_sources(${t} PRIVATE ${CMAKE_CURRENT_LIST_DIR}/json_oracle.c)
    target_include_directories(${t} PRIVATE ${CMAKE_SOURCE_DIR}/import
                                            ${CMAKE_CURRENT_LIST_DIR})
  endif()
endforeach()
checkin_fuzz_target(fuzz_event ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_event.c
  checkin_data PkgConfig::SQLITE3
  FLOOR 210 RUNS 2000)
# Invitation lists (`checkin import EVENT.db FILE.csv --list SLUG`) and
# `checkin describe`'s pretix exports (tests/fuzz/README.md).
checkin_fuzz_target(fuzz_invitations
  ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_invitations.c checkin_data
  FLOOR 98 RUNS 100)
checkin_fuzz_target(fuzz_describe ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_describe.c
  checkin_data PkgConfig::SQLITE3
  FLOOR 500 RUNS 1000)
# Station files given to `checkin merge`, built row by row from the bytes
# (tests/fuzz/README.md).
checkin_fuzz_target(fuzz_merge ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_merge.c
  checkin_data PkgConfig::SQLITE3
  FLOOR 210 RUNS 300)
foreach(t fuzz_invitations_replay fuzz_invitations fuzz_merge_replay fuzz_merge)
  if(TARGET ${t})
    target_compile_definitions(${t} PRIVATE
      CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
  endif()
endforeach()

# Bit flips over a whole event database (1,150 flips, 350 runs of the real
# commands, the random ones drawn from a seed it prints): refused at open
# or harmless, never a crash, a hang or a changed file; prints the
# figures.  Most of its CPU is the `checkin` runs (loading the binary and
# its libraries, the sanitizer's start), then the forked children.  With
# 1,600 flips and 800 runs it took 52, 87 and 34 s of CI's plain stage
# and 348, 271 and 147 s under ASan (issue 33).  Its three campaigns run
# as three parts side by side (header, random bits, b-tree pages), each
# making the clean file itself.  The ceiling is a guard against a hang,
# which the test's own per-child limits already catch, not a figure to
# meet.
checkin_test(test_damaged SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_damaged.c
  LIBS checkin_data PkgConfig::SQLITE3 PkgConfig::JANSSON LABELS slow PARTS 3)
set_tests_properties(test_damaged_1of3 test_damaged_2of3 test_damaged_3of3
  PROPERTIES TIMEOUT 1800)
# Its costs are the old ones scaled by the CPU each part now takes.
set_tests_properties(test_damaged_1of3 PROPERTIES COST 44)
set_tests_properties(test_damaged_2of3 PROPERTIES COST 25)
set_tests_properties(test_damaged_3of3 PROPERTIES COST 12)
# The parts' --skip (tu_run, TSAN_SKIP in tests/CMakeLists.txt), on
# test_damaged's one case a part, so that nothing runs: a skipped case
# leaves its part empty, which fails as such, and a name that is no case
# is refused with what to do.
add_test(NAME a_part_leaves_out_a_skipped_case COMMAND test_damaged
  --part 1/3 --skip every_header_bit_is_refused_or_harmless)
add_test(NAME a_part_refuses_to_skip_no_case COMMAND test_damaged
  --part 1/3 --skip no_such_case)
set_tests_properties(a_part_leaves_out_a_skipped_case
  a_part_refuses_to_skip_no_case PROPERTIES LABELS unit TIMEOUT 60)
set_tests_properties(a_part_leaves_out_a_skipped_case PROPERTIES
  PASS_REGULAR_EXPRESSION "0 passed, 0 failed\nnot ok - part 1 of 3 holds no case\n$")
set_tests_properties(a_part_refuses_to_skip_no_case PROPERTIES
  PASS_REGULAR_EXPRESSION "^not ok - --skip no_such_case names no case of this test\; correct the name where the test is registered\n$")
