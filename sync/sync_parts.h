/* Private to one sync's parts: the context sync_with() passes to push.c,
 * publish.c, pull.c and door_forget.c, and the small helpers they share
 * (defined in sync.c).  Nothing here is seen outside sync/. */
#ifndef CHECKIN_SYNC_PARTS_H
#define CHECKIN_SYNC_PARTS_H

#include <jansson.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "checkin/buf.h"
#include "checkin/error.h"
#include "checkin/hub_schema.h"
#include "checkin/sync.h"
#include "checkin/sync_local.h"

#define PUSH_BATCH 1000 /* journal rows per statement sent to the hub */
/* A pull's local transactions end at APPLY_BATCH rows or APPLY_MS
 * milliseconds, whichever comes first, and at once when the station's
 * decision waits for the lock (pull.c, turn_over): a decision waits for
 * one row's write, a station in another process for APPLY_MS, not for a
 * batch that a loaded machine stretches past the station's second. */
#define APPLY_BATCH 500
#define APPLY_MS 50

/* APPLY_MS, or CHECKIN_TEST_APPLY_MS (1 to 3,600,000) for the tests: one
 * that counts a pull's commits on a loaded machine, where applying one
 * row can take longer than APPLY_MS (test_sync_round). */
int64_t sync_apply_ms(void);

/* The journal's rows of this file's own runs that the hub does not hold
 * yet, found by the journal's key (station_id, seq): its runs one by
 * one, then each own run's rows above its pushed_seq, as `s` beside its
 * run `r` (r.pushed_seq).  A run unknown to sync_run is this file's own,
 * never pushed.  Before, the push's select and the backlog's count read
 * every row of the journal, every other station's pulled rows among
 * them, at each sync (issue 54).  OWN_UNPUSHED_WITH opens the statement;
 * OWN_UNPUSHED_FROM follows its FROM.  Needs journal.h. */
#define OWN_UNPUSHED_WITH                                                      \
    "WITH RECURSIVE run(id) AS (SELECT min(station_id) "                       \
    "FROM " JOURNAL_EVERY_ROW                                                  \
    " UNION ALL SELECT (SELECT min(station_id) FROM " JOURNAL_EVERY_ROW        \
    " WHERE station_id > run.id) FROM run WHERE run.id IS"                     \
    " NOT NULL), own_run(station_id, pushed_seq) AS (SELECT run.id,"           \
    " coalesce(o.pushed_seq, 0) FROM run LEFT JOIN sync_run o ON"              \
    " o.station_id = run.id WHERE run.id IS NOT NULL AND coalesce(o.own, 1)"   \
    " = 1) "
#define OWN_UNPUSHED_FROM                                                      \
    " own_run r JOIN " JOURNAL_EVERY_ROW " s ON s.station_id = r.station_id"   \
    " AND s.seq > r.pushed_seq"

