# The version `checkin --version` prints, from one place: the project's
# version (CMakeLists.txt, project()) and, in a git checkout, where the
# tree is from (`git describe`: the commit, and "-dirty" with changes).
# Run at every build (cmake -P), so the commit is never a stale one; the
# header is rewritten only when the text changes, so nothing rebuilds
# for nothing.  In a source tree without .git (a release tarball, a
# Debian source package) the project's version alone.
#   -DVERSION=0.1.0 -DSOURCE_DIR=... -DOUT=.../checkin_version.h
set(text "${VERSION}")
find_program(GIT git)
if(GIT AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT}" -C "${SOURCE_DIR}" describe --always
                          --dirty --abbrev=7
                  OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE rc ERROR_QUIET)
  if(rc EQUAL 0 AND described)
    set(text "${VERSION} (git ${described})")
  endif()
endif()
set(content "#define CHECKIN_VERSION \"${text}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL content)
  file(WRITE "${OUT}" "${content}")
endif()
