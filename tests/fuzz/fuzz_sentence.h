/* A refusal is one whole sentence kept as its ck_fail format, so that a
 * catalogue says it (issue 53, docs/translating.md): its code the one
 * returned, a format kept, `name` (the file's, unless NULL) first when
 * the code is CK_EINVAL (a refused line) and never followed by line 0,
 * which is in no file (a template refused on line 0 was once let
 * through: a755c3ed), a full stop last unless the
 * sentence was cut at msg's size, and the format said again with the
 * arguments it kept gives the same sentence.  Otherwise it prints what
 * it found, as `target`, and aborts. */
#ifndef CHECKIN_FUZZ_SENTENCE_H
#define CHECKIN_FUZZ_SENTENCE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/error.h"

static void fuzz_whole_sentence(const char *target, const struct ck_error *err,
                                int code, const char *name)
{
    const char *why = NULL;
    size_t len = strnlen(err->msg, sizeof(err->msg));
    char again[sizeof(err->msg)];
    /* A count's sentence (ck_failn) is written in English's form for its
     * count. */
    const char *fmt = err->fmt_pl && err->count != 1 ? err->fmt_pl : err->fmt;
    if (err->code != code)
        why = "its code is not the one returned";
    else if (!err->fmt)
        why = "no format was kept";
    else if (!len || len == sizeof(err->msg))
        why = "the sentence is empty or unterminated";
    else if (name && code == CK_EINVAL &&
             strncmp(err->msg, name, strlen(name)) != 0)
        why = "the file's name is not first";
    else if (name && code == CK_EINVAL &&
             strncmp(err->msg + strlen(name), ":0:", 3) == 0)
        why = "it names line 0, which is in no file";
    else if (len + 1 < sizeof(err->msg) && err->msg[len - 1] != '.')
        why = "it does not end with a full stop";
    else if (ck_error_render(err, fmt, again, sizeof(again)) != 0 ||
             strcmp(again, err->msg) != 0)
        why = "its format said again gives another sentence";
    if (!why)
        return;
    fprintf(stderr, "%s: a refusal not one whole sentence (%s): %s\n", target,
            why, err->msg);
    abort();
}

#endif
