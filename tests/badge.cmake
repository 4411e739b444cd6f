# Signed badge payloads, base45 and badge keys (common/badge*.c, base45.c).
checkin_test(test_badge
  SOURCES test_badge.c
  LIBS checkin_data PkgConfig::SODIUM PkgConfig::QRENCODE PkgConfig::ZBAR
  LABELS unit)

include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
checkin_fuzz_target(fuzz_badge ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_badge.c
  checkin_data PkgConfig::SODIUM)
