/* `checkin dashboard`: serve the organizer's live dashboard of an event
 * file until interrupted.  Wiring only: dashboard_run.h runs it. */
#include <getopt.h>
#include <stdlib.h>

#include "checkin/dashboard_run.h"
#include "checkin/web.h"
#include "cli.h"

/* The default address is written out (WEB_DEFAULT_LISTEN): xgettext
 * reads a message as one literal. */
static const char DASHBOARD_USAGE[] = N_(
    "Usage: checkin dashboard EVENT.db [--listen ADDR:PORT] [--offline]\n"
    "         [--undo] [--tls-cert FILE --tls-key FILE]\n"
    "Serve a live dashboard of the event in a browser: checked in against\n"
    "expected by ticket type, arrivals per 10 minutes per desk, people in\n"
    "each tutorial room now, stations, printers, anomalies and leads per\n"
    "sponsor.  It updates by itself as stations write to EVENT.db.  When\n"
    "EVENT.db is an event's hub ('checkin hub init'), it also pulls every\n"
    "station's rows from the hub into EVENT.db as they arrive; otherwise it\n"
    "only reads EVENT.db.  Ctrl-C stops it.\n\n"
    "Options:\n"
    "  -l, --listen=ADDR:PORT  where to listen (127.0.0.1:8080); an\n"
    "                          address other than loopback serves only the\n"
    "                          link printed at start, which carries a token\n"
    "      --offline           do not sync with the hub; only read EVENT.db\n"
    "      --undo              let the page undo a desk check-in, with a\n"
    "                          reason, as 'checkin undo' does (on the\n"
    "                          organizer's file), from a second link\n"
    "                          printed at start with an undo token; the\n"
    "                          first link only shows\n"
    "      --tls-cert FILE     serve over HTTPS with this certificate (PEM,\n"
    "                          the chain too)\n"
    "      --tls-key FILE      its private key (PEM, no passphrase, mode "
    "600);\n"
    "                          SIGHUP reads both again (a renewed\n"
    "                          certificate) and serves them to new\n"
    "                          connections (a bad pair: the old one kept)\n"
    "  -h, --help              show this help\n");

int cmd_dashboard(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"offline", no_argument, NULL, 'o'},
        {"undo", no_argument, NULL, 'u'},
        {"tls-cert", required_argument, NULL, 'c'},
        {"tls-key", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct dashboard_run_options o = {.listen = WEB_DEFAULT_LISTEN};
    int c;
    while ((c = getopt_long(argc, argv, "l:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            o.listen = optarg;
            break;
        case 'o':
            o.offline = true;
            break;
        case 'u':
            o.undo = true;
            break;
        case 'c':
            o.tls_cert = optarg;
            break;
        case 'k':
            o.tls_key = optarg;
            break;
        case 'h':
            fputs(_(DASHBOARD_USAGE), stdout);
            return EXIT_OK;
        default:
            cli_bad_option("dashboard", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("dashboard", _("expected EVENT.db"));
    if (!o.tls_cert != !o.tls_key)
        return cli_usage_error("dashboard", _("give both --tls-cert and "
                                              "--tls-key (the certificate and "
                                              "its key)"));

    o.db = argv[optind];
    struct ck_error err = {0};
    return dashboard_run(&o, stdout, &err) ? cli_fail(&err) : EXIT_OK;
}
