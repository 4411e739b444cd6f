# libpq, pango/cairo, zbar, libmicrohttpd and GnuTLS loaded at their first call (checkin/dynlib.h):
# commands that need neither run where both are broken, and those that
# need them say which package to install and leave nothing half made.
checkin_test(test_dynlib SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_dynlib.c
  LABELS integration)
target_compile_definitions(test_dynlib PRIVATE
  CHECKIN_LIBPQ_SONAME="${CHECKIN_LIBPQ_SONAME}"
  CHECKIN_PANGOCAIRO_SONAME="${CHECKIN_PANGOCAIRO_SONAME}"
  CHECKIN_ZBAR_SONAME="${CHECKIN_ZBAR_SONAME}"
  CHECKIN_MHD_SONAME="${CHECKIN_MHD_SONAME}"
  CHECKIN_GNUTLS_SONAME="${CHECKIN_GNUTLS_SONAME}")