/* One sync of one file over one connection. */
struct ctx {
    struct local *l;
    const struct local_hub *hub;
    PGconn *pg;
    bool organizer;
    /* The file `hub add-station` has just made never took a row from
     * the hub (pull.c, never_pulled): a table comes down in one local
     * transaction, not APPLY_BATCH rows at a time, since no station
     * decides from the file yet. */
    bool first;
    int format;      /* the hub's (checkin.hub.format) */
    char kind[16];   /* desk, door, leads */
    char target[64]; /* tutorial or sponsor slug */
    struct sync_report *rep;
    /* Pulls to read again from the start in this pull (PULL_AGAIN_*):
     * this file's own list changed, so what the hub's views give it of
     * unchanged rows may have changed (pull.c). */
    unsigned again;
    /* The tickets with registration changes in the file when a pull of
     * registrations first asked (sorted; pull.c, changed_here), so that a
     * registration pulled is made what the rule says of it. */
    char **changed;
    size_t nchanged;
    bool changed_read;
    /* The largest attendee id the file held when this pull's first
     * registration came: a larger one is a row the pull made (pull.c,
     * attendee_fresh). */
    int64_t attendee_max;
    bool attendee_max_read;
    /* This pull committed rows: the attendees' index is folded once the
     * hub's transaction is over (sync.c, fold_index). */
    bool fold_due;
    /* The file's CHECK constraints are off while a first pull writes its
     * registrations into an empty file (pull.c, checks_off). */
    bool checks_off;
    /* The last array of tutorials a registration named that the file
     * knows every one of, until the pull's end (pull.c, tutorials_known). */
    char *tutorials_known;
    /* The pull's local transaction: open (from its first row to the
     * cursors' commit, pull.c), since util_mono_ms() `tx_began`, with
     * `tx_rows` rows. */
    bool tx_open;
    int64_t tx_began;
    int tx_rows;
    /* What the open transaction's rows did to the counters (sync_report's
     * checked_in, counts_moved, recount), added to the report at its
     * commit (sync_pull_commit) and forgotten at a rollback. */
    long tx_checked_in, tx_moved, tx_recount;
    /* The file's cursors, read all at once at this sync's first question
     * for one (pull_start.c, sync_cursor_get: a pull asks for a dozen,
     * each a read of the file of its own), and read again after one is
     * written; `cursors_read` false: not read, or too many to hold. */
    struct {
        char tbl[40];
        char horizon[32];
    } cursors[48];
    int ncursors;
    bool cursors_read;
    /* A desk's sync that took its format, kind and target from its
     * connection's last check (sync_said): the check is asked again
     * before anything else goes to the hub, with the pull's statements
     * when the pull is the first (sync_identity); `identity_moved`: the
     * hub's answer differed, and the sync is made again from the start
     * (sync.c, sync_with). */
    bool identity_later;
    bool identity_moved;
    /* What the last sync over this connection left (sync_with's `said`;
     * NULL: a sync of its own, as `checkin sync`). */
    struct sync_said *said;
    /* The station's printer for its row (sync_with's; NULL: not said),
     * and how many of this sync's rows pushed the row already counts:
     * a running station's journal push writes its row in its own
     * transaction (push.c, commit_counting_set_aside). */
    const struct sync_printer *printer;
    long pushed_said;
};

/* The station's row's UPDATE at the hub, made by sync_here_row: its SQL
 * and its parameters (pointing into the struct). */
struct here_row {
    char clock[32], pushed[32], left[32], pms[32];
    char pname[300], pmsg[500];
    char kept[HUB_PRINTER_KEPT_CAP + 1], kept_set[32];
    char sql[700];
    const char *params[9];
    int nparams;
    bool with_printer;
};

/* The UPDATE of the station's own row saying it is here, `n_pushed` rows
 * more pushed and `backlog` left, with `printer` (NULL: not said) on a
 * hub that takes it; `flush` false: its transaction's commit need not
 * wait for the hub's disk (a statement alone, nothing pushed). */
void sync_here_row(const struct ctx *c, const struct sync_printer *printer,
                   long n_pushed, long backlog, bool flush,
                   struct here_row *h /* out */);
/* Note in c->said (when there is one) what the row now says; `written`
 * false: the write failed, and the next sync writes it. */
void sync_here_said(struct ctx *c, const struct sync_printer *printer,
                    long backlog, bool written);

/* ---- the parts, in the order sync_with() runs them ---------------------- */

/* The organizer's publication: description, keys, registrations, badges,
 * revocations, desk keys (publish.c). */
