/* The station loop (see checkin/station_loop.h): decode frames, take
 * typed codes and screen events, hand each presentation to the station's
 * rules and show what they decided. */
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "checkin/decode.h"
#include "checkin/display.h"
#include "checkin/i18n.h"
#include "checkin/source.h"
#include "checkin/station_loop.h"
#include "checkin/util.h"

struct station_loop {
    station *st;
    decoder *dec;
    station_link_fn link_get;
    void *link_ctx;
    bool link_shown;
    struct display_link link; /* as last shown */
    /* The link's counters' news as last taken (display_link's
     * checked_in, counts_moved, recount): the worker starts after the
     * station counted, so from 0. */
    long checked_in, counts_moved, recount;
    /* Pulled rows a desk's running count does not cover (or any at
     * another station) since the counters were counted: counted again
     * at once on a screen with a header, else at the next decision
     * (counts_due_now). */
    bool counts_due;
    station_roll_fn roll;
    void *roll_ctx;
    /* The last refusal a supervisor may override: whose, and the code
     * scanned (len 0: chosen by name), so that the override verifies the
     * very code refused. */
    int64_t refused_id;
    uint8_t refused_code[512];
    size_t refused_len;
    /* The last check-in that waits for pretix's questions (issue 49):
     * whose, and the code scanned (len 0: chosen by name). */
    int64_t asked_id;
    uint8_t asked_code[512];
    size_t asked_len;
    int64_t asked_at; /* when it was asked (UTC ms, the result's at_ms) */
    struct station_frame_stats fs;
    int wake; /* eventfd: station_loop_wake_fd */
    /* Sentences other threads gave station_loop_say, oldest first. */
    pthread_mutex_t said_mu;
    char said[STATION_LOOP_SAID][STATION_LOOP_SAID_CAP];
    int nsaid;
    bool screen_hup; /* a screen's fd hung up: turn on the timer instead */
};

/* A screen or source that cannot be slept on is asked this often, as the
 * loop always did. */
enum { TURN_MS = 50, ENDED_TURN_MS = 200, WAIT_FDS = 16 };

int station_loop_wake_fd(const station_loop *lp)
{
    return lp->wake;
}

void station_loop_say(station_loop *lp, const char *text)
{
    pthread_mutex_lock(&lp->said_mu);
    if (lp->nsaid == STATION_LOOP_SAID) { /* the oldest gives way */
        memmove(lp->said[0], lp->said[1],
                sizeof(lp->said[0]) * (size_t)(STATION_LOOP_SAID - 1));
        lp->nsaid--;
    }
    snprintf(lp->said[lp->nsaid++], sizeof(lp->said[0]), "%s", text);
    pthread_mutex_unlock(&lp->said_mu);
    (void)eventfd_write(lp->wake, 1);
}

/* Say on `d` what other threads gave station_loop_say. */
static void say_waiting(station_loop *lp, display *d)
{
    char said[STATION_LOOP_SAID][STATION_LOOP_SAID_CAP];
    pthread_mutex_lock(&lp->said_mu);
    int n = lp->nsaid;
    memcpy(said, lp->said, sizeof(said[0]) * (size_t)n);
    lp->nsaid = 0;
    pthread_mutex_unlock(&lp->said_mu);
    for (int i = 0; d && i < n; i++)
        d->ops->message(d, said[i]);
}

/* Sleep until something has work for the loop: the source (`src`, NULL
 * when it ended), a screen's input, or a write to the wake fd (the hub's
 * news, a print's outcome, a phone's code).  One poll(2) on all of them,
 * with no timeout when every part can be slept on; otherwise at most
 * `turn_ms`.  Whatever woke it is then taken without waiting, so wake-ups
 * that come together are one turn of the loop. */
static void sleep_until_woken(station_loop *lp, source *src, display *d,
                              int turn_ms)
{
    struct pollfd p[WAIT_FDS];
    int n = 0, timeout = -1;
    p[n++] = (struct pollfd){lp->wake, POLLIN, 0};
    if (src) {
        int fd = source_wait_fd(src);
        if (fd >= 0)
            p[n++] = (struct pollfd){fd, POLLIN, 0};
        else
            timeout = turn_ms;
    }
    int screen = n;
    if (d && !lp->screen_hup) {
        int k =
            d->ops->wait_fds ? d->ops->wait_fds(d, p + n, WAIT_FDS - n) : -1;
        if (k < 0)
            timeout = turn_ms;
        else
            n += k;
    } else if (d) {
        timeout = turn_ms;
    }
    if (poll(p, (nfds_t)n, timeout) > 0 && (p[0].revents & POLLIN)) {
        eventfd_t count;
        (void)eventfd_read(lp->wake, &count);
    }
    /* A terminal hung up stays readable with nothing to read: asked on
     * the timer from then on, as before, rather than spun on. */
    for (int i = screen; i < n; i++)
        if (p[i].revents & (POLLHUP | POLLERR | POLLNVAL))
            lp->screen_hup = true;
}

