# The Debian package (debian/): built with dpkg-buildpackage from a clean
# copy of the tree, its Depends, contents and maintainer scripts read,
# lintian run on it.  Label `package`: it builds checkin once more from
# nothing (minutes), so CI runs it in README's stage only (.ci/run).
checkin_test(test_package
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_package.c
  LABELS package)
target_compile_definitions(test_package PRIVATE
  PROJECT_VERSION="${PROJECT_VERSION}"
  SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  PACKAGE_OUT="${CMAKE_BINARY_DIR}/package")
# It leaves its .deb in BUILD/package for test_install_root.
set_tests_properties(test_package PROPERTIES TIMEOUT 3600 COST 600
  FIXTURES_SETUP checkin_deb)
