/* `checkin demo`: the bundled PyCon-like event, imported, searched, its
 * codes drawn and read back, then a registration desk, a tutorial door and
 * a sponsor's station fed a synthetic camera (or a real one), the merge,
 * the exports and a summary, all on standard output.  Runs with no server,
 * camera or printer. */
#ifndef CHECKIN_DEMO_H
#define CHECKIN_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/error.h"

struct demo_options {
    const char *out;         /* the output folder; NULL: ./checkin-demo */
    const char *camera;      /* a V4L2 camera for the desk, or NULL */
    const char *printer_uri; /* print the desk's labels there, or NULL */
    const char *config_dir;  /* holds demo/ and labels/ */
    /* `--stations`: the second demo, stations in step through a hub on a
     * throwaway PostgreSQL server (demo_hub.c); camera and printer unused. */
    bool stations;
    /* With `stations`: keep the hub running, once the story is told,
     * until a line (Enter) or the end of standard input. */
    bool keep_hub;
    /* With `stations`: says `checkin hub status` of the hub at its end
     * (commands/'s hub_status_print: the demo is below commands/, so the
     * command line hands it over). */
    int (*hub_status_print)(const char *db, FILE *out, struct ck_error *err);
    /* The auction scene's `checkin auction EVENT.db win LOT --paddle N
     * --amount AMOUNT` at `at_ms` (its line on `out`, NULL: none; a
     * refusal one sentence in `err`, nothing changed) and `checkin report
     * EVENT.db auction`: commands/'s auction_win_say and report_auction,
     * handed over as hub_status_print is. */
    int (*auction_win)(const char *db, const char *lot, const char *paddle,
                       const char *amount, int64_t at_ms, FILE *out,
                       struct ck_error *err);
    int (*auction_report)(const char *db, bool json, FILE *out,
                          struct ck_error *err);
};

/* Whether the options can go together (the stations' demo has no camera
 * and prints to files; a hub is kept only by it): false with the usage
 * sentence (no full stop) in `why` when they cannot. */
bool demo_options_check(const struct demo_options *o, char *why, size_t cap);

/* Run the demo into `o->out`, which must be new, empty or an earlier
 * demo's folder (the demo never deletes a file it did not write); it is
 * recreated on every run, 0700, its files 0600. */
int demo_run(const struct demo_options *o, struct ck_error *err) CK_MUST_CHECK;

/* `checkin demo --stations` (what demo_run runs when o->stations): three
 * desks, two doors and a sponsor's booth, each a real station on a file
 * of its own in `o->out`, kept in step through a hub on a throwaway
 * PostgreSQL 15 server that is stopped and removed when the demo ends,
 * however it ends.  When the server is not installed: CK_ENOTFOUND, one
 * sentence saying what to install, and nothing touched. */
int demo_hub_run(const struct demo_options *o,
                 struct ck_error *err) CK_MUST_CHECK;

#endif