/* Remember what an override would overrule (or forget it). */
static void note_refusal(station_loop *lp, const struct station_result *r,
                         const uint8_t *code, size_t len)
{
    lp->refused_id = r->overridable ? r->attendee_id : 0;
    lp->refused_len = 0;
    if (r->overridable && code && len <= sizeof(lp->refused_code)) {
        memcpy(lp->refused_code, code, len);
        lp->refused_len = len;
    }
    bool asked = r->reason == STATION_REASON_QUESTION;
    lp->asked_id = asked ? r->attendee_id : 0;
    lp->asked_at = asked ? r->at_ms : 0;
    lp->asked_len = 0;
    if (asked && code && len <= sizeof(lp->asked_code)) {
        memcpy(lp->asked_code, code, len);
        lp->asked_len = len;
    }
}

void station_loop_on_roll(station_loop *lp, station_roll_fn fn, void *ctx)
{
    lp->roll = fn;
    lp->roll_ctx = ctx;
}

/* A new roll of labels, said at the desk (issue 30): the forecast starts
 * over, shown in the header at once. */
static void on_roll(station_loop *lp, display *d,
                    const struct display_event *ev)
{
    char said[STATION_STOCK_CAP], msg[STATION_STOCK_CAP + 100];
    struct ck_error e = {0};
    if (!lp->roll) {
        d->ops->message(d, _("This desk has no printer, so it keeps no count "
                             "of labels; start it with --printer."));
        return;
    }
    if (lp->roll(lp->roll_ctx, ev->number, said, sizeof(said), &e)) {
        display_error(d, &e);
        return;
    }
    if (d->ops->stock)
        d->ops->stock(d, said);
    /* TRANSLATORS: then the label-stock forecast ("About 40 labels
     * left, reload in ~15 minutes."). */
    snprintf(msg, sizeof(msg), _("New roll loaded: %s"), said);
    d->ops->message(d, msg);
}

void station_loop_watch_link(station_loop *lp, station_link_fn get, void *ctx)
{
    lp->link_get = get;
    lp->link_ctx = ctx;
}

void display_link_text(const struct display_link *l, char *out, size_t cap)
{
    char tail[400] = "";
    if (l->to_send > 0)
        /* TRANSLATORS: after "In step with the hub" or "OFFLINE since
         * 09:12", on the station's screen. */
        snprintf(tail, sizeof(tail),
                 ngettext(", %ld check-in to send", ", %ld check-ins to send",
                          (unsigned long)l->to_send),
                 l->to_send);
    /* Edits the hub holds for a ticket it lacks: said as the command
     * says them, after the link. */
    char waits[sizeof(l->waiting) + 4] = "";
    if (l->waiting[0])
        snprintf(waits, sizeof(waits), "; %s", l->waiting);
    if (l->leads_held > 0) {
        size_t n = strlen(tail);
        /* TRANSLATORS: %s names the booths. */
        snprintf(tail + n, sizeof(tail) - n,
                 ngettext("; %ld lead of booths closed at the hub held (%s)",
                          "; %ld leads of booths closed at the hub held (%s)",
                          (unsigned long)l->leads_held),
                 l->leads_held, l->held_booths);
    }
    if (l->online) {
        /* TRANSLATORS: the station's link to the hub; %s%s: what is
         * still to send, and what waits. */
        snprintf(out, cap, _("In step with the hub%s%s"), tail, waits);
        return;
    }
    char when[16] = "?";
    time_t t = (time_t)(l->since_ms / 1000);
    struct tm tm;
    if (localtime_r(&t, &tm))
        strftime(when, sizeof(when), "%H:%M", &tm);
    /* TRANSLATORS: %s is the time the link went ("09:12"), then what
     * is still to send, then what waits. */
    snprintf(out, cap,
             _("OFFLINE since %s%s; deciding from this station's own "
               "file%s"),
             when, tail, waits);
}

/* The link's counters' news (all 0 without a link). */
static void link_news(station_loop *lp, struct display_link *out)
{
    memset(out, 0, sizeof(*out));
    if (lp->link_get)
        (void)lp->link_get(lp->link_ctx, out);
}

/* The counters counted again when pulls brought rows a desk's running
 * count does not cover, and the header shown with them.  The count is
 * the news's from then on when no sync ran beside it (a pull it saw is
 * in the worker's news before the count began, and none committed
 * during it); else it is made again at the next chance. */
static void counts_due_now(station_loop *lp, display *d)
{
    if (!lp->counts_due)
        return;
    struct display_link before, after;
    link_news(lp, &before);
    struct ck_error e = {0};
    if (station_recount(lp->st, &e)) {
        display_error(d, &e);
        return;
    }
    link_news(lp, &after);
    lp->checked_in = after.checked_in;
    lp->counts_moved = after.counts_moved;
    lp->recount = after.recount;
    lp->counts_due = before.syncing || after.syncing ||
                     before.sync_starts != after.sync_starts;
    if (d && d->ops->status)
        d->ops->status(d, lp->st);
}

