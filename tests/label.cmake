# Label templates, rendering in any script and `checkin badge`
# (printer/template.c, label.c, label_data.c, common/tutorial.c,
# cli/cmd_badge_render.c).  zbar reads the printed QR codes back.
checkin_test(test_label
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_label.c
  LIBS checkin_printer checkin_common PkgConfig::ZBAR
  LABELS unit integration)
# Fontconfig and Pango keep caches for the life of the process; under
# AddressSanitizer their allocations are suppressed, nothing of ours.
set_property(TEST test_label APPEND PROPERTY ENVIRONMENT
  "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_SOURCE_DIR}/data/labels/lsan.supp:print_suppressions=0")

include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
checkin_fuzz_target(fuzz_template ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_template.c
  checkin_printer checkin_common)

# Desk printing and `checkin print` end to end (file printer).
checkin_test(test_print SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_print.c
  LIBS checkin_printer checkin_common PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)
