/* The scan journal (see journal.h): appending decisions durably, one
 * transaction each, and the facts stations derive from the rows of every
 * station merged into the file.  Not for deciding: the station rules in
 * scanner/station.c do that with these facts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/localtime.h"
#include "checkin/store_sql.h"
#include "checkin/text.h"
#include "checkin/vec.h"

enum {
    Q_NEXT_SEQ,
    Q_INSERT,
    Q_INSERT_LEAD,
    Q_LEAD_NOTE,
    Q_FIRST,
    Q_HISTORY,
    Q_INSIDE,
    Q_FIND_LEAD,
    Q_INSIDE_COUNT,
    Q_NEW_ID,
    Q_ZONE,
    Q_ROW,
    Q_LEASE,
    Q_SEATS,
    Q_READ_ADD,
    Q_READ_PRUNE,
    Q_READ_FIND,
    Q_READ_REPEAT,
    Q_COUNT
};

static const char *const SQL[Q_COUNT] = {
    /* Numbers go on from the name's earlier runs in this file, so a
     * station's own rows read in order; the key is (station_id, seq).  In
     * a file enrolled at a hub, NEXT_SEQ_OWN below. */
    [Q_NEXT_SEQ] = "SELECT coalesce(max(seq), 0) + 1 FROM " JOURNAL_EVERY_ROW
                   " WHERE station = ?1",
    [Q_INSERT] = "INSERT INTO scan (station_id, station, seq, at_ms, mode,"
                 " target, code, attendee_ticket_id, badge_id, decision,"
                 " reason, direction, override, act, ref_station_id,"
                 " ref_seq, day, handed, supervisor, read_at_ms, answers)"
                 " VALUES (?12, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                 " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    [Q_INSERT_LEAD] = "INSERT INTO lead (station_id, station, seq,"
                      " sponsor_slug, badge_id, at_ms) VALUES (?6, ?1, ?2,"
                      " ?3, ?4, ?5)",
    /* Every edit counts up `version`: the newest edit wins a merge. */
    [Q_LEAD_NOTE] = "UPDATE lead SET note = ?3, rating = nullif(?4, 0),"
                    " version = version + 1 WHERE seq = ?2 AND station_id ="
                    " coalesce((SELECT station_id FROM lead WHERE"
                    " station_id = ?1 AND seq = ?2), (SELECT station_id"
                    " FROM lead WHERE station = ?5 AND seq = ?2 ORDER BY"
                    " at_ms DESC LIMIT 1))",
    [Q_FIRST] = "SELECT at_ms, mode, direction, station, target FROM"
                " live_scan WHERE attendee_ticket_id = ?1 AND mode = 'desk' AND"
                " decision = 'admit' ORDER BY at_ms, station, seq LIMIT 1",
    [Q_HISTORY] =
        "SELECT at_ms, mode, direction, station, target FROM"
        " live_scan WHERE attendee_ticket_id = ?1 AND mode IN ('desk',"
        " 'door') AND decision = 'admit'"
        " ORDER BY at_ms, station, seq LIMIT ?2",
    /* The latest entry of ?1 into ?2 still open (JOURNAL_OPEN_ENTRIES):
     * room_open holds exactly those (schema 14), so the verdict reads the
     * person's rows there, as the counts below do, and the journal row
     * only for its time. */
    [Q_INSIDE] =
        "SELECT o.station_id, o.seq FROM room_open o JOIN " JOURNAL_EVERY_ROW
        " e ON e.station_id = o.station_id AND e.seq = o.seq WHERE"
        " o.target = ?2 AND o.attendee_ticket_id = ?1"
        " ORDER BY e.at_ms DESC, e.station DESC, e.seq DESC LIMIT 1",
    [Q_FIND_LEAD] = "SELECT at_ms FROM lead WHERE sponsor_slug = ?1 AND "
                    "badge_id = ?2 ORDER BY at_ms LIMIT 1",
    /* People with an entry still open (as Q_INSIDE), over every door and
     * exit scanner of the room in the file: room_open, kept by the
     * journal's triggers (schema 14), holds those entries, so a count
     * reads the people inside, not every entry and exit of the room. */
    [Q_INSIDE_COUNT] = "SELECT count(DISTINCT attendee_ticket_id) FROM"
                       " room_open WHERE target = ?1",
    [Q_NEW_ID] = "SELECT lower(hex(randomblob(8)))",
    [Q_ZONE] = "SELECT timezone FROM event",
    /* A row an undo may name: its list, whom it admitted, and whether it
     * is a live admission. */
    [Q_ROW] =
        "SELECT mode, target, attendee_ticket_id, act = 'scan' AND"
        " decision = 'admit' AND NOT EXISTS (SELECT 1 FROM " JOURNAL_EVERY_ROW
        " u WHERE u.act = 'undo' AND"
        " u.ref_station_id = s.station_id AND u.ref_seq = s.seq)"
        " FROM " JOURNAL_EVERY_ROW " s WHERE station_id = ?1 AND"
        " seq = ?2",
    /* A door's lease (docs/admission.md, "Capacity across doors"). */
    [Q_LEASE] = "SELECT granted - released, others, share FROM list_lease"
                " WHERE list_slug = ?1",
    /* Who is inside (as Q_INSIDE_COUNT) and who of them entered by this
     * file's own rows; in a file enrolled at a hub, SEATS_OWN below. */
    [Q_SEATS] = "SELECT count(DISTINCT attendee_ticket_id),"
                " count(DISTINCT attendee_ticket_id) FROM room_open WHERE"
                " target = ?1",
    /* A phone's read (schema 17): the first answer stands. */
    [Q_READ_ADD] = "INSERT INTO phone_read (read_key, at_ms, station_id, seq,"
                   " decision, reason, direction, read_at_ms, name) VALUES"
                   " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_READ_REPEAT] = "INSERT INTO phone_read (read_key, at_ms) VALUES (?1,"
                      " ?2) ON CONFLICT (read_key) DO NOTHING",
    [Q_READ_PRUNE] = "DELETE FROM phone_read WHERE at_ms < ?1",
    /* With the ticket of its row, for a line that says who it was. */
    [Q_READ_FIND] =
        "SELECT p.seq, p.at_ms, p.decision, p.reason,"
        " p.direction, p.read_at_ms, p.name,"
        " s.attendee_ticket_id FROM phone_read p LEFT JOIN " JOURNAL_EVERY_ROW
        " s"
        " ON s.station_id = p.station_id AND s.seq = p.seq"
        " WHERE p.read_key = ?1",
};

