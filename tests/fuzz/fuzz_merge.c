/* Fuzz target: `checkin merge` (import/merge.c), a station file's journal,
 * leads and walk-ins and edits merged into the organizer's event
 * database.  The bytes are not a file: they are read as a list of rows
 * written into a valid station file (a copy of the demo event, as a
 * station's file is), with hostile values: times of any size, tickets
 * and stations the event does not know, texts up to 16 KiB, keys the
 * event already holds with other content, CHECK constraints switched
 * off, a file of another event or a sponsor's file the event did not
 * make, a table dropped.  Whatever the rows: no crash, leak or undefined
 * behaviour; a refused merge leaves the event's bytes as they were (no
 * partial merge) and says why in one whole sentence kept as its ck_fail
 * format (fuzz_sentence.h), without calling the event's file damaged;
 * the event passes PRAGMA integrity_check and
 * foreign_key_check; and merging the same file again adds nothing and
 * changes nothing (merge is a set union). */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/merge.h"
#include "checkin/store.h"
#include "fuzz_sentence.h"
#include "fuzz_store.h"

static char dir[] = "/tmp/checkin-fuzz-merge-XXXXXX";
/* Four of the demo's registrations (config/demo/registrations.csv): few,
 * since each input copies the event and a merge with edits applies them
 * to every registration. */
static const char PEOPLE[] =
    "order_code,Status,badge_name,Email,ticket_type,family_name,given_name,"
    "pronouns,company,t_shirt,tutorials,sponsor_consent,secret,ticket_id\n"
    "NTBWU,paid,,olivia.hw@example.com,individual,Hartley-Whitmore,Olivia,"
    "they/them,Meridian Health Informatics,2XL,,1,"
    "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h,48243\n"
    "WNKD9,cancelled,Aditya Desai,adesai@example.com,student,Desai,Aditya,"
    "he/him,Aegean Technical University,2XL,rust-extensions,,"
    "2fchzjv2a5e3sba7cq3p3rneh2829922,48259\n"
    "PYGSA,paid,Jean-Luc Moreau-Dubois,jl.moreau-dubois@example.net,"
    "corporate,Moreau-Dubois,Jean-Luc,they/them,Globex Corporation,L,"
    "pandas-intro rust-extensions,no,unurqkyf5f2e8x5pb45jhb7dtf74ppgc,48275\n"
    "PYGSA,paid,Yaw Mwangi,yawmwangi@example.com,corporate,Mwangi,Yaw,she/her,"
    "Globex Corporation,,,yes,84jvuq276ckvn72zg793yu2dgcsjxd7n,48278\n";
static char station[100];
static unsigned char *station_bytes;
static long station_len;

/* Texts the rows draw from: what a station writes, and what it must not. */
static const char *const WORDS[] = {
    "desk",
    "door",
    "leads",
    "admit",
    "deny",
    "warn",
    "in",
    "out",
    "scan",
    "undo",
    "swap",
    "ok",
    "already-checked-in",
    "pandas-intro",
    "datawise",
    "desk-1",
    "desk-2",
    "name:desk-1",
    "station-a",
    "48243",
    "48259",
    "48275",
    "ck:station-a:1",
    "ck:nope:9",
    "given_name",
    "family_name",
    "badge_name",
    "email",
    "company",
    "pronouns",
    "create",
    "edit",
    "individual",
    "speaker",
    "nosuchtype",
    "2027-05-12",
    "2027-13-45",
    "organizer",
    "expo",
    "leads:datawise",
    "leads:nosuch",
    "station_file",
    "station_role",
    "",
    "\xc3\xa9t\xc3\xa9",
    ("{\"ticket_type\":\"individual\",\"given_name\":\"A\","
     "\"family_name\":\"B\",\"status\":\"paid\"}"),
    "{\"ticket_type\":\"nosuchtype\",\"tutorials\":[\"x\"]}",
    "[]",
    "{",
    "a\nb",
    "a'b\"c"};
enum { NWORDS = sizeof(WORDS) / sizeof(WORDS[0]), TEXT_CAP = 16384 + 1 };

struct in {
    const uint8_t *p;
    size_t n;
};

