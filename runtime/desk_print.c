/* See desk_print.h. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>

#include "checkin/atomic_file.h"
#include "checkin/credential.h"
#include "checkin/desk_print.h"
#include "checkin/i18n.h"
#include "checkin/station_sentence.h"
#include "checkin/store_sql.h"
#include "checkin/util.h"
#include "checkin/vec.h"

/* How often the worker looks for a printer that was not there. */
#define REOPEN_MS 500
/* How often an idle worker asks the printer its state. */
#define STATUS_MS 2000

/* Whether a printer_open failure means the printer is simply not there
 * (yet): unplugged, off, not answering, no such device. */
static bool absent(int code)
{
    return code == CK_ENOTFOUND || code == CK_EDEVICE || code == CK_EIO;
}

/* Open the printer if it has come; whether it is open. */
static bool reopen(struct desk_print *dp)
{
    if (dp->p || !dp->uri)
        return dp->p != NULL;
    struct ck_error e = {0};
    if (printer_open(dp->uri, &dp->popt, &dp->p, &e))
        return false;
    badge_printer_set_printer(dp->bp, dp->p);
    return true;
}

/* Note what the printer said (the worker's thread) and tell the watcher:
 * `message`, said from `e` when `e` is not NULL (kept beside it, to be
 * said again in the organizer's language at the hub). */
static void publish(struct desk_print *dp, enum printer_state state,
                    const char *message, const struct ck_error *e)
{
    struct desk_print_status st = {0};
    if (e && ck_error_keep(e, st.kept, sizeof(st.kept)))
        snprintf(st.english, sizeof(st.english), "%s", e->msg);
    if (!st.english[0] || strlen(e->msg) >= sizeof(st.english))
        st.kept[0] = st.english[0] = '\0';
    snprintf(st.printer, sizeof(st.printer), "%s",
             dp->p     ? printer_describe(dp->p)
             : dp->uri ? dp->uri
                       : "");
    /* Printed and sent are what a job did; the printer is ready after.
     * One that cannot be asked is known only when it fails. */
    snprintf(st.state, sizeof(st.state), "%s",
             dp->cannot_ask && !printer_state_is_fault(state) ? "unknown"
             : state == PRINTER_PRINTED || state == PRINTER_SENT
                 ? printer_state_str(PRINTER_READY)
                 : printer_state_str(state));
    snprintf(st.message, sizeof(st.message), "%s", message);
    st.at_ms = store_now_ms();
    dp->looked_ms = util_mono_ms();
    if (!dp->async)
        return;
    /* The forecast from this printer's jobs, on the worker's own
     * connection; a store that cannot answer leaves it unsaid. */
    bool empty = state == PRINTER_NO_MEDIA || state == PRINTER_END_OF_ROLL;
    /* Out of labels, then ready: a new roll was loaded, of the size the
     * desk was told (or the standard one); its labels count from now. */
    if (dp->stock.empty && !empty && !printer_state_is_fault(state))
        dp->stock.loaded_ms = st.at_ms;
    dp->stock.empty = empty;
    struct ck_error ignored = {0};
    if (label_stock_forecast(dp->ws, dp->uri, &dp->stock, empty, st.at_ms,
                             &st.labels, &ignored) != CK_OK)
        st.labels = (struct label_forecast){0};
    pthread_mutex_lock(&dp->mu);
    dp->roll_size = dp->stock.roll;
    dp->status = st;
    if (dp->on_status)
        dp->on_status(dp->on_status_ctx, &dp->status);
    pthread_mutex_unlock(&dp->mu);
}

/* The printer's state `st` as a sentence in the station's language
 * (printer_status_fail's, said through the catalogue: issue 53), with
 * the labels `wanted` (NULL: those it reports) to load when it has none. */
static void status_sentence(struct desk_print *dp,
                            const struct printer_status *st,
                            const struct media *wanted, char *out, size_t cap,
                            struct ck_error *e /* out */)
{
    ck_error_clear(e);
    (void)printer_status_fail(printer_describe(dp->p), st,
                              printer_get_model(dp->p), wanted, e);
    ck_error_say(e, out, cap);
}

