/* `checkin hub add-herald`, `hub herald FILE --listen IP:PORT` and `hub
 * retire-herald` (sync_print.h): the herald's own login made and dropped
 * (hub.h, hub_add_herald, hub_retire_herald), the herald run from its
 * file (hub_herald_run) until Ctrl-C or SIGTERM, and what each says to
 * the organizer. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "checkin/hub.h"
#include "checkin/i18n.h"
#include "checkin/join_commands.h"
#include "checkin/sync_print.h"
#include "checkin/text.h"

/* Said once the herald listens on the hub and for desks. */
static void news(void *arg, enum hub_herald_news what, const char *text)
{
    FILE *out = arg;
    if (what == HUB_HERALD_READY)
        /* TRANSLATORS: %s is the address the herald listens on, twice. */
        fprintf(out,
                _("Herald at %s: desks started with --herald %s take the "
                  "hub's word from it; Ctrl-C stops.\n"),
                text, text);
    else if (what == HUB_HERALD_LOST)
        /* TRANSLATORS: %s is a whole sentence saying why, with its
         * full stop. */
        fprintf(out,
                _("The herald has lost the hub: %s The desks listen to the "
                  "hub themselves meanwhile; the herald tries again each "
                  "second.\n"),
                text);
    else
        fputs(_("The herald is back at the hub: desks started with --herald "
                "take the hub's word from it again.\n"),
              out);
    fflush(out);
}

int hub_herald_print(const char *file, const char *listen, FILE *out,
                     struct ck_error *err)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    int fd = signalfd(-1, &stop, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd < 0)
        return ck_said(err, CK_EIO,
                       _("Cannot start the herald: this system gave no "
                         "signal descriptor; try again."));
    bool retired = false;
    int code = hub_herald_run(file, listen, fd, news, out, &retired, err);
    close(fd);
    if (!code && retired)
        return ck_said(err, CK_ENOTFOUND, "%s",
                       _("This herald was retired by the organizer: the hub "
                         "no longer lets its login in, so it stopped, and "
                         "the desks listen to the hub themselves. For a "
                         "herald again, enrol a new one on the organizer's "
                         "laptop with 'checkin hub add-herald EVENT.db NAME "
                         "--out FILE' and run it from that file."));
    if (!code)
        fputs(_("The herald stopped; the desks listen to the hub "
                "themselves again.\n"),
              out);
    return code;
}

int hub_add_herald_print(const char *db, const char *name, const char *host,
                         const char *file, FILE *out, struct ck_error *err)
{
    char role[64];
    int code = hub_add_herald(db, name, host, file, role, err);
    if (code)
        return code;
    /* TRANSLATORS: the herald's name, its PostgreSQL role, the file
     * written, the same file. */
    fprintf(out,
            _("Enrolled the herald %s: its own hub login %s may connect and "
              "listen, and nothing else. %s (mode 0600) holds that login "
              "alone; copy it to the machine beside the hub and run there: "
              "checkin hub herald %s --listen IP:PORT\n"),
            name, role, file, file);
    return CK_OK;
}

int hub_retire_herald_print(const char *db, const char *name, FILE *out,
                            struct ck_error *err)
{
    long cut;
    int code = hub_retire_herald(db, name, &cut, err);
    if (code)
        return code;
    char shown[256];
    text_for_terminal(name, strlen(name), shown, sizeof(shown));
    fprintf(out,
            _("Retired the herald %s: its hub login is gone, so its file "
              "opens nothing; desks started with --herald listen to the hub "
              "themselves."),
            shown);
    if (cut > 0)
        fprintf(out, " %s", _("Its open connection was ended."));
    fputc('\n', out);
    return CK_OK;
}

/* "checkin hub: `what`. Try 'checkin hub --help'." on stderr; 2. */
static int usage_error(const char *what)
{
    /* untranslated: the command's name, as typed */
    const char *prog = "checkin hub";
    fprintf(stderr, _("%1$s: %2$s. Try '%1$s --help'.\n"), prog, what);
    return 2;
}

/* `hub add-herald EVENT.db NAME --out FILE [--host HOST]`, in any order
 * of its options. */
static int add_herald_command(int argc, char **argv, struct ck_error *err)
{
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                         {"host", required_argument, NULL, 'H'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *out = NULL, *host = NULL;
    int c;
    optind = 2;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if (c == 'h')
            return hub_usage_print(stdout), 0;
        if (c != 'o' && c != 'H')
            return usage_error(_("add-herald expects EVENT.db, NAME and --out "
                                 "FILE, and --host HOST when the herald "
                                 "reaches the hub elsewhere"));
        *(c == 'o' ? &out : &host) = optarg;
    }
    if (argc - optind != 2 || !out)
        return usage_error(_("add-herald expects EVENT.db, NAME and --out "
                             "FILE, and --host HOST when the herald reaches "
                             "the hub elsewhere"));
    return hub_add_herald_print(argv[optind], argv[optind + 1], host, out,
                                stdout, err)
               ? 1
               : 0;
}

int hub_herald_command(int argc, char **argv)
{
    struct ck_error err = {0};
    int code;
    if (!strcmp(argv[1], "add-herald"))
        code = add_herald_command(argc, argv, &err);
    else if (!strcmp(argv[1], "retire-herald"))
        code = argc != 4 ? usage_error(_("retire-herald expects EVENT.db and "
                                         "NAME"))
               : hub_retire_herald_print(argv[2], argv[3], stdout, &err) ? 1
                                                                         : 0;
    else
        code = argc != 5 || strcmp(argv[3], "--listen")
                   ? usage_error(_("herald expects the herald's FILE (from "
                                   "add-herald) and --listen IP:PORT"))
               : hub_herald_print(argv[2], argv[4], stdout, &err) ? 1
                                                                  : 0;
    char said[2 * sizeof(err.msg)];
    if (code == 1)
        fprintf(stderr, "checkin: %s\n",
                ck_error_text(&err, said, sizeof(said)));
    return code;
}
