/* Exports for organisers, as CSV (RFC 4180, with cells that a spreadsheet
 * would run as a formula prefixed by ') or JSON.  Check-ins and scans come
 * from the journal; a sponsor's leads get contact details only for
 * attendees who consented to share them, and the others are counted,
 * never listed (docs/stations.md). */
#ifndef CHECKIN_EXPORT_H
#define CHECKIN_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/error.h"
#include "checkin/store.h"

enum export_format { EXPORT_CSV, EXPORT_JSON };

/* "csv" or "json". */
int export_format_parse(const char *s,
                        enum export_format *out /* out */) CK_MUST_CHECK;

/* One row per attendee checked in at a desk: first time and station, and
 * how many desks admitted them.  *rows (may be NULL) counts them. */
int export_checkins(store *s, FILE *out, enum export_format fmt,
                    long *rows /* out */, struct ck_error *err) CK_MUST_CHECK;

/* Paid registrations nobody has checked in at a desk (in any station
 * merged into the file): who to write to, or whose badge to hold back. */
int export_no_shows(store *s, FILE *out, enum export_format fmt,
                    long *rows /* out */, struct ck_error *err) CK_MUST_CHECK;

/* Every journal row, oldest first.  `code` is what was scanned when it is
 * plain text (text_is_plain), else empty (CSV) or null (JSON); `code_hex`
 * is always its exact bytes in lower-case hex. */
int export_scans(store *s, FILE *out, enum export_format fmt,
                 long *rows /* out */, struct ck_error *err) CK_MUST_CHECK;

/* For the Code of Conduct team (issue 55): one row per acknowledgement
 * a desk took with a check-in (the journal's answers "ack:SLUG", undone
 * check-ins left out) or a person declined (answer "declined", a
 * refusal journaled), oldest first: which, its title, the answer, who,
 * when and at which station. */
int export_acknowledgements(store *s, FILE *out, enum export_format fmt,
                            long *rows /* out */,
                            struct ck_error *err) CK_MUST_CHECK;

struct export_lead_counts {
    long listed;   /* leads with contact details */
    long withheld; /* leads of attendees who did not consent */
    /* Left out: leads no badge scanner could have made, which only a
     * station file changed by hand brings (see EXPORT_LEAD_BURST). */
    long never_issued; /* a badge id this event never issued */
    long burst;        /* too many at one station in too short a time */
};

/* More than this many leads within EXPORT_LEAD_BURST_MS either side of a
 * lead, at one station run, is faster than people can be scanned. */
#define EXPORT_LEAD_BURST 10
#define EXPORT_LEAD_BURST_MS 5000

/* The leads of sponsor `slug`.  CK_ENOTFOUND if there is no such sponsor. */
int export_leads(store *s, const char *slug, FILE *out, enum export_format fmt,
                 struct export_lead_counts *counts /* out */,
                 struct ck_error *err) CK_MUST_CHECK;

/* One row of a leads export made elsewhere (at a sponsor's booth, read
 * through the hub: sync.h's sync_booth_leads).  Text NULL is written
 * empty (CSV) or null (JSON); rating 0: none. */
struct export_lead_row {
    int64_t at_ms;
    const char *station, *note;
    int rating;
    const char *given_name, *family_name, *badge_name, *email, *company;
    const char *tags; /* each once, joined by "; "; NULL: none */
};

/* Write `n` rows, of consenting attendees only, exactly as export_leads
 * does for sponsor `slug` named `name`, times in the event's zone `tz`;
 * `counts` gives the JSON's totals. */
int export_leads_write(FILE *out, enum export_format fmt, const char *slug,
                       const char *name, const char *tz,
                       const struct export_lead_row *rows, size_t n,
                       const struct export_lead_counts *counts,
                       struct ck_error *err) CK_MUST_CHECK;

/* `checkin export`'s request: which export of the event file `db`, to
 * `out` (NULL: standard output). */
struct export_request {
    const char *db;
    const char *what;    /* "checkins", "no-shows", "scans" or "leads" */
    const char *sponsor; /* leads: the sponsor's slug; NULL at a booth */
    enum export_format fmt;
    const char *out;
    /* At a sponsor's booth enrolled at a hub the leads are read through
     * the hub (sync.h's sync_booth_leads); the booth's file holds none. */
    int (*booth_leads)(const char *db, const char *sponsor, FILE *out,
                       enum export_format fmt,
                       struct export_lead_counts *counts /* out */,
                       struct ck_error *err);
    const char *list; /* "list": the check-in list's (or tutorial's) slug */
};

/* Who list `slug` (a check-in list or a tutorial's door) admitted or
 * handed what, when and where, oldest first, undone rows left out: a
 * redemption's `handed` is what it holds now (the newest swap naming it).
 * CK_ENOTFOUND, naming the lists, for an unknown slug. */
int export_list(store *s, const char *slug, FILE *out, enum export_format fmt,
                long *rows /* out */, struct ck_error *err) CK_MUST_CHECK;

/* Whether `what` names an export ("checkins", "no-shows", "scans",
 * "leads", "list"). */
bool export_what_known(const char *what);

/* Run export `r`.  `out` is written at a temporary name and renamed over
 * the old file only when complete, so a failed or killed export leaves it
 * as it was, and never over the database being read (nor its -wal or
 * -shm).  *rows gets how many rows were written, or *lc (leads) how many
 * leads were listed, withheld and left out.  Leads without a sponsor,
 * away from a booth, set *no_sponsor and fail with CK_EINVAL before
 * anything is written. */
int export_run(const struct export_request *r, long *rows /* out */,
               struct export_lead_counts *lc /* out */,
               bool *no_sponsor /* out */, struct ck_error *err) CK_MUST_CHECK;

/* A database for a sponsor's lead station, made from the event's: the
 * event, ticket types, tutorials, sponsors, signing public keys and
 * conference badges, with attendees reduced to their order status (no
 * names, emails, companies or ticket ids), so that the station can verify
 * badges and record badge ids and nothing else.  `out_path` must not
 * exist.  `sponsor` NULL: the expo hall's file (role 'expo', every
 * sponsor's booth, and the key of its booths' tokens, expo.h). */
int export_station_db(store *s, const char *sponsor, const char *out_path,
                      struct ck_error *err) CK_MUST_CHECK;

/* One CSV cell as the exports write it: quoted when needed, a leading
 * = + - @ (a formula to a spreadsheet) defused with a '. */
void export_csv_cell(FILE *f, const char *v);

/* Sprint check-ins as CSV into `f` (docs/sprints.md): every column
 * (`project, day, time, ticket_id, badge_name, given_name, family_name,
 * email, company`), or, for a project lead (`lead`), `day, time, name,
 * email, company` with the email and company only of those who consented
 * to share them (sponsor_consent), as `checkin sprints ... who` and the
 * lead's link give it. */
struct sprint_person;
void export_sprint_people(FILE *f, const struct sprint_person *p, size_t n,
                          bool lead);

#endif