static unsigned byte(struct in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

/* A time or count: small, in the event's days, a raw 64 bits, an edge. */
static int64_t number(struct in *in)
{
    static const int64_t EDGE[] = {
        0, -1, 1, INT64_MAX, INT64_MIN, 86400000, 9000000000000000};
    unsigned sel = byte(in) % 5;
    uint64_t raw = 0;
    switch (sel) {
    case 0:
        return (int64_t)byte(in);
    case 1: /* 2027-05-12 00:00 UTC and up to 11 days on, by the minute */
        raw = byte(in);
        raw = raw << 8 | byte(in);
        return 1809993600000LL + (int64_t)(raw % 16000) * 60000;
    case 2:
        for (int i = 0; i < 8; i++)
            raw = raw << 8 | byte(in);
        return (int64_t)raw;
    default:
        return EDGE[byte(in) % (sizeof(EDGE) / sizeof(EDGE[0]))];
    }
}

/* A text into buf, its length in *len; NULL for SQL NULL. */
static const char *text(struct in *in, char *buf, int *len)
{
    unsigned sel = byte(in) % 8;
    if (sel == 7)
        return NULL;
    if (sel >= 3) {
        const char *w = WORDS[byte(in) % NWORDS];
        *len = (int)strlen(w);
        return w;
    }
    if (sel == 2) { /* huge: one byte repeated, up to 16 KiB */
        int n = (int)(byte(in) + 1) * 64;
        memset(buf, 'a' + byte(in) % 26, (size_t)n);
        *len = n;
        return buf;
    }
    int n = (int)byte(in) % 64;
    for (int i = 0; i < n; i++)
        buf[i] = (char)byte(in);
    *len = n;
    return buf;
}

static void bind_text(sqlite3_stmt *q, int i, struct in *in, char *buf)
{
    int len = 0;
    const char *t = text(in, buf, &len);
    if (t)
        sqlite3_bind_text(q, i, t, len, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, i);
}

static void bind_blob(sqlite3_stmt *q, int i, struct in *in)
{
    unsigned n = byte(in) % 12;
    uint8_t b[12];
    for (unsigned k = 0; k < n; k++)
        b[k] = (uint8_t)byte(in);
    if (n == 11)
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_blob(q, i, b, (int)n, SQLITE_TRANSIENT);
}

/* The rows a station file may hold: each column's values as a station
 * writes them ("#T" a time in the event's days, "#S" a small sequence
 * number, "#B" an 8-byte badge id, "#N" NULL, "#X" a few bytes), one of
 * which the bytes pick, or (one time in eight) a hostile value. */
struct table {
    const char *sql;
    int ncols;
    const char *const *good[20];
};
#define V(...) ((const char *const[]){__VA_ARGS__, NULL})
static const struct table ROWS[] = {
    {"INSERT INTO scan (station_id, station, seq, at_ms, mode, target, code,"
     " attendee_ticket_id, badge_id, decision, reason, direction, override,"
     " act, ref_station_id, ref_seq, day, handed, supervisor, read_at_ms)"
     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
     " ?15, ?16, ?17, ?18, ?19, ?20)",
     20,
     {V("station-a", "fz-1", "fz-2", "name:desk-2"),
      V("desk-1", "desk-2", "door-1", "booth-1"),
      V("#S"),
      V("#T"),
      V("desk", "door", "leads"),
      V("", "pandas-intro", "datawise"),
      V("c1", "c2", "#X"),
      V("48243", "48259", "48275", "48278", "#N"),
      V("#N", "#B"),
      V("admit", "deny", "warn"),
      V("ok", "already-checked-in", "cancelled", "undone"),
      V("in", "out"),
      V("#N", "supervisor said so"),
      V("scan", "undo", "swap"),
      V("#N", "station-a", "fz-1"),
      V("#N", "#S"),
      V("#N", "2027-05-12"),
      V("#N", "tshirt:L"),
      V("#N", "alice"),
      V("#N", "#T")}},
    {"INSERT INTO lead (station_id, station, seq, sponsor_slug, badge_id,"
     " at_ms, note, rating, version, tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
     " ?7, ?8, ?9, ?10)",
     10,
     {V("station-a", "fz-1", "fz-2"), V("booth-1", "booth-2"), V("#S"),
      V("datawise", "nosuch"), V("#B"), V("#T"), V("", "nice chat", "#X"),
      V("#N", "1", "3", "5"), V("0", "1", "2"), V("", "[\"ml\"]")}},
    {"INSERT INTO registration_change (station_id, seq, station, at_ms,"
     " ticket_id, kind, field, value, base, supervisor) VALUES (?1, ?2, ?3,"
     " ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
     10,
     {V("fz-1", "fz-2", "station-a"), V("#S"), V("desk-1", "desk-2"), V("#T"),
      V("48243", "48259", "48275", "48278", "ck:fz-1:1", "ck:fz-1:2",
        "ck:fz-2:1"),
      V("edit", "create"),
      V("given_name", "family_name", "badge_name", "company", "email",
        "pronouns", "#N"),
      V("Zoe", "", "#X",
        "{\"ticket_type\":\"individual\",\"given_name\":\"Ann\","
        "\"family_name\":\"Lee\",\"status\":\"paid\"}",
        "{\"ticket_type\":\"speaker\",\"given_name\":\"Bo\",\"status\":"
        "\"pending\",\"tutorials\":[\"pandas-intro\"]}",
        "{\"ticket_type\":\"nosuch\",\"given_name\":\"Cy\"}"),
      V("#N", "Olivia", "Yaw"), V("#N", "alice")}},
    {"UPDATE attendee SET hold = ?2 WHERE ticket_id = ?1",
     2,
     {V("48243", "48275", "48278"), V("0", "1")}},
    {"INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)",
     2,
     {V("station_file", "station_role", "station_name"),
      V("leads:datawise", "expo", "desk", "0123456789abcdef")}},
    {"UPDATE event SET slug = coalesce(?1, slug), uid = coalesce(?2, uid)",
     2,
     {V("#N", "other-event"), V("#N", "0123456789abcdef")}},
};
#undef V
/* A file damaged or older than the event's. */
static const char *const DAMAGE[] = {
    "DROP TABLE registration_change",
    "DROP TABLE lead",
    "ALTER TABLE scan RENAME TO scan_old",
    "PRAGMA ignore_check_constraints = ON",
    "DROP TRIGGER scan_no_update",
};

static void bind_good(sqlite3_stmt *q, int i, const char *v, struct in *in,
                      char *buf)
{
    uint8_t b[8];
    if (!strcmp(v, "#N")) {
        sqlite3_bind_null(q, i);
    } else if (!strcmp(v, "#S")) {
        sqlite3_bind_int64(q, i, 1 + byte(in) % 8);
    } else if (!strcmp(v, "#T")) {
        sqlite3_bind_int64(q, i, 1809993600000LL + byte(in) * 3600000LL);
    } else if (!strcmp(v, "#B")) {
        for (int k = 0; k < 8; k++)
            b[k] = (uint8_t)(k ? 0 : byte(in) % 4);
        sqlite3_bind_blob(q, i, b, 8, SQLITE_TRANSIENT);
    } else if (!strcmp(v, "#X")) {
        int n = (int)byte(in) % 8;
        for (int k = 0; k < n; k++)
            buf[k] = (char)byte(in);
        sqlite3_bind_text(q, i, buf, n, SQLITE_TRANSIENT);
    } else if (v[0] >= '0' && v[0] <= '9' && strlen(v) == 1) {
        sqlite3_bind_int64(q, i, v[0] - '0');
    } else {
        sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
    }
}

/* One row (or damage) of the bytes into the station file `db`; a
 * statement the file refuses is skipped, as a station would never have
 * written it. */
static void one_row(sqlite3 *db, struct in *in, char *buf)
{
    unsigned op = byte(in) % 32;
    /* Mostly journal rows and registration changes. */
    const struct table *t = op < 10   ? &ROWS[0]
                            : op < 14 ? &ROWS[1]
                            : op < 24 ? &ROWS[2]
                            : op < 26 ? &ROWS[3]
                            : op < 27 ? &ROWS[4]
                            : op < 28 ? &ROWS[5]
                                      : NULL;
    if (!t) {
        sqlite3_exec(db,
                     DAMAGE[byte(in) % (sizeof(DAMAGE) / sizeof(DAMAGE[0]))],
                     NULL, NULL, NULL);
        return;
    }
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, t->sql, -1, &q, NULL) != SQLITE_OK)
        return;
    for (int i = 1; i <= t->ncols; i++) {
        unsigned pick = byte(in);
        const char *const *good = t->good[i - 1];
        size_t n = 0;
        while (good[n])
            n++;
        if (pick < 224)
            bind_good(q, i, good[pick % n], in, buf);
        else if (pick % 3 == 0)
            sqlite3_bind_int64(q, i, number(in));
        else if (pick % 3 == 1)
            bind_blob(q, i, in);
        else
            bind_text(q, i, in, buf);
    }
    sqlite3_step(q);
    sqlite3_finalize(q);
}