static const char SEATS_OWN[] =
    "SELECT count(DISTINCT e.attendee_ticket_id), count(DISTINCT CASE "
    "WHEN " JOURNAL_OWN_ROW("e") " THEN e.attendee_ticket_id END) FROM"
                                 " room_open e WHERE e.target = ?1";

/* The same from this file's own runs only: sync notes each run it pulled
 * from the hub as another station's (sync_run.own = 0, sync/local.c), and
 * such a row, even one carrying this station's name, never sets its
 * numbers (a row numbered near JOURNAL_SEQ_MAX would stop it recording). */
static const char NEXT_SEQ_OWN[] =
    "SELECT coalesce(max(seq), 0) + 1 FROM " JOURNAL_EVERY_ROW
    " WHERE station = ?1 AND"
    " station_id NOT IN (SELECT station_id FROM sync_run WHERE own = 0)";

/* Whether the file has sync's table of runs (an enrolled file). */
static bool has_sync_runs(store *s)
{
    return store_row_exists(s, "SELECT 1 FROM sqlite_schema WHERE type ="
                               " 'table' AND name = 'sync_run'");
}

struct journal_run {
    char key[JOURNAL_NAME_CAP];
    char id[JOURNAL_ID_CAP];
};

struct journal {
    store *s;
    char station[JOURNAL_NAME_CAP];
    char station_id[JOURNAL_ID_CAP]; /* the run rows are written under now */
    char main_id[JOURNAL_ID_CAP];    /* this run's own */
    struct journal_run *runs;        /* journal_use_run's, by key */
    size_t nruns, cap_runs;
    int64_t next_seq;
    int64_t uncommitted; /* rows appended in the open transaction */
    bool in_txn;
    sqlite3_stmt *q[Q_COUNT];
    /* journal_counts' statements, prepared at its first call and kept: a
     * running station counts again after each pull (issue 54). */
    sqlite3_stmt *counts[3];
};

const char *scan_mode_str(enum scan_mode m)
{
    switch (m) {
    case SCAN_DESK:
        return "desk";
    case SCAN_DOOR:
        return "door";
    case SCAN_LEADS:
        return "leads";
    }
    return "desk";
}

const char *scan_decision_str(enum scan_decision d)
{
    switch (d) {
    case DECISION_ADMIT:
        return "admit";
    case DECISION_DENY:
        return "deny";
    case DECISION_WARN:
        return "warn";
    }
    return "deny";
}

const char *scan_direction_str(enum scan_direction d)
{
    return d == DIRECTION_OUT ? "out" : "in";
}

const char *scan_act_str(enum scan_act a)
{
    switch (a) {
    case ACT_SCAN:
        return "scan";
    case ACT_UNDO:
        return "undo";
    case ACT_SWAP:
        return "swap";
    }
    return "scan";
}

static enum scan_mode parse_mode(const char *s)
{
    if (s && !strcmp(s, "door"))
        return SCAN_DOOR;
    if (s && !strcmp(s, "leads"))
        return SCAN_LEADS;
    return SCAN_DESK;
}

static bool valid_station(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= JOURNAL_NAME_CAP)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
              c == '-'))
            return false;
    }
    return true;
}

void journal_free(journal *j)
{
    if (!j)
        return;
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(j->q[i]);
    for (size_t i = 0; i < sizeof(j->counts) / sizeof(j->counts[0]); i++)
        sqlite3_finalize(j->counts[i]);
    free(j->runs);
    free(j);
}

