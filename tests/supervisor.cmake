# Supervisors and their PINs, and undo at the desk (issue 30;
# common/supervisor.c, station/kind_desk.c, `checkin init|event
# --supervisor`).
if(TARGET checkin_scanner)
  checkin_test(test_supervisor
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_supervisor.c
    LIBS checkin_station checkin_common PkgConfig::SQLITE3
    LABELS integration)
endif()
