/* Keeping a station in step with the event's hub (a PostgreSQL database
 * made by `checkin hub init`): push what the station wrote, pull what
 * everyone else wrote and what the organizer published.  Offline-first:
 * nothing here is on the scan path; a station decides from its own file
 * whether or not the hub can be reached, and a sync later sends what it
 * decided meanwhile.
 *
 * Pushes are idempotent (each row keeps its key, (station_id, seq) for
 * the journal and leads, the badge id for badges): a push repeated after
 * a crash adds nothing.  Pulls follow the hub's safe horizon (docs/sync.md)
 * so that no row committed late is ever skipped.  The same file works for
 * the organizer's event database (which publishes registrations and pulls
 * every station's rows) and for each station file. */
#ifndef CHECKIN_SYNC_H
#define CHECKIN_SYNC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/error.h"
#include "checkin/export.h"
#include "checkin/merge.h"

/* Rows of each kind. */
struct sync_counts {
    long registrations;
    long invitations; /* a list's invitees (added or removed) */
    long keys;
    long badges;
    long revoked;   /* badge revocation hashes */
    long lifted;    /* revocations lifted (the badge is valid again) */
    long desk_keys; /* signing keys sealed to a desk (sent or taken) */
    long scans;
    long leads;
    long jobs;        /* print jobs (new or changed) */
    long description; /* event description rows (the event, a ticket type,
                         tutorial, sponsor, mapping or setting) */
    long changes;     /* walk-ins and edits made at desks */
    long preprints;   /* pre-printed badges' places (hub format 27) */
    long handovers;   /* pre-printed badges handed over at desks */
    long open_spaces; /* open spaces' claims and releases (format 30) */
    long triage;      /* whom the triage sent to which desk (format 32) */
    long auction;     /* the auction's paddles, wins, settlements (33) */
};

/* A walk-in's tutorial the hub found sold past its seats (hub format 16;
 * sync/oversold.c): data, said by runtime/sync_sentence.c. */
struct sync_oversold {
    char tutorial[160]; /* the tutorial, made safe for a terminal */
    char who[300];      /* the walk-in's name, else their ticket, the same */
    long taken;         /* seats registered for it */
    long capacity;      /* its seats */
};
enum { SYNC_OVERSOLD_CAP = 4 };

struct sync_report {
    char name[64];   /* the station's name, or the event's slug */
    char role[80];   /* organizer, desk, door:SLUG, leads:SPONSOR */
    char where[256]; /* the hub, for messages: database and host */
    struct sync_counts pushed, pulled;
    long conflicts;      /* rows the hub holds under the same key with other
                            content: the hub's is kept */
    long set_aside;      /* journal rows this push sent that the hub set
                            aside (an unknown ticket, a time far off) */
    long dropped;        /* rows pulled before that the hub has since set
                            aside, taken out of this file */
    long waiting;        /* pulled rows this file cannot take yet (an unknown
                            ticket type or tutorial): pulled again next time */
    long keys_waiting;   /* organizer: desks waiting for a current signing
                            key that is not in the key file beside EVENT.db */
    char key_path[4200]; /* that key file */
    /* Edits this push sent that the hub set aside until their ticket
     * reaches it (hub format 13), and their tickets, ", " between, as
     * many as fit. */
    long edits_waiting;
    char waiting_tickets[200];
    /* Walk-ins and edits this push sent that the hub set aside (hub
     * format 25: a time far off, a value too long, a ticket type,
     * tutorial or supervisor the event does not have). */
    long changes_set_aside;
    /* A door whose room's seats are leased (hub format 14): the seats it
     * holds after this sync and its fair share. */
    bool leased;
    long seats_here;
    long seats_share;
    /* A desk: its walk-ins whose tutorial the hub found sold past its
     * seats (hub format 16), told at this sync: how many, and the first
     * SYNC_OVERSOLD_CAP of them, in the order the hub noted them. */
    long oversold;
    struct sync_oversold oversold_seats[SYNC_OVERSOLD_CAP];
    /* An expo station: booths whose closing or opening at the hub this
     * pull learned (docs/phones.md, "The hub"), and the leads of booths
     * closed at the hub that wait in the file, out of the push, with
     * those booths' slugs, ", " between, as many as fit. */
    long booths_learned;
    long leads_held;
    char held_booths[200];
    /* A station at a hub of a newer format than this checkin knows: the
     * hub's format (0: not newer).  It still decides and sends its rows,
     * by the rules of the format it knows. */
    int hub_newer;
    /* What the pull's committed rows did to a station's counters, so
     * that a running station adds it instead of counting its journal
     * again (issue 54): `checked_in`, exactly the change in the people
     * checked in at a desk (journal_counts' checked_in: new check-ins,
     * undos, a person already checked in elsewhere, rows already here);
     * `counts_moved`, rows that may move another station's counters (a
     * door's or a room's, a sponsor's leads, a swap) and that a desk's
     * counters do not read; `recount`, rows whose effect on the desk's
     * counters is not in `checked_in` (this station's own name, rows
     * taken out of the file): every station counts again.  All 0 at a
     * file's first pull, which no station runs on yet. */
    long checked_in;
    long counts_moved;
    long recount;
    /* People admitted at more than one desk, over the whole file. */
    struct merge_report dups;
};

