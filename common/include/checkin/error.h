/* Errors a user can read.
 *
 * Every function in the checkin libraries that can fail returns one of the
 * CK_E* codes (0 on success) and, when given a `struct ck_error`, fills it
 * with one sentence that says what happened and what to do.  The code is for
 * programs (exit status, retry decisions); the message is for people. */
#ifndef CHECKIN_ERROR_H
#define CHECKIN_ERROR_H

#include <stdarg.h>

#define CK_MUST_CHECK __attribute__((warn_unused_result))

enum ck_code {
    CK_OK = 0,
    CK_EINVAL = -1,    /* bad input from the user or a file */
    CK_ENOMEM = -2,    /* out of memory */
    CK_EIO = -3,       /* reading or writing a file or device failed */
    CK_ECORRUPT = -4,  /* a database or file is damaged or not ours */
    CK_ENOTFOUND = -5, /* the thing asked for does not exist */
    CK_EFULL = -6,     /* disk full */
    CK_EBUSY = -7,     /* locked by another process */
    CK_EVERSION = -8,  /* made by a newer checkin */
    CK_EDEVICE = -9,   /* a device refused or went away */
};

struct ck_error {
    int code;
    char msg[512];
};

/* Record `code` and a printf-style message in `err` (which may be NULL) and
 * return `code`, so callers can write `return ck_fail(err, CK_EINVAL, ...)`. */
int ck_fail(struct ck_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int ck_vfail(struct ck_error *err, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Clear `err` (may be NULL). */
void ck_error_clear(struct ck_error *err);

/* Exit status the command line uses for an error code: 2 for usage errors,
 * 1 otherwise. */
int ck_exit_status(int code);

#endif
