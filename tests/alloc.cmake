# Allocation failures in checkin's own code (issue 50): test_alloc_fail
# links copies of the data rooms (checkin_lib_copy, tests/libcopy.cmake)
# compiled with alloc_fault.h forced in, so that the Nth allocation of an
# operation fails; the product's libraries are not touched.
include(${CMAKE_CURRENT_LIST_DIR}/libcopy.cmake)
set_property(GLOBAL PROPERTY CHECKIN_COPY_OPTIONS_afail
  -include ${CMAKE_CURRENT_LIST_DIR}/alloc_fault.h)
checkin_lib_copy(checkin_data afail checkin_data_afail)
checkin_test(test_alloc_fail
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_alloc_fail.c
          ${CMAKE_CURRENT_SOURCE_DIR}/alloc_fault.c
  LIBS ${checkin_data_afail}
  LABELS unit)
