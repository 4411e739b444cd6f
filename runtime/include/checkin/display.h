/* What a station shows, behind a small interface so that the station loop
 * runs the same with a full-screen terminal (display_curses_new), one JSON
 * object per decision (display_json_new), or a test's capture.
 *
 * Displays also report the volunteer's input: codes typed at the terminal,
 * a search, the chosen attendee, the door's direction, a lead's note and
 * rating, a reprint, quitting. */
#ifndef CHECKIN_DISPLAY_H
#define CHECKIN_DISPLAY_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/station.h"
#include "checkin/store.h"

typedef struct display display;

enum display_event_kind {
    DISPLAY_NONE,
    DISPLAY_CODE,      /* text: a code typed or wedged in */
    DISPLAY_SEARCH,    /* text: a search query (desk) */
    DISPLAY_PICK,      /* number: index into the last search results */
    DISPLAY_DIRECTION, /* toggle in/out (door) */
    DISPLAY_NOTE,      /* text + number: note and rating for `seq` */
    DISPLAY_REPRINT,   /* text: reason, for the last attendee shown */
    DISPLAY_OVERRIDE,  /* text: a supervisor's reason, id: the attendee
                          of the refusal shown (desk) */
    DISPLAY_QUIT,
    DISPLAY_UNDO,     /* text: the supervisor's words (may be empty), id: the
                         attendee whose check-in to undo (desk) */
    DISPLAY_GROUP,    /* id: the attendee just checked in, whose order's
                         others the volunteer confirmed (desk, issue 30.5) */
    DISPLAY_REGISTER, /* form: a walk-in's form (desk, issue 30) */
    DISPLAY_EDIT,     /* form: the fields to correct, id: the attendee
                         (desk, issue 30) */
    DISPLAY_SWAP,     /* text: the variation to hand instead of the last
                         redemption's (a counter, issue 29.4) */
    DISPLAY_ROLL,     /* number: the labels on a roll just loaded, 0: as many
                         as on the last (desk with a printer, issue 30) */
    DISPLAY_GROUP_OVERRIDE, /* DISPLAY_GROUP with those of the order left
                               out as unpaid, cancelled or refunded; text:
                               the supervisor's reason (desk, issue 30) */
    DISPLAY_REPEAT, /* read_id (booth): a phone's read sent again that the
                       web server answered from its memory: the screens
                       say so as for one the file answers; nothing is
                       decided (docs/phones.md) */
    DISPLAY_ANSWER, /* form: the answers to pretix's questions asked during
                       check-in, one JSON object of question identifier to
                       answer; id: the attendee of the verdict "question"
                       shown (desk and doors, issue 49); number 1: `text`
                       is the code the answers are for (a phone's, which
                       asked them itself) */
};

/* The most bytes of a walk-in's or a correction's form. */
#define DISPLAY_FORM_CAP 4096

struct display_event {
    enum display_event_kind kind;
    char text[512];
    int number;
    int64_t id; /* DISPLAY_NOTE: the lead's seq; DISPLAY_REPRINT and
                   DISPLAY_OVERRIDE: the attendee */
    /* DISPLAY_OVERRIDE, DISPLAY_REPRINT, DISPLAY_UNDO, DISPLAY_GROUP_OVERRIDE
     * (and an edit or a comp walk-in): a supervisor's PIN
     * as typed; the station loop wipes it once used */
    char pin[SUPERVISOR_PIN_CAP];
    /* DISPLAY_CODE read by a sponsor's phone at the expo hall (issue 31):
     * the sponsor of its booth, "" for any other code */
    char booth[64];
    /* DISPLAY_CODE from a phone that kept it while the station could not
     * be reached: how long before it was sent it was read (ms, on the
     * phone's clock; 0: not said), by which the rules decide it
     * (station_present_read) */
    int64_t read_age_ms;
    /* DISPLAY_CODE from a phone: the read's own id ("" for none), by which
     * the station decides it at most once (station_present_read) */
    char read_id[64 + 1];
    /* DISPLAY_REGISTER, DISPLAY_EDIT and DISPLAY_ANSWER: one JSON object
     * of the form's
     * fields, as docs/stations.md "Walk-ins and corrections" names them
     * ("ticket_type", "given_name", "family_name", "email", "company",
     * "tutorials": an array of slugs, "payment": paid, pending or comp,
     * "comp_reason"; an edit's
     * "badge_name", "pronouns" ...); any "pin" is in `pin` instead */
    char form[DISPLAY_FORM_CAP];
};

