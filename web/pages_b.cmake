# For the tests only (CHECKIN_TEST_PAGES, web/CMakeLists.txt): a copy of
# the /scan page's script that says it is the second version of the page
# files, as an upgraded binary's would differ:
#   cmake -DIN=scan.js -DOUT=scan-b.js -P pages_b.cmake
file(READ "${IN}" text)
string(APPEND text "\n// web/pages_b.cmake: the test build's second page files.\nwindow.checkinPagesBuild = \"B\";\n")
file(WRITE "${OUT}.tmp" "${text}")
file(RENAME "${OUT}.tmp" "${OUT}")
