# `checkin describe`: an event description from a generated pretix export,
# then `init` and `import` of the same export, as an organizer runs them.
checkin_test(test_describe
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_describe.c ${CHECKIN_PRETIX_EXPORT}
  LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)
