/* Private to demo/ (demo.c, demo_*.c): the desk's print hook, the line
 * display the stations show their decisions on, and the station sections
 * (desk, door, sponsor, export) run on the demo event. */
#ifndef CHECKIN_DEMO_PRIV_H
#define CHECKIN_DEMO_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/demo.h"
#include "checkin/desk_print.h"
#include "checkin/display.h"
#include "checkin/i18n.h"
#include "checkin/import.h"
#include "checkin/source.h"
#include "checkin/station.h"
#include "checkin/store.h"
#include "checkin/synth.h"

/* ---- the print hook (demo.c) ---- */

struct demo_printer {
    store *s;             /* the desk's store */
    struct desk_print dp; /* the real printer, opened at the first print */
    bool open;
    const char *key_path;   /* the event's signing key (badge codes) */
    const char *dir;        /* the demo folder: where printed files go */
    const char *db;         /* the event database (for the printer) */
    const char *uri;        /* --printer URI, or NULL: file printers */
    const char *config_dir; /* holds labels/, the templates */
    char log_path[4200];    /* DIR/print-log.txt */
    long badges, tickets;   /* items printed */
    char last[256];         /* what the last call printed, for the display */
};

/* The desk's station_print_fn; `ctx` is a struct demo_printer. */
int demo_print(void *ctx, int64_t attendee_id, const char *reprint_reason,
               bool *confirmed, struct ck_error *err);

/* The badge code of attendee `who` (ticket id, order or name), or of
 * their ticket for `tutorial`: newly issued (`issue`, superseding the
 * last) or the current one (what the desk printed, issued if none). */
int demo_code(store *s, const struct badge_key *key, const char *who,
              const char *tutorial, bool issue, char out[BADGE_TEXT_CAP],
              struct ck_error *err) CK_MUST_CHECK;

/* The local day "YYYY-MM-DD" as a person reads it in the language
 * spoken (i18n_date's `what`: "Fri" or "Fri 14 May"), in `out`
 * (returned; "" when `ymd` is no day). */
const char *demo_day(const char *ymd, enum i18n_day what, char *out,
                     size_t cap);
#define DEMO_DAY_CAP 64

/* Narration: one paragraph on standard output, indented 2 and wrapped
 * at 78 columns (by characters, not bytes), lines after the first
 * indented 4.  A leading newline in `fmt` is a blank line first. */
/* Starts a section of the demo's narration: its number, counted as the
 * sections are printed (so no scene repeats one when another is added,
 * and no translation carries one), then its title from the caller. */
void demo_section(void);

void demo_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* `word` on `f`, padded with spaces to `width` terminal columns (by
 * text_columns: a translated word may be wider in bytes or columns). */
void demo_pad(FILE *f, const char *word, int width);

/* Remove a database file and its -wal and -shm files, if there. */
void demo_remove_db(const char *path);

/* The demo's folder: created (0700) if missing; else it must be empty, or
 * hold the marker an earlier run left and nothing but demo files. */
int demo_check_dir(const char *out, struct ck_error *err) CK_MUST_CHECK;

/* The event description `ini` without its acknowledgements ([admission]
 * and each [acknowledge SLUG]), written to `out` (0600): for stations a
 * script feeds codes to, which answer no question. */
int demo_ini_without_acknowledgements(const char *ini, const char *out,
                                      struct ck_error *err) CK_MUST_CHECK;

/* A new event database `db` (0600, made whole at a temporary name) from
 * the event description `ini` with `file` imported, and its signing key
 * at `key`; both replaced if there. */
