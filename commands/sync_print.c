/* See sync_print.h.  Moved from `checkin sync` (cli/cmd_sync.c) so that
 * the command is argv wiring only; its sentences go through gettext,
 * each a whole one (a count's own through ngettext).  `hub
 * status`'s lines moved here from hub/hub_status.c (issue 51), which
 * returns what it read. */
#include "checkin/sync_print.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/columns.h"
#include "checkin/export_commands.h"
#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/import_report.h"
#include "checkin/station.h"
#include "checkin/sync_sentence.h"
#include "checkin/text.h"
#include "checkin/util.h"

/* Appends `fmt`'s text to the list in `out` (`*n` bytes so far), after
 * ", " when it is not the first. */
__attribute__((format(printf, 4, 5))) static void
add(char *out, size_t cap, size_t *n, const char *fmt, ...)
{
    if (*n >= cap)
        return;
    if (*n)
        *n += (size_t)snprintf(out + *n, cap - *n, ", ");
    if (*n >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    *n += (size_t)vsnprintf(out + *n, cap - *n, fmt, ap);
    va_end(ap);
}

/* "3 scans, 1 badge" for the non-zero counts, appended at *n. */
static void counts(char *out, size_t cap, size_t *n,
                   const struct sync_counts *c)
{
    if (c->registrations)
        add(out, cap, n,
            ngettext("%ld registration", "%ld registrations",
                     (unsigned long)c->registrations),
            c->registrations);
    if (c->invitations)
        add(out, cap, n,
            ngettext("%ld invitation", "%ld invitations",
                     (unsigned long)c->invitations),
            c->invitations);
    if (c->changes)
        add(out, cap, n,
            ngettext("%ld walk-in or edit", "%ld walk-ins and edits",
                     (unsigned long)c->changes),
            c->changes);
    if (c->keys)
        add(out, cap, n,
            ngettext("%ld signing key", "%ld signing keys",
                     (unsigned long)c->keys),
            c->keys);
    if (c->scans)
        add(out, cap, n,
            ngettext("%ld scan", "%ld scans", (unsigned long)c->scans),
            c->scans);
    if (c->leads)
        add(out, cap, n,
            ngettext("%ld lead", "%ld leads", (unsigned long)c->leads),
            c->leads);
    if (c->badges)
        add(out, cap, n,
            ngettext("%ld badge", "%ld badges", (unsigned long)c->badges),
            c->badges);
    if (c->revoked)
        add(out, cap, n,
            ngettext("%ld revoked badge", "%ld revoked badges",
                     (unsigned long)c->revoked),
            c->revoked);
    if (c->lifted)
        add(out, cap, n,
            ngettext("%ld badge valid again", "%ld badges valid again",
                     (unsigned long)c->lifted),
            c->lifted);
    if (c->desk_keys)
        add(out, cap, n,
            ngettext("%ld signing key for a desk", "%ld signing keys for desks",
                     (unsigned long)c->desk_keys),
            c->desk_keys);
    if (c->jobs)
        add(out, cap, n,
            ngettext("%ld print job", "%ld print jobs", (unsigned long)c->jobs),
            c->jobs);
    if (c->preprints)
        add(out, cap, n,
            ngettext("%ld pre-printed badge's place",
                     "%ld pre-printed badges' places",
                     (unsigned long)c->preprints),
            c->preprints);
    if (c->handovers)
        add(out, cap, n,
            ngettext("%ld pre-printed badge handed over",
                     "%ld pre-printed badges handed over",
                     (unsigned long)c->handovers),
            c->handovers);
    if (c->open_spaces)
        add(out, cap, n,
            ngettext("%ld open space claim or release",
                     "%ld open space claims and releases",
                     (unsigned long)c->open_spaces),
            c->open_spaces);
    if (c->triage)
        add(out, cap, n,
            ngettext("%ld person sent by the triage",
                     "%ld people sent by the triage", (unsigned long)c->triage),
            c->triage);
    if (c->auction)
        add(out, cap, n,
            ngettext("%ld auction paddle, win or settlement",
                     "%ld auction paddles, wins and settlements",
                     (unsigned long)c->auction),
            c->auction);
    if (c->description)
        add(out, cap, n,
            ngettext("%ld event description change",
                     "%ld event description changes",
                     (unsigned long)c->description),
            c->description);
}

/* "nothing" when the list is empty. */
static void or_nothing(char *out, size_t cap, size_t n)
{
    if (!n)
        snprintf(out, cap, "%s", _("nothing"));
}

/* What was sent and set aside by the hub: not "nothing" when the only
 * rows sent were set aside (the hub took them, to hold or to vet). */
static void sent_text(char *out, size_t cap, const struct sync_report *r)
{
    size_t n = 0;
    out[0] = '\0';
    counts(out, cap, &n, &r->pushed);
    if (r->edits_waiting)
        add(out, cap, &n,
            ngettext("%ld edit set aside at the hub",
                     "%ld edits set aside at the hub",
                     (unsigned long)r->edits_waiting),
            r->edits_waiting);
    if (r->changes_set_aside)
        add(out, cap, &n,
            ngettext("%ld walk-in or edit set aside",
                     "%ld walk-ins and edits set aside",
                     (unsigned long)r->changes_set_aside),
            r->changes_set_aside);
    if (r->set_aside)
        add(out, cap, &n,
            ngettext("%ld journal row set aside", "%ld journal rows set aside",
                     (unsigned long)r->set_aside),
            r->set_aside);
    or_nothing(out, cap, n);
}

/* The seats of a door's room it holds (a door sharing its room's
 * capacity with other doors), and what to do when they are too many. */
static void seat_sentences(FILE *out, const struct sync_report *r)
{
    /* A share below what the door holds: the room's doors hold more than
     * its capacity (lowered), and the door keeps only its own people's. */
    if (r->leased && r->seats_share < r->seats_here)
        fprintf(out,
                ngettext("This door holds %ld seat of its room, taken by "
                         "someone it let in: the doors hold more than the "
                         "room's capacity now, so it lets nobody in until "
                         "people leave and a sync finds room; send arrivals "
                         "to another room or ask them to wait.\n",
                         "This door holds %ld seats of its room, each taken "
                         "by someone it let in: the doors hold more than the "
                         "room's capacity now, so it lets nobody in until "
                         "people leave and a sync finds room; send arrivals "
                         "to another room or ask them to wait.\n",
                         (unsigned long)r->seats_here),
                r->seats_here);
    else if (r->leased && !r->seats_here)
        /* A door enrolled after another of its room: not an error. */
        fputs(_("This door holds none of its room's seats yet: the room's "
                "other doors hold them, give back what they do not need at "
                "their next syncs, and this door takes its part at its "
                "own.\n"),
              out);
    else if (r->leased)
        fprintf(out,
                ngettext("This door holds %ld seat of its room (its share: "
                         "%ld).\n",
                         "This door holds %ld seats of its room (its share: "
                         "%ld).\n",
                         (unsigned long)r->seats_here),
                r->seats_here, r->seats_share);
}

/* What waits: leads of closed booths, rows the hub set aside after they
 * were pulled, rows naming what this file does not know yet, and the
 * desks' signing key. */
static void waiting_sentences(FILE *out, const struct sync_report *r)
{
    if (r->leads_held) {
        char t[sizeof(r->held_booths)];
        text_for_terminal(r->held_booths, strlen(r->held_booths), t, sizeof(t));
        /* TRANSLATORS: the count, the booths closed ("acme, initech"),
         * and the station's name. */
        fprintf(out,
                ngettext("%ld lead of booths the organizer closed at the hub "
                         "(%s) waits in this file, not sent: the other "
                         "booths' leads went up; it goes up when the "
                         "organizer adds the booth again ('checkin hub "
                         "expo-booth EVENT.db %s SLUG').\n",
                         "%ld leads of booths the organizer closed at the hub "
                         "(%s) wait in this file, not sent: the other booths' "
                         "leads went up; they go up when the organizer adds "
                         "the booth again ('checkin hub expo-booth EVENT.db "
                         "%s SLUG').\n",
                         (unsigned long)r->leads_held),
                r->leads_held, t, r->name);
    }
    if (r->dropped)
        fprintf(out,
                ngettext("%ld journal row was pulled before the hub set it "
                         "aside (the hub's upgrade vets every row now); it is "
                         "out of this file and no longer counts.\n",
                         "%ld journal rows were pulled before the hub set them "
                         "aside (the hub's upgrade vets every row now); they "
                         "are out of this file and no longer count.\n",
                         (unsigned long)r->dropped),
                r->dropped);
    if (r->waiting)
        fprintf(out,
                ngettext("%ld row from the hub names a ticket type, tutorial "
                         "or registration this file does not know yet; it is "
                         "pulled again at the next sync.\n",
                         "%ld rows from the hub name a ticket type, tutorial "
                         "or registration this file does not know yet; they "
                         "are pulled again at the next sync.\n",
                         (unsigned long)r->waiting),
                r->waiting);
    if (r->keys_waiting)
        fprintf(out,
                ngettext("%ld desk waits for the event's current signing key, "
                         "which is not in %s; put the key file 'checkin "
                         "rotate-key' made there and sync again, so that the "
                         "desks print with it.\n",
                         "%ld desks wait for the event's current signing key, "
                         "which is not in %s; put the key file 'checkin "
                         "rotate-key' made there and sync again, so that the "
                         "desks print with it.\n",
                         (unsigned long)r->keys_waiting),
                r->keys_waiting, r->key_path);
}

void sync_report_print(FILE *out, const struct sync_report *r)
{
    char up[512], down[512], name[128];
    size_t nd = 0;
    sent_text(up, sizeof(up), r);
    down[0] = '\0';
    counts(down, sizeof(down), &nd, &r->pulled);
    or_nothing(down, sizeof(down), nd);
    text_for_terminal(r->name, strlen(r->name), name, sizeof(name));
    /* TRANSLATORS: the station's name, its kind, what it sent ("3 scans,
     * 1 badge" or "nothing"), what it received, and the hub's address. */
    fprintf(out, _("%s (%s): sent %s; received %s (hub: %s).\n"), name, r->role,
            up, down, r->where);
    if (r->hub_newer) {
        char said[400];
        sync_newer_hub_said(r->hub_newer, said, sizeof(said));
        fprintf(out, "%s\n", said);
    }
    if (r->conflicts)
        fprintf(out,
                ngettext("%ld row was sent under a station run and number "
                         "the hub holds with other content, so this file was "
                         "changed outside checkin; the hub kept its own "
                         "('checkin hub status' counts them).\n",
                         "%ld rows were sent under a station run and number "
                         "the hub holds with other content, so this file was "
                         "changed outside checkin; the hub kept its own "
                         "('checkin hub status' counts them).\n",
                         (unsigned long)r->conflicts),
                r->conflicts);
    if (r->set_aside)
        fprintf(out,
                _("The hub set aside %ld of the journal rows this station "
                  "sent (a ticket it does not know, or a time far from its "
                  "clock and the event's days): they are not counted "
                  "anywhere; check this station's clock, and 'checkin hub "
                  "status' on the organizer's laptop says why each was set "
                  "aside.\n"),
                r->set_aside);
    if (r->changes_set_aside)
        fprintf(out,
                _("The hub set aside %ld of the walk-ins and edits this "
                  "station sent (a time far from its clock and the event's "
                  "days, a value too long, a ticket type, tutorial or "
                  "supervisor the event does not have, or no supervisor "
                  "where one is needed): no other station applies them; "
                  "'checkin hub status' on the organizer's laptop says why "
                  "each was set aside.\n"),
                r->changes_set_aside);
    seat_sentences(out, r);
    if (r->oversold) {
        char said[2400];
        sync_oversold_said(r->oversold_seats, (size_t)r->oversold, said,
                           sizeof(said));
        fprintf(out, "%s\n", said);
    }
    if (r->edits_waiting) {
        char said[600];
        sync_waiting_said(r->edits_waiting, r->waiting_tickets, said,
                          sizeof(said));
        fprintf(out, "%s\n", said);
    }
    waiting_sentences(out, r);
    if (r->dups.ndups)
        fprintf(out, _("Checked in at more than one desk (%zu):\n"),
                r->dups.ndups);
    /* Names and ticket ids come from other stations: drawn as text. */
    for (size_t i = 0; i < r->dups.ndups; i++) {
        const struct merge_duplicate *d = &r->dups.dups[i];
        char id[256], nm[1024], stations[1024];
        text_for_terminal(d->ticket_id, strlen(d->ticket_id), id, sizeof(id));
        text_for_terminal(d->badge_name, strlen(d->badge_name), nm, sizeof(nm));
        text_for_terminal(d->stations, strlen(d->stations), stations,
                          sizeof(stations));
        fprintf(out, _("  %s %s: %ld check-ins at %s\n"), id, nm, d->admits,
                stations);
    }
}

void hub_station_report_print(FILE *out, const char *db,
                              const struct hub_station_options *o,
                              const struct hub_station_report *r)
{
    char name[128], said[2 * sizeof(r->first_err.msg)];
    text_for_terminal(o->name, strlen(o->name), name, sizeof(name));
    fprintf(out,
            _("Enrolled %s (%s) as station %.8s with its own role on the hub; "
              "its file is %s.\n"),
            name, o->role, r->uid, o->out_path);
    struct station_config cfg = {0};
    struct ck_error ignored = {0};
    if (station_parse_spec(o->role, &cfg, &ignored) == CK_OK &&
        station_config_has(&cfg, STATION_TRAIT_PRINTS)) {
        if (r->key_path[0])
            fprintf(out,
                    _("Its signing key, to print badges: %s (0600); keep it "
                      "with the station file and off every other "
                      "computer.\n"),
                    r->key_path);
        else
            fprintf(out,
                    _("No signing key was found beside %s, so this desk "
                      "checks people in but cannot print badges until it is "
                      "given the event's key (checkin scan --key FILE).\n"),
                    db);
    }
    if (r->same_name)
        fprintf(out,
                ngettext("%ld station was enrolled under the name %s before; "
                         "this one is a new station with its own identity, "
                         "and the hub keeps the rows of each.\n",
                         "%ld stations were enrolled under the name %s "
                         "before; this one is a new station with its own "
                         "identity, and the hub keeps the rows of each.\n",
                         (unsigned long)r->same_name),
                r->same_name, name);
    if (r->first_done)
        sync_report_print(out, &r->first);
    else
        fprintf(out,
                _("The first sync did not happen (%s); run 'checkin sync %s' "
                  "before the station opens.\n"),
                ck_error_text(&r->first_err, said, sizeof(said)), o->out_path);
}

void hub_retire_report_print(FILE *out, const char *db, const char *retired,
                             const struct hub_retire_report *r)
{
    char name[256];
    text_for_terminal(retired, strlen(retired), name, sizeof(name));
    fprintf(out,
            ngettext("Retired %s (%s, station %.8s): it can no longer sync, "
                     "and the hub takes nothing from it and gives it nothing. "
                     "The %ld journal row it sent stays on the hub.",
                     "Retired %s (%s, station %.8s): it can no longer sync, "
                     "and the hub takes nothing from it and gives it nothing. "
                     "The %ld journal rows it sent stay on the hub.",
                     (unsigned long)r->rows),
            name, r->kind, r->uid, r->rows);
    if (r->cut)
        fprintf(out, " %s", _("Its open connection was ended."));
    fputc('\n', out);
    if (r->seats_freed)
        fprintf(out,
                ngettext("The %ld seat it held but its people's still inside "
                         "went back to the room's other doors.\n",
                         "The %ld seats it held but its people's still inside "
                         "went back to the room's other doors.\n",
                         (unsigned long)r->seats_freed),
                r->seats_freed);
    fprintf(out,
            _("To put a station in its place: checkin hub add-station %s NAME "
              "--station %s --out STATION.db\n"),
            db, r->kind);
}

int hub_release_seats_print(const char *db, const char *list, const char *name,
                            FILE *out, struct ck_error *err)
{
    struct hub_release_report r;
    int code = hub_release_seats(db, list, name, &r, err);
    if (code)
        return code;
    /* TRANSLATORS: the door, the seats freed, the room, the seats kept. */
    if (r.freed)
        fprintf(out,
                ngettext("%s gave back %ld seat of %s to the room's other "
                         "doors; it keeps %ld for people still inside, given "
                         "back as they leave: run this again later.\n",
                         "%s gave back %ld seats of %s to the room's other "
                         "doors; it keeps %ld for people still inside, given "
                         "back as they leave: run this again later.\n",
                         (unsigned long)r.freed),
                name, r.freed, list, r.kept);
    else
        fprintf(out,
                ngettext("%s holds only the %ld seat of people still inside "
                         "%s; run this again once they have left.\n",
                         "%s holds only the %ld seats of people still inside "
                         "%s; run this again once they have left.\n",
                         (unsigned long)r.kept),
                name, r.kept, list);
    return CK_OK;
}

int hub_expo_booth_print(const char *db, const char *name, const char *slug,
                         bool on, FILE *out, struct ck_error *err)
{
    int code = hub_expo_booth(db, name, slug, on, err);
    if (code)
        return code;
    fprintf(out,
            on ? _("The hub takes sponsor %s's leads from expo station %s.\n")
               : _("The hub refuses sponsor %s's leads from expo station %s "
                   "from now on.\n"),
            slug, name);
    return CK_OK;
}

int hub_leads_print(const char *db, const char *sponsor, const char *out_path,
                    FILE *msgs, struct ck_error *err)
{
    struct export_lead_counts lc;
    int code = sync_hub_leads(db, sponsor, out_path, &lc, err);
    if (code)
        return code;
    export_leads_print(msgs, &lc, true);
    return CK_OK;
}

int sync_once_print(const char *db, FILE *out, struct ck_error *err)
{
    struct sync_report r;
    int code = sync_once(db, &r, err);
    struct sync_counts none = {0};
    if (!code || memcmp(&r.pushed, &none, sizeof(none)) ||
        memcmp(&r.pulled, &none, sizeof(none)))
        sync_report_print(out, &r);
    sync_report_free(&r);
    return code;
}

void sync_publish_print(const char *db, enum sync_saved what, FILE *out,
                        FILE *msgs)
{
    struct sync_report r;
    struct ck_error err = {0};
    char said[2 * sizeof(err.msg)];
    bool enrolled;
    int code = sync_if_enrolled(db, &enrolled, &r, &err);
    /* TRANSLATORS: why it was not published (a sentence), and the event
     * file. */
    if (enrolled) {
        sync_report_print(out, &r);
        if (code)
            fprintf(
                msgs,
                what == SYNC_SAVED_IMPORT
                    ? _("The import is saved but not yet published: %s The "
                        "next 'checkin sync %s' publishes what waits.\n")
                : what == SYNC_SAVED_CHANGE
                    ? _("The change is saved but not yet published: %s The "
                        "next 'checkin sync %s' publishes what waits.\n")
                : what == SYNC_SAVED_BADGE
                    ? _("The badge is saved but not yet published: %s The "
                        "next 'checkin sync %s' publishes what waits.\n")
                : what == SYNC_SAVED_BADGES
                    ? _("The badges are saved but not yet published: %s The "
                        "next 'checkin sync %s' publishes what waits.\n")
                : what == SYNC_SAVED_LABELS
                    ? _("The labels printed are saved but not yet published: "
                        "%s The next 'checkin sync %s' publishes what "
                        "waits.\n")
                    : _("The new key is saved but not yet published: %s The "
                        "next 'checkin sync %s' publishes what waits.\n"),
                ck_error_text(&err, said, sizeof(said)), db);
    }
    sync_report_free(&r);
}

void sync_publish_organizer_print(const char *db, enum sync_saved what,
                                  FILE *out, FILE *msgs)
{
    bool enrolled;
    char name[128], role[80];
    if (!sync_enrolled_as(db, &enrolled, name, sizeof(name), role, sizeof(role),
                          NULL) &&
        enrolled && !strcmp(role, "organizer"))
        sync_publish_print(db, what, out, msgs);
}

int hub_init_print(const char *db, const char *url, FILE *out,
                   struct ck_error *err)
{
    struct sync_report r;
    int code = hub_init(db, url, &r, err);
    if (!code) {
        fprintf(out, _("The hub for %s is ready.\n"), db);
        sync_report_print(out, &r);
    }
    sync_report_free(&r);
    return code;
}

/* ---- `checkin hub status` ---- */

/* Under the stations: each room with a capacity and more than one door,
 * the seats each door holds and uses (what it charged at its last sync),
 * and the pool; then when each door last took and gave seats, and what
 * to do about a door that holds seats and is gone. */
static void seat_lines(FILE *f, const char *event_path,
                       const struct hub_status_report *rep)
{
    const struct hub_status_seat *r = rep->seats;
    size_t n = rep->nseats;
    if (n)
        fputs(_("Seats of rooms with more than one door (used: as each door "
                "said at its last sync):\n"),
              f);
    for (size_t i = 0; i < n;) {
        const char *ls = r[i].list;
        long cap = r[i].capacity;
        size_t end = i;
        long held = 0;
        while (end < n && !strcmp(r[end].list, ls))
            held += r[end++].held;
        /* TRANSLATORS: a room and its capacity, then each door's part of
         * the line after "; " or ", ". */
        fprintf(
            f,
            ngettext("  %s: %ld seat", "  %s: %ld seats", (unsigned long)cap),
            ls, cap);
        for (size_t k = i; k < end; k++) {
            fputs(k == i ? "; " : ", ", f);
            fprintf(f,
                    r[k].used >= r[k].held ? _("%s holds %ld (%ld used, full)")
                                           : _("%s holds %ld (%ld used)"),
                    r[k].door, r[k].held, r[k].used);
        }
        if (held <= cap)
            fprintf(f, _(", %ld free\n"), cap - held);
        else
            fprintf(f,
                    _("; %ld over the capacity: each door gives back as its "
                      "people leave and admits nobody meanwhile\n"),
                    held - cap);
        for (size_t k = i; k < end; k++) {
            const char *nm = r[k].door;
            long h = r[k].held;
            if (r[k].took_s >= 0 || r[k].gave_s >= 0) {
                char took[32], gave[32];
                sync_ago_said(r[k].took_s, took, sizeof(took));
                sync_ago_said(r[k].gave_s, gave, sizeof(gave));
                fprintf(f,
                        _("    %s last took seats %s, last gave some back "
                          "%s\n"),
                        nm, took, gave);
            }
            /* TRANSLATORS: the door, the seats it holds, those of people
             * inside, the event file, the room, the door again, and the
             * seats the command gives back. */
            if (r[k].gone && h > r[k].inside)
                fprintf(f,
                        r[k].retired
                            ? _("    %s is retired and holds %ld seats, %ld "
                                "of them for people still inside: 'checkin "
                                "hub release-seats %s %s %s' gives the other "
                                "%ld back to the room.\n")
                            : _("    %s is not seen for 10 minutes and holds "
                                "%ld seats, %ld of them for people still "
                                "inside: 'checkin hub release-seats %s %s %s' "
                                "gives the other %ld back to the room.\n"),
                        nm, h, r[k].inside, event_path, ls, nm,
                        h - r[k].inside);
        }
        i = end;
    }
}

/* Walk-ins whose tutorial the hub found sold past its seats: nothing is
 * said when there are none. */
static void oversold_lines(FILE *f, const struct hub_status_report *rep)
{
    int n = (int)rep->noversold;
    if (n)
        fprintf(f,
                ngettext("%d walk-in registered at a desk for a tutorial with "
                         "no seat left at the hub (two desks sold its last "
                         "seat); add a seat with 'checkin event', or move "
                         "them to another tutorial:\n",
                         "%d walk-ins registered at a desk for a tutorial "
                         "with no seat left at the hub (two desks sold its "
                         "last seat); add a seat with 'checkin event', or "
                         "move them to another tutorial:\n",
                         (unsigned long)n),
                n);
    /* TRANSLATORS: the tutorial, the walk-in, their ticket, the desk, the
     * registered and the seats (label: value, no plural form). */
    for (int i = 0; i < n; i++) {
        const struct hub_status_oversold *o = &rep->oversold[i];
        fprintf(f,
                o->told ? _("  %s: %s (%s) at %s (registered: %ld, seats: "
                            "%ld)\n")
                        : _("  %s: %s (%s) at %s (registered: %ld, seats: "
                            "%ld), the desk not told yet\n"),
                o->tutorial, o->who, o->ticket, o->station, o->taken,
                o->capacity);
    }
}

/* Under a station's row: its printer as the desk last said, the state in
 * capitals (and red on a terminal) when someone must act, and how long
 * it has not been heard of once that is longer than a live station takes
 * to sync.  Nothing for a station that never said. */
static void printer_line(FILE *f, const struct hub_status_station *s)
{
    if (!s->printer)
        return;
    char state[sizeof(s->printer_state)];
    snprintf(state, sizeof(state), "%s", s->printer_state);
    bool act = strcmp(state, "ready") && strcmp(state, "printing") &&
               strcmp(state, "unknown");
    if (act)
        for (char *c = state; *c; c++)
            *c = (char)toupper((unsigned char)*c);
    long age = s->printer_age_s;
    char stale[64] = "";
    if (age >= 30)
        snprintf(stale, sizeof(stale), _(", not heard for %ld s"), age);
    /* Red on a terminal (not in a file or a pipe) when someone must act. */
    bool red =
        (age >= 30 || act) && isatty(fileno(f)) == 1 && !getenv("NO_COLOR");
    /* TRANSLATORS: a colour's start, the printer's state, how long it
     * has not been heard of (", not heard for 40 s" or nothing), what it
     * said, the colour's end. */
    fprintf(f, _("  printer: %s%s%s: %s%s\n"), red ? "\033[31m" : "", state,
            stale, s->printer_said, red ? "\033[0m" : "");
}

/* Under an auction door's row: the paddles whose label failed there and
 * has not printed since (hub format 36), for the organizer to send
 * someone; nothing when none. */
static void paddles_line(FILE *f, const struct hub_status_station *s)
{
    if (s->paddles_failed[0])
        /* TRANSLATORS: the paddle numbers, "3, 4". */
        fprintf(f,
                _("  paddle labels not printed: %s; print them again at the "
                  "door with Ctrl-R once its printer is ready.\n"),
                s->paddles_failed);
}

/* Lines a list of rows set aside or waiting takes in `hub status` at
 * most; the rest are counted in one line.  A desk's credentials could
 * otherwise make the report as long as the rows it sent (issue 50: 1,000
 * edits waiting, 1,017 lines). */
#define STATUS_LIST_MAX 10

/* Journal rows the hub set aside (hub_schema.c, TRUST), by the station
 * that pushed them and why: nothing is said when there are none. */
static void quarantine_lines(FILE *f, const struct hub_status_report *rep)
{
    long total = 0;
    for (size_t i = 0; i < rep->nquarantined; i++)
        total += rep->quarantined[i].count;
    if (total)
        fprintf(f,
                ngettext("%ld journal row set aside, not counted and sent to "
                         "no station:\n",
                         "%ld journal rows set aside, not counted and sent to "
                         "no station:\n",
                         (unsigned long)total),
                total);
    for (size_t i = 0; i < rep->nquarantined; i++) {
        const struct hub_status_aside *a = &rep->quarantined[i];
        fprintf(f, _("  %ld: %s from %s\n"), a->count, a->why, a->station);
    }
}

/* Walk-ins and edits the hub set aside (format 25), counted by station
 * and why, in at most STATUS_LIST_MAX lines: nothing is said when there
 * are none. */
static void change_set_aside_lines(FILE *f, const struct hub_status_report *rep)
{
    long total = 0, shown = 0;
    int n = (int)rep->nset_aside;
    for (int i = 0; i < n; i++)
        total += rep->set_aside[i].count;
    if (total)
        fprintf(f,
                ngettext("%ld walk-in or edit made at desks set aside, "
                         "applied at no other station:\n",
                         "%ld walk-ins and edits made at desks set aside, "
                         "applied at no other station:\n",
                         (unsigned long)total),
                total);
    for (int i = 0; i < n && i < STATUS_LIST_MAX; i++) {
        const struct hub_status_aside *a = &rep->set_aside[i];
        fprintf(f, _("  %ld: %s from %s\n"), a->count, a->why, a->station);
        shown += a->count;
    }
    if (n > STATUS_LIST_MAX)
        fprintf(f, _("  %ld more, for %d other reasons or stations\n"),
                total - shown, n - STATUS_LIST_MAX);
}

/* Edits the hub set aside until their ticket reaches it, each with its
 * ticket, field and station, the first STATUS_LIST_MAX of them: nothing
 * is said when there are none. */
static void waiting_lines(FILE *f, const struct hub_status_report *rep)
{
    int n = (int)rep->nwaiting;
    if (n)
        fprintf(f,
                ngettext("%d edit waits for a ticket the hub does not hold "
                         "yet, applied nowhere until the organizer publishes "
                         "it or the walk-in's desk syncs:\n",
                         "%d edits wait for tickets the hub does not hold "
                         "yet, applied nowhere until the organizer publishes "
                         "them or the walk-in's desk syncs:\n",
                         (unsigned long)n),
                n);
    for (int i = 0; i < n && i < STATUS_LIST_MAX; i++) {
        const struct hub_status_waiting *w = &rep->waiting[i];
        char ago_s[32];
        sync_ago_said(w->ago_s, ago_s, sizeof(ago_s));
        fprintf(f, _("  %s: %s, from %s, set aside %s\n"), w->ticket, w->field,
                w->from, ago_s);
    }
    if (n > STATUS_LIST_MAX)
        fprintf(f,
                ngettext("  and %d more edit waiting\n",
                         "  and %d more edits waiting\n",
                         (unsigned long)(n - STATUS_LIST_MAX)),
                n - STATUS_LIST_MAX);
}

/* A count the hub holds no value for (-1) as nothing. */
static const char *count_text(long v, char *buf, size_t cap)
{
    if (v < 0)
        return "";
    snprintf(buf, cap, "%ld", v);
    return buf;
}

/* The station table's columns: its headings, in the language of the
 * command, each column as wide as its heading, its states' words or its
 * English width, whichever is widest (columns.h). */
enum { ST_COLUMNS = 12 };

struct station_table {
    const char *h[ST_COLUMNS];
    int w[ST_COLUMNS];
    const char *live, *offline, *retired, *unknown;
};

static void station_table(struct station_table *t)
{
    /* TRANSLATORS: the headings of `checkin hub status`'s table of
     * stations, one a column: its name, kind and id, its state (live,
     * offline, retired), when the hub last heard from it, its clock's
     * difference from the hub's, then counts of its journal rows, rows
     * not yet sent, badges, badges printed and conflicting rows, and the
     * version of checkin it runs. */
    const char *h[ST_COLUMNS] = {_("STATION"), _("KIND"),      _("ID"),
                                 _("STATE"),   _("LAST SEEN"), _("SKEW"),
                                 _("SCANS"),   _("NOT SENT"),  _("BADGES"),
                                 _("PRINTED"), _("CONFLICTS"), _("VERSION")};
    static const int least[ST_COLUMNS] = {16, 22, 9, 8, 12, 6,
                                          6,  8,  6, 7, 9,  0};
    /* TRANSLATORS: a station's state in `checkin hub status`: it synced
     * in the last 30 s. */
    t->live = _("live");
    /* TRANSLATORS: a station's state: not heard from in 30 s. */
    t->offline = _("offline");
    /* TRANSLATORS: a station's state: the organizer retired it. */
    t->retired = _("retired");
    /* TRANSLATORS: the version of a station that did not say it (an
     * older checkin). */
    t->unknown = _("unknown");
    for (int i = 0; i < ST_COLUMNS; i++) {
        t->h[i] = h[i];
        t->w[i] = column_width(h[i], least[i]);
    }
    t->w[3] = column_width(t->live, t->w[3]);
    t->w[3] = column_width(t->offline, t->w[3]);
    t->w[3] = column_width(t->retired, t->w[3]);
}

/* One row of the station table: the text columns padded after, the
 * counts and the skew before. */
static void station_row(FILE *f, const struct station_table *t,
                        const char *const *cell)
{
    for (int i = 0; i < ST_COLUMNS; i++) {
        fputs(i == ST_COLUMNS - 1 ? "  " : i ? " " : "", f);
        column_print(f, cell[i], i == ST_COLUMNS - 1 ? 0 : t->w[i],
                     i >= 5 && i < ST_COLUMNS - 1);
    }
}

static void station_lines(FILE *f, const struct hub_status_report *rep)
{
    /* A running station syncs at least every 10 s (sync_worker.h). */
    struct station_table t;
    station_table(&t);
    station_row(f, &t, t.h);
    fputc('\n', f);
    for (size_t i = 0; i < rep->nstations; i++) {
        const struct hub_status_station *s = &rep->stations[i];
        char seen[64], skew[32], c[5][24];
        sync_ago_said(s->seen_s, seen, sizeof(seen));
        if (!s->skew_known)
            snprintf(skew, sizeof(skew), "-");
        else
            snprintf(skew, sizeof(skew), "%+lds", s->skew_s);
        bool live = s->seen_s >= 0 && s->seen_s < 30;
        /* VERSION: the checkin it said at its last sync (hub format 29);
         * "unknown" for one that said none (an older checkin). */
        const char *cell[ST_COLUMNS] = {
            s->name,
            s->role,
            s->id,
            s->retired ? t.retired
            : live     ? t.live
                       : t.offline,
            seen,
            skew,
            count_text(s->scans, c[0], sizeof(c[0])),
            count_text(s->not_sent, c[1], sizeof(c[1])),
            count_text(s->badges, c[2], sizeof(c[2])),
            count_text(s->printed, c[3], sizeof(c[3])),
            count_text(s->conflicts, c[4], sizeof(c[4])),
            s->version[0] ? s->version : t.unknown};
        station_row(f, &t, cell);
        fprintf(f, "%s\n", s->twice ? _("  (name enrolled twice)") : "");
        printer_line(f, s);
        paddles_line(f, s);
        if (s->older[0])
            fprintf(f, "  %s\n", s->older);
    }
}

/* Each herald enrolled, and whether it is at the hub now. */
static void herald_lines(FILE *out, const struct hub_status_report *rep)
{
    for (size_t i = 0; i < rep->nheralds; i++) {
        const struct hub_status_herald *h = &rep->heralds[i];
        if (h->sessions > 0)
            fprintf(out,
                    ngettext("Herald %s: %ld session at the hub.\n",
                             "Herald %s: %ld sessions at the hub.\n",
                             (unsigned long)h->sessions),
                    h->name, h->sessions);
        else
            fprintf(out, _("Herald %s: not connected to the hub.\n"), h->name);
    }
}

int hub_status_print(const char *db, FILE *out, struct ck_error *err)
{
    struct hub_status_report rep;
    int code = hub_status(db, &rep, err);
    if (!code) {
        fprintf(out, _("Hub: %s\n"), rep.where);
        station_lines(out, &rep);
        herald_lines(out, &rep);
        fprintf(out,
                /* TRANSLATORS: five counts, each as label: value so that
                 * none needs a plural form. */
                _("On the hub: registrations: %ld, journal rows: %ld, "
                  "badges: %ld; admitted at more than one desk: %ld; "
                  "conflicting rows: %ld.\n"),
                rep.registrations, rep.journal_rows, rep.badges,
                rep.admitted_twice, rep.conflicts);
        quarantine_lines(out, &rep);
        change_set_aside_lines(out, &rep);
        waiting_lines(out, &rep);
        seat_lines(out, db, &rep);
        oversold_lines(out, &rep);
    }
    hub_status_free(&rep);
    return code;
}
