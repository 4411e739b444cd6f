/* The desk's printer, as the station's print hook (station.h): opened once
 * for a station run, printing through printer/badge_print.c, on a worker
 * thread of its own so the desk goes on scanning.  Used by the station
 * runtime (station_runtime.h) and the demo. */
#ifndef CHECKIN_DESK_PRINT_H
#define CHECKIN_DESK_PRINT_H

#include <pthread.h>
#include <stdbool.h>

#include "checkin/badge.h"
#include "checkin/badge_print.h"
#include "checkin/error.h"
#include "checkin/label_stock.h"
#include "checkin/printer.h"
#include "checkin/station.h"
#include "checkin/store.h"

#define DESK_PRINT_QUEUE 32

struct desk_print_request {
    int64_t attendee_id;
    bool reprint;
    char reason[256];
};

/* The printer as the print worker last saw it (docs/dashboard.md: the
 * hub shows it to the organizer). */
struct desk_print_status {
    char printer[256];              /* "QL-800 on usb 1-2", or the URI */
    char state[32];                 /* printer_state_str; printed and sent
                                       are "ready" */
    char message[STATION_TEXT_CAP]; /* the printer's sentence */
    int64_t at_ms;                  /* wall clock when last vouched for */
    struct label_forecast labels;   /* the label-stock forecast */
    /* What message was made of, to be said again in another language
     * (the hub's printer_kept): the error's English sentence and its
     * kept line (ck_error_keep); "" when message was not made of one. */
    char english[STATION_TEXT_CAP];
    char kept[CK_ERROR_KEPT_CAP];
};

/* Told the printer's status whenever the print worker looked (every 2 s
 * while idle, and after every print), on the print worker's thread with
 * the desk_print's lock held: copy it and return. */
typedef void (*desk_print_status_fn)(void *ctx,
                                     const struct desk_print_status *st);

struct desk_print {
    printer *p;
    badge_printer *bp;
    struct badge_key key;
    bool have_key;
    bool paddles; /* desk_print_options.paddles */
    /* No --key: the key may change while the desk runs (a rotation
     * reaching it through its hub); the store printing uses and the
     * station file's path. */
    store *ks;
    char db[4200];
    long labels; /* printed or sent, over the run */
    /* A printer that was not there at start (async only): the sentence
     * saying so, and what is needed to open it when it comes. */
    char missing[STATION_TEXT_CAP];
    const char *uri;
    struct printer_options popt;
    bool backlog; /* jobs were queued while the printer was missing */
    /* Whom the backlog pass owes a word when the printer comes (worker
     * only, and desk_print_open before it starts): those whose labels an
     * earlier run left queued, read before this run could queue any, and
     * those whose request was answered that the printer is missing.  Any
     * other person's queued labels print with the backlog too, but their
     * own request says how they went: one outcome per request (issue 33). */
    int64_t *owed;
    size_t nowed, owed_cap;
    /* Asynchronous (desk_print_options.async): a worker thread prints with
     * its own store connection while the station goes on scanning. */
    bool async, started, stop;
    store *ws;
    pthread_t worker;
    pthread_mutex_t mu;
    pthread_cond_t more, done_cv;
    struct desk_print_request req[DESK_PRINT_QUEUE];
    size_t req_head, nreq;
    struct station_print_done done[DESK_PRINT_QUEUE + 1];
    size_t done_head, ndone;
    size_t busy; /* requests taken by the worker and not yet done */
    /* The printer's status, under mu, and who is told of it. */
    struct desk_print_status status;
    desk_print_status_fn on_status;
    void *on_status_ctx;
    int64_t looked_ms;    /* util_mono_ms of the last look (worker only) */
    bool cannot_ask;      /* the printer does not answer status requests */
    bool station_queues;  /* desk_print_options.station_queues */
    const char *key_path; /* desk_print_options.key_path (issue 30) */
    /* The roll loaded, for the label-stock forecast (worker only). */
    struct label_stock stock;
    /* A new roll said at the desk (desk_print_new_roll), for the worker
     * to take, and the roll's size as the worker last knew it; under mu. */
    bool roll_new;
    long roll_asked, roll_size;
    int64_t roll_asked_ms;
    /* desk_print_wake's eventfd, told of each outcome; under mu. */
    bool wake_set;
    int wake_fd;
};

