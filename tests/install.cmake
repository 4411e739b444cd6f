# An installed checkin (cli/CMakeLists.txt): the manual page and bash
# completion made from the command's --help texts, the version from one
# place, and `cmake --install` into a folder of the test's own.
checkin_test(test_install
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_install.c
  LABELS integration)
add_dependencies(test_install checkin_docs)
target_compile_definitions(test_install PRIVATE
  MANPAGE="${CMAKE_BINARY_DIR}/checkin.1"
  COMPLETION="${CMAKE_BINARY_DIR}/checkin.bash"
  PROJECT_VERSION="${PROJECT_VERSION}"
  SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  BUILD_DIR="${CMAKE_BINARY_DIR}"
  CMAKE_COMMAND="${CMAKE_COMMAND}")
