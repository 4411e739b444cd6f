# pretix exports in the shape pretix's own exporter writes them
# (pretix_export.h), through the real `checkin` command: variation names
# at a T-shirt counter, names with invisible characters found, escape
# sequences removed, whole names kept (issue 49).
checkin_test(test_pretix
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_pretix.c ${CHECKIN_PRETIX_EXPORT}
  LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)
