/* See station_runtime.h. */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "checkin/clock.h"
#include "checkin/display.h"
#include "checkin/display_web.h"
#include "checkin/expo.h"
#include "checkin/i18n.h"
#include "checkin/phone_token.h"
#include "checkin/qr.h"
#include "checkin/sprint.h"
#include "checkin/station_loop.h"
#include "checkin/station_runtime.h"
#include "checkin/station_sentence.h"
#include "checkin/sync.h"
#include "checkin/sync_sentence.h"
#include "checkin/sync_worker.h"
#include "checkin/text.h"
#include "display_web_sprint.h"

static int serve_booths(store *s, web_station *ws, size_t *served,
                        struct ck_error *err);

/* What the station tells whoever started it, to the options' `said`. */
static void say(const struct station_runtime_options *o,
                const struct station_said *what)
{
    if (o->said)
        o->said(o->said_ctx, what);
}

/* What the station's loop watches of its sync worker. */
struct link_watch {
    sync_worker *sw;
    store *s;        /* the station's, on the loop's thread */
    web_station *ws; /* an expo station's booths' pages; NULL: none */
    long booths;     /* sync_state.booths as last served */
};

/* The sync worker's state as the station's screen shows it; at an expo
 * station, the booths served again once a sync changed them in the file
 * (a booth closed or opened at the hub, a new sponsor). */
static bool link_state(void *ctx, struct display_link *out)
{
    struct link_watch *lw = ctx;
    struct sync_state s;
    sync_worker_state(lw->sw, &s);
    if (lw->ws && s.booths != lw->booths) {
        struct ck_error e;
        size_t served;
        if (!serve_booths(lw->s, lw->ws, &served, &e))
            lw->booths = s.booths;
    }
    /* The counters' news, even before the first sync has ended. */
    out->checked_in = s.checked_in;
    out->counts_moved = s.counts_moved;
    out->recount = s.recount;
    out->sync_starts = s.sync_starts;
    out->syncing = s.syncing;
    if (!s.tried)
        return false;
    out->online = s.online;
    out->since_ms = s.since_ms;
    out->to_send = s.to_send;
    out->leads_held = s.leads_held;
    snprintf(out->held_booths, sizeof(out->held_booths), "%s", s.held_booths);
    snprintf(out->problem, sizeof(out->problem), "%s", s.problem);
    out->edits_waiting = s.edits_waiting;
    /* Said in the station's language (sync_sentence.c): the edits
     * waiting at the hub, then a tutorial oversold by this desk's walk-in,
     * then a hub newer than this checkin. */
    char waiting[600], oversold[600], newer[400] = "";
    sync_waiting_said(s.edits_waiting, s.waiting_tickets, waiting,
                      sizeof(waiting));
    sync_oversold_said(s.oversold_seats, (size_t)s.oversold, oversold,
                       sizeof(oversold));
    if (s.hub_newer)
        sync_newer_hub_said(s.hub_newer, newer, sizeof(newer));
    /* A herald given and not there: said after the rest. */
    out->herald = s.herald;
    if (s.herald == 2 && !newer[0])
        sync_herald_said(s.herald_addr, newer, sizeof(newer));
    text_cut_mark(out->waiting, sizeof(out->waiting),
                  snprintf(out->waiting, sizeof(out->waiting), "%s%s%s",
                           waiting, waiting[0] && oversold[0] ? "; " : "",
                           oversold));
    size_t n = strlen(out->waiting);
    if (newer[0] && n < sizeof(out->waiting))
        snprintf(out->waiting + n, sizeof(out->waiting) - n, "%s%s",
                 n ? "; " : "", newer);
    return true;
}

/* The desk's printer, from its print worker to the sync worker, which
 * sends it to the hub with the station's row (docs/sync.md). */
