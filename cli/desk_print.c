/* See desk_print.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "checkin/credential.h"
#include "cli.h"
#include "desk_print.h"

/* Print now, on the calling thread, with store `s`.  *confirmed: the
 * printer reported every label printed (not only took them). */
static int print_now(struct desk_print *dp, int64_t attendee_id,
                     const char *reprint, bool *confirmed, struct ck_error *err)
{
    struct print_queue_report rep;
    *confirmed = false;
    int code = badge_printer_print(dp->bp, attendee_id, reprint, &rep, err);
    if (code)
        return code;
    dp->labels += (long)(rep.printed + rep.sent);
    if (rep.message[0])
        return ck_fail(err, CK_EDEVICE, "%s", rep.message);
    *confirmed = rep.printed > 0 && rep.sent == 0;
    return CK_OK;
}

/* The worker: takes requests in order, prints each, queues its outcome. */
static void *work(void *arg)
{
    struct desk_print *dp = arg;
    pthread_mutex_lock(&dp->mu);
    for (;;) {
        while (!dp->nreq && !dp->stop)
            pthread_cond_wait(&dp->more, &dp->mu);
        if (!dp->nreq)
            break; /* stopping, and nothing left to print */
        struct desk_print_request rq = dp->req[dp->req_head];
        dp->req_head = (dp->req_head + 1) % DESK_PRINT_QUEUE;
        dp->nreq--;
        dp->busy++;
        pthread_mutex_unlock(&dp->mu);

        struct station_print_done d = {.attendee_id = rq.attendee_id};
        struct ck_error err = {0};
        bool confirmed;
        if (print_now(dp, rq.attendee_id, rq.reprint ? rq.reason : NULL,
                      &confirmed, &err) == CK_OK) {
            d.printed = confirmed;
            d.sent = !confirmed;
        } else {
            snprintf(d.error, sizeof(d.error), "%s", err.msg);
        }

        pthread_mutex_lock(&dp->mu);
        size_t cap = sizeof(dp->done) / sizeof(dp->done[0]);
        dp->done[(dp->done_head + dp->ndone) % cap] = d;
        dp->ndone++;
        dp->busy--;
        pthread_cond_signal(&dp->done_cv);
    }
    pthread_mutex_unlock(&dp->mu);
    return NULL;
}

int desk_print_open(struct desk_print *dp, store *s, const char *db,
                    const struct desk_print_options *opt,
                    struct ck_error *err)
{
    memset(dp, 0, sizeof(*dp));
    char keybuf[4200], templates[4200];
    const char *key_path = cli_key_path(db, opt->key_path, keybuf,
                                        sizeof(keybuf));
    snprintf(templates, sizeof(templates), "%s/labels", cli_config_dir());
    struct printer_options popt = {.model = opt->model, .media = opt->media};
    struct badge_printer_options bopt = {
        .templates_dir = templates,
        .badge_template = opt->badge_template,
        .ticket_template = opt->ticket_template,
        .preview_dir = opt->preview_dir};
    int code = credential_load_key(s, key_path, &dp->key, err);
    if (code)
        return code;
    dp->have_key = true;
    /* The worker has a connection of its own: one connection is never
     * used by two threads, and its job updates are their own
     * transactions beside the station's journal commits. */
    if (opt->async)
        code = store_open(db, STORE_EXISTING, &dp->ws, err);
    if (!code)
        code = printer_open(opt->uri, &popt, &dp->p, err);
    if (!code)
        code = badge_printer_new(opt->async ? dp->ws : s, &dp->key, dp->p,
                                 opt->uri, &bopt, &dp->bp, err);
    if (!code && opt->async) {
        pthread_mutex_init(&dp->mu, NULL);
        pthread_cond_init(&dp->more, NULL);
        pthread_cond_init(&dp->done_cv, NULL);
        dp->async = true;
        if (pthread_create(&dp->worker, NULL, work, dp))
            code = ck_fail(err, CK_ENOMEM,
                           "Cannot start the printing thread.");
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

bool desk_print_poll(void *ctx, int wait_ms, struct station_print_done *out)
{
    struct desk_print *dp = ctx;
    if (!dp->async)
        return false;
    pthread_mutex_lock(&dp->mu);
    if (!dp->ndone && wait_ms > 0) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += wait_ms / 1000;
        until.tv_nsec += (long)(wait_ms % 1000) * 1000000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
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