/* Take the pulls' news for the counters: a desk adds the people its
 * pulls checked in or took back (issue 54: it counted the whole journal
 * after each pull); anything else is counted again, at once on a
 * screen with a header, else at its next decision. */
static void take_counts(station_loop *lp, display *d,
                        const struct display_link *now)
{
    if (now->checked_in == lp->checked_in &&
        now->counts_moved == lp->counts_moved && now->recount == lp->recount &&
        !lp->counts_due)
        return;
    long added = now->checked_in - lp->checked_in;
    if (!lp->counts_due &&
        station_pulled(lp->st, added, now->recount != lp->recount)) {
        lp->checked_in = now->checked_in;
        lp->counts_moved = now->counts_moved;
        if (added && d->ops->status)
            d->ops->status(d, lp->st);
        return;
    }
    lp->counts_due = true;
    /* Not while a sync runs: its end wakes the loop (a count beside it
     * would be made again). */
    if (d->ops->status && !now->syncing)
        counts_due_now(lp, d);
}

/* Show the link to the hub when it changed (not every turn). */
static void watch_link(station_loop *lp, display *d)
{
    struct display_link now;
    memset(&now, 0, sizeof(now));
    if (!lp->link_get || !d || !lp->link_get(lp->link_ctx, &now))
        return;
    take_counts(lp, d, &now);
    if (!d->ops->link)
        return;
    if (lp->link_shown && now.online == lp->link.online &&
        now.since_ms == lp->link.since_ms && now.to_send == lp->link.to_send &&
        now.leads_held == lp->link.leads_held &&
        !strcmp(now.held_booths, lp->link.held_booths) &&
        !strcmp(now.problem, lp->link.problem) &&
        now.herald == lp->link.herald && !strcmp(now.waiting, lp->link.waiting))
        return;
    lp->link = now;
    lp->link_shown = true;
    d->ops->link(d, &now);
}

int station_loop_new(station *st, station_loop **out, struct ck_error *err)
{
    *out = NULL;
    station_loop *lp = calloc(1, sizeof(*lp));
    if (!lp)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    lp->st = st;
    pthread_mutex_init(&lp->said_mu, NULL);
    lp->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (lp->wake < 0) {
        pthread_mutex_destroy(&lp->said_mu);
        free(lp);
        return ck_fail(err, CK_EIO,
                       "Cannot make the station loop's wake-up (%s); close "
                       "some programs and start the station again.",
                       strerror(errno));
    }
    struct decoder_options dopt = {DECODE_VIDEO, 0};
    int code = decoder_new(&dopt, &lp->dec, err);
    if (code) {
        close(lp->wake);
        pthread_mutex_destroy(&lp->said_mu);
        free(lp);
        return code;
    }
    *out = lp;
    return CK_OK;
}

void station_loop_free(station_loop *lp)
{
    if (!lp)
        return;
    decoder_free(lp->dec);
    close(lp->wake);
    pthread_mutex_destroy(&lp->said_mu);
    free(lp);
}

int station_poll_prints(station_loop *lp, display *d, int wait_ms)
{
    int n = 0;
    struct station_result r;
    while (station_print_outcome(lp->st, n ? 0 : wait_ms, &r)) {
        if (d)
            d->ops->printed(d, &r);
        station_result_free(&r);
        n++;
    }
    return n;
}

/* Show a decision, then do the printing it owes and show how that went. */
static void show(station *st, display *d, struct station_result *r)
{
    if (d) {
        d->ops->show(d, r);
        if (d->ops->status)
            d->ops->status(d, st);
    }
    if (station_print(st, r) && r->print != STATION_PRINT_QUEUED && d)
        d->ops->printed(d, r);
}

/* A phone's read decided before (r->again): its first answer goes to
 * the phone alone; no screen shows it again, nothing is printed. */
static void answer_again(display *d, const struct station_result *r)
{
    if (r->again && d && d->ops->again)
        d->ops->again(d, r);
}

/* One presentation at source time `t_ms`; a phone's read kept and sent
 * later is decided by the time it was read, `age_ms` before (0: now). */
static int present(station_loop *lp, const uint8_t *code, size_t len,
                   int64_t t_ms, int64_t age_ms, const char *read_id,
                   display *d, int *decided, struct ck_error *err)
{
    station *st = lp->st;
    struct station_result r;
    bool fresh;
    counts_due_now(lp, d);
    int rc = station_present_read(st, code, len, t_ms, age_ms, read_id, &fresh,
                                  &r, err);
    if (!rc && !fresh) {
        answer_again(d, &r);
        station_result_free(&r); /* the first answer's texts (kind->again) */
        return CK_OK;
    }
    if (rc)
        station_result_free(&r);
    if (rc && d && rc != CK_ENOMEM) {
        /* The store could not answer (a read fault): no verdict, nothing
         * recorded; the volunteer is told, and the station goes on. */
        char said[2 * sizeof(err->msg)], msg[sizeof(said) + 128];
        ck_error_say(err, said, sizeof(said));
        /* TRANSLATORS: the store's error, said in the station's language
         * before it. */
        snprintf(msg, sizeof(msg), _("%s No decision was made: scan again."),
                 said);
        d->ops->message(d, msg);
        return CK_OK;
    }
    if (rc)
        return rc;
    if (decided)
        (*decided)++;
    note_refusal(lp, &r, code, len);
    show(st, d, &r);
    station_result_free(&r);
    return CK_OK;
}