int journal_open(store *s, const char *station, journal **out,
                 struct ck_error *err)
{
    *out = NULL;
    if (!station || !valid_station(station))
        return ck_fail(err, CK_EINVAL,
                       "The station name '%s' is not usable; use 1-63 "
                       "letters, digits, '.', '_', ':' or '-' (e.g. "
                       "desk-2).",
                       station ? station : "");
    journal *j = calloc(1, sizeof(*j));
    if (!j)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    j->s = s;
    snprintf(j->station, sizeof(j->station), "%s", station);
    /* A station must not freeze for long behind another writer: after a
     * second, and a second more (journal_begin), it shows NOT RECORDED
     * and goes on. */
    store_set_busy_timeout(s, 1000);
    int code = CK_OK;
    bool enrolled = has_sync_runs(s);
    for (int i = 0; i < Q_COUNT && !code; i++) {
        const char *sql = i == Q_NEXT_SEQ && enrolled ? NEXT_SEQ_OWN
                          : i == Q_SEATS && enrolled  ? SEATS_OWN
                                                      : SQL[i];
        int rc = sqlite3_prepare_v3(store_db(s), sql, -1,
                                    SQLITE_PREPARE_PERSISTENT, &j->q[i], NULL);
        if (rc != SQLITE_OK)
            code =
                store_sqlite_fail(s, rc, N_("opening the scan journal"), err);
    }
    if (!code) {
        sqlite3_stmt *q = j->q[Q_NEXT_SEQ];
        sqlite3_bind_text(q, 1, j->station, -1, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW)
            j->next_seq = sqlite3_column_int64(q, 0);
        else
            code =
                store_sqlite_fail(s, rc, N_("reading the scan journal"), err);
        sqlite3_reset(q);
        if (!code && (j->next_seq < 1 || j->next_seq > JOURNAL_SEQ_MAX))
            code = ck_fail(err, CK_EINVAL,
                           "Station %s's own journal rows in this file are "
                           "numbered up to %lld, past the highest number a "
                           "row may have; the file was changed outside "
                           "checkin: run this station under another name "
                           "(--name).",
                           j->station, (long long)j->next_seq - 1);
    }
    if (!code) {
        /* This run's identity: no other station, nor this one after a
         * restart or on a cloned laptop, ever writes under it. */
        sqlite3_stmt *q = j->q[Q_NEW_ID];
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            snprintf(j->station_id, sizeof(j->station_id), "%s",
                     (const char *)sqlite3_column_text(q, 0));
            snprintf(j->main_id, sizeof(j->main_id), "%s", j->station_id);
        } else
            code =
                store_sqlite_fail(s, rc, N_("starting the scan journal"), err);
        sqlite3_reset(q);
    }
    if (code) {
        journal_free(j);
        return code;
    }
    *out = j;
    return CK_OK;
}

const char *journal_station(const journal *j)
{
    return j->station;
}

int journal_use_run(journal *j, const char *key, struct ck_error *err)
{
    if (!key) {
        snprintf(j->station_id, sizeof(j->station_id), "%s", j->main_id);
        return CK_OK;
    }
    for (size_t i = 0; i < j->nruns; i++)
        if (!strcmp(j->runs[i].key, key)) {
            snprintf(j->station_id, sizeof(j->station_id), "%s", j->runs[i].id);
            return CK_OK;
        }
    if (strlen(key) >= JOURNAL_NAME_CAP)
        return ck_fail(err, CK_EINVAL, "The run's key '%s' is too long.", key);
    if (!CK_VEC_ROOM(j->runs, j->nruns, 1, j->cap_runs))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    struct journal_run *r = &j->runs[j->nruns];
    sqlite3_stmt *q = j->q[Q_NEW_ID];
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        snprintf(r->id, sizeof(r->id), "%s",
                 (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(j->s, rc, N_("starting the scan journal"),
                                 err);
    snprintf(r->key, sizeof(r->key), "%s", key);
    j->nruns++;
    snprintf(j->station_id, sizeof(j->station_id), "%s", r->id);
    return CK_OK;
}

const char *journal_station_id(const journal *j)
{
    return j->station_id;
}

store *journal_store(journal *j)
{
    return j->s;
}

static int step_done(journal *j, sqlite3_stmt *q, const char *what,
                     struct ck_error *err)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(j->s, rc, what, err);
    return CK_OK;
}

int journal_begin(journal *j, struct ck_error *err)
{
    if (j->in_txn)
        return CK_OK;
    /* Its own sync worker lets it in between two of its transactions
     * (store_urgent_wait), so the second's wait below is for the
     * worker's current one, not for as many as it can write in it. */
    store_urgent_enter();
    int code = store_begin(j->s, err);
    /* Another writer held the file for the whole busy timeout (a second,
     * journal_open): one more wait before the decision is shown NOT
     * RECORDED, so at most two seconds in all (docs/stations.md). */
    if (code == CK_EBUSY)
        code = store_begin(j->s, err);
    store_urgent_leave();
    if (!code) {
        j->in_txn = true;
        j->uncommitted = 0;
    }
    return code;
}

int journal_commit(journal *j, struct ck_error *err)
{
    if (!j->in_txn)
        return CK_OK;
    j->in_txn = false;
    int code = store_commit(j->s, err);
    if (!code)
        j->next_seq += j->uncommitted;
    j->uncommitted = 0;
    return code;
}

void journal_rollback(journal *j)
{
    if (!j->in_txn)
        return;
    j->in_txn = false;
    j->uncommitted = 0;
    store_rollback(j->s);
}

/* `day`: the local date (YYYY-MM-DD) of `at_ms` in the event's zone, ""
 * when the file names no zone this machine knows. */
static int local_day(journal *j, int64_t at_ms, char day[16],
                     struct ck_error *err)
{
    day[0] = '\0';
    sqlite3_stmt *q = j->q[Q_ZONE];
    int rc = sqlite3_step(q);
    char local[32];
    if (rc == SQLITE_ROW &&
        event_utc_to_local(at_ms / 1000 - (at_ms % 1000 < 0), /* floor */
                           (const char *)sqlite3_column_text(q, 0), local,
                           sizeof(local)) == CK_OK &&
        strlen(local) >= 10)
        snprintf(day, 16, "%.10s", local);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(j->s, rc, N_("reading the event's zone"), err);
    return CK_OK;
}

/* A door's admitted exit names the entry it closes, found under the same
 * lock as the row is written. */
static int exit_ref(journal *j, struct scan_record *r, struct journal_ref *e,
                    struct ck_error *err)
{
    if (r->act != ACT_SCAN || r->mode != SCAN_DOOR ||
        r->direction != DIRECTION_OUT || r->decision != DECISION_ADMIT ||
        r->ref_station_id || !r->ticket_id)
        return CK_OK;
    bool found;
    int code = journal_open_entry(j, r->target ? r->target : "", r->ticket_id,
                                  &found, e, err);
    if (!code && found) {
        r->ref_station_id = e->station_id;
        r->ref_seq = e->seq;
    }
    return code;
}

/* Keep the read of `r` with its row `seq`, and let go of reads older
 * than JOURNAL_READ_KEEP_MS; inside journal_append's transaction.  A key
 * the file holds already fails (the caller looked under the lock). */
static int read_add(journal *j, const struct scan_record *r, int64_t seq,
                    struct ck_error *err)
{
    sqlite3_stmt *q = j->q[Q_READ_PRUNE];
    sqlite3_bind_int64(q, 1, r->at_ms - JOURNAL_READ_KEEP_MS);
    int code = step_done(j, q, N_("forgetting old phone reads"), err);
    if (code)
        return code;
    q = j->q[Q_READ_ADD];
    sqlite3_bind_text(q, 1, r->read_key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, r->at_ms);
    sqlite3_bind_text(q, 3, j->station_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, seq);
    sqlite3_bind_text(q, 5, scan_decision_str(r->decision), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, r->reason ? r->reason : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, scan_direction_str(r->direction), -1,
                      SQLITE_STATIC);
    if (r->read_at_ms)
        sqlite3_bind_int64(q, 8, r->read_at_ms);
    sqlite3_bind_text(q, 9, r->read_name ? r->read_name : "", -1,
                      SQLITE_STATIC);
    return step_done(j, q, N_("recording the phone's read"), err);
}

int journal_read_repeat(journal *j, const char *key, int64_t at_ms,
                        struct ck_error *err)
{
    bool own_txn = !j->in_txn;
    int code = own_txn ? journal_begin(j, err) : CK_OK;
    if (code)
        return code;
    sqlite3_stmt *q = j->q[Q_READ_REPEAT];
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, at_ms);
    code = step_done(j, q, N_("recording the phone's read"), err);
    if (code) {
        journal_rollback(j);
        return code;
    }
    return own_txn ? journal_commit(j, err) : CK_OK;
}