/* The station file of these bytes at `station`; false when it cannot be
 * written (the machine's trouble, not the input's). */
static bool write_station(struct in *in)
{
    unlink(station);
    FILE *f = fopen(station, "wb");
    if (!f)
        return false;
    bool ok =
        fwrite(station_bytes, 1, (size_t)station_len, f) == (size_t)station_len;
    if (fclose(f) || !ok)
        return false;
    sqlite3 *db;
    if (sqlite3_open(station, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    static char buf[TEXT_CAP];
    int rows = 0;
    /* No fsync: the file lives for one input (it cost most of its time). */
    sqlite3_exec(db,
                 "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;"
                 " BEGIN",
                 NULL, NULL, NULL);
    while (in->n && rows < 64) {
        one_row(db, in, buf);
        rows++;
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
    return true;
}

static void check_consistent(sqlite3 *db)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "PRAGMA main.integrity_check", -1, &q, NULL) !=
            SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW ||
        strcmp((const char *)sqlite3_column_text(q, 0), "ok") != 0) {
        fprintf(stderr, "fuzz_merge: integrity_check: %s\n",
                sqlite3_column_text(q, 0));
        abort();
    }
    sqlite3_finalize(q);
    if (sqlite3_prepare_v2(db, "PRAGMA main.foreign_key_check", -1, &q, NULL) !=
            SQLITE_OK ||
        sqlite3_step(q) != SQLITE_DONE) {
        fprintf(stderr, "fuzz_merge: a foreign key broken in %s\n",
                sqlite3_column_text(q, 0));
        abort();
    }
    sqlite3_finalize(q);
}

