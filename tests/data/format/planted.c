/* A fixture for check-format: two files, this one formatted as
 * .clang-format says but for the one line planted below, and
 * formatted.c, which is as it should be and must not be named. */
int planted_twice_spaced  = 1;