int demo_make_event(const char *db, const char *key, const char *ini,
                    const char *file, struct import_counts *n /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

/* ---- the line display (demo_display.c) ---- */

#define DEMO_REASONS 32
/* The demo event's desks of [desks] (config/demo/event.ini). */
#define DESKS_DEMO 2
#define DEMO_LEADS 16

/* What the stations decided, for the summary. */
struct demo_tally {
    long decisions[3][3]; /* [scan_mode][scan_decision] */
    struct {
        enum scan_mode mode;
        enum scan_decision decision;
        enum station_reason reason;
        long n;
    } reasons[DEMO_REASONS];
    size_t nreasons;
    long not_recorded;
    long sent[DESKS_DEMO + 1]; /* the triage's: to desk 1, 2, elsewhere */
};

/* How many decisions of `mode` had `reason`. */
long demo_tally_reason(const struct demo_tally *t, enum scan_mode mode,
                       enum station_reason reason);

/* A note and rating a sponsor gives the n-th lead of a run. */
struct demo_note {
    const char *text;
    int rating;
};

/* A display printing one line per decision on `out`: time, ADMIT, DENY or
 * WARNING, name (not at a sponsor's station), the station's sentence.
 * Counts into `tally`.  `printed` (may be NULL) is what the print hook
 * printed for a desk admission.  It reads no input unless told to. */
int demo_display_new(FILE *out, struct demo_tally *tally, const char *printed,
                     display **out_display /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* With `on` (a live camera), Enter or the end of standard input ends the
 * station's run. */
void demo_display_enter_quits(display *d, bool on);

/* With `on` (a desk), the acknowledgements the event asks are answered
 * yes, as the volunteer does after reading them out: the question shown
 * once, each admission after an answer marked "(Acknowledged.)". */
void demo_display_acknowledge(display *d, bool on);

/* `text` typed at the station's screen, as a code: the station takes it
 * at its next turn, before the camera's next frame. */
void demo_display_type(display *d, const char *text);

/* The notes for the leads the display shows next, in order: shown on
 * their line, saved with demo_display_save_notes (kept, not copied). */
void demo_display_notes(display *d, const struct demo_note *notes, size_t n);

/* Save, through the station, the notes of the leads shown since
 * demo_display_notes. */
int demo_display_save_notes(display *d, station *st,
                            struct ck_error *err) CK_MUST_CHECK;

/* ---- the stations (demo_stations.c) ---- */

/* Surfaces: phones at 3-4 pixels a module with glare, paper at 4-6,
 * some rotated, tilted or out of focus. */
#define PHONE(mod, angle, tilt, blur, x, y)                                    \
    {                                                                          \
        SYNTH_PHONE, mod, angle, tilt, blur, x, y                              \
    }
#define PAPER(mod, angle, tilt, blur, x, y)                                    \
    {                                                                          \
        SYNTH_PAPER, mod, angle, tilt, blur, x, y                              \
    }

/* One person at a station: the code's text, how it is shown, frames held
 * (0: the default), seconds since the one before. */
struct shot {
    const char *text;
    struct synth_look look;
    int hold;
    int gap_s;
};

/* Show `n` people to station `st` on a synthetic camera whose clock
 * starts at source time *t_ms; *t_ms is then where the next run goes
 * on. */
int demo_play(station *st, display *d, const struct shot *shots, size_t n,
              int64_t *t_ms, struct ck_error *err) CK_MUST_CHECK;

struct demo_run {
    const char *dir;      /* the demo folder */
    const char *db;       /* DIR/event.db */
    const char *key_path; /* DIR/event.key */
    source *camera;       /* --camera, or NULL: synthetic frames */
    struct demo_printer *printer;
    const struct demo_options *o; /* the auction's commands */
};

/* The desk, a tutorial door, a sponsor's station merged back, the
 * exports, and the summary, printed on standard output. */
int demo_stations(struct demo_run *run, struct ck_error *err) CK_MUST_CHECK;

/* ---- the rest of the week (demo_week.c) ---- */

/* The demo's sprint projects, as `checkin sprints add-project` adds them
 * (their leads must be imported). */
int demo_add_projects(store *s, struct ck_error *err) CK_MUST_CHECK;

/* `checkin report DB auction` (o->auction_report), its lines indented
 * two on standard output. */
int demo_auction_report(const struct demo_options *o, const char *db,
                        struct ck_error *err) CK_MUST_CHECK;

/* The open spaces on Friday, the PyLadies auction on Saturday evening
 * and the sprints on Monday, printed on standard output, badges of
 * `key`, on `run`'s event database `s`. */
int demo_week(const struct demo_run *run, store *s, const struct badge_key *key,
              struct ck_error *err) CK_MUST_CHECK;

#endif