int journal_read_find(journal *j, const char *key, bool *found,
                      struct journal_read *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    *found = false;
    sqlite3_stmt *q = j->q[Q_READ_FIND];
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = true;
        out->decided = sqlite3_column_type(q, 0) != SQLITE_NULL;
        out->seq = sqlite3_column_int64(q, 0);
        out->at_ms = sqlite3_column_int64(q, 1);
        const char *d = (const char *)sqlite3_column_text(q, 2);
        out->decision = d && !strcmp(d, "admit")  ? DECISION_ADMIT
                        : d && !strcmp(d, "warn") ? DECISION_WARN
                                                  : DECISION_DENY;
        const char *reason = (const char *)sqlite3_column_text(q, 3);
        snprintf(out->reason, sizeof(out->reason), "%s", reason ? reason : "");
        const char *dir = (const char *)sqlite3_column_text(q, 4);
        out->direction =
            dir && !strcmp(dir, "out") ? DIRECTION_OUT : DIRECTION_IN;
        out->read_at_ms = sqlite3_column_int64(q, 5);
        const char *name = (const char *)sqlite3_column_text(q, 6);
        snprintf(out->name, sizeof(out->name), "%s", name ? name : "");
        const char *ticket = (const char *)sqlite3_column_text(q, 7);
        snprintf(out->ticket_id, sizeof(out->ticket_id), "%s",
                 ticket ? ticket : "");
        rc = sqlite3_step(q);
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(j->s, rc, N_("looking up the phone's read"),
                                 err);
    return CK_OK;
}