struct desk_print_options {
    const char *uri;             /* --printer */
    const char *model;           /* --model, where the printer cannot say */
    const char *media;           /* --media, likewise */
    const char *badge_template;  /* NULL: badge-62x100 */
    const char *ticket_template; /* NULL: ticket-62x100 */
    const char *config_dir;      /* holds labels/, the templates */
    const char *key_path;        /* NULL: EVENT.key */
    const char *preview_dir;     /* NULL: no PNG previews */
    bool async; /* print on a worker thread (desk_print_poll) */
    /* The station queues each check-in's labels in its own commit
     * (station_config.print_printer): a first print then only runs the
     * printer's queue, oldest first, and reports the person's labels as
     * their jobs say.  Asynchronous only. */
    bool station_queues;
    /* An auction door's printer (docs/auction.md): paddle labels only,
     * of the badge template's size, and no signing key. */
    bool paddles;
    /* Labels on the roll loaded now, as the volunteer says (--roll); 0:
     * the standard roll of the media the printer reports, if it does. */
    long roll;
};

/* Open the printer, the signing key and the templates for `db`, and with
 * `async` start the worker.  With `async`, a printer that is not there
 * (unplugged, off, not answering) does not stop the desk: dp->missing
 * says so, labels are queued, and the worker opens the printer when it
 * comes and prints them.  `opt`'s strings must outlive `dp`. */
int desk_print_open(struct desk_print *dp, store *s, const char *db,
                    const struct desk_print_options *opt,
                    struct ck_error *err) CK_MUST_CHECK;
void desk_print_close(struct desk_print *dp);

/* A station_print_fn: `ctx` is a struct desk_print.  Printer faults come
 * back as an error sentence for the display; the jobs stay queued and are
 * printed with the next person once the fault is cleared.  *confirmed only
 * when the printer reported every label printed.  Asynchronous: queues the
 * request and returns at once; desk_print_poll reports. */
int desk_print_hook(void *ctx, int64_t attendee_id, const char *reprint,
                    bool *confirmed, struct ck_error *err);

/* A station_config.supersede (issue 30): issue attendee `attendee_id`'s
 * next badge on `s` without printing it, signed with the desk's key
 * loaded for the call, so that the badge printed before stops admitting
 * after an undo. */
int desk_print_supersede(void *ctx, store *s, int64_t attendee_id,
                         struct ck_error *err) CK_MUST_CHECK;

/* A new roll was loaded (issue 30): the label-stock forecast counts from
 * now, of `labels` labels (0: as many as the roll before, the one said
 * with --roll or the standard roll of the reported media).  `said` gets
 * the forecast as it stands now, read on `s`, the caller's connection
 * to the station's file; the worker takes the roll at once and says it
 * to the hub with the printer's state.  Refused in one sentence when the
 * size is not known or out of range. */
int desk_print_new_roll(struct desk_print *dp, store *s, long labels,
                        char *said, size_t cap,
                        struct ck_error *err) CK_MUST_CHECK;

/* Write a count to `fd` (an eventfd, the station loop's wake-up; -1:
 * none) with each outcome desk_print_poll will give.  Asynchronous
 * desk_print only. */
void desk_print_wake(struct desk_print *dp, int fd);

/* Tell `fn` (NULL: no one) of the printer's status from now on, at once
 * with the latest if there is one.  Asynchronous desk_print only.  Call
 * with NULL before whatever `ctx` is goes away. */
void desk_print_watch(struct desk_print *dp, desk_print_status_fn fn,
                      void *ctx);

/* A station_print_poll_fn for an asynchronous desk_print. */
bool desk_print_poll(void *ctx, int wait_ms, struct station_print_done *out);

#endif