int station_feed_frame(station_loop *lp, const struct gray_frame *frame,
                       int64_t t_ms, display *d, int *decided,
                       struct ck_error *err)
{
    if (decided)
        *decided = 0;
    int64_t t0 = util_mono_ns();
    struct decode_result res;
    int rc = decoder_decode(lp->dec, frame, &res, err);
    if (rc)
        return rc;
    for (size_t i = 0; !rc && i < res.count; i++)
        rc = present(lp, res.codes[i].bytes, res.codes[i].len, t_ms, 0, "", d,
                     decided, err);
    decode_result_free(&res);
    int64_t took = util_mono_ns() - t0;
    lp->fs.decoded++;
    if (took > lp->fs.longest_ns)
        lp->fs.longest_ns = took;
    return rc;
}

void station_loop_frame_stats(const station_loop *lp,
                              struct station_frame_stats *out)
{
    struct decode_stats ds;
    decoder_stats(lp->dec, &ds);
    *out = lp->fs;
    out->fallbacks_skipped = ds.fallbacks_skipped;
}

/* A typed or sent code, its line end cut; `age_ms` as present's. */
static int feed_code(station_loop *lp, const uint8_t *code, size_t len,
                     int64_t t_ms, int64_t age_ms, const char *read_id,
                     display *d, int *decided, struct ck_error *err)
{
    if (decided)
        *decided = 0;
    while (len && (code[len - 1] == '\n' || code[len - 1] == '\r'))
        len--;
    if (!len)
        return CK_OK;
    return present(lp, code, len, t_ms, age_ms, read_id, d, decided, err);
}

int station_feed_code(station_loop *lp, const uint8_t *code, size_t len,
                      int64_t t_ms, display *d, int *decided,
                      struct ck_error *err)
{
    return feed_code(lp, code, len, t_ms, 0, "", d, decided, err);
}

/* A supervisor's undo of the check-in of the person on the screen or
 * chosen by name (issue 30): shown as its own verdict. */
static void on_undo(station_loop *lp, display *d, struct display_event *ev)
{
    station *st = lp->st;
    struct ck_error e = {0};
    struct station_result r;
    if (station_undo(st, ev->id, ev->text, ev->pin,
                     station_clock(st, station_source_now(st)), &r, &e)) {
        display_error(d, &e);
    } else {
        lp->refused_id = 0;
        d->ops->show(d, &r);
        /* The undo counted the file again beside the sync worker: made
         * again so that the running count stays exact (counts_due_now). */
        lp->counts_due = true;
        counts_due_now(lp, d);
    }
    station_result_free(&r);
}

/* A code a sponsor's phone read at the expo hall (issue 31): decided for
 * its booth, with the booth's own cooldown. */
static void on_booth_code(station_loop *lp, display *d,
                          const struct display_event *ev)
{
    station *st = lp->st;
    struct ck_error e = {0};
    struct station_result r;
    bool fresh = false;
    if (station_expo_present_read(st, ev->booth, (const uint8_t *)ev->text,
                                  strlen(ev->text), station_source_now(st),
                                  ev->read_age_ms, ev->read_id, &fresh, &r, &e))
        display_error(d, &e);
    else if (fresh)
        show(st, d, &r);
    else
        answer_again(d, &r);
    station_result_free(&r);
}

/* The desk's confirm of a pre-printed badge handed over (issue 55),
 * before any of the group's: true when the person had one (handed over
 * now, or refused as handed over before), said on the screen. */
static bool on_preprint(station *st, display *d, int64_t id, int64_t at_ms)
{
    struct ck_error e = {0};
    struct preprint p;
    bool offered = false;
    if (station_preprint_hand(st, id, at_ms, &offered, &p, &e)) {
        display_error(d, &e);
        return true;
    }
    if (!offered)
        return false;
    char said[STATION_TEXT_CAP];
    /* TRANSLATORS: the box's label, then the badge's position in it. */
    snprintf(said, sizeof(said),
             _("Handed over: the pre-printed badge from box %s, #%ld."), p.box,
             p.position);
    d->ops->message(d, said);
    return true;
}

/* The others of an order, confirmed by the volunteer (issue 30.5): one
 * verdict naming everyone checked in and everyone left out. */
static void on_group(station_loop *lp, display *d, struct display_event *ev)
{
    station *st = lp->st;
    struct ck_error e = {0};
    struct station_result r;
    int64_t at_ms = station_clock(st, station_source_now(st));
    if (ev->kind == DISPLAY_GROUP && on_preprint(st, d, ev->id, at_ms))
        return;
    if (ev->kind == DISPLAY_GROUP_OVERRIDE
            ? station_override_group(st, ev->id, ev->text, ev->pin, at_ms, &r,
                                     &e)
            : station_checkin_group(st, ev->id, at_ms, &r, &e))
        display_error(d, &e);
    else
        show(st, d, &r);
    station_result_free(&r);
}

