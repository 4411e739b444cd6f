# libFuzzer targets and the replay of their corpora as ordinary tests.
#
#   checkin_fuzz_target(NAME SOURCE LIBS...)
#
# SOURCE defines LLVMFuzzerTestOneInput (and optionally LLVMFuzzerInitialize).
# Under any compiler this adds NAME_replay, which runs that entry point over
# every file in tests/fuzz/corpus/<NAME without "fuzz_"> and is registered as
# a ctest with label unit.  Under clang (and CHECKIN_FUZZ) it also adds the
# libFuzzer binary NAME, built with -fsanitize=fuzzer,address,undefined and
# linked against instrumented copies (<lib>_fuzz) of this project's static
# libraries in LIBS, so that coverage inside them guides the fuzzer.  Run it
# as: ./NAME -max_total_time=60 NEW_CORPUS_DIR tests/fuzz/corpus/<name>
include_guard(GLOBAL)

option(CHECKIN_FUZZ "Build libFuzzer targets when the compiler is clang" ON)
set(CHECKIN_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set(CHECKIN_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)

add_library(checkin_fuzz_replay_main OBJECT ${CHECKIN_FUZZ_DIR}/replay.c)

# A copy of static library `lib` compiled with fuzzer coverage; its name in
# `out_var`.  Libraries that are not static libraries of this project are
# returned unchanged.
function(checkin_fuzz_instrumented lib out_var)
  set(${out_var} ${lib} PARENT_SCOPE)
  if(NOT TARGET ${lib})
    return()
  endif()
  get_target_property(imported ${lib} IMPORTED)
  get_target_property(type ${lib} TYPE)
  if(imported OR NOT type STREQUAL "STATIC_LIBRARY")
    return()
  endif()
  set(copy ${lib}_fuzz)
  if(NOT TARGET ${copy})
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
    foreach(prop INCLUDE_DIRECTORIES INTERFACE_INCLUDE_DIRECTORIES
                 COMPILE_DEFINITIONS INTERFACE_COMPILE_DEFINITIONS
                 COMPILE_OPTIONS LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
      get_target_property(v ${lib} ${prop})
      if(v)
        set_target_properties(${copy} PROPERTIES ${prop} "${v}")
      endif()
    endforeach()
    target_compile_options(${copy} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                           -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  endif()
  set(${out_var} ${copy} PARENT_SCOPE)
endfunction()

function(checkin_fuzz_target name source)
  set(libs ${ARGN})
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
  endif()
endfunction()