/* The sentence for a printer that can print: "QL-800 on usb 1-2 is
 * ready.", or for one that cannot be asked, that it cannot say. */
static void ready_sentence(struct desk_print *dp,
                           const struct printer_status *st, char *out,
                           size_t cap, struct ck_error *e /* out */)
{
    ck_error_clear(e);
    if (dp->cannot_ask)
        snprintf(out, cap,
                 _("%s cannot report its state; check by eye that the labels "
                   "come out."),
                 printer_describe(dp->p));
    else
        status_sentence(dp, st, NULL, out, cap, e);
}

/* Look at the printer while the desk is idle: a printer that was not
 * there is looked for, one that answers is asked (a fault or its
 * clearing is known before the next person comes), one that cannot be
 * asked keeps what its last print said. */
static void look(struct desk_print *dp)
{
    if (!reopen(dp)) {
        bool usb = dp->uri && !strncmp(dp->uri, "usb:", 4);
        publish(dp, usb ? PRINTER_UNPLUGGED : PRINTER_NOT_ANSWERING,
                dp->missing, NULL);
        return;
    }
    if (dp->cannot_ask && dp->status.state[0]) {
        char message[STATION_TEXT_CAP];
        pthread_mutex_lock(&dp->mu);
        snprintf(message, sizeof(message), "%s", dp->status.message);
        enum printer_state state = PRINTER_READY; /* also for "unknown" */
        for (int k = PRINTER_READY; k <= PRINTER_OTHER_ERROR; k++)
            if (!strcmp(dp->status.state, printer_state_str(k)))
                state = (enum printer_state)k;
        struct ck_error again = {0};
        ck_error_unkeep(&again, CK_EDEVICE, dp->status.english,
                        dp->status.kept);
        pthread_mutex_unlock(&dp->mu);
        publish(dp, state, message, &again);
        return;
    }
    struct printer_status st;
    struct ck_error e = {0};
    char message[STATION_TEXT_CAP];
    struct media wanted;
    bool known = dp->popt.media &&
                 printer_media_parse(dp->popt.media, &wanted, NULL) == CK_OK;
    int query = printer_query(dp->p, &st, &e);
    if (!dp->stock.roll && st.answered && st.media_known) {
        /* No roll said: the standard roll of the labels it reports. */
        dp->stock.roll = label_stock_standard_roll(
            &st.media,
            known && wanted.length_mm ? wanted.length_mm : dp->stock.label_mm);
        dp->stock.standard = dp->stock.roll > 0;
    }
    if (query) {
        ck_error_say(&e, message, sizeof(message));
        /* Out of labels: name the labels this desk was given (--media). */
        if (known &&
            (st.state == PRINTER_NO_MEDIA || st.state == PRINTER_END_OF_ROLL))
            status_sentence(dp, &st, &wanted, message, sizeof(message), &e);
    } else {
        /* A printer that cannot be asked says so without a word. */
        dp->cannot_ask = !st.answered;
        ready_sentence(dp, &st, message, sizeof(message), &e);
    }
    publish(dp, st.state, message, &e);
}

/* What a print pass said of the printer. */
static void after_print(struct desk_print *dp,
                        const struct print_queue_report *rep)
{
    char message[STATION_TEXT_CAP];
    struct ck_error e = {0};
    const struct ck_error *said = &e;
    if (rep->message[0] && printer_state_is_fault(rep->state)) {
        /* In the station's language, as status_sentence's. */
        ck_error_say(&rep->error, message, sizeof(message));
        said = &rep->error;
    } else {
        struct printer_status st = {.state = PRINTER_READY};
        ready_sentence(dp, &st, message, sizeof(message), &e);
    }
    publish(dp, printer_state_is_fault(rep->state) ? rep->state : PRINTER_READY,
            message, said);
}

/* Owe `attendee_id` a word when the missing printer comes (dp->owed).
 * Out of memory, the word is not said; the request's own outcome already
 * said the labels wait in the queue. */
static void owe(struct desk_print *dp, int64_t attendee_id)
{
    for (size_t i = 0; i < dp->nowed; i++)
        if (dp->owed[i] == attendee_id)
            return;
    if (CK_VEC_ROOM(dp->owed, dp->nowed, 1, dp->owed_cap))
        dp->owed[dp->nowed++] = attendee_id;
}