/* A form's text field `name`: NULL when absent or empty; *bad gets the
 * sentence for one that is not text. */
static const char *form_text(json_t *o, const char *name, const char **bad)
{
    json_t *v = json_object_get(o, name);
    if (v && !json_is_string(v) && !json_is_null(v) && !*bad)
        *bad = name;
    const char *t = json_string_value(v);
    return t && *t ? t : NULL;
}

/* A walk-in registered at the desk (issue 30): checked in and shown as a
 * person chosen by name, their badge printed. */
static void on_register(station_loop *lp, display *d, struct display_event *ev)
{
    station *st = lp->st;
    json_t *o = json_loads(ev->form, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        d->ops->message(d, _("The walk-in's form did not arrive whole; fill "
                             "it in again."));
        return;
    }
    const char *bad = NULL;
    struct registration_walkin w = {0};
    w.ticket_type = form_text(o, "ticket_type", &bad);
    w.given_name = form_text(o, "given_name", &bad);
    w.family_name = form_text(o, "family_name", &bad);
    w.email = form_text(o, "email", &bad);
    w.company = form_text(o, "company", &bad);
    const char *payment = form_text(o, "payment", &bad);
    const char *reason = form_text(o, "comp_reason", &bad);
    /* The tutorials ticked: slugs, judged by registration_walkin. */
    const char *tuts[ATTENDEE_MAX_TUTORIALS + 1];
    json_t *ta = json_object_get(o, "tutorials"), *t;
    size_t i;
    if (ta && !json_is_array(ta) && !json_is_null(ta) && !bad)
        bad = "tutorials";
    json_array_foreach(ta, i, t)
    {
        if (!json_is_string(t) && !bad)
            bad = "tutorials";
        else if (json_is_string(t) &&
                 w.ntutorials < sizeof(tuts) / sizeof(*tuts))
            tuts[w.ntutorials++] = json_string_value(t);
    }
    w.tutorials = tuts;
    char msg[sizeof(ev->form) + 200];
    if (bad) {
        snprintf(msg, sizeof(msg),
                 /* TRANSLATORS: the form's field, as the page names it
                  * ("name", "email"). */
                 _("The walk-in's \"%s\" is not text; fill in the form "
                   "again."),
                 bad);
    } else if (!payment ||
               (strcmp(payment, "paid") && strcmp(payment, "pending") &&
                strcmp(payment, "comp"))) {
        snprintf(msg, sizeof(msg),
                 /* TRANSLATORS: pending and comp are the form's words
                  * for these choices. */
                 _("Say whether the walk-in paid, will pay later (pending) "
                   "or comes free (comp)."));
        bad = "payment";
    } else {
        w.pending = !strcmp(payment, "pending");
        /* A comp with no reason is refused by registration_walkin. */
        w.comp_reason =
            !strcmp(payment, "comp") ? (reason ? reason : "") : NULL;
    }
    if (bad) {
        json_decref(o);
        d->ops->message(d, msg);
        return;
    }
    struct ck_error e = {0};
    struct station_result r;
    if (station_walkin(st, &w, ev->pin,
                       station_clock(st, station_source_now(st)), &r, &e))
        display_error(d, &e);
    else {
        note_refusal(lp, &r, NULL, 0);
        show(st, d, &r);
    }
    station_result_free(&r);
    json_decref(o);
}

/* The badge name person `id` has in effect now, into `out` ("" when
 * they cannot be read). */
static void badge_name_now(station *st, int64_t id, char *out, size_t cap)
{
    struct attendee_list l = {0};
    struct ck_error ignored = {0};
    out[0] = '\0';
    if (station_attendee(st, id, &l, &ignored) == CK_OK && l.n &&
        l.items[0].badge_name)
        snprintf(out, cap, "%s", l.items[0].badge_name);
    attendee_list_free(&l);
}

/* The volunteer's sentence for a correction `done` of person `name`
 * (their badge name now; "" when it cannot be read) at this desk. */
static void corrected_said(station *st, const char *name,
                           const struct station_edit_done *done, char *out,
                           size_t cap)
{
    if (!name[0])
        /* TRANSLATORS: in "Corrected %s (...)" when the person's name
         * cannot be read. */
        name = _("the attendee");
    if (done->who[0])
        snprintf(out, cap,
                 /* TRANSLATORS: the person's badge name, how many of
                  * their fields changed, the desk, the supervisor who
                  * allowed it. */
                 ngettext("Corrected %s (%zu field) at %s, allowed by %s; "
                          "the export's values are kept beside the "
                          "correction.",
                          "Corrected %s (%zu fields) at %s, allowed by %s; "
                          "the export's values are kept beside the "
                          "correction.",
                          (unsigned long)done->changed),
                 name, done->changed, station_name(st), done->who);
    else
        snprintf(out, cap,
                 /* TRANSLATORS: as above, with no supervisor asked. */
                 ngettext("Corrected %s (%zu field) at %s; the export's "
                          "values are kept beside the correction.",
                          "Corrected %s (%zu fields) at %s; the export's "
                          "values are kept beside the correction.",
                          (unsigned long)done->changed),
                 name, done->changed, station_name(st));
}