static void printer_to_hub(void *ctx, const struct desk_print_status *st)
{
    struct sync_printer p = {.at_ms = st->at_ms};
    snprintf(p.printer, sizeof(p.printer), "%s", st->printer);
    snprintf(p.state, sizeof(p.state), "%s", st->state);
    /* The dashboard reads the forecast beside the printer's sentence. */
    char labels[STATION_STOCK_CAP];
    station_labels_sentence(&st->labels, labels, sizeof(labels));
    text_cut_mark(p.message, sizeof(p.message),
                  snprintf(p.message, sizeof(p.message), "%s%s%s", st->message,
                           labels[0] ? " " : "", labels));
    /* What the sentence was made of, said again in the organizer's
     * language at a hub of format 39, and so is the forecast after it. */
    if (st->kept[0] && strlen(st->message) <= strlen(p.message)) {
        p.said = strlen(st->message);
        snprintf(p.english, sizeof(p.english), "%s", st->english);
        snprintf(p.kept, sizeof(p.kept), "%s", st->kept);
        struct ck_error le;
        if (labels[0] && station_labels_error(&st->labels, &le) &&
            ck_error_keep(&le, p.labels_kept, sizeof(p.labels_kept)))
            snprintf(p.labels_english, sizeof(p.labels_english), "%s", le.msg);
        if (!p.labels_english[0])
            p.labels_kept[0] = '\0';
    }
    sync_worker_set_printer(ctx, &p);
}

/* Frames, images and a keyboard device are opened and closed outside
 * SQLite, which would drop the station's locks on its own file
 * (docs/store.md): refuse the event file itself as one of them. */
static int refuse_own_file(store *s, const struct station_runtime_options *o,
                           struct ck_error *err)
{
    if (o->frames && store_is_own_file(s, o->frames))
        return ck_fail(err, CK_EINVAL,
                       "%s is the event database itself, not raw frames; "
                       "give the camera's frames with --frames.",
                       o->frames);
    if (o->keyboard_dev && store_is_own_file(s, o->keyboard_dev))
        return ck_fail(err, CK_EINVAL,
                       "%s is the event database itself, not a scanner; give "
                       "the scanner's /dev/input device with --keyboard.",
                       o->keyboard_dev);
    for (size_t i = 0; i < o->nimages; i++)
        if (store_is_own_file(s, o->images[i]))
            return ck_fail(err, CK_EINVAL,
                           "%s is the event database itself, not an image; "
                           "give only PNG, JPEG or PGM files after --images.",
                           o->images[i]);
    return CK_OK;
}

/* In a file enrolled at a hub, the station runs under the name, mode and
 * target it was enrolled for: the hub takes its journal rows under no
 * other (docs/sync.md, "What the hub believes").  `name` holds the
 * enrolled name for cfg->name. */
static int run_as_enrolled(store *s, const struct station_runtime_options *o,
                           struct station_config *cfg, char *name, size_t cap,
                           struct ck_error *err)
{
    bool enrolled;
    char role[80];
    int code =
        sync_enrolled_as(o->db, &enrolled, name, cap, role, sizeof(role), err);
    /* The organizer's own event database pushes no journal rows. */
    if (code || !enrolled || !strcmp(role, "organizer"))
        return code;
    /* Its role is the kind's word and its target ("door:SLUG"); a kind
     * without one ("desk", "expo", whose rows are leads of its booths'
     * sponsors, each row its own target) is the word alone. */
    const char *kind = station_config_role(cfg);
    char spec[JOURNAL_NAME_CAP + 8];
    if (cfg->target && *cfg->target)
        snprintf(spec, sizeof(spec), "%s:%s", kind ? kind : "", cfg->target);
    else
        snprintf(spec, sizeof(spec), "%s", kind ? kind : "");
    if (!station_config_runs_as(cfg, spec, role)) {
        char as[sizeof(role) + 16];
        station_role_spec(s, role, as, sizeof(as));
        return ck_fail(err, CK_EINVAL,
                       "%s is the file of station %s, enrolled at the hub as "
                       "%s; run it with --station %s.",
                       o->db, name, role, as);
    }
    if (o->name_given && cfg->name && strcmp(cfg->name, name))
        return ck_fail(err, CK_EINVAL,
                       "%s is the file of station %s, and the hub takes its "
                       "check-ins under that name only; leave out --name, or "
                       "give --name %s.",
                       o->db, name, name);
    cfg->name = name;
    return CK_OK;
}

/* No camera, frames, images or scanner: the station's web page (phones
 * scanning at /scan, codes typed on its screen) is its only input. */
static bool web_only(const struct station_runtime_options *o)
{
    return o->web && !o->camera && !o->frames && !o->images && !o->keyboard;
}