/* Push and pull once for the database at `path` (enrolled by `checkin hub
 * init` or `checkin hub add-station`).  *out is filled even when a later
 * step fails (what moved before it stays moved); free it with
 * sync_report_free. */
int sync_once(const char *path, struct sync_report *out /* out */,
              struct ck_error *err) CK_MUST_CHECK;

/* The same when `path` is enrolled at a hub; otherwise nothing, and
 * *enrolled false.  For `checkin import`, which publishes a re-import's
 * changes by itself. */
int sync_if_enrolled(const char *path, bool *enrolled /* out */,
                     struct sync_report *out /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

void sync_report_free(struct sync_report *r);
/* The name and role ("organizer", "desk", "door:SLUG", "leads:SPONSOR")
 * the file at `path` was enrolled under at its hub; *enrolled false (and
 * both "") for a file never enrolled.  Reads only.  The hub takes a
 * station's journal rows only under its enrolled name, mode and target
 * (docs/sync.md, "What the hub believes"), so a station runs as that. */
int sync_enrolled_as(const char *path, bool *enrolled /* out */,
                     char *name /* out */, size_t name_cap,
                     char *role /* out */, size_t role_cap,
                     struct ck_error *err) CK_MUST_CHECK;

/* At a sponsor's booth enrolled at a hub (`path`, its station file):
 * send its leads, then write its sponsor's leads as the hub holds them,
 * from every booth of that sponsor, with the contact details of the
 * attendees who agreed to share them (export_leads_write's format; the
 * booth's file holds no attendee data).  `sponsor` NULL or the booth's
 * own; nothing is written on an error. */
int sync_booth_leads(const char *path, const char *sponsor, FILE *out,
                     enum export_format fmt,
                     struct export_lead_counts *counts /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* The organizer's copy of what a booth exports (`checkin hub leads`):
 * sponsor `sponsor`'s leads as the hub holds them now, from every station
 * of the event, with the contact details of the attendees who agreed
 * only (export_leads_write's CSV), into the new file `out_path` (0600;
 * an existing file is never replaced).  `event_path` is the organizer's
 * event database published to the hub; it and the hub are only read.
 * Nothing is written on an error. */
int sync_hub_leads(const char *event_path, const char *sponsor,
                   const char *out_path,
                   struct export_lead_counts *counts /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* What an expo station's booths' CSVs are asked of the hub with, read
 * once from its file at the station's start (sync_expo_hub): whether it
 * is an expo station enrolled at a hub, the hub's connection (the
 * station's credentials: wipe it, sodium_memzero, when done) and the
 * event's zone.  The phones' requests then never touch the file. */
struct sync_expo_hub {
    bool enrolled;
    char conninfo[2048];
    char tz[64];
};
int sync_expo_hub(const char *path, struct sync_expo_hub *out /* out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* A booth's phone's CSV at the expo station `hub` describes: what
 * `checkin hub leads EVENT.db SPONSOR` writes for `sponsor`, asked of the
 * hub (format 23, checkin.expo_sponsor_leads) with the station's
 * credentials, within about `timeout_ms` in all (this thread's pg
 * limits, reset after).  Only reads.  CK_EVERSION for an older hub,
 * CK_EBUSY (or another error) for one not reached in time; then `out`
 * may hold part of a file (the caller writes to a buffer it drops). */
int sync_expo_leads(const struct sync_expo_hub *hub, const char *sponsor,
                    int timeout_ms, FILE *out,
                    struct export_lead_counts *counts /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

#endif
