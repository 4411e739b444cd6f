/* A fixture for check-format: formatted as .clang-format says, so it is
 * not named beside planted.c. */
int formatted = 1;
