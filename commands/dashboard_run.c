/* See dashboard_run.h.  Moved from `checkin dashboard` (cli/) so that the
 * command is argv wiring only; what it prints is unchanged. */
#include "checkin/dashboard_run.h"
#include "checkin/i18n.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "checkin/report_commands.h"
#include "checkin/sync_worker.h"
#include "checkin/web.h"

/* The hub's stations, from the organizer's sync worker, for the page. */
static char *hub_stations(void *ctx, uint64_t *version)
{
    return sync_worker_hub_stations(ctx, version);
}

/* The page's undo: what `checkin undo EVENT.db TICKET --why` does and says
 * (a desk check-in: no list). */
static int undo_checkin(const char *db, const char *ticket, const char *why,
                        int64_t now_ms, FILE *out, struct ck_error *err)
{
    return redemption_undo_print(db, ticket, NULL, why, now_ms, out, err);
}

int dashboard_run(const struct dashboard_run_options *o, FILE *out,
                  struct ck_error *err)
{
    /* Every thread the server starts inherits this mask: the signals
     * arrive here, in sigwait, and nowhere else. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* The dashboard watches; stations decide.  On a machine that runs a
     * station too, this process and every thread it starts give way to
     * the station's (nice 10; its web server and rebuilds run SCHED_IDLE,
     * web/dashboard_server.c), so pages open on it do not slow a verdict;
     * alone on the organizer's laptop it loses nothing.  Not allowed to:
     * it runs as it is. */
    if (nice(10) == -1)
        errno = 0;

    web_dashboard *w;
    int code = web_dashboard_start_tls(o->db, o->listen, o->tls_cert,
                                       o->tls_key, &w, err);
    if (code)
        return code;
    if (o->undo && (code = web_dashboard_allow_undo(w, undo_checkin, err))) {
        web_dashboard_stop(w);
        return code;
    }
    fprintf(out, _("Dashboard of %s at %s (Ctrl-C stops it)\n"), o->db,
            web_dashboard_url(w));
    if (o->undo)
        fprintf(out,
                _("Undo check-ins at %s (whoever opens this link may undo; "
                  "give the first link to those who only watch).\n"),
                web_dashboard_undo_url(w));
    /* The event's hub: every station's rows come into EVENT.db live (the
     * dashboard sees them as any other commit to the file). */
    sync_worker *sw = NULL;
    if (!o->offline && (code = sync_worker_start(o->db, &sw, err))) {
        web_dashboard_stop(w);
        return code;
    }
    if (sw)
        web_dashboard_set_extra(w, "hub_stations", hub_stations, sw);
    if (sw)
        fprintf(out,
                _("Pulling every station's rows from the event's hub as "
                  "they arrive (--offline: only read %s).\n"),
                o->db);
    fflush(out);
    /* SIGHUP with a certificate: read it again (a renewal), go on. */
    int sig = 0;
    while (!sigwait(&stop, &sig) && sig == SIGHUP && o->tls_cert) {
        char said[1200], said_e[2 * sizeof(struct ck_error)];
        struct ck_error e = {0};
        if (web_dashboard_reload_tls(w, said, sizeof(said), &e))
            fprintf(stderr,
                    _("%s The dashboard goes on serving the certificate it "
                      "had.\n"),
                    ck_error_text(&e, said_e, sizeof(said_e)));
        else
            fprintf(stderr, "%s\n", said);
    }
    web_dashboard_set_extra(w, NULL, NULL, NULL);
    sync_worker_stop(sw, 3000);
    web_dashboard_stop(w);
    return CK_OK;
}
