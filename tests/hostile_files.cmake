# Hostile import files (issue 50, item 7): byte order marks, a NUL in an
# invitation line, floods of one mistake, JSON that is no export, a pretix
# position twice and event descriptions' error lines, through the real
# `checkin` command.
checkin_test(test_hostile_files
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_hostile_files.c
  LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)

# Another registration system's CSV by the event description's [csv]
# column map (issue 49, item 7), through the real `checkin` command.
checkin_test(test_csv_map
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_csv_map.c
  LIBS PkgConfig::SQLITE3 PkgConfig::JANSSON
  LABELS integration)

# The CSV importer's split of a whole-record line (import/csv_plain.c)
# held to libcsv's own answers on hand-written and random lines.
checkin_test(test_csv_plain
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_csv_plain.c
    ${CMAKE_SOURCE_DIR}/import/csv_plain.c
  LIBS ${CSV_LIBRARY}
  LABELS unit)
target_include_directories(test_csv_plain PRIVATE ${CMAKE_SOURCE_DIR}/import
  ${CSV_INCLUDE_DIR})
