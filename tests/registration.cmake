# Walk-ins and edits made at desks (issue 30, 30.4; event/registration.c,
# import_fields.c, merge.c, `checkin register|edit`).
checkin_test(test_registration
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_registration.c
  LIBS checkin_common PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)
