# Label templates, rendering in any script and `checkin badge`
# (printer/template.c, label.c, label_data.c, event/tutorial.c,
# cli/cmd_badge_render.c).  zbar reads the printed QR codes back.
checkin_test(test_label
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_label.c
  LIBS checkin_printer checkin_data PkgConfig::ZBAR
  LABELS unit integration)
# (Fontconfig's one leak is suppressed for every test: tests/CMakeLists.txt.)

include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
checkin_fuzz_target(fuzz_template ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_template.c
  checkin_printer checkin_data
  FLOOR 200 RUNS 2000)

# Desk printing and `checkin print` end to end (file printer, and
# loopback network printers that read, never read or reset).  Under
# ThreadSanitizer only the desks with a printer: the station loop and its
# print worker share the queue (runtime/desk_print.c), beside the loopback
# printers' threads; `checkin print`, reprint, the reports and the kill
# loop run on one thread.
checkin_test(test_print SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_print.c
  ${CMAKE_CURRENT_SOURCE_DIR}/tcp_printer.c ${CMAKE_CURRENT_SOURCE_DIR}/live.c
  ${CMAKE_CURRENT_SOURCE_DIR}/zbarread.c
  LIBS checkin_printer checkin_scanner checkin_data PkgConfig::SQLITE3
  PkgConfig::JANSSON PkgConfig::ZBAR Threads::Threads
  LABELS integration threads
  TSAN_CASES desk_prints_badge_and_one_ticket_per_tutorial
    desk_says_sent_not_printed_for_a_network_printer
    desk_never_says_printed_for_a_dead_network_printer
    desk_reports_a_reset_then_refused_network_printer
    desk_starts_without_its_printer_and_prints_when_it_comes
    a_printer_that_comes_tells_each_person_once
    a_label_queued_before_a_crash_prints_first)
set_tests_properties(test_print PROPERTIES COST 52)
# test_print_lang: the desk's print worker says its printer's faults in
# the station's language (issue 53), a loopback Zebra out of paper, and
# a desk in Spanish says why a person's label failed in Spanish
# (--json's print_error_text; print_error stays English).
checkin_test(test_print_lang
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_print_lang.c
          ${CMAKE_CURRENT_SOURCE_DIR}/tcp_printer.c
          ${CMAKE_CURRENT_SOURCE_DIR}/live.c
  LIBS checkin_runtime checkin_printer PkgConfig::SQLITE3 PkgConfig::JANSSON
       Threads::Threads
  LABELS integration threads)