/* ---- a station whose only input is the web, or that writes JSON: it
 * runs until stopped ----
 *
 * SIGINT, SIGTERM and, web only, SIGHUP (but with --tls-cert, where SIGHUP
 * reloads the certificate: below) are blocked on every thread (the web
 * server's and the sync worker's inherit the mask) and taken here, between
 * two events of the loop, which then ends as at the end of its input: the
 * last push to the hub is made and the file closed.  A station with
 * --json is one a service runs (config/systemd), which systemd stops with
 * SIGTERM. */

struct stop_display {
    display base;
    sigset_t signals;
    int fd; /* signalfd: readable while one of them is pending; -1: none */
};

static void s_show(display *d, const struct station_result *r)
{
    (void)d;
    (void)r;
}

static void s_results(display *d, const struct attendee_list *l)
{
    (void)d;
    (void)l;
}

static void s_message(display *d, const char *text)
{
    (void)d;
    (void)text;
}

/* Waits the whole `timeout_ms` for a signal: this is what the loop of a
 * station with no source sleeps on between the web page's inputs. */
static int s_poll(display *d, int timeout_ms, struct display_event *ev)
{
    struct stop_display *s = (struct stop_display *)d;
    struct timespec wait = {timeout_ms / 1000,
                            (long)(timeout_ms % 1000) * 1000000L};
    ev->kind = sigtimedwait(&s->signals, NULL, &wait) > 0 ? DISPLAY_QUIT
                                                          : DISPLAY_NONE;
    return CK_OK;
}

static void s_free(display *d)
{
    struct stop_display *s = (struct stop_display *)d;
    if (s->fd >= 0)
        close(s->fd);
    free(d);
}

/* The signals, pending, as a readable fd; s_poll then takes them. */
static int s_wait_fds(display *d, struct pollfd *fds, int cap)
{
    struct stop_display *s = (struct stop_display *)d;
    if (s->fd < 0 || cap < 1)
        return -1;
    fds[0] = (struct pollfd){s->fd, POLLIN, 0};
    return 1;
}

static const struct display_ops STOP_OPS = {
    s_show, s_show, NULL, s_results, s_message, s_poll,
    s_free, NULL,   NULL, NULL,      NULL,      s_wait_fds};

/* Block the stopping signals (before any thread starts; the mask before
 * in *old) and make the display that quits when one arrives. */
static int stop_display_new(bool hup, display **out, sigset_t *old,
                            struct ck_error *err)
{
    struct stop_display *s = calloc(1, sizeof(*s));
    if (!s)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    sigemptyset(&s->signals);
    sigaddset(&s->signals, SIGINT);
    sigaddset(&s->signals, SIGTERM);
    if (hup)
        sigaddset(&s->signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &s->signals, old);
    /* Without it the loop asks sigtimedwait at most 50 ms apart. */
    s->fd = signalfd(-1, &s->signals, SFD_CLOEXEC | SFD_NONBLOCK);
    s->base.ops = &STOP_OPS;
    *out = &s->base;
    return CK_OK;
}

/* ---- SIGHUP with --tls-cert: the renewed certificate, station running ----
 *
 * SIGHUP is blocked on every thread from the start and taken by a thread
 * of its own, which has the web server read the certificate and key again
 * (web_station_reload_tls) and says what came of it on the station's
 * display, through its loop (station_loop_say: the full-screen display
 * covers standard error; --json says it there), or on standard error
 * before the loop runs: certbot's or mkcert's renewal then needs no
 * restart (docs/phones.md). */

struct reloader {
    pthread_t thread;
    bool started;
    web_station *ws;
    atomic_bool stopping;
    pthread_mutex_t mu;
    station_loop *lp; /* under mu; NULL: the options' `said` */
    const struct station_runtime_options *o;
};

static void reloader_say(struct reloader *r, const char *text)
{
    pthread_mutex_lock(&r->mu);
    if (r->lp)
        station_loop_say(r->lp, text);
    else
        say(r->o,
            &(struct station_said){.kind = STATION_SAID_LINE, .text = text});
    pthread_mutex_unlock(&r->mu);
}

static void reloader_use(struct reloader *r, station_loop *lp)
{
    pthread_mutex_lock(&r->mu);
    r->lp = lp;
    pthread_mutex_unlock(&r->mu);
}

