# The event store, event descriptions, imports, search and the organizer's
# command line.
checkin_test(test_store SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_store.c
  LIBS checkin_common PkgConfig::SQLITE3 LABELS unit)
checkin_test(test_import SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_import.c
  LIBS checkin_common PkgConfig::SQLITE3 PkgConfig::JANSSON LABELS integration)
checkin_test(test_cli SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_cli.c
  LIBS checkin_common PkgConfig::JANSSON LABELS integration)
if(TARGET checkin_scanner)
  checkin_test(test_credential
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_credential.c
    LIBS checkin_scanner checkin_printer checkin_common PkgConfig::SQLITE3
         PkgConfig::JANSSON
    LABELS integration)
endif()