static void clean_up(void)
{
    char p[120];
    unlink(station);
    snprintf(p, sizeof(p), "%s-journal", station);
    unlink(p);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!mkdtemp(dir))
        abort();
    snprintf(station, sizeof(station), "%s/station.db", dir);
    atexit(clean_up);
    /* The demo event with four registrations and three check-ins, so that
     * a station's rows can name its people and meet keys it holds. */
    struct ck_error err;
    store *s;
    struct import_counts n;
    if (store_open(":memory:", STORE_CREATE, &s, &err) ||
        event_load(s, CONFIG_DIR "/demo/event.ini", &err) ||
        import_buffer(s, "fuzz.csv", PEOPLE, strlen(PEOPLE), NULL, &n, &err))
        abort();
    if (sqlite3_exec(
            store_db(s),
            "INSERT INTO scan (station_id, station, seq, at_ms, mode, target,"
            " code, attendee_ticket_id, decision, reason) VALUES"
            " ('station-a', 'desk-1', 1, 1810000000000, 'desk', '', 'c1',"
            " '48243', 'admit', 'ok'),"
            " ('station-a', 'desk-1', 2, 1810000001000, 'desk', '', 'c2',"
            " '48259', 'deny', 'cancelled'),"
            " ('name:desk-2', 'desk-2', 1, 1810000002000, 'desk', '', 'c1',"
            " '48243', 'admit', 'ok')",
            NULL, NULL, NULL) != SQLITE_OK)
        abort();
    fuzz_store_keep(s);
    /* A station's file is a copy of the event's. */
    char sql[160];
    snprintf(sql, sizeof(sql), "VACUUM INTO '%s'", station);
    if (sqlite3_exec(store_db(s), sql, NULL, NULL, NULL) != SQLITE_OK)
        abort();
    store_close(s);
    FILE *f = fopen(station, "rb");
    if (!f || fseek(f, 0, SEEK_END) || (station_len = ftell(f)) <= 0 ||
        fseek(f, 0, SEEK_SET) ||
        !(station_bytes = malloc((size_t)station_len)) ||
        fread(station_bytes, 1, (size_t)station_len, f) != (size_t)station_len)
        abort();
    fclose(f);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!station_bytes)
        LLVMFuzzerInitialize(NULL, NULL);
    struct in in = {data, size};
    if (!write_station(&in))
        abort();
    sqlite3 *db;
    store *s;
    fuzz_store_fresh(&db, &s);
    struct merge_report r = {0};
    struct ck_error err = {0};
    int code = merge_station(s, station, &r, &err);
    if (code)
        fuzz_whole_sentence("fuzz_merge", &err, code, NULL);
    if (code) {
        /* Refused: one sentence, and nothing of the file stored; never
         * the event's file called damaged for the station file's faults
         * (it once was, for a file without its lead table). */
        if (!err.msg[0] || !fuzz_store_unchanged(db) ||
            !strncmp(err.msg, ":memory: is damaged", 19)) {
            fprintf(stderr, "fuzz_merge: refused (%s) and %s\n", err.msg,
                    err.msg[0] ? "the event changed" : "said nothing");
            abort();
        }
    } else {
        check_consistent(db);
        /* A set union: the same file again adds and changes nothing. */
        sqlite3_int64 len;
        unsigned char *before = sqlite3_serialize(db, "main", &len, 0);
        struct merge_report again = {0};
        if (!before || merge_station(s, station, &again, &err)) {
            fprintf(stderr, "fuzz_merge: merged once, then refused: %s\n",
                    err.msg);
            abort();
        }
        sqlite3_int64 len2;
        unsigned char *after =
            sqlite3_serialize(db, "main", &len2, SQLITE_SERIALIZE_NOCOPY);
        if (again.scans_added || again.leads_added || again.leads_updated ||
            again.registrations_added || !after || len2 != len ||
            memcmp(before, after, (size_t)len) != 0) {
            fprintf(stderr,
                    "fuzz_merge: the second merge of one file changed the "
                    "event (%ld scans, %ld leads, %ld changes added)\n",
                    again.scans_added, again.leads_added,
                    again.registrations_added);
            abort();
        }
        sqlite3_free(before);
        merge_report_free(&again);
    }
    merge_report_free(&r);
    fuzz_store_done(db, s);
    return 0;
}