static bool owed(const struct desk_print *dp, int64_t attendee_id)
{
    for (size_t i = 0; i < dp->nowed; i++)
        if (dp->owed[i] == attendee_id)
            return true;
    return false;
}

/* Print now, on the calling thread, with store `s`.  *confirmed: the
 * printer reported every label printed (not only took them). */
static int print_now(struct desk_print *dp, int64_t attendee_id,
                     const char *reprint, bool *confirmed, struct ck_error *err)
{
    struct print_queue_report rep;
    *confirmed = false;
    if (dp->ks) {
        /* Rotated while the desk runs: sign with the newest key the hub
         * sealed to it from this label on (the old one stays valid for
         * what it printed). */
        struct ck_error kerr;
        credential_refresh_desk_key(dp->ks, dp->db, &dp->key, NULL, &kerr);
    }
    bool have = reopen(dp);
    int code = badge_printer_print(dp->bp, attendee_id, reprint, &rep, err);
    if (code)
        return code;
    if (!have) {
        dp->backlog = true;
        owe(dp, attendee_id);
        return ck_fail(err, CK_EDEVICE, "%s", dp->missing);
    }
    after_print(dp, &rep);
    dp->labels += (long)(rep.printed + rep.sent);
    if (rep.message[0]) {
        if (err)
            *err = rep.error;
        return CK_EDEVICE;
    }
    *confirmed = rep.printed > 0 && rep.sent == 0;
    return CK_OK;
}

/* Whether job `j` is of the labels this printer prints: an auction
 * door's its paddles, a desk's the badges and tickets (one file may be
 * both, at different times). */
static bool mine(const struct desk_print *dp, const struct job *j)
{
    return (j->kind == JOB_PADDLE) == dp->paddles;
}

/* Why job `j`, failed, did not print, into `why`: the pass's own error
 * when the job failed in it (kept whole, so a screen says it in the
 * station's language), else the job's stored sentence, rebuilt from what
 * it was made of (local schema 28) to be said in the station's language
 * too; an older row's English as it is. */
static void failed_why(const struct job *j,
                       const struct print_queue_report *rep,
                       struct ck_error *why)
{
    if (!j->error || !strcmp(j->error, rep->message))
        *why = rep->error;
    else
        ck_error_unkeep(why, CK_EDEVICE, j->error, j->error_kept);
}

/* How the newest job of each of a person's labels stands: *printed when
 * every one printed, else why one failed or waits into `why` (no
 * sentence when they were all sent or printed). */
static int labels_outcome(struct desk_print *dp, int64_t attendee_id,
                          const struct print_queue_report *rep, bool *printed,
                          struct ck_error *why, struct ck_error *err)
{
    struct job_list jl;
    *printed = false;
    memset(why, 0, sizeof(*why));
    int code = jobs_for_attendee(dp->ws, attendee_id, &jl, err);
    if (code)
        return code;
    bool all_printed = true;
    size_t seen = 0;
    for (size_t i = 0; i < jl.n; i++) {
        const struct job *j = &jl.items[i];
        if (!mine(dp, j))
            continue;
        seen++;
        bool newest = true;
        for (size_t k = i + 1; k < jl.n && newest; k++)
            newest = !(jl.items[k].kind == j->kind &&
                       jl.items[k].tutorial_id == j->tutorial_id);
        if (!newest)
            continue;
        all_printed = all_printed && j->state == JOB_PRINTED;
        if (!why->msg[0] && j->state == JOB_FAILED)
            failed_why(j, rep, why);
        else if (!why->msg[0] && j->state == JOB_QUEUED && rep->message[0])
            *why = rep->error;
        else if (!why->msg[0] && j->state == JOB_QUEUED)
            ck_fail(why, CK_EDEVICE,
                    "The labels are still queued; they print with the next "
                    "person's.");
    }
    *printed = seen > 0 && all_printed;
    job_list_free(&jl);
    return CK_OK;
}

/* A first print whose jobs the station queued with the check-in: run the
 * printer's queue (everything waiting, oldest first, so a label left by
 * a crash comes out before this person's) and say how this person's
 * labels stand. */
