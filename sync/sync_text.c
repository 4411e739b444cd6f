/* See sync.h: the sentences a sync's report carries to a running
 * station's status line as well as to `checkin sync` (commands/), in a
 * buffer the caller hands in.  Moved from sync_print.c unchanged, so
 * that sync/'s worker does not reach up to commands/. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "checkin/hub_schema.h"
#include "checkin/sync.h"
#include "checkin/text.h"

void sync_waiting_text(long n, const char *tickets, char *out, size_t cap)
{
    out[0] = '\0';
    if (n <= 0)
        return;
    char t[256];
    text_for_terminal(tickets, strlen(tickets), t, sizeof(t));
    bool one = n == 1;
    snprintf(out, cap,
             "%ld %s at the hub for %s (%s); the organizer's next publish, "
             "or the sync of the desk that registered the walk-in, places "
             "%s.",
             n, one ? "edit waits" : "edits wait",
             one ? "its ticket" : "their tickets", t, one ? "it" : "them");
}

void sync_newer_hub_text(int hub_format, char *out, size_t cap)
{
    snprintf(out, cap,
             "The hub is of a newer format (%d) than this checkin knows "
             "(%d): this station goes on checking people in and sending "
             "them, without what the newer format adds; upgrade checkin on "
             "this station.",
             hub_format, HUB_FORMAT);
}
