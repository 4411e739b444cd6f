/* `checkin demo`: the bundled PyCon-like event, imported, searched, its
 * codes drawn and read back, then a registration desk, a tutorial door and
 * a sponsor's station fed a synthetic camera (or a real one), the merge,
 * the exports and a summary, all on standard output.  Runs with no server,
 * camera or printer. */
#ifndef CHECKIN_DEMO_H
#define CHECKIN_DEMO_H

#include "checkin/error.h"

struct demo_options {
    const char *out;         /* the output folder; NULL: ./checkin-demo */
    const char *camera;      /* a V4L2 camera for the desk, or NULL */
    const char *printer_uri; /* print the desk's labels there, or NULL */
    const char *config_dir;  /* holds demo/ and labels/ */
};

/* Run the demo into `o->out`, which must be new, empty or an earlier
 * demo's folder (the demo never deletes a file it did not write); it is
 * recreated on every run, 0700, its files 0600. */
int demo_run(const struct demo_options *o, struct ck_error *err) CK_MUST_CHECK;

#endif