static int flush_for(struct desk_print *dp, int64_t attendee_id,
                     bool *confirmed, struct ck_error *err)
{
    struct print_queue_report rep;
    *confirmed = false;
    /* A check-in shown NOT RECORDED (the journal was locked) queued
     * nothing: its labels are queued and printed here, as before. */
    struct job_list jl;
    int code = jobs_for_attendee(dp->ws, attendee_id, &jl, err);
    if (code)
        return code;
    size_t n = 0;
    for (size_t i = 0; i < jl.n; i++)
        n += mine(dp, &jl.items[i]);
    job_list_free(&jl);
    if (!n)
        return print_now(dp, attendee_id, NULL, confirmed, err);
    if (dp->ks) {
        struct ck_error kerr;
        credential_refresh_desk_key(dp->ks, dp->db, &dp->key, NULL, &kerr);
    }
    if (!reopen(dp)) {
        dp->backlog = true;
        owe(dp, attendee_id);
        return ck_fail(err, CK_EDEVICE, "%s", dp->missing);
    }
    code = badge_printer_flush(dp->bp, &rep, err);
    if (code)
        return code;
    after_print(dp, &rep);
    dp->labels += (long)(rep.printed + rep.sent);
    struct ck_error why;
    code = labels_outcome(dp, attendee_id, &rep, confirmed, &why, err);
    if (!code && why.msg[0]) {
        code = why.code ? why.code : CK_EDEVICE;
        if (err)
            *err = why;
    }
    return code;
}

/* Queue one outcome for desk_print_poll; dp->mu held.  Dropped when the
 * outcome ring is full (only labels printed after a missing printer came
 * back can fill it). */
static void put_done(struct desk_print *dp, const struct station_print_done *d)
{
    size_t cap = sizeof(dp->done) / sizeof(dp->done[0]);
    if (dp->ndone >= cap)
        return;
    dp->done[(dp->done_head + dp->ndone) % cap] = *d;
    struct station_print_done *e = &dp->done[(dp->done_head + dp->ndone) % cap];
    e->labels = dp->status.labels;
    dp->ndone++;
    pthread_cond_signal(&dp->done_cv);
    if (dp->wake_set)
        (void)eventfd_write(dp->wake_fd, 1);
}

void desk_print_wake(struct desk_print *dp, int fd)
{
    if (!dp->async)
        return;
    pthread_mutex_lock(&dp->mu);
    dp->wake_set = fd >= 0;
    dp->wake_fd = fd;
    pthread_mutex_unlock(&dp->mu);
}

/* The printer that was missing has come: print what waited, and report
 * it per person owed a word (dp->owed); a person whose request is still
 * to come, their check-in committed before this pass read the queue, is
 * told by that request, not here as well (issue 33). */
static void print_backlog(struct desk_print *dp)
{
    struct job_list waiting = {0};
    struct ck_error err = {0};
    struct print_queue_report rep = {0};
    if (jobs_pending(dp->ws, dp->uri, JOBS_MAX_ATTEMPTS, &waiting, &err))
        memset(&waiting, 0, sizeof(waiting));
    int code = badge_printer_flush(dp->bp, &rep, &err);
    if (!code)
        after_print(dp, &rep);
    dp->labels += (long)(rep.printed + rep.sent);
    pthread_mutex_lock(&dp->mu);
    dp->backlog = false;
    for (size_t i = 0; i < waiting.n; i++) {
        int64_t id = waiting.items[i].attendee_id;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = waiting.items[j].attendee_id == id;
        if (seen || !owed(dp, id))
            continue;
        struct station_print_done d = {.attendee_id = id};
        if (code || rep.message[0])
            d.error = code ? err : rep.error;
        else if (rep.printed && !rep.sent)
            d.printed = true;
        else
            d.sent = true;
        struct attendee_list who;
        if (store_attendee_get(dp->ws, id, &who, NULL) == CK_OK) {
            snprintf(d.ticket_id, sizeof(d.ticket_id), "%s",
                     who.items[0].ticket_id);
            snprintf(d.badge_name, sizeof(d.badge_name), "%s",
                     who.items[0].badge_name);
            attendee_list_free(&who);
        }
        put_done(dp, &d);
    }
    pthread_mutex_unlock(&dp->mu);
    /* Each owed word is said once; one whose labels no longer wait
     * (failed too often) has nothing more to be told. */
    dp->nowed = 0;
    job_list_free(&waiting);
}