int sync_publish(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* A station's own rows: its journal, a booth's leads, a desk's badges,
 * revocations and print jobs (push.c). */
int sync_push_station(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* The organizer's: the undos made on its file, to a hub of format 18 or
 * later (push.c, PUBLISH_UNDOS); nothing to an older one. */
int sync_publish_undos(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* The organizer's pre-printed badges' places (hub format 27: nothing to an
 * older hub), as push.c's rows are sent. */
int sync_publish_preprints(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* The file's open spaces' claims and releases not yet at the hub (hub
 * format 30: nothing to an older hub), a desk's and the organizer's
 * (push.c). */
int sync_push_open_spaces(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* The file's triage's sends not yet at the hub (hub format 32: nothing to
 * an older hub), a desk's and the organizer's (push.c). */
int sync_push_triage(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* The file's auction acts not yet at the hub (hub format 33: nothing to
 * an older hub; they wait). */
int sync_push_auction(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* A desk's badge revocations not yet at the hub, read only when they may
 * have moved (push_revoked.c). */
int sync_push_revoked(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* The file's data_version on the sync's connection: it moves with each
 * commit of another connection (push_revoked.c). */
int sync_file_version(struct ctx *c, int64_t *out,
                      struct ck_error *err) CK_MUST_CHECK;
/* Walk-ins and edits not yet at the hub, from format 11 (push.c). */
int sync_push_changes(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* Badges and revocations not yet at the hub (push.c). */
int sync_push_badges(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* The desks' signing keys, sealed for each desk (push.c). */
int sync_publish_desk_keys(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* A door's seats: given back down to its share, then asked for up to it
 * (lease.c). */
int sync_seat_lease(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* A desk's walk-ins whose tutorial the hub found sold past its seats,
 * not told before: into the report, marked told (oversold.c). */
int sync_oversold(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* A door's file forgets what is not its room's (door_forget.c). */
int sync_door_forgets(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* Rows the hub set aside are dropped from the file, once (door_forget.c). */
int sync_drop_set_aside(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* Everything the others wrote since this file's horizons (pull.c). */
int sync_pull_all(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;
/* Whether the pulls `rep` counts brought a row that can move a desk's
 * revocations (push.c, push_revoked): anything but check-ins, leads,
 * print jobs, open spaces, triage, the auction and desk keys (pull.c). */
bool sync_pull_moves_revoked(const struct sync_report *rep);

/* For the fuzzer (tests/fuzz/fuzz_pull.c): how many kinds of pulled rows
 * there are, and applying the rows of `r`, shaped as the hub's answer for
 * kind `which`, to the file inside the caller's transaction, as a pull
 * would (*applied, *waiting: rows that changed the file, rows left for
 * the next pull). */
size_t sync_pull_kinds(void);
int sync_pull_apply(struct ctx *c, size_t which, PGresult *r, long *applied,
                    long *waiting, struct ck_error *err) CK_MUST_CHECK;

/* ---- shared by the parts ----------------------------------------------- */

/* A pull's horizon for `tbl` in this file ("" before the first pull), and
 * noting a new one (pull.c). */
int sync_cursor_get(struct ctx *c, const char *tbl, char *out, size_t cap,
                    struct ck_error *err) CK_MUST_CHECK;
int sync_cursor_set(struct ctx *c, const char *tbl, const char *horizon,
                    struct ck_error *err) CK_MUST_CHECK;
/* The folded name a door searches by (pull.c); caller frees. */
char *sync_door_search_key(const char *badge_name, const char *given,
                           const char *family, const char *ticket_id);

/* A column as JSON: text, exact bytes as hex, integer (NULL stays null). */
json_t *sync_col_text(sqlite3_stmt *q, int i);
json_t *sync_col_hex(sqlite3_stmt *q, int i);
json_t *sync_col_int(sqlite3_stmt *q, int i);
/* Hex text from the hub into `out` (cap bytes); -1 if not hex or too long. */
long sync_unhex(const char *hex, uint8_t *out, size_t cap);
/* A value of a result row as a number, or text (NULL when null). */
int64_t sync_val_i64(PGresult *r, int row, int col);
const char *sync_val_str(PGresult *r, int row, int col);
/* Run `sql` on the hub with the JSON array `batch` as $1 and `extra` more
 * text parameters; the first row's columns as numbers into out[]. */
int sync_push_json(struct ctx *c, const char *sql, json_t *batch,
                   const char *const *extra, int nextra, long *out, int nout,
                   const char *what, struct ck_error *err) CK_MUST_CHECK;
int sync_pg_begin(struct ctx *c, struct ck_error *err) CK_MUST_CHECK;

struct pg_statement;
/* The statement that checks the hub is this event's and knows this
 * file's station, into `st` (its parameter in `known` and `param`,
 * which outlive it). */
void sync_identity_statement(struct pg_statement *st, char known[16],
                             const char **param);
/* When c->identity_later: the check asked now (`r` NULL) or taken from
 * `r`, the hub's answer to sync_identity_statement's statement; a
 * format, kind or target other than the one assumed fails the sync
 * (ctx.identity_moved).  Nothing to do otherwise. */
int sync_identity(struct ctx *c, PGresult *r,
                  struct ck_error *err) CK_MUST_CHECK;
/* Commit; on failure roll back, and say `what` failed. */
int sync_pg_commit(struct ctx *c, const char *what,
                   struct ck_error *err) CK_MUST_CHECK;

/* `v` as json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) writes it, byte
 * for byte, into `out` (emptied first, its memory reused: the caller
 * keeps it from one row to the next and frees it with ck_buf_free)
 * (canon.c); false when out of memory or `v` is NULL. */
bool sync_canon_json(json_t *v, struct ck_buf *out);
/* The same appended to `out`, of a value and of the string of `n` bytes
 * at `s` (publish.c writes a registration's object itself, its members
 * in their keys' order, with these). */
bool sync_canon_add(struct ck_buf *out, json_t *v);
bool sync_canon_string(struct ck_buf *out, const char *s, size_t n);

#endif
