# Signed badge payloads, base45 and badge keys (common/badge*.c, base45.c).
checkin_test(test_badge
  SOURCES test_badge.c
  LIBS checkin_data PkgConfig::SODIUM PkgConfig::QRENCODE PkgConfig::ZBAR
  LABELS unit)

include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
checkin_fuzz_target(fuzz_badge ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_badge.c
  checkin_data PkgConfig::SODIUM
  FLOOR 160 RUNS 2000)
# The coverage floor's planted fault: fuzz_badge as the fuzz build once
# made it, linked against checkin_data's libraries uninstrumented (issue
# 50), must be reported below fuzz_badge's floor, or the floor check
# cannot fail.
if(TARGET fuzz_badge)
  add_executable(fuzz_badge_blind ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_badge.c)
  target_compile_options(fuzz_badge_blind PRIVATE ${CHECKIN_FUZZ_FLAGS})
  target_link_options(fuzz_badge_blind PRIVATE ${CHECKIN_FUZZ_FLAGS})
  target_link_libraries(fuzz_badge_blind PRIVATE checkin_data
                        PkgConfig::SODIUM)
  add_test(NAME fuzz_coverage_finds_a_blind_fuzzer
    COMMAND ${CHECKIN_FUZZ_DIR}/coverage-floor.sh
            $<TARGET_FILE:fuzz_badge_blind> ${CHECKIN_FUZZ_DIR}/corpus/badge
            2000 160)
  set_tests_properties(fuzz_coverage_finds_a_blind_fuzzer PROPERTIES
    LABELS fuzz
    PASS_REGULAR_EXPRESSION "^fuzz_badge_blind: cov [0-9]+ after 2000 runs, below its floor of 160\; ")
endif()