/* Wait up to `ms` for `more`; dp->mu held. */
static void wait_a_little(struct desk_print *dp, int ms)
{
    struct timespec until;
    util_mono_deadline(ms, &until);
    pthread_cond_timedwait(&dp->more, &dp->mu, &until);
}

/* Why `name`'s (NULL: nobody known) label of job `j` is shown again:
 * it was being printed when the desk stopped.  A whole sentence a kind
 * of label, so that each is said in the station's language. */
static void cut_short_why(const struct job *j, const char *name,
                          struct ck_error *why)
{
    if (name && j->kind == JOB_TICKET)
        ck_fail(why, CK_EDEVICE,
                "%s's tutorial ticket was being printed when the desk "
                "stopped; check whether it came out, and reprint it "
                "(Ctrl-R) if not.",
                name);
    else if (name && j->kind == JOB_PADDLE)
        ck_fail(why, CK_EDEVICE,
                "%s's paddle label was being printed when the desk "
                "stopped; check whether it came out, and reprint it "
                "(Ctrl-R) if not.",
                name);
    else if (name)
        ck_fail(why, CK_EDEVICE,
                "%s's badge was being printed when the desk stopped; check "
                "whether it came out, and reprint it (Ctrl-R) if not.",
                name);
    else if (j->kind == JOB_TICKET)
        ck_fail(why, CK_EDEVICE,
                "A tutorial ticket was being printed when the desk stopped; "
                "check whether it came out, and reprint it (Ctrl-R) if not.");
    else if (j->kind == JOB_PADDLE)
        ck_fail(why, CK_EDEVICE,
                "A paddle label was being printed when the desk stopped; "
                "check whether it came out, and reprint it (Ctrl-R) if not.");
    else
        ck_fail(why, CK_EDEVICE,
                "A badge was being printed when the desk stopped; check "
                "whether it came out, and reprint it (Ctrl-R) if not.");
}

/* Labels the desk was printing when it stopped: shown once each, never
 * printed again by themselves (they may have come out). */
static void report_cut_short(struct desk_print *dp)
{
    struct job_list cut = {0};
    struct ck_error err = {0};
    if (jobs_cut_short(dp->ws, dp->uri, &cut, &err))
        return;
    for (size_t i = 0; i < cut.n; i++) {
        const struct job *j = &cut.items[i];
        struct station_print_done d = {.attendee_id = j->attendee_id};
        struct attendee_list who;
        const char *name = NULL;
        bool got =
            store_attendee_get(dp->ws, j->attendee_id, &who, NULL) == CK_OK;
        if (got) {
            snprintf(d.ticket_id, sizeof(d.ticket_id), "%s",
                     who.items[0].ticket_id);
            snprintf(d.badge_name, sizeof(d.badge_name), "%s",
                     who.items[0].badge_name);
            name = d.badge_name;
        }
        /* Whole, what to do last: a name too long for it gives way to
         * the ticket id. */
        for (int pass = 0; pass < 2; pass++) {
            cut_short_why(j, name, &d.error);
            if (strlen(d.error.msg) + 1 < sizeof(d.error.msg))
                break;
            name = got ? d.ticket_id : NULL;
        }
        if (got)
            attendee_list_free(&who);
        if (jobs_set_state_why(dp->ws, j->id, JOB_SENT, &d.error, &err))
            continue; /* not recorded: shown at the next start instead */
        pthread_mutex_lock(&dp->mu);
        put_done(dp, &d);
        pthread_mutex_unlock(&dp->mu);
    }
    job_list_free(&cut);
}

/* The worker: takes requests in order, prints each, queues its outcome;
 * while labels wait for a missing printer, it looks for the printer every
 * REOPEN_MS and prints them when it comes. */
