# A phone as a door's scanner: /scan of a real station (--web as its only
# input) in headless Chromium with a fake camera playing a video of
# tickets rendered by `checkin badge`, decoded by the WebAssembly decoder
# built into the binary (scanner/wasm/).  Skipped (77) without that decoder or
# Chromium, except under CI, where it fails: CI installs both.
if(CHECKIN_WASM_DECODER)
  set(phone_decoder 1)
else()
  set(phone_decoder 0)
endif()
checkin_test(test_phone SOURCES test_phone.c webdriver.c tlscert.c
  LIBS checkin_scanner PkgConfig::JANSSON PkgConfig::SODIUM PkgConfig::GNUTLS
  PkgConfig::ZBAR PkgConfig::SQLITE3
  LABELS integration PARTS 2
  # Under AddressSanitizer the parts leave out four cases whose time is
  # the page's script and the video (106 s of the plain stage's wall,
  # 33 s of CPU), and whose station side the others run there: the
  # cooldown applied by the page (the station's is reads_are_debounced_
  # by_the_time_they_were_read, the codes kept and sent later a_phone_
  # keeps_codes_read_offline_and_sends_each_once_later); a booth's phone
  # deciding while the station is away or silent (the booth's key kit and
  # the reads it decided, sent later, are a_booths_page_opens_again_
  # while_the_station_is_away's); and a late answer listed (held in the
  # page; a slow station's answers are people_passing_during_a_slow_
  # answer_are_each_decided's).  The plain stage runs them.
  ASAN_SKIP
    a_phone_keeps_codes_by_the_stations_cooldown
    a_booths_phone_decides_leads_while_the_station_is_away
    a_booths_phone_decides_soon_when_the_station_is_silent
    a_late_answer_is_listed_not_shown_over_a_newer_one)
if(CHECKIN_TEST_HOOKS)
  set(phone_pages 1)
else()
  set(phone_pages 0)
endif()
target_compile_definitions(test_phone PRIVATE WASM_DECODER=${phone_decoder}
  TEST_PAGES=${phone_pages}
  SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
# A ceiling, not a target: nine cases took 75 s plain and 240 s under
# ASan on the 2-core development machine with other builds running; the
# booth deciding by itself (a_booths_phone_decides_leads_while_the_
# station_is_away) adds 40 to 88 s, and the booth's page opened away
# and the silent station (a_booths_page_opens_again_..., a_booths_phone_
# decides_soon_...) 65 and 45 s, an upgraded station's pages (a_phones_
# pages_are_replaced_...) 62 to 104 s.  Two parts (every other case), so that
# ctest -j2 runs them side by side.
set_tests_properties(test_phone_1of2 test_phone_2of2 PROPERTIES TIMEOUT 900
  COST 150)
# The phone's decoder itself (scanner/wasm/scan_decoder.c) compiled natively,
# as bench/scan.cmake compiles it: small frames read as stills, camera
# frames as video.  A second, so in every build.
checkin_test(test_scan_decoder
  SOURCES test_scan_decoder.c ${CMAKE_SOURCE_DIR}/scanner/wasm/scan_decoder.c
  LIBS checkin_synthcam checkin_scanner PkgConfig::QRENCODE
  LABELS unit)
target_include_directories(test_scan_decoder PRIVATE
  ${CMAKE_SOURCE_DIR}/scanner/wasm)
