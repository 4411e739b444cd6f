/* The channels a running file listens on for the hub's word
 * (sync_priv.h, sync_listen_sql), from pull.c's table of what each kind
 * of file pulls: split from pull.c. */
#include <stdio.h>
#include <string.h>

#include "checkin/hub_schema.h"
#include "pull_priv.h"
#include "sync_priv.h"

bool sync_listen_sql(const char *role, char *sql, size_t cap)
{
    char kind[16];
    snprintf(kind, sizeof(kind), "%.*s", (int)strcspn(role, ":"), role);
    unsigned me = sync_pull_who(!strcmp(role, "organizer"), kind);
    size_t len = (size_t)snprintf(sql, cap, "LISTEN checkin;");
    /* The organizer's database pulls nearly every table: it keeps the one
     * channel every change names. */
    const char *said[PULL_KINDS + 1];
    size_t n = 0;
    for (size_t p = 0; me != P_ORG && p <= PULL_KINDS; p++) {
        /* The seats given back, which a door may take (lease.c), last. */
        const char *t = p == PULL_KINDS ? (me == P_DOOR ? "seat_lease" : NULL)
                        : sync_pull_wanted(p, me, HUB_FORMAT)
                            ? sync_pull_table(p)
                            : NULL;
        if (t && !strcmp(t, "scan_of_no_station"))
            t = "scan";
        /* A door's journal is its own doors' rows (door_scan). */
        if (t && me == P_DOOR && !strcmp(t, "scan"))
            t = "scan_door";
        bool again = false;
        for (size_t i = 0; t && i < n; i++)
            again = again || !strcmp(said[i], t);
        if (!t || again)
            continue;
        said[n++] = t;
        if (len < cap)
            len +=
                (size_t)snprintf(sql + len, cap - len, "LISTEN checkin_%s;", t);
    }
    return len < cap;
}
