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
# name in `out_var`.  A static library of this project becomes <lib>_fuzz,
# its own sources compiled again with the fuzz flags; an INTERFACE library
# (checkin_data, which names the data rooms) becomes an INTERFACE
# <lib>_fuzz naming their copies.  Either way every library of ours that it
# links, directly or through another, is replaced by its copy, so a target
# never runs a room of ours blind: linking checkin_data as it was once left
# the badge parser, the importers and the INI reader uninstrumented (cov 9,
# 5 and 3 after 120 s).  Imported and other libraries are returned
# unchanged.
function(checkin_fuzz_instrumented lib out_var)
  set(${out_var} ${lib} PARENT_SCOPE)
  if(lib MATCHES "^\\$<LINK_ONLY:(.+)>$")
    checkin_fuzz_instrumented(${CMAKE_MATCH_1} inner)
    set(${out_var} "$<LINK_ONLY:${inner}>" PARENT_SCOPE)
    return()
  endif()
  if(NOT TARGET ${lib})
    return()
  endif()
  get_target_property(imported ${lib} IMPORTED)
  get_target_property(type ${lib} TYPE)
  if(imported OR NOT (type STREQUAL "STATIC_LIBRARY" OR
                      type STREQUAL "INTERFACE_LIBRARY"))
    return()
  endif()
  set(copy ${lib}_fuzz)
  if(NOT TARGET ${copy})
    if(type STREQUAL "INTERFACE_LIBRARY")
      add_library(${copy} INTERFACE)
      set(props INTERFACE_INCLUDE_DIRECTORIES INTERFACE_COMPILE_DEFINITIONS)
    else()
      get_target_property(srcs ${lib} SOURCES)
      get_target_property(src_dir ${lib} SOURCE_DIR)
      set(abs_srcs)
      foreach(s ${srcs})
        if(IS_ABSOLUTE ${s})
          list(APPEND abs_srcs ${s})
        else()
          list(APPEND abs_srcs ${src_dir}/${s})
        endif()
      endforeach()
      add_library(${copy} STATIC ${abs_srcs})
      # Sources the library generates (web/'s pages built into it) are made
      # by its own folder's rules: build it first.
      add_dependencies(${copy} ${lib})
      set(props INCLUDE_DIRECTORIES INTERFACE_INCLUDE_DIRECTORIES
                COMPILE_DEFINITIONS INTERFACE_COMPILE_DEFINITIONS
                COMPILE_OPTIONS)
      target_compile_options(${copy} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                             -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    endif()
    foreach(prop ${props})
      get_target_property(v ${lib} ${prop})
      if(v)
        set_property(TARGET ${copy} APPEND PROPERTY ${prop} "${v}")
      endif()
    endforeach()
    # What it links, each through its own copy.
    set(link_props INTERFACE_LINK_LIBRARIES)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      list(APPEND link_props LINK_LIBRARIES)
    endif()
    foreach(prop ${link_props})
      get_target_property(v ${lib} ${prop})
      if(NOT v)
        continue()
      endif()
      set(mapped)
      foreach(dep ${v})
        checkin_fuzz_instrumented(${dep} dep_copy)
        list(APPEND mapped ${dep_copy})
      endforeach()
      set_target_properties(${copy} PROPERTIES ${prop} "${mapped}")
    endforeach()
  endif()
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