static void *reload_main(void *arg)
{
    struct reloader *r = arg;
    sigset_t hup;
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    for (;;) {
        int sig = 0;
        if (sigwait(&hup, &sig))
            continue;
        if (atomic_load(&r->stopping))
            break;
        char said[1200], line[STATION_LOOP_SAID_CAP], why[1024];
        struct ck_error e = {0};
        if (web_station_reload_tls(r->ws, said, sizeof(said), &e))
            /* TRANSLATORS: first why the new certificate was refused. */
            snprintf(line, sizeof(line),
                     _("%s The station goes on serving the certificate it "
                       "had."),
                     ck_error_text(&e, why, sizeof(why)));
        else
            snprintf(line, sizeof(line), "%s", said);
        reloader_say(r, line);
    }
    return NULL;
}

static void reloader_stop(struct reloader *r)
{
    if (!r->started)
        return;
    atomic_store(&r->stopping, true);
    pthread_kill(r->thread, SIGHUP); /* blocked there: sigwait takes it */
    pthread_join(r->thread, NULL);
    r->started = false;
}

static int open_source(const struct station_runtime_options *o, source **src,
                       struct ck_error *err)
{
    *src = NULL;
    if (web_only(o))
        return CK_OK;
    if (o->camera)
        return source_open_camera(o->camera, &o->source, src, err);
    if (o->frames)
        return source_open_frames(o->frames, &o->source, src, err);
    if (o->images)
        return source_open_images(o->images, o->nimages, &o->source, src, err);
    if (o->json || (o->keyboard_dev && strcmp(o->keyboard_dev, "-")))
        return source_open_keyboard(o->keyboard_dev, src, err);
    return CK_OK; /* codes typed at the terminal come through the display */
}

/* Whether the codes come from standard input (a scanner's lines, raw
 * frames, the terminal) and its other end has gone: a pipe whose writer
 * closed, a terminal hung up.  Unread lines may still wait in it. */