/* Whether a station enrolled at a hub is in step with it (sync_worker.h
 * keeps it; the station loop hands it on when it changes). */
struct display_link {
    bool online;
    int64_t since_ms;  /* wall clock: online or offline since */
    long to_send;      /* this station's check-ins the hub lacks */
    char problem[512]; /* while offline: why, in one sentence */
    /* This station's edits the hub holds until their ticket reaches it,
     * and `checkin sync`'s sentence for them ("" when none) */
    long edits_waiting;
    char waiting[600];
    long leads_held; /* an expo station's leads of booths closed at the
                        hub, held in its file, and those booths */
    char held_booths[200];
    /* The counters' news from the sync worker (sync_state's): a desk
     * adds what `checked_in` grew by; `recount` growing (at any other
     * station also `checked_in` or `counts_moved`) has them counted
     * again, exactly only when no sync ran beside the count (`syncing`,
     * `sync_starts`; station_loop.c, counts_due_now). */
    long checked_in, counts_moved, recount, sync_starts;
    bool syncing;
    int herald; /* sync_state.herald: 1 in use, 2 not reached, 0 none */
};

/* The line a screen shows for `l`: "In step with the hub" or "OFFLINE
 * since 10:32 (the hub cannot be reached), 14 check-ins to send", the time
 * on this machine's clock; then any edits waiting at the hub, as `checkin
 * sync` says them ("; 1 edit waits at the hub for its ticket (59999);
 * ..."). */
void display_link_text(const struct display_link *l, char *out, size_t cap);

struct display_ops {
    /* A decision, after it was journaled (or failed to be). */
    void (*show)(display *d, const struct station_result *r);
    /* The printing a decision shown before was due (r->print_due): its
     * outcome, r->printed or station_print_error(r). */
    void (*printed)(display *d, const struct station_result *r);
    /* The header: station, mode, direction, counters.  NULL: no header
     * (--json: the counters go with each decision), so pulled rows that
     * a desk's running count does not cover are counted at the next
     * decision, not as they come (station_loop.c, take_counts). */
    void (*status)(display *d, const station *st);
    /* Desk search results to choose from (NULL: clear them). */
    void (*results)(display *d, const struct attendee_list *l);
    /* A line of information or an error for the volunteer. */
    void (*message)(display *d, const char *text);
    /* Wait up to `timeout_ms` for input; DISPLAY_NONE if none. */
    int (*poll)(display *d, int timeout_ms, struct display_event *ev);
    void (*free)(display *d);
    /* Whether the station is in step with its hub, when that changed;
     * only for stations that sync (NULL: not shown). */
    void (*link)(display *d, const struct display_link *l);
    /* A sentence for the volunteer said once at start (issue 30: "No
     * supervisor is set for this event ..."); NULL where no volunteer
     * reads the display (--json, whose lines scripts count). */
    void (*notice)(display *d, const char *text);
    /* The label-stock forecast when it changed other than with a print's
     * outcome: a new roll said at the desk (issue 30); NULL: not shown. */
    void (*stock)(display *d, const char *text);
    /* An input a form made (`kind`: DISPLAY_EDIT) refused as a whole, with
     * its sentence (issue 30): a screen whose form sent it opens the form
     * again holding what was typed and says `text` there; any other says
     * it as a message.  NULL: said as a message. */
    void (*refused)(display *d, enum display_event_kind kind, const char *text);
    /* The fds whose input poll() with a timeout of 0 would take, put into
     * `fds` (at most `cap`): the idle loop sleeps on them.  Returns how
     * many, or -1 when this screen cannot be slept on (NULL: the same);
     * the loop then asks poll() at most 50 ms apart, as it always did. */
    int (*wait_fds)(display *d, struct pollfd *fds, int cap);
    /* A correction saved at the desk (issue 30): the person `attendee_id`
     * now has the badge name `name`; a screen showing them shows it and
     * says `text` (what was saved) and, when `was` (the badge name
     * before; "" when unchanged) is printed on their badge, how to
     * reprint it on this screen.  NULL: display_corrected's message. */
    void (*corrected)(display *d, int64_t attendee_id, const char *name,
                      const char *was, const char *text);
    /* The loop has done with the event poll() gave last: what it decided
     * or said of it is said.  A screen still holding a phone's code
     * unanswered answers it now as the same presentation again, so that
     * what is shown or said later in the turn (another scanner's
     * decision, the hub's or a certificate reload's sentence) is not
     * taken for its answer.  NULL: nothing to do. */
    void (*settled)(display *d);
    /* A phone's read the station's file held already (r->again: its id
     * sent again after its answer was lost): the first answer, for the
     * phone that sent it (none for DISPLAY_REPEAT: answered already); not
     * a new decision, so no screen shows it as one, and the screens say
     * station_repeat_sentence in their message line.  NULL: nothing to
     * do. */
    void (*again)(display *d, const struct station_result *r);
};

