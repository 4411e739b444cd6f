# The systemd units (config/systemd): `systemd-analyze verify` and the
# hardening's exposure score (`security --offline`).
checkin_test(test_units SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_units.c
  LABELS unit)
