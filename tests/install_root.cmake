# The package installed from its offline bundle (scripts/bundle) into a
# fresh debootstrap'd Debian 12 root with no network for apt, then the
# installed command's demo, units and a join at a throwaway hub (issue
# 52).  Label `install_root`: it needs root and, once per machine,
# Debian's mirror (the base is cached in /var/cache/checkin), and it
# takes test_package's .deb (the fixture checkin_deb), so it runs after
# that and in README's stage only (.ci/run leaves it out under ASan: the
# binary it runs is the package's, not the build's).
checkin_test(test_install_root
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_install_root.c
          ${CMAKE_CURRENT_SOURCE_DIR}/live.c ${CHECKIN_HUB_FIXTURE}
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS install_root)
target_compile_definitions(test_install_root PRIVATE
  PROJECT_VERSION="${PROJECT_VERSION}"
  SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  PACKAGE_DIR="${CMAKE_BINARY_DIR}/package")
# Its COST starts it as soon as test_package has made the .deb: without
# one, ctest ran it last on a clean clone, alone at the end of README's
# stage for its 6-8 minutes (debootstrap and the bundle's downloads on a
# cold cache, the install in the root).
set_tests_properties(test_install_root PROPERTIES TIMEOUT 1800 COST 590
  FIXTURES_REQUIRED checkin_deb)