static void *work(void *arg)
{
    struct desk_print *dp = arg;
    /* Labels a check-in queued before the desk stopped (killed, crashed,
     * unplugged) print now, before anyone else's: they are the oldest
     * jobs, and each pass takes the printer's jobs oldest first. */
    report_cut_short(dp);
    pthread_mutex_lock(&dp->mu);
    for (;;) {
        if (!dp->nreq && !dp->stop) {
            int64_t next = dp->looked_ms + STATUS_MS - util_mono_ms();
            /* A backlog with the printer there prints at once. */
            if (dp->backlog && !dp->p)
                wait_a_little(dp, REOPEN_MS);
            else if (!dp->backlog && next > 0)
                wait_a_little(dp, (int)next);
        }
        if (dp->roll_new) {
            /* A new roll said at the desk: counted from then, and told
             * at the next look, now. */
            dp->roll_new = false;
            dp->stock.roll = dp->roll_asked;
            dp->stock.standard =
                dp->stock.standard && dp->roll_asked == dp->roll_size;
            dp->stock.loaded_ms = dp->roll_asked_ms;
            dp->stock.empty = false;
            dp->looked_ms = util_mono_ms() - STATUS_MS;
        }
        if (dp->backlog && !dp->stop) {
            pthread_mutex_unlock(&dp->mu);
            if (reopen(dp))
                print_backlog(dp);
            pthread_mutex_lock(&dp->mu);
        }
        if (!dp->nreq) {
            if (dp->stop)
                break; /* stopping, and nothing left to print */
            if (util_mono_ms() - dp->looked_ms >= STATUS_MS) {
                pthread_mutex_unlock(&dp->mu);
                look(dp);
                pthread_mutex_lock(&dp->mu);
            }
            continue;
        }
        struct desk_print_request rq = dp->req[dp->req_head];
        dp->req_head = (dp->req_head + 1) % DESK_PRINT_QUEUE;
        dp->nreq--;
        dp->busy++;
        pthread_mutex_unlock(&dp->mu);
        atomic_file_kill_point("print-taken", store_path(dp->ws));

        struct station_print_done d = {.attendee_id = rq.attendee_id};
        struct ck_error err = {0};
        bool confirmed;
        int code =
            dp->station_queues && !rq.reprint
                ? flush_for(dp, rq.attendee_id, &confirmed, &err)
                : print_now(dp, rq.attendee_id, rq.reprint ? rq.reason : NULL,
                            &confirmed, &err);
        if (code == CK_OK) {
            d.printed = confirmed;
            d.sent = !confirmed;
        } else {
            d.error = err;
        }

        pthread_mutex_lock(&dp->mu);
        put_done(dp, &d);
        dp->busy--;
    }
    pthread_mutex_unlock(&dp->mu);
    return NULL;
}