/* A correction made at the desk (issue 30): said in one sentence, the
 * person shown with their name now, and a reprint offered when the badge
 * they carry shows the name it had. */
static void on_edit(station_loop *lp, display *d, struct display_event *ev)
{
    station *st = lp->st;
    json_t *o = json_loads(ev->form, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        d->ops->message(d, _("The correction did not arrive whole; make it "
                             "again."));
        return;
    }
    struct registration_edit edits[FIELD_COUNT + 1];
    size_t n = 0;
    const char *bad = NULL;
    /* A name known only whole, corrected as one field (issue 49):
     * registration_edit refuses it beside a given or family name. */
    json_t *whole = json_object_get(o, REGISTRATION_WHOLE_NAME);
    if (whole && !json_is_string(whole))
        bad = REGISTRATION_WHOLE_NAME;
    else if (whole)
        edits[n++] = (struct registration_edit){REGISTRATION_WHOLE_NAME,
                                                json_string_value(whole)};
    for (int f = 0; f < FIELD_COUNT; f++) {
        const char *name = registration_field_str((enum registration_field)f);
        json_t *v = json_object_get(o, name);
        if (v && !json_is_string(v) && !bad)
            bad = name;
        if (json_is_string(v))
            edits[n++] = (struct registration_edit){name, json_string_value(v)};
    }
    char msg[700];
    struct ck_error e = {0};
    struct station_edit_done done;
    bool ok = false;
    char was[4 * 200 + 1], now[sizeof(was)];
    badge_name_now(st, ev->id, was, sizeof(was));
    if (bad)
        snprintf(msg, sizeof(msg),
                 /* TRANSLATORS: the form's field ("name", "email"). */
                 _("The correction's \"%s\" is not text; make it again."), bad);
    else if (!n)
        snprintf(msg, sizeof(msg),
                 _("Change at least one of the name, badge name, pronouns, "
                   "company or email."));
    else if (!station_edit(st, ev->id, edits, n, ev->pin,
                           station_clock(st, station_source_now(st)), &done,
                           &e))
        ok = true;
    else
        ck_error_say(&e, msg, sizeof(msg));
    /* A refusal goes back to the form that sent it (issue 30). */
    if (ok) {
        /* Before their check-in, the badge is yet to print, with `now`. */
        bool printed = false;
        struct ck_error ignored = {0};
        if (station_checked_in(st, ev->id, &printed, &ignored))
            printed = true;
        badge_name_now(st, ev->id, now, sizeof(now));
        corrected_said(st, now, &done, msg, sizeof(msg));
        display_corrected(d, ev->id, now,
                          printed && strcmp(was, now) ? was : "", msg);
    } else
        display_refused(d, DISPLAY_EDIT, msg);
    json_decref(o);
}

/* The answers to pretix's questions a volunteer gave for the check-in
 * on the screen that waited for them (issue 49): the person admitted,
 * or asked again what is still unanswered. */
/* When the screen's answers are decided: now, and never before the
 * question they answer, which a source faster than the clock (frames
 * from files, `checkin demo`'s synthetic camera) may have asked at a time
 * ahead of the station's own now. */
static int64_t answered_at(const station_loop *lp, bool phone)
{
    int64_t now = station_clock(lp->st, station_source_now(lp->st));
    return !phone && now < lp->asked_at ? lp->asked_at : now;
}

static void on_answer(station_loop *lp, display *d, struct display_event *ev)
{
    station *st = lp->st;
    /* A phone sends the code it asked about with the answers (several
     * phones may ask at one door at once); a screen answers the verdict
     * it shows, the last one asked. */
    bool phone = ev->number == 1 && ev->text[0];
    if (!phone && (!ev->id || ev->id != lp->asked_id)) {
        d->ops->message(d, _("Scan the person's code again, then answer the "
                             "questions shown."));
        return;
    }
    json_t *o = json_loads(ev->form, 0, NULL);
    struct station_given given[ASK_MAX];
    size_t n = 0;
    const char *k;
    json_t *v;
    bool whole = json_is_object(o);
    json_object_foreach(o, k, v)
    {
        if (!json_is_string(v) || n == ASK_MAX)
            whole = false;
        else
            given[n++] = (struct station_given){k, json_string_value(v)};
    }
    struct ck_error e = {0};
    struct station_result r;
    /* The code asked about, as note_refusal may keep it again. */
    uint8_t code[sizeof(lp->asked_code)];
    size_t len = lp->asked_len;
    if (phone) {
        len = strnlen(ev->text, sizeof(ev->text));
        len = len < sizeof(code) ? len : sizeof(code);
        memcpy(code, ev->text, len);
    } else {
        memcpy(code, lp->asked_code, len);
    }
    if (!whole)
        d->ops->message(d, _("The answers did not arrive whole; answer the "
                             "questions again."));
    else if (station_answer(st, len ? code : NULL, len, ev->id, given, n,
                            answered_at(lp, phone), &r, &e))
        display_error(d, &e);
    else {
        note_refusal(lp, &r, len ? code : NULL, len);
        show(st, d, &r);
    }
    if (whole)
        station_result_free(&r);
    json_decref(o);
}

