# libFuzzer targets and the replay of their corpora as ordinary tests.
#
#   checkin_fuzz_target(NAME SOURCE [FLOOR N [RUNS R] [FLAGS F...]] LIBS...)
#
# SOURCE defines LLVMFuzzerTestOneInput (and optionally LLVMFuzzerInitialize).
# Under any compiler this adds NAME_replay, which runs that entry point over
# every file in tests/fuzz/corpus/<NAME without "fuzz_"> and is registered as
# a ctest with label unit.  Under clang (and CHECKIN_FUZZ) it also adds the
# libFuzzer binary NAME, built with -fsanitize=fuzzer,address,undefined and
# linked against instrumented copies (<lib>_fuzz) of this project's static
# libraries in LIBS, so that coverage inside them guides the fuzzer.  Run it
# as: ./NAME -max_total_time=60 NEW_CORPUS_DIR tests/fuzz/corpus/<name>
#
# FLOOR adds the ctest NAME_coverage (label `fuzz`, clang builds only):
# the fuzzer run R times (CHECKIN_FUZZ_RUNS unless given) from seed 1 over
# its corpus must report at least N coverage points (coverage-floor.sh),
# FLAGS being libFuzzer flags of its own.  Each floor is about 80% of what
# the target reached when it was set (tests/fuzz/README.md has the
# figures): far above what a target that cannot see its code reports, with
# room for what the shared machine's timing changes between runs.
include_guard(GLOBAL)

option(CHECKIN_FUZZ "Build libFuzzer targets when the compiler is clang" ON)
set(CHECKIN_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set(CHECKIN_FUZZ_RUNS 3000)
set(CHECKIN_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)

add_library(checkin_fuzz_replay_main OBJECT ${CHECKIN_FUZZ_DIR}/replay.c)

# A copy of library `lib` compiled with fuzzer coverage and ASan+UBSan; its
# name in `out_var` (checkin_lib_copy in tests/libcopy.cmake, suffix
# `fuzz`).  Every library of ours that it links, directly or through
# another, is replaced by its copy, an INTERFACE library (checkin_data)
# too, so a target never runs a room of ours blind: linking checkin_data as
# it was once left the badge parser, the importers and the INI reader
# uninstrumented (cov 9, 5 and 3 after 120 s).
include(${CMAKE_CURRENT_LIST_DIR}/../libcopy.cmake)
set_property(GLOBAL PROPERTY CHECKIN_COPY_OPTIONS_fuzz
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
  -fno-omit-frame-pointer)
function(checkin_fuzz_instrumented lib out_var)
  checkin_lib_copy(${lib} fuzz copy)
  set(${out_var} ${copy} PARENT_SCOPE)
endfunction()

function(checkin_fuzz_target name source)
  cmake_parse_arguments(F "" "FLOOR;RUNS" "FLAGS" ${ARGN})
  set(libs ${F_UNPARSED_ARGUMENTS})
  if(NOT F_RUNS)
    set(F_RUNS ${CHECKIN_FUZZ_RUNS})
  endif()
  string(REGEX REPLACE "^fuzz_" "" area ${name})
  set(corpus ${CHECKIN_FUZZ_DIR}/corpus/${area})

  add_executable(${name}_replay ${source} $<TARGET_OBJECTS:checkin_fuzz_replay_main>)
  target_link_libraries(${name}_replay PRIVATE ${libs})
  add_test(NAME ${name}_replay COMMAND ${name}_replay ${corpus})
  set_tests_properties(${name}_replay PROPERTIES LABELS unit)

  if(CMAKE_C_COMPILER_ID STREQUAL "Clang" AND CHECKIN_FUZZ)
    set(fuzz_libs)
    foreach(lib ${libs})
      checkin_fuzz_instrumented(${lib} l)
      list(APPEND fuzz_libs ${l})
    endforeach()
    add_executable(${name} ${source})
    target_compile_options(${name} PRIVATE ${CHECKIN_FUZZ_FLAGS})
    target_link_options(${name} PRIVATE ${CHECKIN_FUZZ_FLAGS})
    target_link_libraries(${name} PRIVATE ${fuzz_libs})
    if(F_FLOOR)
      add_test(NAME ${name}_coverage
        COMMAND ${CHECKIN_FUZZ_DIR}/coverage-floor.sh $<TARGET_FILE:${name}>
                ${corpus} ${F_RUNS} ${F_FLOOR} ${F_FLAGS})
      set_tests_properties(${name}_coverage PROPERTIES LABELS fuzz)
    endif()
  endif()
endfunction()
