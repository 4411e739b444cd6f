/* How `checkin sync`, `hub init`, `hub add-station` and an import or
 * event change published to the hub say what moved (and what
 * `hub add-station`, `hub retire-station`, `hub release-seats` and
 * `hub expo-booth` did): "desk-1 (desk): sent
 * 3 scans; received 300 registrations, ... (hub: ...)." and the lines
 * about rows the hub kept or set aside, rows waiting, keys a desk waits
 * for and people admitted at two desks (names drawn as text). */
#ifndef CHECKIN_SYNC_PRINT_H
#define CHECKIN_SYNC_PRINT_H

#include <stdio.h>

#include "checkin/hub.h"
#include "checkin/import.h"
#include "checkin/sync.h"

void sync_report_print(FILE *out, const struct sync_report *r);

/* `checkin sync DB`: one round (sync_once) and what moved on `out`, also
 * what moved before a failure (it stays moved). */
int sync_once_print(const char *db, FILE *out,
                    struct ck_error *err) CK_MUST_CHECK;

/* `checkin hub init DB URL`: hub_init, then "The hub for DB is ready."
 * and what it published on `out`. */
int hub_init_print(const char *db, const char *url, FILE *out,
                   struct ck_error *err) CK_MUST_CHECK;

/* What was saved, for the sentence that says it is not yet published
 * (each a whole sentence in the catalogues). */
enum sync_saved {
    SYNC_SAVED_IMPORT, /* "The import is saved but not yet published" */
    SYNC_SAVED_CHANGE, /* an event change */
    SYNC_SAVED_BADGE,  /* a badge issued */
    SYNC_SAVED_BADGES, /* badges rendered */
    SYNC_SAVED_LABELS, /* labels printed */
    SYNC_SAVED_NEW_KEY /* a new signing key */
};

/* After an import, an event change, badges issued, rendered or printed or
 * a new signing key saved in `db` (`what`): when `db` is enrolled at a hub
 * (a hub's event file, a station's), publish at once and say what moved
 * on `out`, or on `msgs` that it is saved but not yet published and what
 * publishes it.  The change stands either way; a file at no hub says
 * nothing. */
void sync_publish_print(const char *db, enum sync_saved what, FILE *out,
                        FILE *msgs);

/* The same for the organizer's commands that make badges or keys (issue,
 * badge, print, rotate-key): on the hub's event file only, so that what
 * the organizer made reaches the hub as an import does; a station's file
 * sends its own at its station's sync. */
void sync_publish_organizer_print(const char *db, enum sync_saved what,
                                  FILE *out, FILE *msgs);

/* `checkin import DB FILE [--list SLUG]`: report_import_file with `opt`,
 * or with `list` (not NULL) import_invitations of that list, then
 * sync_publish_print of what was stored: also the good rows when bad
 * ones were skipped (`opt->skip_bad`) or an invitation list's rows taken
 * when some were left out.  Returns the import's code. */
int sync_import_print(const char *db, const char *file, const char *list,
                      struct import_options *opt, FILE *out, FILE *msgs,
                      struct ck_error *err) CK_MUST_CHECK;

/* What `checkin hub add-station` made of station `o->name` for the
 * event file `db`: its identity and file, a desk's signing key (or that
 * it has none), names enrolled before, and its first sync (or why it did
 * not happen). */
void hub_station_report_print(FILE *out, const char *db,
                              const struct hub_station_options *o,
                              const struct hub_station_report *r);

/* What `checkin hub retire-station DB STATION` did, and how to enroll a
 * station in its place. */
void hub_retire_report_print(FILE *out, const char *db, const char *station,
                             const struct hub_retire_report *r);

/* `checkin hub release-seats DB LIST NAME`: hub_release_seats, then how
 * many seats door `name` gave back and kept on `out`. */
int hub_release_seats_print(const char *db, const char *list, const char *name,
                            FILE *out, struct ck_error *err) CK_MUST_CHECK;

/* `checkin hub expo-booth DB NAME SPONSOR [--off]`: hub_expo_booth, then
 * whether the hub now takes or refuses that booth's leads, on `out`. */
int hub_expo_booth_print(const char *db, const char *name, const char *slug,
                         bool on, FILE *out,
                         struct ck_error *err) CK_MUST_CHECK;

/* `checkin hub leads DB SPONSOR --out FILE.csv`: sync_hub_leads, then
 * the leads listed and withheld on `msgs`, as export_leads_print says them. */
int hub_leads_print(const char *db, const char *sponsor, const char *out_path,
                    FILE *msgs, struct ck_error *err) CK_MUST_CHECK;

/* `checkin hub status DB`: hub_status, then on `out` a line of the hub,
 * a table of the stations (each desk's printer and what an older
 * station misses under its row), the totals, and what the hub set aside,
 * what waits, the doors' seats and walk-ins sold past their tutorial's
 * seats, each said only when there is some. */
int hub_status_print(const char *db, FILE *out,
                     struct ck_error *err) CK_MUST_CHECK;

/* `checkin hub herald FILE --listen IP:PORT`: hub_herald_run from the
 * herald's file until Ctrl-C or SIGTERM, saying on `out` where it
 * listens once it does, and that it stopped; a herald the organizer
 * retired stops too, CK_ENOTFOUND and `err` saying so and what to do. */
int hub_herald_print(const char *file, const char *listen, FILE *out,
                     struct ck_error *err) CK_MUST_CHECK;

/* `checkin hub add-herald`, `hub herald` and `hub retire-herald` from
 * `argv` (argv[1] the subcommand): the exit status (0, 1 refused or
 * failed, said on stderr, 2 a usage mistake). */
int hub_herald_command(int argc, char **argv);

/* `checkin hub add-herald DB NAME --out FILE [--host HOST]`:
 * hub_add_herald, and what was made and how to run the herald. */
int hub_add_herald_print(const char *db, const char *name, const char *host,
                         const char *file, FILE *out,
                         struct ck_error *err) CK_MUST_CHECK;

/* `checkin hub retire-herald DB NAME`: hub_retire_herald, and what it
 * did. */
int hub_retire_herald_print(const char *db, const char *name, FILE *out,
                            struct ck_error *err) CK_MUST_CHECK;

/* The station a change made on the command line is recorded at (`checkin
 * register`, `checkin edit`): `given` (--station) when not NULL, else the
 * name the file at `path` was enrolled under as a station, kept in `buf`
 * of `cap` bytes, so that its sync sends the row (the hub takes a desk's
 * rows only under its own name); else SYNC_DEFAULT_STATION. */
#define SYNC_DEFAULT_STATION "organizer"
const char *sync_station_name(const char *path, const char *given, char *buf,
                              size_t cap);

#endif
