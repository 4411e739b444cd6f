# tests/ and bench/ name their *.cmake areas in a list (issue 51 item 7):
#
#   checkin_include_areas(FOLDER LIST_VARIABLE)
#
# includes each area the list names, in its order, then refuses to
# configure when FOLDER holds an area file the list leaves out: such a
# file (a branch adding one merged beside another's list) would run
# nothing and say nothing.  The glob only checks the list; it includes
# nothing.  A macro, not a function, so that what the areas set stays in
# the folder's scope as when they were included one by one.
macro(checkin_include_areas folder list_var)
  foreach(area ${${list_var}})
    include(${CMAKE_CURRENT_SOURCE_DIR}/${area}.cmake)
  endforeach()
  file(GLOB area_files RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
       ${CMAKE_CURRENT_SOURCE_DIR}/*.cmake)
  foreach(file ${area_files})
    string(REGEX REPLACE "\\.cmake$" "" area "${file}")
    if(NOT area IN_LIST ${list_var})
      message(FATAL_ERROR "${folder}/${file} is not in ${folder}/"
        "CMakeLists.txt's ${list_var}: add its line there, or remove the "
        "file.")
    endif()
  endforeach()
endmacro()
