# checkin_soname(VAR PREFIX NAME): the SONAME ("libpq.so.5") of the
# library NAME ("pq") among pkg_check_modules(PREFIX ...)'s
# PREFIX_LINK_LIBRARIES, read from the file with objdump: what a room
# that loads the library at first use gives dlopen (checkin/dynlib.h).
function(checkin_soname var prefix name)
  set(file "")
  foreach(lib ${${prefix}_LINK_LIBRARIES})
    get_filename_component(base "${lib}" NAME)
    if(base MATCHES "^lib${name}\\.so")
      set(file "${lib}")
    endif()
  endforeach()
  if(NOT file)
    message(FATAL_ERROR "no lib${name}.so among ${prefix}_LINK_LIBRARIES "
                        "(${${prefix}_LINK_LIBRARIES}): install its -dev package "
                        "(scripts/setup).")
  endif()
  find_program(CHECKIN_OBJDUMP NAMES objdump ${CMAKE_OBJDUMP} REQUIRED)
  execute_process(COMMAND ${CHECKIN_OBJDUMP} -p "${file}"
                  OUTPUT_VARIABLE dump RESULT_VARIABLE st)
  if(NOT st EQUAL 0 OR NOT dump MATCHES "SONAME +([^ \n]+)")
    message(FATAL_ERROR "could not read the SONAME of ${file} with objdump.")
  endif()
  set(${var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()
