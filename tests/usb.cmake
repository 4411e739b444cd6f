# Printer transports, status and the print job queue (printer/transport*.c,
# status.c, printer.c, print_queue.c, store/jobs.c).
#
# test_status: status parsers, media specs, URIs, the file transport and the
# TCP transport against a loopback server the test starts and stops.
checkin_test(test_status
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_status.c
  LIBS checkin_printer checkin_data Threads::Threads
  LABELS unit threads)

include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
checkin_fuzz_target(fuzz_status ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_status.c
  checkin_printer checkin_data
  FLOOR 150 RUNS 2000)
# The printer readers behind `checkin print-preview` (printer/read_back.c):
# a file printer's bytes are outside bytes too.
checkin_fuzz_target(fuzz_readback ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_readback.c
  checkin_printer checkin_data
  FLOOR 180 RUNS 3000)

# test_usb: emulated Brother QL-800 and QL-1100, Zebra ZD420 (ZPL) and DYMO
# LabelWriter 450 printers under umockdev (a C handler for the usbdevfs
# ioctls inside the test, one small table of functions per printer
# language), driven through the real libusb by printer_print and the print
# queue, with a real store file; cover open, no media, unplugged and no
# answer at every phase of a badge-and-ticket job on the QL-800, ZD420 and
# LabelWriter 450.  About 45 s, most of it three printers that stop taking
# bytes mid-label and the job's write deadline running out.
# Runs under umockdev-wrapper; without it the test exits 77 (skipped).
if(TARGET PkgConfig::UMOCKDEV)
  find_program(UMOCKDEV_WRAPPER umockdev-wrapper)
  # Built like checkin_test() does, but run under the wrapper.
  add_executable(test_usb ${CMAKE_CURRENT_SOURCE_DIR}/test_usb.c
    ${CMAKE_CURRENT_SOURCE_DIR}/testutil.c)
  target_include_directories(test_usb PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_compile_definitions(test_usb PRIVATE
    TEST_DATA_DIR="${CHECKIN_TEST_DATA}"
    CONFIG_DIR="${CMAKE_SOURCE_DIR}/config"
    CHECKIN_BIN="$<TARGET_FILE:checkin>")
  target_link_libraries(test_usb PRIVATE checkin_printer checkin_data
    PkgConfig::UMOCKDEV PkgConfig::GLIB PkgConfig::SQLITE3 Threads::Threads)
  add_dependencies(test_usb checkin)
  if(UMOCKDEV_WRAPPER)
    add_test(NAME test_usb COMMAND ${UMOCKDEV_WRAPPER} $<TARGET_FILE:test_usb>)
  else()
    add_test(NAME test_usb COMMAND test_usb) # exits 77: skipped
  endif()
  # umockdev's preload library comes before the sanitizer runtime.
  set_tests_properties(test_usb PROPERTIES LABELS integration
    SKIP_RETURN_CODE 77 TIMEOUT 300 COST 42
    ENVIRONMENT "LC_ALL=C.UTF-8;ASAN_OPTIONS=verify_asan_link_order=0")
endif()