int journal_append(journal *j, struct scan_record *r, struct ck_error *err)
{
    bool own_txn = !j->in_txn;
    int code = own_txn ? journal_begin(j, err) : CK_OK;
    if (code)
        return code;
    int64_t seq = j->next_seq + j->uncommitted;
    if (seq > JOURNAL_SEQ_MAX) {
        journal_rollback(j);
        return ck_fail(err, CK_EINVAL,
                       "Station %s has used every journal number; run it "
                       "under another name (--name).",
                       j->station);
    }
    char day[16];
    struct journal_ref entry;
    const char *given_ref = r->ref_station_id;
    code = local_day(j, r->at_ms, day, err);
    if (!code)
        code = exit_ref(j, r, &entry, err);
    if (code) {
        r->ref_station_id = given_ref;
        journal_rollback(j);
        return code;
    }
    sqlite3_stmt *q = j->q[Q_INSERT];
    sqlite3_bind_text(q, 1, j->station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, seq);
    sqlite3_bind_text(q, 12, j->station_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, r->at_ms);
    sqlite3_bind_text(q, 4, scan_mode_str(r->mode), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, r->target ? r->target : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, r->code ? (const char *)r->code : "",
                      r->code ? (int)r->code_len : 0, SQLITE_STATIC);
    store_bind_text(q, 7, r->ticket_id);
    if (r->badge_id)
        sqlite3_bind_blob(q, 8, r->badge_id, BADGE_ID_BYTES, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 8);
    sqlite3_bind_text(q, 9, scan_decision_str(r->decision), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 10, r->reason ? r->reason : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 11, scan_direction_str(r->direction), -1,
                      SQLITE_STATIC);
    store_bind_text(q, 13, r->override);
    sqlite3_bind_text(q, 14, scan_act_str(r->act), -1, SQLITE_STATIC);
    store_bind_text(q, 15, r->ref_station_id);
    if (r->ref_station_id)
        sqlite3_bind_int64(q, 16, r->ref_seq);
    else
        sqlite3_bind_null(q, 16);
    store_bind_text(q, 17, day[0] ? day : NULL);
    store_bind_text(q, 18, r->handed);
    store_bind_text(q, 19, r->supervisor);
    if (r->read_at_ms)
        sqlite3_bind_int64(q, 20, r->read_at_ms);
    else
        sqlite3_bind_null(q, 20);
    store_bind_text(q, 21, r->answers);
    code = step_done(j, q, N_("recording the scan"), err);
    /* The entry found here lives on this stack only. */
    r->ref_station_id = given_ref;
    if (!code && r->lead_sponsor && r->badge_id) {
        q = j->q[Q_INSERT_LEAD];
        sqlite3_bind_text(q, 1, j->station, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, seq);
        sqlite3_bind_text(q, 3, r->lead_sponsor, -1, SQLITE_STATIC);
        sqlite3_bind_blob(q, 4, r->badge_id, BADGE_ID_BYTES, SQLITE_STATIC);
        sqlite3_bind_int64(q, 5, r->at_ms);
        sqlite3_bind_text(q, 6, j->station_id, -1, SQLITE_STATIC);
        code = step_done(j, q, N_("recording the lead"), err);
    }
    if (!code && r->read_key)
        code = read_add(j, r, seq, err);
    if (code) {
        journal_rollback(j);
        return code;
    }
    j->uncommitted++;
    r->seq = seq;
    return own_txn ? journal_commit(j, err) : CK_OK;
}

int journal_sent(journal *j, const char *ticket_id, const char *desk,
                 const char *letters, int64_t at_ms, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        j->s,
        "INSERT INTO triage_sent (station_id, seq, station, at_ms, ticket_id,"
        " desk, letters) SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4,"
        " ?5, ?6 FROM triage_sent WHERE station_id = ?1",
        NULL, &q, N_("recording where the triage sent someone"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, j->station_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, j->station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, at_ms);
    sqlite3_bind_text(q, 4, ticket_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, desk, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, letters ? letters : "", -1, SQLITE_STATIC);
    return store_step_done(j->s, q,
                           N_("recording where the triage sent someone"), err);
}

int journal_lead_note(journal *j, int64_t seq, const char *note, int rating,
                      struct ck_error *err)
{
    if (rating < 0 || rating > 5)
        return ck_fail(err, CK_EINVAL,
                       "A rating is 1 to 5 (or none); %d is not one.", rating);
    size_t n = note ? strlen(note) : 0;
    if (n > 500)
        return ck_fail(err, CK_EINVAL,
                       "The note is %zu bytes long; keep it under 500.", n);
    sqlite3_stmt *q = j->q[Q_LEAD_NOTE];
    sqlite3_bind_text(q, 1, j->station_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, j->station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, seq);
    sqlite3_bind_text(q, 3, note ? note : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 4, rating);
    int code = step_done(j, q, N_("saving the lead's note"), err);
    if (!code && sqlite3_changes(store_db(j->s)) == 0)
        code = ck_fail(err, CK_ENOTFOUND,
                       "This station has no lead number %lld.", (long long)seq);
    return code;
}

static void read_fact(sqlite3_stmt *q, struct scan_fact *f)
{
    f->at_ms = sqlite3_column_int64(q, 0);
    f->mode = parse_mode((const char *)sqlite3_column_text(q, 1));
    const char *dir = (const char *)sqlite3_column_text(q, 2);
    f->direction = dir && !strcmp(dir, "out") ? DIRECTION_OUT : DIRECTION_IN;
    snprintf(f->station, sizeof(f->station), "%s",
             (const char *)sqlite3_column_text(q, 3));
    snprintf(f->target, sizeof(f->target), "%s",
             (const char *)sqlite3_column_text(q, 4));
}

int journal_first_checkin(journal *j, const char *ticket_id, bool *found,
                          struct scan_fact *out, struct ck_error *err)
{
    size_t n = 0;
    *found = false;
    sqlite3_stmt *q = j->q[Q_FIRST];
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (n++ == 0)
            read_fact(q, out);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(j->s, rc, N_("reading earlier check-ins"),
                                 err);
    *found = n > 0;
    return CK_OK;
}