int desk_print_open(struct desk_print *dp, store *s, const char *db,
                    const struct desk_print_options *opt, struct ck_error *err)
{
    memset(dp, 0, sizeof(*dp));
    /* Writing labels to the event file would destroy it, and even opening
     * it would drop the station's locks on it (docs/store.md). */
    if (!strncmp(opt->uri, "file:", 5) && store_is_own_file(s, opt->uri + 5))
        return ck_fail(err, CK_EINVAL,
                       "The printer %s is the event database itself; give "
                       "the printer's device or a new file with --printer.",
                       opt->uri);
    char templates[4200];
    snprintf(templates, sizeof(templates), "%s/labels", opt->config_dir);
    struct printer_options popt = {.model = opt->model, .media = opt->media};
    struct badge_printer_options bopt = {.templates_dir = templates,
                                         .badge_template = opt->badge_template,
                                         .ticket_template =
                                             opt->ticket_template,
                                         .preview_dir = opt->preview_dir,
                                         .paddles = opt->paddles};
    /* A paddle label carries no code: the auction's door needs no key. */
    int code = opt->paddles ? CK_OK
                            : credential_load_desk_key(s, db, opt->key_path,
                                                       &dp->key, err);
    if (code)
        return code;
    dp->have_key = !opt->paddles;
    dp->paddles = opt->paddles;
    dp->key_path = opt->key_path;
    /* The worker has a connection of its own: one connection is never
     * used by two threads, and its job updates are their own
     * transactions beside the station's journal commits. */
    if (opt->async)
        code = store_open(db, STORE_EXISTING, &dp->ws, err);
    dp->uri = opt->async ? opt->uri : NULL; /* only the worker reopens */
    dp->popt = popt;
    if (!code) {
        struct ck_error perr = {0};
        code = printer_open(opt->uri, &popt, &dp->p, &perr);
        if (code && opt->async && absent(code)) {
            /* The desk checks people in without it; the labels wait. */
            snprintf(dp->missing, sizeof(dp->missing),
                     _("No printer at %s: labels are kept in the queue and "
                       "print once the printer is plugged in and switched "
                       "on."),
                     opt->uri);
            code = CK_OK;
        } else if (code && err) {
            *err = perr;
        }
    }
    if (!code)
        code = badge_printer_new(opt->async ? dp->ws : s, &dp->key, dp->p,
                                 opt->uri, &bopt, &dp->bp, err);
    if (!code && !opt->key_path && dp->have_key)
        dp->ks = opt->async ? dp->ws : s;
    snprintf(dp->db, sizeof(dp->db), "%s", db);
    if (!code && opt->async) {
        pthread_mutex_init(&dp->mu, NULL);
        /* Their waits read the monotonic clock: the desk's wall clock
         * set back an hour does not hold a retry back an hour. */
        (void)util_mono_cond_init(&dp->more);
        (void)util_mono_cond_init(&dp->done_cv);
        dp->async = true;
        dp->station_queues = opt->station_queues;
        /* The labels are counted from now: a desk started again is told
         * the roll again, or counts the standard roll from here. */
        dp->stock.roll = opt->roll;
        dp->stock.loaded_ms = store_now_ms();
        /* A continuous roll is cut to the badge's length, which the
         * template's name says ("badge-62x100"). */
        const char *tpl =
            opt->badge_template ? opt->badge_template : "badge-62x100";
        const char *size = strrchr(tpl, '-');
        struct media m;
        if (size && printer_media_parse(size + 1, &m, NULL) == CK_OK)
            dp->stock.label_mm = m.length_mm;
        /* Labels an earlier run left queued, read before the worker
         * starts: read by the worker, they could include a check-in this
         * run has queued since, and that person would be told twice, by
         * the backlog pass and by their request (issue 33). */
        struct job_list left = {0};
        struct ck_error lerr = {0};
        if (jobs_pending(dp->ws, dp->uri, JOBS_MAX_ATTEMPTS, &left, &lerr))
            memset(&left, 0, sizeof(left));
        for (size_t i = 0; i < left.n; i++)
            owe(dp, left.items[i].attendee_id);
        dp->backlog = left.n > 0;
        job_list_free(&left);
        if (pthread_create(&dp->worker, NULL, work, dp))
            code = ck_fail(err, CK_ENOMEM, "Cannot start the printing thread.");
        else
            dp->started = true;
    }
    if (code)
        desk_print_close(dp);
    return code;
}

void desk_print_close(struct desk_print *dp)
{
    if (dp->started) {
        pthread_mutex_lock(&dp->mu);
        dp->stop = true;
        pthread_cond_signal(&dp->more);
        pthread_mutex_unlock(&dp->mu);
        pthread_join(dp->worker, NULL);
    }
    if (dp->async) {
        pthread_cond_destroy(&dp->done_cv);
        pthread_cond_destroy(&dp->more);
        pthread_mutex_destroy(&dp->mu);
    }
    badge_printer_free(dp->bp);
    printer_close(dp->p);
    store_close(dp->ws);
    if (dp->have_key)
        badge_key_wipe(&dp->key);
    free(dp->owed);
    memset(dp, 0, sizeof(*dp));
}

int desk_print_hook(void *ctx, int64_t attendee_id, const char *reprint,
                    bool *confirmed, struct ck_error *err)
{
    struct desk_print *dp = ctx;
    *confirmed = false;
    if (!dp->async)
        return print_now(dp, attendee_id, reprint, confirmed, err);
    pthread_mutex_lock(&dp->mu);
    if (dp->nreq + dp->busy + dp->ndone >= DESK_PRINT_QUEUE) {
        pthread_mutex_unlock(&dp->mu);
        /* TRANSLATORS: the count is always DESK_PRINT_QUEUE, 32: a
         * number of people, in the plural. */
        return ck_fail(err, CK_EBUSY,
                       "The printer is %d people behind; nothing was added "
                       "for this one: reprint it (Ctrl-R) once the printer "
                       "has caught up.",
                       DESK_PRINT_QUEUE);
    }
    struct desk_print_request *rq =
        &dp->req[(dp->req_head + dp->nreq) % DESK_PRINT_QUEUE];
    rq->attendee_id = attendee_id;
    rq->reprint = reprint != NULL;
    snprintf(rq->reason, sizeof(rq->reason), "%s", reprint ? reprint : "");
    dp->nreq++;
    pthread_cond_signal(&dp->more);
    pthread_mutex_unlock(&dp->mu);
    return CK_OK;
}