/* A code typed or scanned at the screen: a booth's, or the station's
 * own, decided as a camera's read is. */
static void on_code(station_loop *lp, display *d, struct display_event *ev,
                    int64_t now_t)
{
    struct ck_error e = {0};
    if (ev->booth[0]) {
        on_booth_code(lp, d, ev);
        return;
    }
    if (feed_code(lp, (const uint8_t *)ev->text, strlen(ev->text), now_t,
                  ev->read_age_ms, ev->read_id, d, NULL, &e))
        display_error(d, &e);
}

/* A phone's read sent again. */
static void on_repeat(station_loop *lp, display *d, struct display_event *ev)
{
    station *st = lp->st;
    struct ck_error e = {0};
    struct station_result r = {0};
    /* Said from the file, as a repeat the rules answer: one writer of
     * the sentence and the line.  A read the file does not hold (not
     * recorded) has nothing to say. */
    bool known = false;
    if (station_read_again(st, ev->booth, ev->read_id, &known, &r, &e))
        display_error(d, &e);
    else if (known)
        answer_again(d, &r);
    station_result_free(&r);
}

/* A search by name: the people found, kept in `found` for a pick. */
static void on_search(station_loop *lp, display *d, struct display_event *ev,
                      struct attendee_list *found)
{
    struct ck_error e = {0};
    char msg[700];
    attendee_list_free(found);
    if (station_search(lp->st, ev->text, found, &e)) {
        display_error(d, &e);
        return;
    }
    d->ops->results(d, found);
    if (found->n == 0) {
        snprintf(msg, sizeof(msg),
                 _("Nobody matches \"%s\"; try part of the name, the "
                   "email or the order code."),
                 ev->text);
        d->ops->message(d, msg);
    }
}

/* One of the people a search found, checked in by hand. */
static void on_pick(station_loop *lp, display *d, struct display_event *ev,
                    const struct attendee_list *found, int64_t now_t)
{
    station *st = lp->st;
    struct ck_error e = {0};
    struct station_result r = {0};
    if (ev->number < 0 || (size_t)ev->number >= found->n) {
        d->ops->message(d, _("Choose one of the numbers shown."));
    } else if (station_checkin_manual(st, found->items[ev->number].id,
                                      station_clock(st, now_t), &r, &e)) {
        display_error(d, &e);
    } else {
        d->ops->results(d, NULL);
        note_refusal(lp, &r, NULL, 0);
        show(st, d, &r);
    }
    station_result_free(&r);
}

/* A supervisor's override of the refusal on the screen. */
static void on_override(station_loop *lp, display *d, struct display_event *ev,
                        int64_t now_t)
{
    station *st = lp->st;
    struct ck_error e = {0};
    struct station_result r = {0};
    /* Only the refusal on the screen: the code refused, verified
     * again, or the person chosen by name. */
    if (!ev->id || ev->id != lp->refused_id) {
        d->ops->message(d, _("Scan the person's code again, then "
                             "override the refusal shown."));
    } else if (station_override(st, lp->refused_len ? lp->refused_code : NULL,
                                lp->refused_len, ev->id, ev->text, ev->pin,
                                station_clock(st, now_t), &r, &e)) {
        display_error(d, &e);
    } else {
        lp->refused_id = 0;
        show(st, d, &r);
    }
    station_result_free(&r);
}

/* A counter's last redemption, M for L (issue 29.4). */
static void on_swap(station_loop *lp, display *d, struct display_event *ev,
                    int64_t now_t)
{
    station *st = lp->st;
    struct ck_error e = {0};
    struct station_result r = {0};
    if (station_swap(st, ev->text, station_clock(st, now_t), &r, &e))
        display_error(d, &e);
    else
        show(st, d, &r);
    station_result_free(&r);
}

/* An event from the screen, handed to what it asks for; the PIN it may
 * carry wiped after. */
