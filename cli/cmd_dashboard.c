/* `checkin dashboard`: serve the organizer's live dashboard of an event
 * file until interrupted. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/sync_worker.h"
#include "checkin/web.h"
#include "cli.h"

static const char DASHBOARD_USAGE[] =
    "Usage: checkin dashboard EVENT.db [--listen ADDR:PORT] [--offline]\n"
    "         [--tls-cert FILE --tls-key FILE]\n"
    "Serve a live dashboard of the event in a browser: checked in against\n"
    "expected by ticket type, arrivals per 10 minutes per desk, people in\n"
    "each tutorial room now, stations, printers, anomalies and leads per\n"
    "sponsor.  It updates by itself as stations write to EVENT.db.  When\n"
    "EVENT.db is an event's hub ('checkin hub init'), it also pulls every\n"
    "station's rows from the hub into EVENT.db as they arrive; otherwise it\n"
    "only reads EVENT.db.  Ctrl-C stops it.\n\n"
    "Options:\n"
    "  -l, --listen=ADDR:PORT  where to listen (" WEB_DEFAULT_LISTEN "); an\n"
    "                          address other than loopback serves only the\n"
    "                          link printed at start, which carries a token\n"
    "      --offline           do not sync with the hub; only read EVENT.db\n"
    "      --tls-cert FILE     serve over HTTPS with this certificate (PEM,\n"
    "                          the chain too)\n"
    "      --tls-key FILE      its private key (PEM, no passphrase, mode 600)\n"
    "  -h, --help              show this help\n";

/* The hub's stations, from the organizer's sync worker, for the page. */
static char *hub_stations(void *ctx, uint64_t *version)
{
    return sync_worker_hub_stations(ctx, version);
}

int cmd_dashboard(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"offline", no_argument, NULL, 'o'},
        {"tls-cert", required_argument, NULL, 'c'},
        {"tls-key", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *listen = WEB_DEFAULT_LISTEN;
    bool offline = false;
    const char *tls_cert = NULL, *tls_key = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "l:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            listen = optarg;
            break;
        case 'o':
            offline = true;
            break;
        case 'c':
            tls_cert = optarg;
            break;
        case 'k':
            tls_key = optarg;
            break;
        case 'h':
            fputs(DASHBOARD_USAGE, stdout);
            return EXIT_OK;
        default:
            cli_bad_option("dashboard", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("dashboard", "expected EVENT.db");
    if (!tls_cert != !tls_key)
        return cli_usage_error("dashboard", "give both --tls-cert and "
                                            "--tls-key (the certificate and "
                                            "its key)");

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

    struct ck_error err = {0};
    web_dashboard *w;
    if (web_dashboard_start_tls(argv[optind], listen, tls_cert, tls_key, &w,
                                &err))
        return cli_fail(&err);
    printf("Dashboard of %s at %s (Ctrl-C stops it)\n", argv[optind],
           web_dashboard_url(w));
    /* The event's hub: every station's rows come into EVENT.db live (the
     * dashboard sees them as any other commit to the file). */
    sync_worker *sw = NULL;
    if (!offline && sync_worker_start(argv[optind], &sw, &err)) {
        web_dashboard_stop(w);
        return cli_fail(&err);
    }
    if (sw)
        web_dashboard_set_extra(w, "hub_stations", hub_stations, sw);
    if (sw)
        printf("Pulling every station's rows from the event's hub as they "
               "arrive (--offline: only read %s).\n",
               argv[optind]);
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    web_dashboard_set_extra(w, NULL, NULL, NULL);
    sync_worker_stop(sw, 3000);
    web_dashboard_stop(w);
    return EXIT_OK;
}
