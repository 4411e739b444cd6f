# The organizer dashboard in a real browser (chromium + chromedriver over
# WebDriver; skipped with a message when they are not installed).  The
# dashboard's server threads run under ThreadSanitizer in CI (label threads),
# in the cases where they share memory: live updates, undo's writer, the
# station's screen beside its loop, the kiosk, the supervisor's page and
# the connection limit.  The HTTP rules, the refusals (no server) and the
# figures against `checkin stats` are requests one at a time, and the
# dashboard's requests run under TSan in test_web_hold too.
checkin_test(test_web SOURCES test_web.c webdriver.c
  LIBS PkgConfig::JANSSON PkgConfig::SODIUM
  LABELS integration threads PARTS 3
  TSAN_CASES dashboard_live_and_hostile_names
    the_dashboard_undoes_a_checkin_as_checkin_undo_does
    station_screen_in_the_browser
    kiosk_shows_an_attendee_only_their_own_check_in
    a_supervisor_overrides_an_unpaid_registration
    a_refused_page_connects_when_a_place_frees)
target_compile_definitions(test_web PRIVATE
  SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
# 10 cases: 272 s for 9 of them in one process on the shared two-core
# machine with the dashboard's undo added (a 300 s ceiling), so three
# parts, side by side.
if(CHECKIN_TSAN)
  set_tests_properties(test_web PROPERTIES TIMEOUT 300)
else()
  set_tests_properties(test_web_1of3 test_web_2of3 test_web_3of3 PROPERTIES
    TIMEOUT 300 COST 45)
endif()
# The web servers holding against a client that keeps sockets open or
# asks for many event streams, and LAN binds (plain sockets on loopback;
# no browser needed).  Their connection tracking is threaded: label threads.
checkin_test(test_web_hold SOURCES test_web_hold.c webdriver.c
  LIBS PkgConfig::JANSSON
  LABELS integration threads)
set_tests_properties(test_web_hold PROPERTIES TIMEOUT 300)

# HTTP requests to the three servers, whatever they carry, under libFuzzer
# (tests/fuzz/README.md); the corpus replays as a test here.
include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
checkin_fuzz_target(fuzz_http ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_http.c
  checkin_web checkin_common
  FLOOR 440 RUNS 3000 FLAGS -detect_leaks=0)
# The same harness as fuzz_booth: sponsors' booths on a station.
checkin_fuzz_target(fuzz_booth ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_http.c
  checkin_web checkin_common
  FLOOR 240 RUNS 500 FLAGS -detect_leaks=0)
foreach(t fuzz_http_replay fuzz_http fuzz_booth_replay fuzz_booth)
  if(TARGET ${t})
    target_compile_definitions(${t} PRIVATE
      CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
  endif()
endforeach()
foreach(t fuzz_booth_replay fuzz_booth)
  if(TARGET ${t})
    target_compile_definitions(${t} PRIVATE FUZZ_BOOTH)
  endif()
endforeach()
# A station's web screen in this process keeps the loop's wake fd readable
# while page inputs wait (issue 32's sleeping loop; threaded server).
# A phone's repeat read is answered as one, not with a sentence said later
# in the loop's turn (issue 31): the real loop, web screen and server.
checkin_test(test_web_answer SOURCES test_web_answer.c
  LIBS checkin_runtime
  LABELS unit threads)
checkin_test(test_web_wake SOURCES test_web_wake.c
  LIBS checkin_web
  LABELS unit threads)