static void on_event(station_loop *lp, display *d, struct display_event *ev,
                     struct attendee_list *found)
{
    station *st = lp->st;
    struct ck_error e = {0};
    int64_t now_t = station_source_now(st);
    counts_due_now(lp, d);
    switch (ev->kind) {
    case DISPLAY_CODE:
        on_code(lp, d, ev, now_t);
        break;
    case DISPLAY_REPEAT:
        on_repeat(lp, d, ev);
        break;
    case DISPLAY_SEARCH:
        on_search(lp, d, ev, found);
        break;
    case DISPLAY_PICK:
        on_pick(lp, d, ev, found, now_t);
        break;
    case DISPLAY_DIRECTION:
        station_set_direction(st, station_direction(st) == DIRECTION_IN
                                      ? DIRECTION_OUT
                                      : DIRECTION_IN);
        d->ops->message(d, station_direction(st) == DIRECTION_OUT
                               ? _("Now scanning people LEAVING the room.")
                               : _("Now scanning people ENTERING the room."));
        if (d->ops->status)
            d->ops->status(d, st);
        break;
    case DISPLAY_NOTE:
        if (station_lead_note(st, ev->id, ev->text, ev->number, &e))
            display_error(d, &e);
        else
            d->ops->message(d, _("Note saved."));
        break;
    case DISPLAY_OVERRIDE:
        on_override(lp, d, ev, now_t);
        break;
    case DISPLAY_REPRINT:
        if (station_reprint(st, ev->id, ev->text, ev->pin, &e))
            display_error(d, &e);
        else
            d->ops->message(d, _("Reprint sent to the printer."));
        break;
    case DISPLAY_UNDO:
        on_undo(lp, d, ev);
        break;
    case DISPLAY_GROUP:
    case DISPLAY_GROUP_OVERRIDE:
        on_group(lp, d, ev);
        break;
    case DISPLAY_SWAP:
        on_swap(lp, d, ev, now_t);
        break;
    case DISPLAY_REGISTER:
        on_register(lp, d, ev);
        break;
    case DISPLAY_EDIT:
        on_edit(lp, d, ev);
        break;
    case DISPLAY_ROLL:
        on_roll(lp, d, ev);
        break;
    case DISPLAY_ANSWER:
        on_answer(lp, d, ev);
        break;
    default:
        break;
    }
    sodium_memzero(ev->pin, sizeof(ev->pin));
}

int station_run(station_loop *lp, source *src, display *d, bool linger,
                struct ck_error *err)
{
    station *st = lp->st;
    struct attendee_list found = {0};
    bool ended = src == NULL;
    int rc = CK_OK;
    /* Only a live camera can leave the station behind: files and the
     * synthetic camera wait for it, so every pass may run on every frame
     * and what is read does not depend on how busy the machine is. */
    if (src)
        decoder_set_budget(lp->dec, src->ops->waiting ? 0 : DECODE_BUDGET_NONE);
    if (d) {
        if (d->ops->status)
            d->ops->status(d, st);
        /* Said once: everyone at this desk may override and reprint. */
        const char *notice = station_supervisor_notice(st);
        if (notice && d->ops->notice)
            d->ops->notice(d, notice);
    }
    /* A source that waits inside source_next (a camera, a file) is asked
     * with a wait; one with an fd (a keyboard's lines) without, and the
     * loop then sleeps in sleep_until_woken. */
    bool src_fd = src && source_wait_fd(src) >= 0;
    for (;;) {
        /* A screen hands out one event a turn and may hold more already
         * read: the loop sleeps only after a turn without one. */
        bool busy = false;
        if (d) {
            struct display_event ev = {0};
            d->ops->poll(d, 0, &ev);
            if (ev.kind == DISPLAY_QUIT)
                break;
            if (ev.kind != DISPLAY_NONE) {
                on_event(lp, d, &ev, &found);
                if (d->ops->settled)
                    d->ops->settled(d);
                busy = true;
            }
        }
        station_poll_prints(lp, d, 0);
        watch_link(lp, d);
        say_waiting(lp, d);
        if (ended) {
            if (!linger || !d)
                break;
            if (!busy)
                sleep_until_woken(lp, NULL, d, ENDED_TURN_MS);
            continue;
        }
        struct source_item it;
        rc = source_next(src, src_fd ? 0 : TURN_MS, &it, err);
        /* Behind the camera: decode its newest frame, not the oldest. */
        while (!rc && it.kind == SOURCE_FRAME && source_frame_waiting(src)) {
            rc = source_next(src, 0, &it, err);
            if (!rc && it.kind == SOURCE_FRAME)
                lp->fs.dropped++;
        }
        if (rc)
            break;
        if (it.kind == SOURCE_END) {
            ended = true;
        } else if (it.kind == SOURCE_FRAME) {
            rc = station_feed_frame(lp, &it.frame, it.t_ms, d, NULL, err);
        } else if (it.kind == SOURCE_CODE) {
            rc = station_feed_code(lp, it.code, it.len, it.t_ms, d, NULL, err);
        } else if (it.kind == SOURCE_IDLE && src_fd && !busy) {
            sleep_until_woken(lp, src, d, TURN_MS);
        }
        if (rc)
            break;
    }
    /* Labels still printing are waited for, so that their outcome is
     * shown; the print hook's own timeouts end each one, and a minute
     * without any outcome ends the wait. */
    if (station_prints_pending(st) && d)
        d->ops->message(d, _("Waiting for the labels still printing..."));
    for (int idle = 0; station_prints_pending(st) && idle < 60;)
        idle = station_poll_prints(lp, d, 1000) ? 0 : idle + 1;
    attendee_list_free(&found);
    return rc;
}
