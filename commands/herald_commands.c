/* `checkin hub herald EVENT.db --listen IP:PORT` (sync_print.h): the
 * herald (hub.h, hub_herald_run) until Ctrl-C or SIGTERM, and what it
 * says to the organizer. */
#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "checkin/hub.h"
#include "checkin/i18n.h"
#include "checkin/sync_print.h"

/* Said once the herald listens on the hub and for desks. */
static void ready(void *arg, const char *where)
{
    FILE *out = arg;
    /* TRANSLATORS: %s is the address the herald listens on, twice. */
    fprintf(out,
            _("Herald at %s: desks started with --herald %s take the hub's "
              "word from it; Ctrl-C stops.\n"),
            where, where);
    fflush(out);
}

int hub_herald_print(const char *db, const char *listen, FILE *out,
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
    int code = hub_herald_run(db, listen, fd, ready, out, err);
    close(fd);
    if (!code)
        fputs(_("The herald stopped; the desks listen to the hub "
                "themselves again.\n"),
              out);
    return code;
}
