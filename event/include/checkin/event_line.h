/* Where a line of an event description is, so that the parser of one
 * of its sections ([sprints], [open-spaces], [desks], [auction],
 * [acknowledge SLUG]) says a refusal as one whole sentence (ck_fail, its
 * format extracted for translation: po/ERROR-ROOMS) naming the file and
 * line, never as an English clause another sentence is built around. */
#ifndef CHECKIN_EVENT_LINE_H
#define CHECKIN_EVENT_LINE_H

#include "checkin/error.h"

struct event_line {
    const char *path; /* the description's file */
    int line;         /* its line; a parser of several lines names its own */
    const char *cmd;  /* the command to run again: "init", "event" */
    struct ck_error *err; /* NULL: no sentence (a setting read back) */
};

#endif
