# The organizer's dashboard over HTTPS (--tls-cert, --tls-key) in a real
# Chromium trusting a certificate the test makes with GnuTLS.
checkin_test(test_web_tls SOURCES test_web_tls.c webdriver.c tlscert.c
  LIBS PkgConfig::JANSSON PkgConfig::SODIUM PkgConfig::GNUTLS
  LABELS integration)
set_tests_properties(test_web_tls PROPERTIES TIMEOUT 120)
# A station's certificate renewed while it runs: SIGHUP, read back by a
# GnuTLS client's handshake (issue 31).
checkin_test(test_tls_reload SOURCES test_tls_reload.c tlscert.c
  LIBS checkin_web PkgConfig::GNUTLS
  LABELS integration)
# Certificate and key files (--tls-cert, --tls-key) under libFuzzer
# (tests/fuzz/README.md); web/'s private header has the listener.
include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
checkin_fuzz_target(fuzz_tls ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_tls.c
  checkin_web checkin_common
  FLOOR 64 RUNS 2000)
foreach(t fuzz_tls_replay fuzz_tls)
  if(TARGET ${t})
    target_include_directories(${t} PRIVATE ${CMAKE_SOURCE_DIR}/web)
  endif()
endforeach()
