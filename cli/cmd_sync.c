/* `checkin sync`: push and pull once with the event's hub, and say what
 * moved. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "checkin/sync.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "cli.h"
#include "sync_print.h"

static const char SYNC_USAGE[] =
    "Usage: checkin sync FILE.db\n"
    "Push what this station (or the organizer's event database) wrote to\n"
    "the event's hub, pull what every other station wrote and what the\n"
    "organizer published, and say what moved.  FILE.db is a station file\n"
    "made by 'checkin hub add-station' or an event database published by\n"
    "'checkin hub init'.  Safe to run again at any time: nothing is ever\n"
    "sent or taken twice.\n\n"
    "Options:\n"
    "  -h, --help  show this help\n";

/* "3 scans, 1 badge" for the non-zero counts, or "nothing". */
static void counts(char *out, size_t cap, const struct sync_counts *c)
{
    static const struct {
        size_t off;
        const char *one, *many;
    } KINDS[] = {
        {offsetof(struct sync_counts, registrations), "registration",
         "registrations"},
        {offsetof(struct sync_counts, keys), "signing key", "signing keys"},
        {offsetof(struct sync_counts, scans), "scan", "scans"},
        {offsetof(struct sync_counts, leads), "lead", "leads"},
        {offsetof(struct sync_counts, badges), "badge", "badges"},
        {offsetof(struct sync_counts, revoked), "revoked badge",
         "revoked badges"},
        {offsetof(struct sync_counts, lifted), "badge valid again",
         "badges valid again"},
        {offsetof(struct sync_counts, desk_keys), "signing key for a desk",
         "signing keys for desks"},
        {offsetof(struct sync_counts, jobs), "print job", "print jobs"},
        {offsetof(struct sync_counts, description), "event description change",
         "event description changes"},
    };
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < UTIL_ARRAY_LEN(KINDS); i++) {
        long v = *(const long *)((const char *)c + KINDS[i].off);
        if (!v || n >= cap)
            continue;
        n += (size_t)snprintf(out + n, cap - n, "%s%ld %s", n ? ", " : "", v,
                              v == 1 ? KINDS[i].one : KINDS[i].many);
    }
    if (!n)
        snprintf(out, cap, "nothing");
}

void sync_print_report(const struct sync_report *r)
{
    char up[512], down[512], name[128];
    counts(up, sizeof(up), &r->pushed);
    counts(down, sizeof(down), &r->pulled);
    text_for_terminal(r->name, strlen(r->name), name, sizeof(name));
    printf("%s (%s): sent %s; received %s (hub: %s).\n", name, r->role, up,
           down, r->where);
    if (r->conflicts)
        printf("%ld %s sent under a station run and number the hub holds "
               "with other content, so this file was changed outside "
               "checkin; the hub kept its own ('checkin hub status' counts "
               "them).\n",
               r->conflicts, r->conflicts == 1 ? "row was" : "rows were");
    if (r->set_aside)
        printf("The hub set aside %ld of the journal rows this station sent "
               "(a ticket it does not know, or a time far from its clock and "
               "the event's days): they are not counted anywhere; check this "
               "station's clock, and 'checkin hub status' on the organizer's "
               "laptop says why each was set aside.\n",
               r->set_aside);
    if (r->dropped)
        printf("%ld %s pulled before the hub set %s aside (the hub's upgrade "
               "vets every row now); %s out of this file and no longer "
               "%s.\n",
               r->dropped,
               r->dropped == 1 ? "journal row was" : "journal rows were",
               r->dropped == 1 ? "it" : "them",
               r->dropped == 1 ? "it is" : "they are",
               r->dropped == 1 ? "counts" : "count");
    if (r->waiting)
        printf("%ld %s from the hub name a ticket type, tutorial or "
               "registration this file does not know yet; they are pulled "
               "again at the next sync.\n",
               r->waiting, r->waiting == 1 ? "row" : "rows");
    if (r->keys_waiting)
        printf("%ld %s the event's current signing key, which is not in "
               "%s; put the key file 'checkin rotate-key' made there and "
               "sync again, so that the desks print with it.\n",
               r->keys_waiting,
               r->keys_waiting == 1 ? "desk waits for" : "desks wait for",
               r->key_path);
    if (r->dups.ndups)
        printf("Checked in at more than one desk (%zu):\n", r->dups.ndups);
    /* Names and ticket ids come from other stations: drawn as text. */
    for (size_t i = 0; i < r->dups.ndups; i++) {
        const struct merge_duplicate *d = &r->dups.dups[i];
        char id[256], nm[1024], stations[1024];
        text_for_terminal(d->ticket_id, strlen(d->ticket_id), id, sizeof(id));
        text_for_terminal(d->badge_name, strlen(d->badge_name), nm, sizeof(nm));
        text_for_terminal(d->stations, strlen(d->stations), stations,
                          sizeof(stations));
        printf("  %s %s: %ld check-ins at %s\n", id, nm, d->admits, stations);
    }
}

int cmd_sync(int argc, char **argv)
{
    int rc = cli_options("sync", SYNC_USAGE, argc, argv, NULL, NULL);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return cli_usage_error("sync", "expected FILE.db");
    struct ck_error err = {0};
    struct sync_report r;
    int code = sync_once(argv[optind], &r, &err);
    /* After a failure, what moved before it (it stays moved). */
    struct sync_counts none = {0};
    if (!code || memcmp(&r.pushed, &none, sizeof(none)) ||
        memcmp(&r.pulled, &none, sizeof(none)))
        sync_print_report(&r);
    sync_report_free(&r);
    return code ? cli_fail(&err) : EXIT_OK;
}