int journal_checkin_refs(journal *j, const char *ticket_id,
                         struct journal_ref *out, size_t cap, size_t *n,
                         struct ck_error *err)
{
    *n = 0;
    sqlite3_stmt *q;
    /* Prepared per call: an undo is rare, and the journal's statements
     * are shared with the lists' work on this file. */
    int rc = store_prepare(
        j->s,
        "SELECT station_id, seq FROM live_scan WHERE attendee_ticket_id = ?1"
        " AND mode = 'desk' AND decision = 'admit' ORDER BY at_ms, station,"
        " seq",
        NULL, &q, N_("reading earlier check-ins"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < cap) {
        struct journal_ref *r = &out[(*n)++];
        snprintf(r->station_id, sizeof(r->station_id), "%s",
                 (const char *)sqlite3_column_text(q, 0));
        r->seq = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return store_sqlite_fail(j->s, rc, N_("reading earlier check-ins"),
                                 err);
    return CK_OK;
}

int journal_history(journal *j, const char *ticket_id, struct scan_fact *out,
                    size_t cap, size_t *n, struct ck_error *err)
{
    *n = 0;
    sqlite3_stmt *q = j->q[Q_HISTORY];
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)cap);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < cap)
        read_fact(q, &out[(*n)++]);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return store_sqlite_fail(j->s, rc, N_("reading earlier check-ins"),
                                 err);
    return CK_OK;
}

int journal_open_entry(journal *j, const char *slug, const char *ticket_id,
                       bool *found, struct journal_ref *out,
                       struct ck_error *err)
{
    *found = false;
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *q = j->q[Q_INSIDE];
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, slug, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = true;
        snprintf(out->station_id, sizeof(out->station_id), "%s",
                 (const char *)sqlite3_column_text(q, 0));
        out->seq = sqlite3_column_int64(q, 1);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(j->s, rc, N_("counting who is inside"), err);
    return CK_OK;
}

int journal_is_inside(journal *j, const char *slug, const char *ticket_id,
                      bool *inside, struct ck_error *err)
{
    struct journal_ref e;
    return journal_open_entry(j, slug, ticket_id, inside, &e, err);
}

