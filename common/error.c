/* The one place error messages are formatted.  Not a logging facility: these
 * messages go to the person at the station, once. */
#include "checkin/error.h"

#include <stdio.h>
#include <string.h>

int ck_vfail(struct ck_error *err, int code, const char *fmt, va_list ap)
{
    if (err) {
        err->code = code;
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    }
    return code;
}

int ck_fail(struct ck_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_vfail(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void ck_error_clear(struct ck_error *err)
{
    if (err) {
        err->code = CK_OK;
        err->msg[0] = '\0';
    }
}

int ck_exit_status(int code)
{
    return code == CK_OK ? 0 : 1;
}
