/* A CSV line that is a whole record split without libcsv, as libcsv
 * splits it (import_csv.c; its test against libcsv: test_csv_plain). */
#ifndef CHECKIN_CSV_PLAIN_H
#define CHECKIN_CSV_PLAIN_H

#include <stddef.h>

enum csv_plain {
    CSV_PLAIN_NOT,  /* nothing given: the line is libcsv's to read */
    CSV_PLAIN_DONE, /* its fields and record given, or a blank line: none */
    CSV_PLAIN_NOMEM /* out of memory, part of the line given */
};

/* The fields (each with its length) and the end of the record of `line`
 * (`n` bytes, its line feed last) to `field` and `record`, libcsv's own
 * callbacks, when it is one record: no quoted field going on to the next
 * line, no carriage return but before its line feed, no quoting libcsv's
 * CSV_STRICT would refuse, at most 64 fields. */
enum csv_plain csv_plain_split(const char *line, size_t n,
                               void (*field)(void *, size_t, void *),
                               void (*record)(int, void *), void *user);

#endif