int journal_undo(journal *j, const struct journal_ref *ref, int64_t at_ms,
                 const char *supervisor, const char *words, int64_t *seq,
                 struct ck_error *err)
{
    bool own_txn = !j->in_txn;
    int code = own_txn ? journal_begin(j, err) : CK_OK;
    if (code)
        return code;
    sqlite3_stmt *q = j->q[Q_ROW];
    sqlite3_bind_text(q, 1, ref->station_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, ref->seq);
    int rc = sqlite3_step(q);
    char mode[16] = "", target[JOURNAL_NAME_CAP] = "", ticket[200] = "";
    bool live = false;
    if (rc == SQLITE_ROW) {
        snprintf(mode, sizeof(mode), "%s",
                 (const char *)sqlite3_column_text(q, 0));
        snprintf(target, sizeof(target), "%s",
                 (const char *)sqlite3_column_text(q, 1));
        const char *t = (const char *)sqlite3_column_text(q, 2);
        snprintf(ticket, sizeof(ticket), "%s", t ? t : "");
        live = sqlite3_column_int(q, 3) != 0;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        code = store_sqlite_fail(j->s, rc, N_("reading the row to undo"), err);
    else if (rc == SQLITE_DONE)
        code = ck_fail(err, CK_ENOTFOUND,
                       "This file holds no journal row %s/%lld to undo; sync "
                       "this station and try again.",
                       ref->station_id, (long long)ref->seq);
    else if (!live || !ticket[0])
        code = ck_fail(err, CK_EINVAL,
                       "Journal row %s/%lld is not an admission that stands "
                       "(it was refused, is an undo itself, or was undone "
                       "already); there is nothing to undo.",
                       ref->station_id, (long long)ref->seq);
    if (code) {
        if (own_txn)
            journal_rollback(j);
        return code;
    }
    char manual[sizeof(ticket) + 8];
    snprintf(manual, sizeof(manual), "manual:%s", ticket);
    struct scan_record r = {
        .at_ms = at_ms,
        .mode = parse_mode(mode),
        .target = target,
        .code = (const uint8_t *)manual,
        .code_len = strlen(manual),
        .ticket_id = ticket,
        .decision = DECISION_ADMIT, /* it was carried out */
        .reason = "undone",
        .override = words,
        .act = ACT_UNDO,
        .ref_station_id = ref->station_id,
        .ref_seq = ref->seq,
        .supervisor = supervisor,
    };
    code = journal_append(j, &r, err);
    if (code)
        return code; /* journal_append rolled back */
    if (seq)
        *seq = r.seq;
    return own_txn ? journal_commit(j, err) : CK_OK;
}

int journal_inside_count(journal *j, const char *slug, long *inside,
                         struct ck_error *err)
{
    *inside = 0;
    sqlite3_stmt *q = j->q[Q_INSIDE_COUNT];
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    int64_t n = 0;
    int code = store_step_int64(j->s, q, true, &n, NULL,
                                N_("counting who is inside"), err);
    *inside = (long)n;
    return code;
}

int journal_seats(journal *j, const char *slug, long *inside,
                  struct journal_seats *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *q = j->q[Q_LEASE];
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->leased = true;
        out->held = (long)sqlite3_column_int64(q, 0);
        const unsigned char *o = sqlite3_column_text(q, 1);
        snprintf(out->others, sizeof(out->others), "%s",
                 o ? (const char *)o : "");
        out->share = (long)sqlite3_column_int64(q, 2);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(j->s, rc, N_("reading the door's seats"), err);
    if (!out->leased)
        return journal_inside_count(j, slug, inside, err);
    q = j->q[Q_SEATS];
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *inside = (long)sqlite3_column_int64(q, 0);
        out->charged = (long)sqlite3_column_int64(q, 1);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(j->s, rc, N_("counting the door's seats"),
                                 err);
    return CK_OK;
}

int journal_find_lead(journal *j, const char *sponsor,
                      const uint8_t badge_id[BADGE_ID_BYTES], bool *found,
                      int64_t *at_ms, struct ck_error *err)
{
    *found = false;
    sqlite3_stmt *q = j->q[Q_FIND_LEAD];
    sqlite3_bind_text(q, 1, sponsor, -1, SQLITE_STATIC);
    sqlite3_bind_blob(q, 2, badge_id, BADGE_ID_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = true;
        *at_ms = sqlite3_column_int64(q, 0);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(j->s, rc, N_("reading leads"), err);
    return CK_OK;
}

/* One row of numbers from fixed SQL with text parameters ?1 and ?2. */
static int count_query(journal *j, const char *sql, sqlite3_stmt **kept,
                       const char *p1, long *out, struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = store_prepare(j->s, sql, kept, &q, N_("counting"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, p1 ? p1 : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    *out = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(j->s, rc, N_("counting"), err);
    return CK_OK;
}

int journal_counts(journal *j, const char *slug, const char *sponsor,
                   struct journal_counts *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    int code = count_query(j,
                           "SELECT count(DISTINCT attendee_ticket_id) FROM "
                           "live_scan WHERE mode = 'desk' AND decision = "
                           "'admit'",
                           &j->counts[0], NULL, &out->checked_in, err);
    if (!code && slug)
        code = journal_inside_count(j, slug, &out->inside, err);
    if (!code && sponsor)
        code = count_query(j,
                           "SELECT count(DISTINCT badge_id) FROM lead WHERE "
                           "sponsor_slug = ?1",
                           &j->counts[1], sponsor, &out->leads, err);
    if (!code)
        code = count_query(j,
                           "SELECT count(*) FROM " JOURNAL_EVERY_ROW
                           " WHERE station = ?1 AND act = 'scan'",
                           &j->counts[2], j->station, &out->scans, err);
    return code;
}

/* The slugs of `table`, for "choose one of" sentences. */
static void list_slugs(journal *j, const char *sql, char *buf, size_t cap)
{
    buf[0] = '\0';
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_db(j->s), sql, -1, &q, NULL) != SQLITE_OK)
        return;
    size_t used = 0;
    while (sqlite3_step(q) == SQLITE_ROW && used + 2 < cap) {
        int w = snprintf(buf + used, cap - used, "%s%s", used ? ", " : "",
                         (const char *)sqlite3_column_text(q, 0));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    sqlite3_finalize(q);
}

int journal_tutorial(journal *j, const char *slug, struct tutorial_info *out,
                     struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *q;
    int rc = store_prepare(j->s,
                           "SELECT id, slug, title, room, starts_at, "
                           "ends_at, capacity FROM tutorial WHERE slug = "
                           "?1",
                           NULL, &q, N_("reading tutorials"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, slug ? slug : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(q, 0);
        snprintf(out->slug, sizeof(out->slug), "%s",
                 (const char *)sqlite3_column_text(q, 1));
        snprintf(out->title, sizeof(out->title), "%s",
                 (const char *)sqlite3_column_text(q, 2));
        snprintf(out->room, sizeof(out->room), "%s",
                 (const char *)sqlite3_column_text(q, 3));
        out->starts_at = sqlite3_column_int64(q, 4);
        out->ends_at = sqlite3_column_int64(q, 5);
        out->capacity = (long)sqlite3_column_int64(q, 6);
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return CK_OK;
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(j->s, rc, N_("reading tutorials"), err);
    char choices[400];
    list_slugs(j, "SELECT slug FROM tutorial ORDER BY starts_at, slug", choices,
               sizeof(choices));
    if (!choices[0])
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no tutorial '%s' in %s; it has no tutorials.",
                       slug ? slug : "", store_path(j->s));
    return ck_fail(err, CK_ENOTFOUND,
                   "There is no tutorial '%s' in %s; choose one of: %s.",
                   slug ? slug : "", store_path(j->s), choices);
}

int journal_sponsor(journal *j, const char *slug, char *name, size_t cap,
                    struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = store_prepare(j->s, "SELECT name FROM sponsor WHERE slug = ?1",
                           NULL, &q, N_("reading sponsors"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, slug ? slug : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        snprintf(name, cap, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return CK_OK;
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(j->s, rc, N_("reading sponsors"), err);
    char choices[400];
    list_slugs(j, "SELECT slug FROM sponsor ORDER BY slug", choices,
               sizeof(choices));
    if (!choices[0])
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no sponsor '%s' in %s; it has no sponsors.",
                       slug ? slug : "", store_path(j->s));
    return ck_fail(err, CK_ENOTFOUND,
                   "There is no sponsor '%s' in %s; choose one of: %s.",
                   slug ? slug : "", store_path(j->s), choices);
}

int journal_event(journal *j, char *name, size_t name_cap, char *tz,
                  size_t tz_cap, struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = store_prepare(j->s, "SELECT name, timezone FROM event", NULL, &q,
                           N_("reading the event"), err);
    if (rc)
        return rc;
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        snprintf(name, name_cap, "%s", (const char *)sqlite3_column_text(q, 0));
        snprintf(tz, tz_cap, "%s", (const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return CK_OK;
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(j->s, rc, N_("reading the event"), err);
    return ck_fail(err, CK_EINVAL, "%s has no event; run 'checkin init' first.",
                   store_path(j->s));
}

/* ---- a sponsor's booth on its own phone (issue 31) ---- */

int journal_booth_leads(journal *j, const char *sponsor,
                        int (*fn)(void *ctx,
                                  const struct journal_booth_lead *l),
                        void *ctx, struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = store_prepare(
        j->s,
        "SELECT seq, at_ms, lower(hex(badge_id)), note, coalesce(rating, 0),"
        " tags, (SELECT timezone FROM event) FROM lead WHERE sponsor_slug ="
        " ?1 AND station = ?2 ORDER BY at_ms, seq",
        NULL, &q, N_("reading the booth's leads"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, sponsor, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, j->station, -1, SQLITE_STATIC);
    int code = CK_OK;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct journal_booth_lead l;
        l.seq = sqlite3_column_int64(q, 0);
        l.at_ms = sqlite3_column_int64(q, 1);
        snprintf(l.badge_id, sizeof(l.badge_id), "%s",
                 (const char *)sqlite3_column_text(q, 2));
        snprintf(l.note, sizeof(l.note), "%s",
                 (const char *)sqlite3_column_text(q, 3));
        l.rating = sqlite3_column_int(q, 4);
        snprintf(l.tags, sizeof(l.tags), "%s",
                 (const char *)sqlite3_column_text(q, 5));
        const char *tz = (const char *)sqlite3_column_text(q, 6);
        if (event_iso_local_ms(l.at_ms, tz ? tz : "UTC", l.at, sizeof(l.at)))
            snprintf(l.at, sizeof(l.at), "?");
        code = fn(ctx, &l);
    }
    sqlite3_finalize(q);
    if (!code && rc != SQLITE_DONE)
        code =
            store_sqlite_fail(j->s, rc, N_("reading the booth's leads"), err);
    return code;
}

/* Characters (code points) of valid UTF-8 `s`. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int check_tag(const char *t, struct ck_error *err)
{
    size_t len = strlen(t);
    if (!len)
        return ck_fail(err, CK_EINVAL,
                       "A tag is a word or a few; leave out the empty one.");
    if (!text_valid_utf8(t, len))
        return ck_fail(err, CK_EINVAL,
                       "A tag must be text (UTF-8); type it again.");
    for (const unsigned char *p = (const unsigned char *)t; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return ck_fail(err, CK_EINVAL,
                           "A tag is one line of text; take out the line "
                           "break or tab.");
    if (utf8_chars(t) > JOURNAL_TAG_CHARS)
        return ck_fail(err, CK_EINVAL,
                       "The tag '%.40s...' is %zu characters long; keep "
                       "each tag to %d.",
                       t, utf8_chars(t), JOURNAL_TAG_CHARS);
    return CK_OK;
}

int journal_booth_lead_edit(journal *j, const char *sponsor, int64_t seq,
                            const char *note, int rating,
                            const char *const *tags, size_t ntags,
                            struct ck_error *err)
{
    if (rating < 0 || rating > 5)
        return ck_fail(err, CK_EINVAL,
                       "A rating is 1 to 5 stars (or 0, none); %d is not one.",
                       rating);
    size_t n = note ? strlen(note) : 0;
    if (n > 500)
        return ck_fail(err, CK_EINVAL,
                       "The note is %zu bytes long; keep it under 500.", n);
    if (note && !text_valid_utf8(note, n))
        return ck_fail(err, CK_EINVAL,
                       "The note must be text (UTF-8); type it again.");
    if (ntags > JOURNAL_TAGS_MAX)
        return ck_fail(err, CK_EINVAL,
                       "A lead has at most %d tags; %zu were given, take "
                       "some off.",
                       JOURNAL_TAGS_MAX, ntags);
    char joined[sizeof(((struct journal_booth_lead *)0)->tags)];
    size_t used = 0;
    joined[0] = '\0';
    for (size_t i = 0; i < ntags; i++) {
        int code = check_tag(tags[i], err);
        if (code)
            return code;
        int w = snprintf(joined + used, sizeof(joined) - used, "%s%s",
                         i ? "\n" : "", tags[i]);
        if (w < 0 || (size_t)w >= sizeof(joined) - used)
            return ck_fail(err, CK_EINVAL, "The tags are too long.");
        used += (size_t)w;
    }
    sqlite3_stmt *q;
    int rc = store_prepare(
        j->s,
        "UPDATE lead SET note = ?3, rating = nullif(?4, 0), tags = ?5,"
        " version = version + 1 WHERE (station_id, seq) = (SELECT"
        " station_id, seq FROM lead WHERE station = ?1 AND seq = ?2 AND"
        " sponsor_slug = ?6 ORDER BY at_ms DESC LIMIT 1)",
        NULL, &q, N_("saving the lead"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, j->station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, seq);
    sqlite3_bind_text(q, 3, note ? note : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 4, rating);
    sqlite3_bind_text(q, 5, joined, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, sponsor, -1, SQLITE_STATIC);
    int code = step_done(j, q, N_("saving the lead"), err);
    bool changed = sqlite3_changes(store_db(j->s)) > 0;
    sqlite3_finalize(q);
    if (!code && !changed)
        code = ck_fail(err, CK_ENOTFOUND, "No such lead.");
    return code;
}
