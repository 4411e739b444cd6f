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
