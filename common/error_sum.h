/* What error.c and error_keep.c share: the hash of a sentence that
 * tells whether msg is still the one ck_fail wrote. */
#ifndef CHECKIN_ERROR_SUM_H
#define CHECKIN_ERROR_SUM_H

/* FNV-1a of `s`. */
unsigned int ck_error_sum(const char *s);

#endif
