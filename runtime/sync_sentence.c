/* See checkin/sync_sentence.h: the sentences of a sync, in the language
 * spoken (issue 53), said from the data sync/ returns; moved here from
 * sync/sync_text.c, sync/oversold.c and hub/'s hub_ago, so that the
 * libraries return data and the screens and commands say it. */
#include <stdio.h>
#include <string.h>

#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/sync_sentence.h"
#include "checkin/text.h"

void sync_waiting_said(long n, const char *tickets, char *out, size_t cap)
{
    out[0] = '\0';
    if (n <= 0)
        return;
    char t[256];
    text_for_terminal(tickets, strlen(tickets), t, sizeof(t));
    /* TRANSLATORS: edits a desk sent for tickets the hub does not hold
     * yet; %s lists the tickets ("59999, 60001"). */
    snprintf(out, cap,
             ngettext("%ld edit waits at the hub for its ticket (%s); the "
                      "organizer's next publish, or the sync of the desk "
                      "that registered the walk-in, places it.",
                      "%ld edits wait at the hub for their tickets (%s); the "
                      "organizer's next publish, or the sync of the desk "
                      "that registered the walk-in, places them.",
                      (unsigned long)n),
             n, t);
}

void sync_newer_hub_said(int hub_format, char *out, size_t cap)
{
    /* TRANSLATORS: the hub's format number, then this checkin's. */
    snprintf(out, cap,
             _("The hub is of a newer format (%d) than this checkin knows "
               "(%d): this station goes on checking people in and sending "
               "them, without what the newer format adds; upgrade checkin on "
               "this station."),
             hub_format, HUB_FORMAT);
}

void sync_herald_said(const char *addr, char *out, size_t cap)
{
    /* TRANSLATORS: %s is the herald's address ("192.168.1.10:7433"),
     * given with --herald. */
    snprintf(out, cap,
             _("The herald at %s cannot be reached: this station listens "
               "to the hub itself meanwhile; start 'checkin hub herald' "
               "there, or leave --herald out."),
             addr);
}

void sync_oversold_said(const struct sync_oversold *o, size_t n, char *out,
                        size_t cap)
{
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && i < SYNC_OVERSOLD_CAP && at < cap; i++) {
        int w = snprintf(out + at, cap - at, "%s", at ? "\n" : "");
        if (w > 0)
            at += (size_t)w;
        if (at >= cap)
            break;
        /* TRANSLATORS: the tutorial, the walk-in's name, the people
         * registered for it and its seats (label: value, no plural form),
         * the name again. */
        w = snprintf(out + at, cap - at,
                     _("The tutorial %s had no seat left at the hub for %s's "
                       "walk-in (registered: %ld, seats: %ld): another desk "
                       "sold its last seat first.  Tell %s, and ask the "
                       "organizer to add a seat or to move them to another "
                       "tutorial."),
                     o[i].tutorial, o[i].who, o[i].taken, o[i].capacity,
                     o[i].who);
        if (w > 0)
            at += (size_t)w;
    }
}

void sync_ago_said(long s, char *out, size_t cap)
{
    if (s < 0)
        /* TRANSLATORS: when a station was last heard from: never. */
        snprintf(out, cap, "%s", _("never"));
    else if (s < 120)
        /* TRANSLATORS: seconds, minutes and hours since ("42 s ago"). */
        snprintf(out, cap, _("%ld s ago"), s);
    else if (s < 7200)
        snprintf(out, cap, _("%ld min ago"), s / 60);
    else
        snprintf(out, cap, _("%ld h ago"), s / 3600);
}