/* The most labels a roll is said to hold: a 30.48 m continuous roll cut
 * to 10 mm labels holds about 3,000, so this only stops a typing slip. */
#define ROLL_MAX 100000

int desk_print_new_roll(struct desk_print *dp, store *s, long labels,
                        char *said, size_t cap, struct ck_error *err)
{
    said[0] = '\0';
    if (!dp->async)
        return ck_fail(err, CK_EINVAL,
                       "This desk prints in line and keeps no count of "
                       "labels; start it with --printer.");
    if (labels < 0 || labels > ROLL_MAX)
        return ck_fail(err, CK_EINVAL,
                       "A roll holds 1 to %d labels; type how many are on "
                       "the new one.",
                       ROLL_MAX);
    int64_t now = store_now_ms();
    pthread_mutex_lock(&dp->mu);
    long size = labels ? labels : dp->roll_size;
    if (size > 0) {
        dp->roll_new = true;
        dp->roll_asked = size;
        dp->roll_asked_ms = now;
        pthread_cond_signal(&dp->more);
    }
    pthread_mutex_unlock(&dp->mu);
    if (size <= 0)
        return ck_fail(err, CK_EINVAL,
                       "This desk does not know how many labels a roll "
                       "holds (the printer does not say, and none was "
                       "given with --roll); type the number on the new "
                       "roll.");
    struct label_stock ls = {.roll = size, .loaded_ms = now};
    struct label_forecast f;
    int code = label_stock_forecast(s, dp->uri, &ls, false, now, &f, err);
    if (!code)
        station_labels_sentence(&f, said, cap);
    return code;
}

void desk_print_watch(struct desk_print *dp, desk_print_status_fn fn, void *ctx)
{
    if (!dp->async)
        return;
    pthread_mutex_lock(&dp->mu);
    dp->on_status = fn;
    dp->on_status_ctx = ctx;
    if (fn && dp->status.state[0])
        fn(ctx, &dp->status);
    pthread_mutex_unlock(&dp->mu);
}

bool desk_print_poll(void *ctx, int wait_ms, struct station_print_done *out)
{
    struct desk_print *dp = ctx;
    if (!dp->async)
        return false;
    pthread_mutex_lock(&dp->mu);
    if (!dp->ndone && wait_ms > 0) {
        struct timespec until;
        util_mono_deadline(wait_ms, &until);
        while (!dp->ndone &&
               pthread_cond_timedwait(&dp->done_cv, &dp->mu, &until) == 0)
            ;
    }
    bool got = dp->ndone > 0;
    if (got) {
        size_t cap = sizeof(dp->done) / sizeof(dp->done[0]);
        *out = dp->done[dp->done_head];
        dp->done_head = (dp->done_head + 1) % cap;
        dp->ndone--;
    }
    pthread_mutex_unlock(&dp->mu);
    return got;
}

int desk_print_supersede(void *ctx, store *s, int64_t attendee_id,
                         struct ck_error *err)
{
    struct desk_print *dp = ctx;
    /* A key of its own: the worker thread signs with dp->key and may
     * refresh it meanwhile. */
    struct badge_key key;
    int code = credential_load_desk_key(s, dp->db, dp->key_path, &key, err);
    if (code)
        return code;
    /* The badge and the tutorial tickets together, or none of them. */
    code = store_begin(s, err);
    if (!code)
        code = credential_supersede(s, &key, attendee_id, err);
    if (!code)
        code = store_commit(s, err);
    else
        store_rollback(s);
    badge_key_wipe(&key);
    return code;
}