/* `text`, the refusal of an input of `kind`, through d's refused, or as a
 * message where it has none. */
void display_refused(display *d, enum display_event_kind kind,
                     const char *text);

/* d->ops->corrected, or where it is NULL `text` as a message, with
 * display_reprint_hint's sentence after it. */
void display_corrected(display *d, int64_t attendee_id, const char *name,
                       const char *was, const char *text);

/* How a screen reprints a badge: Ctrl-R at the terminal, the Reprint
 * button on the web screen, neither said elsewhere. */
enum display_reprint_how {
    DISPLAY_REPRINT_SAID,
    DISPLAY_REPRINT_CTRL_R,
    DISPLAY_REPRINT_BUTTON,
};

/* `text` and, when `was` is not "", that the badge still says `was` and
 * is reprinted as `how` says, the reason "name change": one sentence a
 * way, in the station's language. */
void display_reprint_hint(const char *text, const char *was,
                          enum display_reprint_how how, char *out, size_t cap);

/* Group member `m` of `r`'s tutorials as a JSON array (jansson's, a new
 * reference; NULL when out of memory) of {"title", "room", "slot"}: the
 * "tutorials" of each member in the JSON line and the web screen alike. */
struct json_t;
struct json_t *display_member_tutorials(const struct station_result *r,
                                        const struct station_group_member *m);

/* The questions of `r` still to answer (reason "question", issue 49)
 * as a JSON array (a new reference; NULL when out of memory) of {"id",
 * "question", "type" (pretix's: "B" yes/no, "C" a choice, else text),
 * "required", "options" (a choice's known answers)}: the JSON line's and
 * the web screen's alike. */
struct json_t *display_questions(const struct station_result *r);

struct display {
    const struct display_ops *ops;
};

/* An error for the volunteer as d's message, in the station's language
 * (ck_error_text). */
static inline void display_error(display *d, const struct ck_error *e)
{
    char said[2 * sizeof(e->msg)];
    d->ops->message(d, ck_error_text(e, said, sizeof(said)));
}

/* Full screen on the terminal (ncursesw): the whole screen green with
 * ADMIT, red with DENY, amber with WARNING (cyan with LEFT for someone
 * leaving a room) in block letters, the name in block letters too where
 * it folds to Latin letters and the screen has room, the reason, the
 * details, counters and whether the station is in step with its hub; a
 * bell on deny.  Keys:
 * '/' search (desk), Ctrl-N a walk-in's form, one field a prompt (desk),
 * Ctrl-E the correction's form of the person shown, likewise (desk),
 * Ctrl-L a new roll of labels loaded (desk),
 * Tab in/out (door), Ctrl-R reprint (desk), Ctrl-O a
 * supervisor's override after a refusal that allows one (desk), Ctrl-C or
 * Ctrl-Q quit; other typed text followed by Enter is a code. */
int display_curses_new(display **out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* One JSON object per decision on `out` (one line each, flushed), and
 * an {"event":"print",...} line with the outcome of the printing a
 * decision announced with "printing":true. */
int display_json_new(FILE *out, display **out_display /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* The JSON object display_json_new prints for `r`, as a malloc'd string
 * (NULL when out of memory). */
char *display_json_format(const struct station_result *r);

/* Both `a` and `b` (taken over, freed with it, or at once on failure):
 * everything shown on each, input taken from either (`b` first, without
 * waiting).  A terminal screen and the web screen of the same station. */
int display_tee_new(display *a, display *b, display **out /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

void display_free(display *d);

#endif
