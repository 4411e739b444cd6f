# The organizer dashboard in a real browser (chromium + chromedriver over
# WebDriver; skipped with a message when they are not installed).  The
# dashboard's server threads run under ThreadSanitizer in CI (label threads).
checkin_test(test_web SOURCES test_web.c webdriver.c
  LIBS PkgConfig::JANSSON PkgConfig::SODIUM
  LABELS integration threads)
target_compile_definitions(test_web PRIVATE
  SCREENSHOT_DIR="${CMAKE_CURRENT_BINARY_DIR}/screenshots")
set_tests_properties(test_web PROPERTIES TIMEOUT 300)
# The web servers holding against a client that keeps sockets open or
# asks for many event streams, and LAN binds (plain sockets on loopback;
# no browser needed).  Their connection tracking is threaded: label threads.
checkin_test(test_web_hold SOURCES test_web_hold.c webdriver.c
  LIBS PkgConfig::JANSSON
  LABELS integration threads)
set_tests_properties(test_web_hold PROPERTIES TIMEOUT 300)
