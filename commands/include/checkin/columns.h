/* The columns of the tables the commands print (`stats`, `hub status`):
 * padded by the terminal columns a text takes (text_columns), not by its
 * bytes, so that translated headings and states line up in Japanese and
 * Hindi as the English ones do. */
#ifndef CHECKIN_COLUMNS_H
#define CHECKIN_COLUMNS_H

#include <stdbool.h>
#include <stdio.h>

/* A column at least `least` terminal columns wide and as wide as
 * `heading`. */
int column_width(const char *heading, int least);

/* Print `s` in a column `width` terminal columns wide, padded with spaces
 * after it or, when `right`, before it; a text wider than its column is
 * printed whole. */
void column_print(FILE *out, const char *s, int width, bool right);

#endif
