/* The organizer's dashboard as `checkin dashboard` runs it: the web
 * server over the event file (web.h) and, unless offline, the sync worker
 * that pulls every station's rows from the event's hub into that file as
 * they arrive (sync_worker.h), its stations shown on the page.  The
 * process gives way to a station on the same machine (nice 10), and runs
 * until SIGINT, SIGTERM or SIGHUP. */
#ifndef CHECKIN_DASHBOARD_RUN_H
#define CHECKIN_DASHBOARD_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "checkin/error.h"

struct dashboard_run_options {
    const char *db;                 /* the event file */
    const char *listen;             /* ADDR:PORT */
    const char *tls_cert, *tls_key; /* both or neither */
    bool offline;                   /* only read the file: no hub */
    bool undo; /* the page may undo a check-in (web_dashboard_allow_undo) */
};

/* Serve until a signal; the link, and whether the hub is pulled from, on
 * `out` at start.  Returns once stopped (CK_OK), or the error that kept
 * it from starting. */
int dashboard_run(const struct dashboard_run_options *o, FILE *out,
                  struct ck_error *err) CK_MUST_CHECK;

#endif
