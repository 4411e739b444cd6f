# Printer language encoders (printer/models.c, ql.c, zpl.c, dymo.c,
# packbits.c).
#
# test_drivers: every driver's output is parsed back into a bitmap by a
# decoder written in the test and compared pixel for pixel with the page;
# zbar reads a QR back from the decoded bitmaps.
checkin_test(test_drivers
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_drivers.c
  LIBS checkin_printer checkin_data PkgConfig::ZBAR
  LABELS unit)

# test_drivers_reference*: the same pages written as CUPS rasters (libcups)
# and encoded by the filters Debian ships: rastertoptch
# (printer-driver-ptouch), raster2dymolw (printer-driver-dymo) and CUPS
# rastertolabel (package cups, or unpacked into ${CMAKE_BINARY_DIR}/cups-root
# with `apt-get download cups && dpkg -x cups_*.deb build/cups-root`) with a
# PPD compiled by ppdc (cups-ppdc) from tests/data/drivers/zpl.drv.  Each
# filter is one ctest; a missing filter makes it exit 77 (skipped).
if(CUPS_LIBRARY AND CUPS_INCLUDE_DIR)
  checkin_test(test_drivers_reference
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_drivers.c
    LIBS checkin_printer checkin_data PkgConfig::ZBAR ${CUPS_LIBRARY}
    LABELS integration
    ARGS rastertoptch)
  target_include_directories(test_drivers_reference PRIVATE
    ${CUPS_INCLUDE_DIR})
  target_compile_definitions(test_drivers_reference PRIVATE
    REFERENCE_FILTERS CUPS_ROOT="${CMAKE_BINARY_DIR}/cups-root")
  foreach(filter raster2dymolw rastertolabel)
    add_test(NAME test_drivers_reference_${filter}
      COMMAND test_drivers_reference ${filter})
    set_tests_properties(test_drivers_reference_${filter} PROPERTIES
      LABELS integration SKIP_RETURN_CODE 77 ENVIRONMENT "LC_ALL=C.UTF-8")
  endforeach()
else()
  message(STATUS "libcups (libcups2-dev) not found: no reference-filter "
                 "comparison for the printer drivers")
endif()