static bool input_gone(const struct station_runtime_options *o)
{
    bool from_stdin = (o->frames && !strcmp(o->frames, "-")) ||
                      (!web_only(o) && !o->camera && !o->frames && !o->images &&
                       (!o->keyboard_dev || !strcmp(o->keyboard_dev, "-")));
    struct pollfd p = {0, POLLIN, 0};
    return from_stdin && poll(&p, 1, 0) == 1 &&
           (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* A station just switched on first takes what the others decided
 * meanwhile (a desk opened at 9:00 should know the check-ins of the hour
 * before), for at most 3 s: the hub may be out of reach, and then the
 * station decides from its file as it is.  Once its input has closed
 * (the scanner unplugged as the station starts), for at most 0.5 s more,
 * so that it still ends within 2 s of that with its last push (1 s). */
static void await_first_sync(const struct station_runtime_options *o,
                             sync_worker *sw)
{
    struct sync_state ss = {0};
    int gone = -1; /* the turn the input was seen closed */
    for (int i = 0; i < 300 && !ss.tried; i++) {
        if (gone < 0 && input_gone(o))
            gone = i;
        if (gone >= 0 && i - gone >= 50)
            break;
        sync_worker_state(sw, &ss);
        if (!ss.tried)
            usleep(10000);
    }
}

/* The phones' link as a QR code a phone's camera app opens: as a PNG
 * where --qr says, and, with --json, said for the terminal (the
 * full-screen display would paint over it at once).  Of several links
 * (" or "), the first: the certificate's name, or the machine's first
 * address. */
static int phones_qr(const struct station_runtime_options *o, const char *links,
                     struct ck_error *err)
{
    char link[1024];
    snprintf(link, sizeof(link), "%.*s", (int)strcspn(links, " "), links);
    if (o->qr_png) {
        int code = qr_write_png(link, 8, o->qr_png, err);
        if (code)
            return code;
        say(o, &(struct station_said){.kind = STATION_SAID_QR_PNG,
                                      .path = o->qr_png});
    }
    if (o->json)
        say(o,
            &(struct station_said){.kind = STATION_SAID_PHONES, .url = link});
    return CK_OK;
}

/* The expo hall: every sponsor's booth, by the token its printed link
 * carries (checkin expo tokens), how many in *served; a booth closed at
 * the hub is served closed (expo.h). */
static int serve_booths(store *s, web_station *ws, size_t *served,
                        struct ck_error *err)
{
    *served = 0;
    struct expo_booth *b = NULL;
    size_t n = 0;
    int code = expo_booths(s, &b, &n, err);
    struct web_booth *wb = code || !n ? NULL : calloc(n, sizeof(*wb));
    if (!code && n && !wb)
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    for (size_t i = 0; !code && i < n; i++) {
        snprintf(wb[i].slug, sizeof(wb[i].slug), "%s", b[i].slug);
        snprintf(wb[i].token, sizeof(wb[i].token), "%s", b[i].token);
        wb[i].closed = b[i].closed;
    }
    if (!code)
        code = web_station_set_booths(ws, wb, n, err);
    if (!code)
        *served = n;
    if (wb)
        sodium_memzero(wb, n * sizeof(*wb));
    if (b)
        sodium_memzero(b, n * sizeof(*b));
    free(wb);
    free(b);
    return code;
}

/* The booths served at start, and how many said once. */
static int serve_booths_said(const struct station_runtime_options *o, store *s,
                             web_station *ws, struct ck_error *err)
{
    size_t served = 0;
    int code = serve_booths(s, ws, &served, err);
    if (!code)
        say(o, &(struct station_said){.kind = STATION_SAID_BOOTHS,
                                      .booths = served});
    return code;
}

/* A booth's CSV with its sponsor's consented contact details, asked of
 * the hub on the phone's connection thread within BOOTH_HUB_MS
 * (web_station_set_booth_csv), and what the phone says of it (the
 * options' booth_csv_said). */
enum { BOOTH_HUB_MS = 5000 };
struct booth_hub {
    struct sync_expo_hub hub; /* read from the file once */
    const struct station_runtime_options *o;
};

static int booth_csv_from_hub(void *ctx, const char *sponsor, FILE *out,
                              char *said, size_t said_cap, struct ck_error *err)
{
    struct booth_hub *bh = ctx;
    struct export_lead_counts lc;
    int code = sync_expo_leads(&bh->hub, sponsor, BOOTH_HUB_MS, out, &lc, err);
    if (code)
        return code;
    if (said_cap)
        said[0] = '\0';
    if (bh->o->booth_csv_said)
        bh->o->booth_csv_said(&lc, said, said_cap);
    return code;
}

/* An expo station enrolled at a hub serves its booths' CSVs from it;
 * `bh` (its hub read from the file here, once) must outlive the web
 * server. */
static int booths_from_hub(const struct station_runtime_options *o,
                           web_station *ws, struct booth_hub *bh,
                           struct ck_error *err)
{
    bh->o = o;
    int code = sync_expo_hub(o->db, &bh->hub, err);
    if (!code && bh->hub.enrolled)
        web_station_set_booth_csv(ws, booth_csv_from_hub, bh);
    return code;
}

/* A new roll said at the desk (issue 30), to the print worker. */
struct roll_ctx {
    struct desk_print *dp;
    store *s;
};

static int new_roll(void *ctx, long labels, char *said, size_t cap,
                    struct ck_error *err)
{
    struct roll_ctx *r = ctx;
    return desk_print_new_roll(r->dp, r->s, labels, said, cap, err);
}

/* The self check-in kiosk is the web page of a station that checks
 * people in (a desk's). */
static int kiosk_refused(const struct station_runtime_options *o,
                         const struct station_config *cfg, struct ck_error *err)
{
    if (o->kiosk &&
        (!o->web || !station_config_has(cfg, STATION_TRAIT_CHECKS_IN)))
        return ck_fail(err, CK_EINVAL,
                       "The self check-in kiosk is a desk's web page; run it "
                       "with --station desk --kiosk --web ADDR:PORT.");
    return CK_OK;
}

/* The station's clock against the event's days, and a room's against
 * its target's times (clock.h): `warning` what is said once at start. */
static int clock_said(store *s, const station *st, const char *target,
                      const struct station_runtime_options *o, char *warning,
                      size_t cap, struct ck_error *err)
{
    const char *room = station_has(st, STATION_TRAIT_ROOM) ? target : NULL;
    struct clock_finding f;
    int code = clock_check(s, station_clock(st, 0), room, &f, err);
    if (!code)
        station_clock_sentence(&f, o->clock != NULL, warning, cap);
    return code;
}

/* ---- what a running station holds ----
 *
 * Each part is opened by one step below, in the order the struct lists
 * them, and station_close closes them in reverse on every path: a step
 * that fails leaves what it opened for station_close, which closes what
 * is open and passes over what is not.  The struct does not move while
 * the station runs: the printer's hooks, the reloader, the booths' hub,
 * the roll and the link watch are handed to threads and the loop by
 * address. */
struct station_resources {
    const struct station_runtime_options *o;
    struct station_config cfg; /* the options', enrolled, printing */
    /* The stopping signals (open_signals). */
    display *stop; /* quits on one; NULL once handed to disp */
    sigset_t old_mask;
    bool masked;
    bool reloads; /* --web with --tls-cert: SIGHUP reloads it */
    /* The event file and the station on it (open_file). */
    store *s;
    struct desk_print dp;
    char enrolled_name[JOURNAL_NAME_CAP];
    station *st;
    source *src;
    /* A clock off the event's days is said once, at start-up; the station
     * still runs (it cannot know the true time, the volunteer can). */
    char clock_warning[1200];
    /* The station's web page (open_web). */
    web_station *ws;
    struct reloader rl;
    char moved_warning[1400];
    struct booth_hub expo_hub; /* the booths' CSVs */
    /* The screens (open_displays). */
    display *disp;
    /* The loop and the sync worker beside it (open_loop). */
    station_loop *lp;
    struct roll_ctx roll;
    sync_worker *sw;
    struct link_watch lw;
};

/* A station run as a service (--json, systemd's SIGTERM) or with only
 * the web ends on SIGINT and SIGTERM as at the end of its input, with
 * its last push (test_join); with --tls-cert SIGHUP is blocked for the
 * reloader.  Before any thread starts, so that each inherits the mask. */
static int open_signals(struct station_resources *r, struct ck_error *err)
{
    const struct station_runtime_options *o = r->o;
    r->reloads = o->web && o->tls_cert;
    int code = web_only(o) || o->json
                   ? stop_display_new(web_only(o) && !r->reloads, &r->stop,
                                      &r->old_mask, err)
                   : CK_OK;
    r->masked = r->stop != NULL;
    if (!code && r->reloads) {
        sigset_t hup, before;
        sigemptyset(&hup);
        sigaddset(&hup, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &hup, &before);
        if (!r->masked)
            r->old_mask = before;
        r->masked = true;
    }
    return code;
}

static void close_signals(struct station_resources *r)
{
    display_free(r->stop); /* not handed to the loop */
    if (r->masked)
        pthread_sigmask(SIG_SETMASK, &r->old_mask, NULL);
}

/* The desk's printer, where the station prints: the desk goes on
 * scanning while the labels print, each check-in queuing its labels in
 * its own commit. */
static int open_printer(struct station_resources *r, struct ck_error *err)
{
    const struct station_runtime_options *o = r->o;
    struct station_config *cfg = &r->cfg;
    if (!o->print.uri || !station_config_has(cfg, STATION_TRAIT_PRINTS))
        return CK_OK;
    struct desk_print_options po = o->print;
    po.async = true;
    po.station_queues = true;
    po.paddles = station_config_has(cfg, STATION_TRAIT_PADDLES);
    int code = desk_print_open(&r->dp, r->s, o->db, &po, err);
    cfg->print = desk_print_hook;
    cfg->print_poll = desk_print_poll;
    cfg->print_ctx = &r->dp;
    cfg->supersede = desk_print_supersede;
    if (!code) {
        cfg->print_printer = o->print.uri;
        cfg->print_badge_template = badge_printer_template(r->dp.bp, JOB_BADGE);
        cfg->print_ticket_template =
            badge_printer_template(r->dp.bp, JOB_TICKET);
        if (po.paddles)
            cfg->print_paddle_template =
                badge_printer_template(r->dp.bp, JOB_PADDLE);
    }
    return code;
}

/* The event file, the desk's printer, the station as enrolled and its
 * source of codes. */
static int open_file(struct station_resources *r, struct ck_error *err)
{
    const struct station_runtime_options *o = r->o;
    int code = store_open(o->db, STORE_EXISTING, &r->s, err);
    if (!code && o->clock)
        code = clock_event_ms(r->s, o->clock, &r->cfg.clock_ms, err);
    if (!code)
        code = open_printer(r, err);
    if (!code)
        code = refuse_own_file(r->s, o, err);
    if (!code)
        code = run_as_enrolled(r->s, o, &r->cfg, r->enrolled_name,
                               sizeof(r->enrolled_name), err);
    if (!code)
        code = station_open(r->s, &r->cfg, &r->st, err);
    if (!code)
        code = open_source(o, &r->src, err);
    if (!code)
        code = clock_said(r->s, r->st, r->cfg.target, o, r->clock_warning,
                          sizeof(r->clock_warning), err);
    return code;
}

static void close_file(struct station_resources *r)
{
    source_free(r->src);
    station_free(r->st);
    desk_print_close(&r->dp);
    store_close(r->s);
}

/* With --tls-cert, the thread that reloads it on SIGHUP. */
static int start_reloader(struct station_resources *r, struct ck_error *err)
{
    r->rl.ws = r->ws;
    r->rl.started =
        pthread_create(&r->rl.thread, NULL, reload_main, &r->rl) == 0;
    if (!r->rl.started)
        return ck_fail(err, CK_EIO,
                       "Cannot start the thread that reloads the "
                       "certificate on SIGHUP; free some memory "
                       "and start the station again.");
    return CK_OK;
}

/* With --web, the station's web server, said where it is. */
static int open_web(struct station_resources *r, struct ck_error *err)
{
    const struct station_runtime_options *o = r->o;
    if (!o->web)
        return CK_OK;
    /* The token the file keeps: a phone set up before a restart still
     * scans, and the QR code printed for a door still opens it. */
    char token[PHONE_TOKEN_CHARS + 1] = "";
    int code = phone_token_kept(r->s, o->new_token, token, err);
    if (!code)
        code = web_station_start_kept(o->web, o->kiosk, o->tls_cert, o->tls_key,
                                      token, &r->ws, err);
    if (!code)
        web_station_set_cooldown(r->ws, r->cfg.cooldown_ms > 0
                                            ? r->cfg.cooldown_ms
                                            : STATION_COOLDOWN_MS);
    /* Served before the screen's link is said: a lead's link works as
     * soon as the station says it is up. */
    if (!code && station_has(r->st, STATION_TRAIT_PROJECTS)) {
        code = display_sprint_serve_links(r->st, r->ws, NULL, NULL, NULL, err);
        /* And read again for one printed or revoked while it runs. */
        web_station_set_lead_links(r->ws, true);
    }
    int64_t end_ms = 0;
    if (!code)
        code = clock_event_end_ms(r->s, &end_ms, err);
    if (!code)
        web_station_set_cookie_end(r->ws, end_ms - station_clock(r->st, 0));
    if (!code)
        say(o, &(struct station_said){
                   .kind = STATION_SAID_SCREEN,
                   .warning = web_station_warning(r->ws),
                   .url = web_station_url(r->ws),
                   .scan_url = o->kiosk ? NULL : web_station_scan_url(r->ws)});
    if (!code && r->reloads)
        code = start_reloader(r, err);
    /* Phones keep what they read while the station is away under the
     * address they read it on: a new address is said once. */
    if (!code && !o->kiosk)
        code = phone_origin_kept(r->s, web_station_scan_url(r->ws), o->web,
                                 o->tls_cert != NULL, r->moved_warning,
                                 sizeof(r->moved_warning), err);
    if (!code && !o->kiosk)
        code = phones_qr(o, web_station_scan_url(r->ws), err);
    /* The hub first: a booth served is a booth whose CSV may be asked for
     * at once. */
    if (!code && station_has(r->st, STATION_TRAIT_BOOTHS))
        code = booths_from_hub(o, r->ws, &r->expo_hub, err);
    if (!code && station_has(r->st, STATION_TRAIT_BOOTHS))
        code = serve_booths_said(o, r->s, r->ws, err);
    return code;
}

/* The booths' hub is wiped once the server that asks it has stopped. */
static void close_web(struct station_resources *r)
{
    reloader_stop(&r->rl);
    web_station_stop(r->ws);
    sodium_memzero(&r->expo_hub, sizeof(r->expo_hub));
}

/* The web page's screen beside the terminal's or the JSON: the link,
 * with its token, on the terminal only. */
static int add_web_display(struct station_resources *r, struct ck_error *err)
{
    char line[1100];
    /* untranslated: what tests and scripts read for the link, as on
     * standard error (docs/translating.md) */
    snprintf(line, sizeof(line), "Station screen: %s", web_station_url(r->ws));
    if (!r->o->json)
        r->disp->ops->message(r->disp, line);
    display *web = NULL;
    int code = display_web_new(r->ws, r->o->kiosk, &web, err);
    if (!code) {
        display_web_set_station(web, r->st);
        display_web_set_roll(web, r->dp.async);
    }
    if (code)
        display_free(r->disp);
    else
        code = display_tee_new(r->disp, web, &r->disp, err);
    if (code)
        r->disp = NULL; /* freed with the other */
    return code;
}

/* The terminal's screen or the JSON, the stop display and the web page
 * beside it, and what is said once at start on them. */
static int open_displays(struct station_resources *r, struct ck_error *err)
{
    int code = r->o->json ? display_json_new(stdout, &r->disp, err)
                          : display_curses_new(&r->disp, err);
    if (!code && r->stop) {
        /* The stop display waits; the other is asked without waiting. */
        code = display_tee_new(r->stop, r->disp, &r->disp, err);
        r->stop = NULL; /* freed with disp, or already on failure */
        if (code)
            r->disp = NULL;
    }
    if (!code && r->ws)
        code = add_web_display(r, err);
    if (!code && r->clock_warning[0])
        r->disp->ops->message(r->disp, r->clock_warning);
    if (!code && r->moved_warning[0])
        r->disp->ops->message(r->disp, r->moved_warning);
    if (!code && r->dp.missing[0])
        r->disp->ops->message(r->disp, r->dp.missing);
    return code;
}

static void close_displays(struct station_resources *r)
{
    display_free(r->disp);
}

/* The station's loop, woken by what the threads feed it, and, in a
 * file enrolled at a hub, the sync worker on a thread of its own
 * (sync_worker.h); nothing here waits for it but the first sync. */
static int open_loop(struct station_resources *r, struct ck_error *err)
{
    int code = station_loop_new(r->st, &r->lp, err);
    if (code)
        return code;
    r->roll = (struct roll_ctx){&r->dp, r->s};
    if (r->dp.async) {
        station_loop_on_roll(r->lp, new_roll, &r->roll);
        desk_print_wake(&r->dp, station_loop_wake_fd(r->lp));
    }
    if (r->ws)
        web_station_wake(r->ws, station_loop_wake_fd(r->lp));
    if (!r->o->offline)
        code = sync_worker_start_herald(r->o->db, r->o->herald, &r->sw, err);
    r->lw = (struct link_watch){
        r->sw, r->s, station_has(r->st, STATION_TRAIT_BOOTHS) ? r->ws : NULL,
        0};
    if (!code && r->sw) {
        sync_worker_notify(r->sw, station_loop_wake_fd(r->lp));
        station_loop_watch_link(r->lp, link_state, &r->lw);
        if (r->dp.async)
            desk_print_watch(&r->dp, printer_to_hub, r->sw);
        await_first_sync(r->o, r->sw);
    }
    return code;
}

/* The loop's wake fd goes with it: no thread writes it after.  At most
 * 1 s for the last push: the station ends within 2 s of its input
 * closing whatever the hub does (docs/sync.md). */
static void close_loop(struct station_resources *r)
{
    if (r->dp.async) {
        desk_print_watch(&r->dp, NULL, NULL);
        desk_print_wake(&r->dp, -1);
    }
    if (r->ws)
        web_station_wake(r->ws, -1);
    sync_worker_notify(r->sw, -1);
    sync_worker_stop(r->sw, 1000);
    station_loop_free(r->lp);
}

static int station_open_all(struct station_resources *r, struct ck_error *err)
{
    int code = open_signals(r, err);
    if (!code)
        code = open_file(r, err);
    if (!code)
        code = open_web(r, err);
    if (!code)
        code = open_displays(r, err);
    if (!code)
        code = open_loop(r, err);
    return code;
}

static void station_close(struct station_resources *r)
{
    close_loop(r);
    close_displays(r);
    close_web(r);
    close_file(r);
    close_signals(r);
}

int station_runtime_run(const struct station_runtime_options *o,
                        struct ck_error *err)
{
    struct station_resources r = {
        .o = o, .cfg = o->cfg, .rl = {.mu = PTHREAD_MUTEX_INITIALIZER, .o = o}};
    if (kiosk_refused(o, &r.cfg, err))
        return err->code;
    /* Not even the staff's terminal beside a kiosk overrides. */
    r.cfg.self_service = o->kiosk;
    int code = station_open_all(&r, err);
    if (!code) {
        /* The reloader says what came of a SIGHUP on the loop's screen
         * while it runs. */
        reloader_use(&r.rl, r.lp);
        code = station_run(r.lp, r.src, r.disp, !o->json || web_only(o), err);
        reloader_use(&r.rl, NULL);
    }
    station_close(&r);
    return code;
}
