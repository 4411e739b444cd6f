# pretix's questions asked during check-in (issue 49): kept by the import
# from an export in the exporter's shape (pretix_export.h), asked by the
# desk (--json, the web screen's answers), journaled and exported.
checkin_test(test_questions
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_questions.c ${CHECKIN_PRETIX_EXPORT}
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)
