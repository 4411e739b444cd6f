/* The event store: creation, migrations from every earlier version, and
 * refusing files that are damaged, foreign or from a newer checkin without
 * writing a byte to them. */
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/admission.h"
#include "checkin/credential.h"
#include "checkin/dashboard.h"
#include "checkin/event.h"
#include "checkin/export.h"
#include "checkin/i18n.h"
#include "checkin/import.h"
#include "checkin/jobs.h"
#include "checkin/journal.h"
#include "checkin/report_commands.h"
#include "checkin/store.h"
#include "checkin/store_sql.h"
#include "testutil.h"

static const char *demo_ini(void)
{
    return tu_demo_event_ini();
}

/* A fresh store with the demo event described, closed again. */
static const char *make_event_db(const char *name)
{
    const char *path = tu_path(name);
    unlink(path);
    struct ck_error err = {0};
    store *s;
    if (store_open(path, STORE_CREATE, &s, &err)) {
        TU_FAIL_AT("store_open: %s", err.msg);
        return path;
    }
    if (event_load(s, demo_ini(), &err))
        TU_FAIL_AT("event_load: %s", err.msg);
    store_close(s);
    return path;
}

static long long sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        else
            fprintf(stderr, "sql_int(%s): %s\n", sql, sqlite3_errmsg(db));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

static int sql_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

static void new_store_is_wal_full_at_latest_version(void)
{
    const char *path = make_event_db("new.db");
    struct ck_error err = {0};
    store *s;
    REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
    EXPECT_INT(store_schema_version(s), STORE_SCHEMA_VERSION);
    store_close(s);
    EXPECT_INT(sql_int(path, "PRAGMA application_id"), 0x436b496e);
    /* A random identity of its own: 128 bits in hex. */
    EXPECT_INT(sql_int(path, "SELECT length(uid) FROM event"), 32);
    EXPECT_INT(sql_int(path, "SELECT uid GLOB '*[^0-9a-f]*' FROM event"), 0);
    sqlite3 *db;
    REQUIRE(sqlite3_open(path, &db) == SQLITE_OK);
    sqlite3_stmt *st;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) ==
            SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    EXPECT_STR((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM tutorial"), 12);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM ticket_type"), 7);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM sponsor"), 10);
}

static void creating_over_an_existing_file_is_refused(void)
{
    const char *path = make_event_db("exists.db");
    struct ck_error err = {0};
    store *s = NULL;
    EXPECT_INT(store_open(path, STORE_CREATE, &s, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "already exists");
    EXPECT_TRUE(s == NULL);
}

static void opening_a_missing_file_says_how_to_create_it(void)
{
    struct ck_error err = {0};
    store *s = NULL;
    EXPECT_INT(store_open(tu_path("nothere.db"), STORE_EXISTING, &s, &err),
               CK_ENOTFOUND);
    EXPECT_CONTAINS(err.msg, "checkin init");
    EXPECT_TRUE(access(tu_path("nothere.db"), F_OK) != 0);
}

/* Every earlier schema version is upgraded in place and keeps its data. */
static void migrates_from_each_earlier_version(void)
{
    for (int v = 1; v < STORE_SCHEMA_VERSION; v++) {
        char name[32];
        snprintf(name, sizeof(name), "v%d.db", v);
        const char *path = tu_path(name);
        unlink(path);
        struct ck_error err = {0};
        store *s;
        REQUIRE(store_open_at_version(path, STORE_CREATE, v, &s, &err) ==
                CK_OK);
        EXPECT_INT(store_schema_version(s), v);
        REQUIRE(event_load(s, demo_ini(), &err) == CK_OK);
        store_close(s);
        /* A registration as that version stored it. */
        EXPECT_INT(sql_exec(path,
                            "INSERT INTO attendee (ticket_id, order_code, "
                            "status, badge_name, ticket_type_id, search_key, "
                            "fingerprint, imported_ms, updated_ms) VALUES "
                            "('t1', 'ORD1', 'paid', 'Ada', 1, 'ada', x'00', "
                            "0, 0)"),
                   SQLITE_OK);
        if (v >= 3) { /* rows keyed by station identity already */
            EXPECT_INT(sql_exec(path, "INSERT INTO scan (station_id, station,"
                                      " seq, at_ms, mode, code, decision,"
                                      " reason) VALUES ('name:desk-1',"
                                      " 'desk-1', 7, 0, 'desk', 'X', "
                                      "'admit', 'checked-in')"),
                       SQLITE_OK);
            EXPECT_INT(sql_exec(path, "INSERT INTO lead (station_id, station,"
                                      " seq, sponsor_slug, badge_id, at_ms,"
                                      " note, version) VALUES ('name:leads-1',"
                                      " 'leads-1', 1, 'x', "
                                      "x'0102030405060708', 0, 'hi', 1)"),
                       SQLITE_OK);
        } else if (v >= 2) {
            EXPECT_INT(sql_exec(path, "INSERT INTO scan (station, seq, at_ms,"
                                      " mode, code, decision, reason) VALUES"
                                      " ('desk-1', 7, 0, 'desk', 'X', "
                                      "'admit', 'checked-in')"),
                       SQLITE_OK);
            EXPECT_INT(sql_exec(path, "INSERT INTO lead (station, seq, "
                                      "sponsor_slug, badge_id, at_ms, note) "
                                      "VALUES ('leads-1', 1, 'x', "
                                      "x'0102030405060708', 0, 'hi')"),
                       SQLITE_OK);
        }
        if (v >= 6) /* a T-shirt handed at a counter */
            EXPECT_INT(sql_exec(path, "INSERT INTO scan (station_id, station,"
                                      " seq, at_ms, mode, target, code,"
                                      " decision, reason, handed) VALUES"
                                      " ('name:tshirt-1', 'tshirt-1', 1, 0,"
                                      " 'door', 'tshirt', 'X', 'admit',"
                                      " 'redeemed', 'M')"),
                       SQLITE_OK);
        REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
        EXPECT_INT(store_schema_version(s), STORE_SCHEMA_VERSION);
        store_close(s);
        EXPECT_INT(sql_int(path, "SELECT count(*) FROM attendee WHERE "
                                 "badge_name = 'Ada'"),
                   1);
        EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan"),
                   (v >= 2) + (v >= 6));
        /* 10: the redemptions already made are counted. */
        EXPECT_INT(sql_int(path, "SELECT coalesce(sum(handed), 0) FROM"
                                 " stock_count WHERE list_slug = 'tshirt'"
                                 " AND variation = 'M'"),
                   v >= 6);
        EXPECT_INT(sql_int(path, "SELECT count(*) FROM "
                                 "pragma_foreign_key_check()"),
                   0);
        if (v >= 2) {
            /* Rows from before station identities keep their name and
             * number, under an identity made from the name. */
            EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan WHERE "
                                     "station_id = 'name:desk-1' AND "
                                     "station = 'desk-1' AND seq = 7"),
                       1);
            EXPECT_INT(sql_int(path, "SELECT count(*) FROM lead WHERE "
                                     "station_id = 'name:leads-1' AND "
                                     "note = 'hi' AND version = 1"),
                       1);
            EXPECT_INT(sql_exec(path, "DELETE FROM scan"), SQLITE_CONSTRAINT);
        }
        /* The event keeps an identity its own (and a new init gets a
         * random one). */
        EXPECT_INT(sql_int(path, "SELECT count(*) FROM event WHERE uid LIKE "
                                 "'v2:pycon-demo-2027:%'"),
                   v < 3);
        EXPECT_INT(sql_int(path, "SELECT count(*) FROM event WHERE uid IS "
                                 "NOT NULL"),
                   1);
        /* 4: registrations from before are no test-mode orders. */
        EXPECT_INT(sql_int(path, "SELECT count(*) FROM attendee WHERE "
                                 "testmode = 0"),
                   1);
        /* 5: journal rows from before are no supervisor's overrides, and
         * the journal stays append-only. */
        EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan WHERE "
                                 "override IS NULL"),
                   (v >= 2) + (v >= 6));
        if (v >= 2)
            EXPECT_INT(sql_exec(path, "UPDATE scan SET override = 'x'"),
                       SQLITE_CONSTRAINT);
        /* 7: jobs from before name no check-in; registration changes are
         * append-only like the journal. */
        EXPECT_INT(sql_int(path, "SELECT count(*) FROM print_job WHERE "
                                 "scan_seq IS NOT NULL OR scan_station_id "
                                 "IS NOT NULL"),
                   0);
        EXPECT_INT(sql_exec(path, "INSERT INTO registration_change"
                                  " (station_id, seq, station, at_ms,"
                                  " ticket_id, kind, field, value, base)"
                                  " VALUES ('r', 1, 'desk-1', 0, 't1',"
                                  " 'edit', 'given_name', 'Ada', 'Adda')"),
                   SQLITE_OK);
        EXPECT_INT(sql_exec(path, "UPDATE registration_change SET value"
                                  " = 'x'"),
                   SQLITE_CONSTRAINT);
        EXPECT_INT(sql_exec(path, "DELETE FROM registration_change"),
                   SQLITE_CONSTRAINT);
        EXPECT_INT(sql_int(path, "SELECT count(*) FROM attendee WHERE "
                                 "comp_reason IS NULL"),
                   1);
    }
}

static void a_newer_schema_is_refused(void)
{
    const char *path = make_event_db("newer.db");
    REQUIRE(sql_exec(path, "PRAGMA user_version = 99") == SQLITE_OK);
    struct ck_error err = {0};
    store *s = NULL;
    EXPECT_INT(store_open(path, STORE_EXISTING, &s, &err), CK_EVERSION);
    EXPECT_CONTAINS(err.msg, "newer checkin");
    EXPECT_INT(sql_int(path, "PRAGMA user_version"), 99);
}

/* Refusals must leave the file exactly as it was. */
static void expect_refused_untouched_as(const char *path, int flags, int code,
                                        const char *phrase)
{
    size_t before_len, after_len;
    char *before = tu_read_file(path, &before_len);
    REQUIRE(before != NULL);
    struct ck_error err = {0};
    store *s = NULL;
    EXPECT_INT(store_open(path, flags, &s, &err), code);
    EXPECT_CONTAINS(err.msg, phrase);
    store_close(s);
    char *after = tu_read_file(path, &after_len);
    REQUIRE(after != NULL);
    EXPECT_INT(after_len, before_len);
    EXPECT_TRUE(memcmp(before, after, before_len) == 0);
    free(before);
    free(after);
}

static void expect_refused_untouched(const char *path, int code,
                                     const char *phrase)
{
    expect_refused_untouched_as(path, STORE_EXISTING, code, phrase);
}

/* A read-only open of a file at an older schema cannot upgrade it, and
 * says so; but when its tables are already the newer ones (a flipped bit
 * turned 17 into 16: test_damaged found a read-only command telling the
 * user to upgrade such a file, which the upgrade then refused), it says
 * the file is damaged, as the writing open does, and changes nothing. */
static void a_read_only_open_tells_an_older_file_from_a_damaged_version(void)
{
    struct ck_error err = {0};
    store *s = NULL;
    const char *older = make_event_db("older.db");
    /* Version 16's tables: 17's, 20's, 21's, 23's, 24's, 25's and 29's
     * tables and 18's, 19's and 22's columns taken out. */
    REQUIRE(sql_exec(older, "DROP TABLE phone_read; DROP TABLE preprint;"
                            " DROP TABLE open_space_claim;"
                            " DROP TABLE sprint_project;"
                            " DROP TABLE triage_sent;"
                            " DROP TABLE auction_act;"
                            " DROP TRIGGER attendee_gram_update;"
                            " DROP TRIGGER attendee_gram_insert;"
                            " DROP TABLE attendee_gram;"
                            " DROP TABLE attendee_gram_setting;"
                            " DROP TABLE attendee_gram_dirty;"
                            " ALTER TABLE question DROP COLUMN detail;"
                            " ALTER TABLE question DROP COLUMN ask;"
                            " ALTER TABLE question DROP COLUMN required;"
                            " ALTER TABLE scan DROP COLUMN answers;"
                            " ALTER TABLE attendee DROP COLUMN blocked;"
                            " ALTER TABLE attendee DROP COLUMN blocked_why;"
                            " ALTER TABLE attendee DROP COLUMN valid_from_ms;"
                            " ALTER TABLE attendee DROP COLUMN valid_until_ms;"
                            " ALTER TABLE attendee DROP COLUMN attention;"
                            " ALTER TABLE attendee DROP COLUMN seat;"
                            " ALTER TABLE attendee DROP COLUMN locale;"
                            " PRAGMA user_version = 16") == SQLITE_OK);
    EXPECT_INT(store_open(older, STORE_EXISTING | STORE_READONLY, &s, &err),
               CK_EVERSION);
    EXPECT_CONTAINS(err.msg, "uses an older schema (16)");
    EXPECT_INT(sql_int(older, "PRAGMA user_version"), 16);
    store_close(s);
    s = NULL;
    const char *damaged = make_event_db("damaged-version.db");
    REQUIRE(sql_exec(damaged, "PRAGMA user_version = 16") == SQLITE_OK);
    expect_refused_untouched_as(damaged, STORE_EXISTING | STORE_READONLY,
                                CK_ECORRUPT,
                                "its tables do not match its schema version "
                                "16: table phone_read already exists); "
                                "restore it from a backup");
    /* The writing open upgrades the older file and refuses the other. */
    s = NULL;
    EXPECT_INT(store_open(older, STORE_EXISTING, &s, &err), CK_OK);
    store_close(s);
    EXPECT_INT(sql_int(older, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    s = NULL;
    EXPECT_INT(store_open(damaged, STORE_EXISTING, &s, &err), CK_ECORRUPT);
    EXPECT_CONTAINS(err.msg, "its tables do not match its schema version 16");
    store_close(s);
}

static void a_text_file_is_refused_and_untouched(void)
{
    const char *path = tu_path("notes.db");
    const char text[] = "ticket,name\n1,Ada\n";
    REQUIRE(tu_write_file(path, text, sizeof(text) - 1) == 0);
    expect_refused_untouched(path, CK_ECORRUPT, "not a checkin event database");
}

static void an_empty_file_is_refused(void)
{
    const char *path = tu_path("empty.db");
    REQUIRE(tu_write_file(path, "", 0) == 0);
    struct ck_error err = {0};
    store *s = NULL;
    EXPECT_INT(store_open(path, STORE_EXISTING, &s, &err), CK_ECORRUPT);
    EXPECT_CONTAINS(err.msg, "empty");
}

static void another_programs_sqlite_file_is_refused(void)
{
    const char *path = tu_path("firefox.db");
    unlink(path);
    REQUIRE(sql_exec(path, "CREATE TABLE moz_places (id INTEGER);") ==
            SQLITE_OK);
    expect_refused_untouched(path, CK_ECORRUPT, "not a checkin event database");
}

/* Flip bytes in the middle of a b-tree page, as a bad disk would. */
static void a_damaged_database_is_refused_and_untouched(void)
{
    const char *path = make_event_db("damaged.db");
    size_t len;
    char *data = tu_read_file(path, &len);
    REQUIRE(data != NULL && len >= 3 * 4096);
    /* Pages 2 and 3 are b-tree roots of the schema's tables: give them a
     * page type that does not exist (file format, section 1.6). */
    data[4096] = 0x42;
    data[2 * 4096] = 0x42;
    REQUIRE(tu_write_file(path, data, len) == 0);
    free(data);
    expect_refused_untouched(path, CK_ECORRUPT, "damaged");
}

static void a_truncated_database_is_refused(void)
{
    const char *path = make_event_db("truncated.db");
    size_t len;
    char *data = tu_read_file(path, &len);
    REQUIRE(data != NULL && len > 8192);
    REQUIRE(tu_write_file(path, data, 4096 + 1000) == 0);
    free(data);
    expect_refused_untouched(path, CK_ECORRUPT, "damaged");
}

/* The light check (STORE_LIGHT_CHECK) sees what lies in the header and
 * the b-trees' root pages: the two files above are refused as by the
 * full check, and left as they were. */
static void the_light_check_refuses_damaged_roots_and_a_cut_file(void)
{
    const char *path = make_event_db("light-damaged.db");
    size_t len;
    char *data = tu_read_file(path, &len);
    REQUIRE(data != NULL && len >= 3 * 4096);
    data[4096] = 0x42;
    data[2 * 4096] = 0x42;
    REQUIRE(tu_write_file(path, data, len) == 0);
    expect_refused_untouched_as(path, STORE_EXISTING | STORE_LIGHT_CHECK,
                                CK_ECORRUPT, "damaged");
    const char *cut = make_event_db("light-truncated.db");
    free(data);
    data = tu_read_file(cut, &len);
    REQUIRE(data != NULL && len > 8192);
    REQUIRE(tu_write_file(cut, data, 4096 + 1000) == 0);
    expect_refused_untouched_as(cut, STORE_EXISTING | STORE_LIGHT_CHECK,
                                CK_ECORRUPT, "damaged");
    /* Whole pages, but fewer than the header counts. */
    REQUIRE(tu_write_file(cut, data, len - 4096) == 0);
    expect_refused_untouched_as(cut, STORE_EXISTING | STORE_LIGHT_CHECK,
                                CK_ECORRUPT, "damaged");
    free(data);
}

/* The first (`last` false) or last leaf page of the attendee table in key
 * order, by SQLite's dbstat. */
static long long attendee_leaf(const char *path, bool last)
{
    return sql_int(path, last ? "SELECT pageno FROM dbstat WHERE name = "
                                "'attendee' AND pagetype = 'leaf' ORDER BY "
                                "path DESC LIMIT 1"
                              : "SELECT pageno FROM dbstat WHERE name = "
                                "'attendee' AND pagetype = 'leaf' ORDER BY "
                                "path LIMIT 1");
}

/* A file damaged while no one had it open: bytes overwritten in a page of
 * the attendee table below its root, after a clean close, which the light
 * check cannot see.  The station's start (full check) refuses it before
 * any verdict; `issue`, `print` and `attendees` (light check) are stopped
 * with the damage named when they read that page (a search reads every
 * registration), and `issue` and `print` do their work on the pages that
 * are sound.  The same bytes in a copy left with a WAL holding frames (a
 * writer that did not close), or with a rollback journal holding bytes,
 * are refused at open. */
static void a_page_damaged_while_closed_is_named_before_a_verdict(void)
{
    const char *db = tu_path("closed-damage.db");
    const char *csv = tu_path("closed-damage.csv");
    unlink(db);
    FILE *f = fopen(csv, "w");
    REQUIRE(f != NULL);
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,email\n",
          f);
    for (int i = 0; i < 700; i++)
        fprintf(f,
                "%d,Z%05d,paid,individual,zz%030d,Given%d,Family%d,"
                "p%d@example.com\n",
                900001 + i, i, i, i, i, i);
    REQUIRE(fclose(f) == 0);
    struct ck_error err = {0};
    store *s = NULL;
    struct import_counts n;
    if (store_open(db, STORE_CREATE, &s, &err) ||
        event_load(s, demo_ini(), &err) ||
        credential_create_key(s, tu_path("closed-damage.key"), &err) ||
        import_file(s, CONFIG_DIR "/demo/registrations.csv", NULL, &n, &err) ||
        import_file(s, csv, NULL, &n, &err))
        TU_FAIL_AT("making the event: %s", err.msg);
    store_close(s);
    /* Zoë's code, read while the file is sound. */
    const char *out, *said;
    REQUIRE(tu_checkin(tu_format("issue '%s' 53139", db), &out, &said) == 0);
    char code[512];
    snprintf(code, sizeof(code), "%s", out);
    long long first = attendee_leaf(db, false), last = attendee_leaf(db, true);
    long long page = sql_int(db, "PRAGMA page_size");
    REQUIRE(first > 1 && last > first);
    /* The read-only looks leave an empty WAL and its index, no frames. */
    struct stat sb;
    REQUIRE(stat(tu_format("%s-wal", db), &sb) != 0 || sb.st_size == 0);
    unlink(tu_format("%s-wal", db));
    unlink(tu_format("%s-shm", db));

    /* The last leaf's page header and cell pointers overwritten. */
    size_t len;
    char *data = tu_read_file(db, &len);
    REQUIRE(data != NULL && (size_t)(last * page) <= len);
    memset(data + (last - 1) * page, 0xff, 24);
    REQUIRE(tu_write_file(db, data, len) == 0);

    /* The station's start checks every page: refused, nothing decided. */
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station desk --name d-1 "
                                       "--keyboard --json",
                                       db),
                             code, &out, &said),
               1);
    EXPECT_CONTAINS(said, "closed-damage.db is damaged");
    EXPECT_TRUE(strstr(out, "\"decision\"") == NULL);
    /* The one-shot commands: named where they read the page... */
    EXPECT_INT(tu_checkin(tu_format("issue '%s' 900700", db), &out, &said), 1);
    EXPECT_CONTAINS(said, "closed-damage.db is damaged");
    EXPECT_INT(tu_checkin(tu_format("print '%s' 900700 --printer 'file:%s' "
                                    "--model QL-800 --media 62x100",
                                    db, tu_path("closed-damage.bin")),
                          &out, &said),
               1);
    EXPECT_CONTAINS(said, "closed-damage.db is damaged");
    EXPECT_INT(
        tu_checkin(tu_format("attendees '%s' --limit 0", db), &out, &said), 1);
    EXPECT_CONTAINS(said, "closed-damage.db is damaged");
    /* ...and their work done where the pages are sound. */
    EXPECT_INT(tu_checkin(tu_format("issue '%s' 53139", db), &out, &said), 0);
    EXPECT_CONTAINS(out, code);
    EXPECT_INT(tu_checkin(tu_format("print '%s' 53139 --printer 'file:%s' "
                                    "--model QL-800 --media 62x100",
                                    db, tu_path("closed-damage.bin")),
                          &out, &said),
               0);

    /* A copy taken while a writer had frames in the WAL, as a writer that
     * never closed leaves it: the full check, whatever the command. */
    sqlite3 *h = NULL;
    const char *copy = tu_path("closed-damage-unclean.db");
    REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h,
                         "PRAGMA wal_autocheckpoint = 0;"
                         " INSERT INTO setting (key, value)"
                         " VALUES ('test.unclean', '1')",
                         NULL, NULL, NULL) == SQLITE_OK);
    size_t wal_len;
    char *wal = tu_read_file(tu_format("%s-wal", db), &wal_len);
    free(data);
    data = tu_read_file(db, &len);
    REQUIRE(wal != NULL && wal_len > 0 && data != NULL);
    REQUIRE(tu_write_file(copy, data, len) == 0);
    /* Their signing key beside them, so a command that skipped the check
     * would get as far as it does on the file itself. */
    size_t key_len;
    char *key = tu_read_file(tu_path("closed-damage.key"), &key_len);
    REQUIRE(key != NULL);
    REQUIRE(tu_write_file(tu_path("closed-damage-unclean.key"), key, key_len) ==
            0);
    REQUIRE(tu_write_file(tu_path("closed-damage-journal.key"), key, key_len) ==
            0);
    REQUIRE(chmod(tu_path("closed-damage-unclean.key"), 0600) == 0);
    REQUIRE(chmod(tu_path("closed-damage-journal.key"), 0600) == 0);
    free(key);
    REQUIRE(tu_write_file(tu_format("%s-wal", copy), wal, wal_len) == 0);
    sqlite3_close(h);
    EXPECT_INT(tu_checkin(tu_format("issue '%s' 53139", copy), &out, &said), 1);
    EXPECT_CONTAINS(said, "closed-damage-unclean.db is damaged");
    /* So is one with a rollback journal holding bytes beside it. */
    const char *journaled = tu_path("closed-damage-journal.db");
    REQUIRE(tu_write_file(journaled, data, len) == 0);
    char junk[512] = {0};
    REQUIRE(tu_write_file(tu_format("%s-journal", journaled), junk,
                          sizeof(junk)) == 0);
    EXPECT_INT(
        tu_checkin(tu_format("issue '%s' 53139", journaled), &out, &said), 1);
    EXPECT_CONTAINS(said, "closed-damage-journal.db is damaged");
    free(wal);
    free(data);
}

static void the_scan_journal_is_append_only(void)
{
    const char *path = make_event_db("journal.db");
    EXPECT_INT(sql_exec(path, "INSERT INTO scan (station_id, station, seq, "
                              "at_ms, mode, code, decision, reason) VALUES "
                              "('r1', 'desk-1', 1, 0, 'desk', 'X', 'admit', "
                              "'ok')"),
               SQLITE_OK);
    EXPECT_INT(sql_exec(path, "UPDATE scan SET decision = 'deny'"),
               SQLITE_CONSTRAINT);
    EXPECT_INT(sql_exec(path, "DELETE FROM scan"), SQLITE_CONSTRAINT);
    EXPECT_INT(sql_exec(path, "INSERT INTO scan (station_id, station, seq, "
                              "at_ms, mode, code, decision, reason) VALUES "
                              "('r1', 'desk-1', 1, 5, 'desk', 'Y', 'deny', "
                              "'again')"),
               SQLITE_CONSTRAINT);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan"), 1);
}

/* ---- event descriptions ---- */

static void expect_ini_error(const char *ini_text, const char *phrase)
{
    const char *ini = tu_path("bad.ini");
    REQUIRE(tu_write_file(ini, ini_text, strlen(ini_text)) == 0);
    const char *path = tu_path("bad-ini.db");
    unlink(path);
    struct ck_error err = {0};
    store *s;
    REQUIRE(store_open(path, STORE_CREATE, &s, &err) == CK_OK);
    EXPECT_INT(event_load(s, ini, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, phrase);
    store_close(s);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM event"), 0);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM ticket_type"), 0);
}

#define GOOD_EVENT                                                             \
    "[event]\nslug = e\nname = E\nstart = 2027-05-12\nend = 2027-05-13\n"      \
    "timezone = Asia/Kolkata\n"
#define GOOD_TYPE "[ticket-type individual]\nlabel = I\ncolour = #112233\n"

static void event_description_errors_name_the_line(void)
{
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[workshop x]\ntitle = T\n",
                     "bad.ini:10: unknown section [workshop x]");
    /* A header with no key under it, last or between sections: the same
     * one sentence, nothing stored (expect_ini_error). */
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[lunch-bar]\n",
                     "bad.ini:10: unknown section [lunch-bar]; use [event],");
    expect_ini_error(GOOD_EVENT "[lunch-bar]\n\n" GOOD_TYPE,
                     "bad.ini:7: unknown section [lunch-bar]; use [event],");
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[ lunch-bar ]\n",
                     "bad.ini:10: unknown section [lunch-bar]");
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[tutorial t]\ntitle = T\n"
                                          "room = R\ncapacity = lots\n",
                     "bad.ini:13: capacity must be a whole number");
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[tutorial t]\ntitle = T\n",
                     "bad.ini:10: section is missing 'room'");
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[tutorial Bad_Slug]\ntitle = T\n",
                     "not a valid slug");
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[sponsor acme]\nname = A\n"
                                          "colour = red\n",
                     "bad.ini:12: unknown key 'colour'");
    expect_ini_error("[event]\nslug = e\nname = E\nstart = 2027-05-12\n"
                     "end = 2027-05-13\ntimezone = Mars/Olympus\n" GOOD_TYPE,
                     "unknown time zone 'Mars/Olympus'");
    expect_ini_error(GOOD_TYPE, "no [event] section");
    expect_ini_error(GOOD_EVENT GOOD_TYPE
                     "[tutorial t]\ntitle = T\nroom = R\ncapacity = 5\n"
                     "start = 2027-05-12 13:00\nend = 2027-05-12 12:00\n",
                     "end after start");
    expect_ini_error(GOOD_EVENT GOOD_TYPE
                     "[ticket-type student]\nlabel = S\ncolour = #000000\n"
                     "pretix-items = 5\n[tutorial t]\ntitle = T\nroom = R\n"
                     "capacity = 5\nstart = 2027-05-12 09:00\n"
                     "end = 2027-05-12 12:00\npretix-item = 5\n",
                     "pretix item 5 is mapped twice");
}

/* The error `ini_text` gets when loaded, into *err (CK_EINVAL). */
static void ini_error(const char *ini_text, struct ck_error *err)
{
    const char *ini = tu_path("bad.ini");
    REQUIRE(tu_write_file(ini, ini_text, strlen(ini_text)) == 0);
    const char *path = tu_path("bad-ini.db");
    unlink(path);
    store *s;
    REQUIRE(store_open(path, STORE_CREATE, &s, err) == CK_OK);
    EXPECT_INT(event_load(s, ini, err), CK_EINVAL);
    store_close(s);
}

/* A header with nothing under it, and one written indented (issue 53's
 * leftovers): a section that needs keys is refused naming the first it
 * lacks, wherever the header stands, as one with keys is; an indented
 * header libinih takes for a header is checked as one; one it takes for
 * the value above it continued is refused, saying so; each sentence in
 * the station's language too.  A section whose keys are all optional
 * may stand empty, as `describe` writes [pretix]. */
static void empty_and_indented_headers_get_one_sentence(void)
{
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[sponsor acme]\n",
                     "bad.ini:10: section is missing 'name'; add it and run");
    expect_ini_error(GOOD_EVENT "[sponsor acme]\n\n" GOOD_TYPE,
                     "bad.ini:7: section is missing 'name'");
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[tutorial t]\n[sponsor acme]\n"
                                          "name = A\n",
                     "bad.ini:10: section is missing 'title'");
    expect_ini_error(GOOD_TYPE "[event]\n",
                     "bad.ini:4: section is missing 'slug'");
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[sponsor Acme]\n",
                     "bad.ini:10: 'Acme' is not a valid slug");
    expect_ini_error(GOOD_EVENT GOOD_TYPE "[pretix]\n  [lunch-bar]\n",
                     "bad.ini:11: unknown section [lunch-bar]; use [event],");
    expect_ini_error(GOOD_EVENT GOOD_TYPE "\t[lunch-bar]\n",
                     "bad.ini:10: [lunch-bar] is indented, so it is read as "
                     "more of the value above it, not as a section; start "
                     "the line with [ and run init again.");
    expect_ini_error(GOOD_EVENT GOOD_TYPE "  [sponsor acme]\nname = A\n",
                     "bad.ini:10: [sponsor acme] is indented");
    /* Empty sections whose keys are all optional load. */
    static const char ok_text[] = GOOD_EVENT GOOD_TYPE "[pretix]\n[csv]\n";
    const char *ini = tu_path("ok.ini");
    REQUIRE(tu_write_file(ini, ok_text, strlen(ok_text)) == 0);
    const char *path = tu_path("ok-ini.db");
    unlink(path);
    struct ck_error err = {0};
    store *s;
    REQUIRE(store_open(path, STORE_CREATE, &s, &err) == CK_OK);
    if (event_load(s, ini, &err))
        TU_FAIL_AT("%s", err.msg);
    store_close(s);
    /* Both sentences in Spanish, whole. */
    struct ck_error e1 = {0}, e2 = {0};
    ini_error(GOOD_EVENT GOOD_TYPE "[sponsor acme]\n", &e1);
    ini_error(GOOD_EVENT GOOD_TYPE "  [lunch-bar]\n", &e2);
    char said[1024];
    tu_speak("es");
    EXPECT_CONTAINS(ck_error_text(&e1, said, sizeof(said)),
                    "bad.ini:10: a la sección le falta 'name'");
    const char *t = ck_error_text(&e2, said, sizeof(said));
    EXPECT_CONTAINS(t, "bad.ini:10: [lunch-bar] ");
    EXPECT_NOT_CONTAINS(t, "indented");
    EXPECT_TRUE(strcmp(t, e2.msg) != 0);
    tu_speak("en");
}

/* ---- changing the event description (checkin event) ---- */

/* The demo description with `from` replaced by `to` (each pair, once),
 * written to `name`; NULL `from` ends the list. */
static const char *edited_ini(const char *name, ...)
{
    size_t len;
    char *text = tu_read_file(demo_ini(), &len);
    if (!text) {
        TU_FAIL_AT("cannot read the demo event");
        return name;
    }
    va_list ap;
    va_start(ap, name);
    const char *from;
    while ((from = va_arg(ap, const char *)) != NULL) {
        const char *to = va_arg(ap, const char *);
        char *at = strstr(text, from);
        if (!at) {
            TU_FAIL_AT("edited_ini: '%s' is not in the demo event", from);
            continue;
        }
        size_t head = (size_t)(at - text), fl = strlen(from), tl = strlen(to);
        char *out = malloc(len - fl + tl + 1);
        if (!out)
            abort();
        memcpy(out, text, head);
        memcpy(out + head, to, tl);
        memcpy(out + head + tl, at + fl, len - head - fl + 1);
        free(text);
        text = out;
        len = len - fl + tl;
    }
    va_end(ap);
    const char *path = tu_path(name);
    if (tu_write_file(path, text, len))
        TU_FAIL_AT("cannot write %s", path);
    free(text);
    return path;
}

static void expect_file_is(const char *path, const char *before, size_t len)
{
    size_t now_len;
    char *now = tu_read_file(path, &now_len);
    EXPECT_TRUE(now && now_len == len && !memcmp(now, before, len));
    free(now);
}

static int update(const char *db, const char *ini,
                  struct event_update_report *rep, struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (!code)
        code = event_update(s, ini, rep, err);
    store_close(s);
    return code;
}

/* Line `l` of a report as `checkin event` says it in English, without
 * its newline (report_event_line, commands/). */
static const char *said(const struct event_update_line *l)
{
    static char buf[4096];
    FILE *f = fmemopen(buf, sizeof(buf), "w");
    if (!f)
        return "(fmemopen failed)";
    report_event_line(l, f);
    fclose(f);
    buf[sizeof(buf) - 1] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

#define PANDAS_ROOM                                                            \
    "room = 101A\nstart = 2027-05-12 09:00\nend = 2027-05-12 12:30\n"          \
    "capacity = 26\n"

static void event_update_moves_a_tutorial_and_raises_its_seats(void)
{
    const char *db = make_event_db("upd-room.db");
    long long id = sql_int(db, "SELECT id FROM tutorial WHERE slug = "
                               "'pandas-intro'");
    const char *ini = edited_ini(
        "upd-room.ini", PANDAS_ROOM,
        "room = Hall B\nstart = 2027-05-12 09:00\nend = 2027-05-12 12:30\n"
        "capacity = 40\n",
        (const char *)NULL);
    size_t len;
    char *before = tu_read_file(ini, &len);
    struct event_update_report rep;
    struct ck_error err = {0};
    REQUIRE(update(db, ini, &rep, &err) == CK_OK);
    EXPECT_INT((long)rep.n, 1);
    if (rep.n == 1) {
        /* Data, said by commands/ in the organizer's language. */
        EXPECT_INT(rep.lines[0].of, EVENT_LINE_TUTORIAL);
        EXPECT_STR(rep.lines[0].slug, "pandas-intro");
        REQUIRE(rep.lines[0].n == 2);
        EXPECT_INT(rep.lines[0].changes[0].what, EVENT_CHANGE_ROOM);
        EXPECT_STR(rep.lines[0].changes[0].v[0], "101A");
        EXPECT_STR(rep.lines[0].changes[0].v[1], "Hall B");
        EXPECT_INT(rep.lines[0].changes[1].what, EVENT_CHANGE_CAPACITY);
        EXPECT_STR(said(&rep.lines[0]), "tutorial pandas-intro: room 101A -> "
                                        "Hall B; capacity 26 -> 40");
    }
    event_update_report_free(&rep);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM tutorial WHERE slug = "
                           "'pandas-intro' AND room = 'Hall B' AND capacity "
                           "= 40"),
               1);
    /* The number its tickets carry stays. */
    EXPECT_INT(sql_int(db, "SELECT id FROM tutorial WHERE slug = "
                           "'pandas-intro'"),
               id);
    expect_file_is(ini, before, len);
    /* The same file again changes nothing. */
    REQUIRE(update(db, ini, &rep, &err) == CK_OK);
    EXPECT_INT((long)rep.n, 0);
    event_update_report_free(&rep);
    free(before);
}

static void event_update_adds_a_tutorial_a_sponsor_and_a_ticket_type(void)
{
    const char *db = make_event_db("upd-add.db");
    long long max = sql_int(db, "SELECT max(id) FROM tutorial");
    const char *ini = edited_ini(
        "upd-add.ini", "[sponsor datawise]",
        "[tutorial late-rust]\ntitle = Rust for Pythonistas\nroom = 204\n"
        "start = 2027-05-13 13:30\nend = 2027-05-13 17:00\ncapacity = 30\n"
        "pretix-item = 499\n\n[sponsor late-co]\nname = Late Co\n\n"
        "[ticket-type press]\nlabel = Press\ncolour = #000000\n"
        "pretix-items = 330\n\n[sponsor datawise]",
        (const char *)NULL);
    struct event_update_report rep;
    struct ck_error err = {0};
    REQUIRE(update(db, ini, &rep, &err) == CK_OK);
    char all[4096] = "";
    size_t used = 0;
    for (size_t i = 0; i < rep.n && used < sizeof(all); i++) {
        int w = snprintf(all + used, sizeof(all) - used, "%s\n",
                         said(&rep.lines[i]));
        used += w > 0 ? (size_t)w : 0;
    }
    EXPECT_CONTAINS(all, "new tutorial late-rust: \"Rust for Pythonistas\" in "
                         "204, 2027-05-13 13:30 to 17:00, 30 seats\n");
    EXPECT_CONTAINS(all, "new sponsor late-co: \"Late Co\"\n");
    EXPECT_CONTAINS(all, "new ticket type press: \"Press\", #000000\n");
    EXPECT_CONTAINS(all, "pretix item 499: now tutorial late-rust\n");
    EXPECT_INT((long)rep.n, 5);
    event_update_report_free(&rep);
    EXPECT_INT(sql_int(db, "SELECT id FROM tutorial WHERE slug = "
                           "'late-rust'"),
               max + 1);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM source_item s JOIN tutorial"
                           " t ON t.id = s.tutorial_id WHERE s.item = '499'"
                           " AND t.slug = 'late-rust'"),
               1);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM source_item s JOIN"
                           " ticket_type t ON t.id = s.ticket_type_id WHERE"
                           " s.item = '330' AND t.slug = 'press'"),
               1);
}

/* Tutorial tickets number tutorials 1 to 255: with 255 taken, a new
 * tutorial is refused with the sentence, and nothing of the file is
 * stored (its new ticket type, written before the tutorials, nor its
 * new sponsor). */
static void event_update_refuses_a_256th_tutorial_number(void)
{
    const char *db = make_event_db("upd-255.db");
    REQUIRE(sql_exec(db, "UPDATE tutorial SET id = 255 WHERE id = (SELECT"
                         " max(id) FROM tutorial)") == SQLITE_OK);
    const char *ini = edited_ini(
        "upd-255.ini", "[sponsor datawise]",
        "[tutorial late-rust]\ntitle = Rust for Pythonistas\nroom = 204\n"
        "start = 2027-05-13 13:30\nend = 2027-05-13 17:00\ncapacity = 30\n"
        "\n[sponsor late-co]\nname = Late Co\n\n[ticket-type press]\n"
        "label = Press\ncolour = #000000\n\n[sponsor datawise]",
        (const char *)NULL);
    struct event_update_report rep;
    struct ck_error err = {0};
    EXPECT_INT(update(db, ini, &rep, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "adds the tutorial late-rust, but tutorial "
                             "tickets number tutorials 1 to 255");
    EXPECT_CONTAINS(err.msg, "leave it out.");
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM tutorial WHERE slug ="
                           " 'late-rust'"),
               0);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM sponsor WHERE slug ="
                           " 'late-co'"),
               0);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM ticket_type WHERE slug ="
                           " 'press'"),
               0);
}

/* The same bound at init: a description with 256 tutorials is refused
 * at the 256th, with the sentence, and nothing is stored (before, init
 * took it and the 256th tutorial's ticket could never be issued). */
static void init_refuses_a_256th_tutorial(void)
{
    static char ini[40000];
    size_t len = (size_t)snprintf(ini, sizeof(ini), GOOD_EVENT GOOD_TYPE);
    size_t last = 0;
    for (int i = 1; i <= 256 && len < sizeof(ini); i++) {
        last = len;
        len += (size_t)snprintf(ini + len, sizeof(ini) - len,
                                "[tutorial t%d]\ntitle = T%d\nroom = R%d\n"
                                "start = 2027-05-12 09:00\nend = 2027-05-12 "
                                "12:30\ncapacity = 5\n",
                                i, i, i);
    }
    REQUIRE(len < sizeof(ini));
    /* [tutorial t1] is line 10, each takes 6. */
    expect_ini_error(ini, tu_format("bad.ini:%d: tutorial t256 is the 256th, "
                                    "but tutorial tickets number tutorials 1 "
                                    "to 255; make it a [list t256] or leave "
                                    "it out.",
                                    10 + 255 * 6));
    EXPECT_INT(sql_int(tu_path("bad-ini.db"), "SELECT count(*) FROM tutorial"),
               0);
    /* 255 are taken, the last numbered 255. */
    const char *ok = tu_path("255.ini");
    REQUIRE(tu_write_file(ok, ini, last) == 0);
    const char *path = tu_path("255.db");
    store *s;
    struct ck_error err = {0};
    REQUIRE(store_open(path, STORE_CREATE, &s, &err) == CK_OK);
    EXPECT_INT(event_load(s, ok, &err), CK_OK);
    store_close(s);
    EXPECT_INT(sql_int(path, "SELECT max(id) FROM tutorial"), 255);
}

/* The demo registrations buy pandas-intro; removing it is refused, and a
 * room changed in the same file is not stored either. */
static void event_update_refuses_removing_a_tutorial_people_bought(void)
{
    const char *db = make_event_db("upd-rm.db");
    store *s;
    struct ck_error err = {0};
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    struct import_options opt = {.format = IMPORT_AUTO};
    struct import_counts n;
    REQUIRE(import_file(s, CONFIG_DIR "/demo/registrations.csv", &opt, &n,
                        &err) == CK_OK);
    store_close(s);
    const char *ini = edited_ini(
        "upd-rm.ini", "[tutorial pandas-intro]", "[tutorial pandas-gone]",
        "room = 102B", "room = Z9", "[sponsor mosaic-learning]",
        "[sponsor mosaic-learning-x]", (const char *)NULL);
    size_t len;
    char *before = tu_read_file(ini, &len);
    struct event_update_report rep;
    EXPECT_INT(update(db, ini, &rep, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "no longer lists the tutorial pandas-intro");
    EXPECT_CONTAINS(err.msg, "registrations");
    EXPECT_CONTAINS(err.msg, "put its [tutorial pandas-intro] section back");
    EXPECT_INT((long)rep.n, 0);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM tutorial WHERE room = "
                           "'Z9' OR slug IN ('pandas-gone', "
                           "'mosaic-learning-x')"),
               0);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM tutorial WHERE slug = "
                           "'pandas-intro'"),
               1);
    expect_file_is(ini, before, len);
    free(before);

    /* An unreferenced sponsor may go. */
    ini = edited_ini("upd-rm2.ini", "[sponsor mosaic-learning]",
                     "[sponsor mosaic-learning-x]", (const char *)NULL);
    REQUIRE(update(db, ini, &rep, &err) == CK_OK);
    EXPECT_INT((long)rep.n, 2);
    if (rep.n == 2) {
        EXPECT_STR(said(&rep.lines[0]),
                   "new sponsor mosaic-learning-x: \"Mosaic Learning\"");
        EXPECT_STR(said(&rep.lines[1]), "removed sponsor mosaic-learning");
    }
    event_update_report_free(&rep);
}

static void event_update_refuses_another_event(void)
{
    const char *db = make_event_db("upd-other.db");
    const char *ini = edited_ini("upd-other.ini", "slug = pycon-demo-2027",
                                 "slug = pycon-other-2027", "room = 101A",
                                 "room = Hall B", (const char *)NULL);
    struct event_update_report rep;
    struct ck_error err = {0};
    EXPECT_INT(update(db, ini, &rep, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "describes the event 'pycon-other-2027'");
    EXPECT_CONTAINS(err.msg, "set slug = pycon-demo-2027");
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM tutorial WHERE room = "
                           "'Hall B'"),
               0);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM event WHERE slug = "
                           "'pycon-demo-2027'"),
               1);
}

/* A new zone moves every tutorial: allowed before the first scan only. */
static void event_update_changes_the_zone_only_before_any_scan(void)
{
    const char *db = make_event_db("upd-tz.db");
    long long start = sql_int(db, "SELECT starts_at FROM tutorial WHERE "
                                  "slug = 'pandas-intro'");
    const char *ini =
        edited_ini("upd-tz.ini", "timezone = America/Los_Angeles",
                   "timezone = America/New_York", (const char *)NULL);
    struct event_update_report rep;
    struct ck_error err = {0};
    REQUIRE(update(db, ini, &rep, &err) == CK_OK);
    EXPECT_INT((long)rep.n, 1);
    if (rep.n == 1)
        EXPECT_STR(said(&rep.lines[0]),
                   "event pycon-demo-2027: time zone "
                   "America/Los_Angeles -> America/New_York");
    event_update_report_free(&rep);
    /* 09:00 in New York is three hours earlier than in Los Angeles. */
    EXPECT_INT(sql_int(db, "SELECT starts_at FROM tutorial WHERE slug = "
                           "'pandas-intro'"),
               start - 3 * 3600);
    REQUIRE(sql_exec(db, "INSERT INTO scan (station_id, station, seq, at_ms,"
                         " mode, code, decision, reason) VALUES ('r', "
                         "'desk', 1, 1, 'desk', 'x', 'deny', 'unknown')") ==
            SQLITE_OK);
    EXPECT_INT(update(db, demo_ini(), &rep, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "changes the time zone from America/New_York to "
                             "America/Los_Angeles, but 1 scan was already");
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM event WHERE timezone = "
                           "'America/New_York'"),
               1);
}

static void tutorial_times_use_the_event_time_zone(void)
{
    int64_t t;
    /* 09:00 in Los Angeles in May (PDT, UTC-7) is 16:00 UTC. */
    REQUIRE(event_local_to_utc("2027-05-12 09:00", "America/Los_Angeles", &t) ==
            CK_OK);
    EXPECT_INT(t, 1810137600);
    REQUIRE(event_local_to_utc("2027-05-12 09:00", "Asia/Kolkata", &t) ==
            CK_OK);
    EXPECT_INT(t, 1810137600 - 7 * 3600 - 5 * 3600 - 1800);
    char buf[32];
    REQUIRE(event_utc_to_local(1810137600, "Europe/Berlin", buf, sizeof(buf)) ==
            CK_OK);
    EXPECT_STR(buf, "2027-05-12 18:00");
    EXPECT_INT(event_local_to_utc("2027-02-30 09:00", "UTC", &t), CK_EINVAL);
    EXPECT_INT(event_local_to_utc("2027-05-12 9am", "UTC", &t), CK_EINVAL);
    EXPECT_INT(event_local_to_utc("2027-05-12 09:00", "No/Where", &t),
               CK_ENOTFOUND);
    const char *path = make_event_db("tz.db");
    EXPECT_INT(sql_int(path, "SELECT starts_at FROM tutorial WHERE slug = "
                             "'pandas-intro'") %
                   3600,
               0);
}

#define EXPECT_NEAR(a, b)                                                      \
    do {                                                                       \
        double tu_x = (a), tu_y = (b);                                         \
        if (!(fabs(tu_x - tu_y) < 0.01))                                       \
            TU_FAIL_AT("%s == %s: got %.4f, expected %.4f", #a, #b, tu_x,      \
                       tu_y);                                                  \
    } while (0)

/* The wait against the textbook: M/M/1's closed form rho / (mu - lambda),
 * and Erlang C for two servers at 1.5 Erlangs, C(2, 1.5) = 0.642857
 * (9/14), so Wq = C / (2 mu - lambda). */
static void desk_wait_is_the_mmc_queues_expected_wait(void)
{
    EXPECT_NEAR(dashboard_wait_s(30, 60, 1), 0.5 / 30 * 3600);
    EXPECT_NEAR(dashboard_wait_s(90, 60, 2), 9.0 / 14 / 30 * 3600);
    EXPECT_NEAR(dashboard_wait_s(0, 60, 3), 0);
    /* Arrivals at or above what the desks serve: no wait to give. */
    EXPECT_NEAR(dashboard_wait_s(60, 60, 1), -1);
    EXPECT_NEAR(dashboard_wait_s(250, 60, 4), -1);
    EXPECT_NEAR(dashboard_wait_s(10, 60, 0), -1);
}

static void desk_rows(journal *j, const int64_t *at, size_t n)
{
    struct ck_error err = {0};
    for (size_t i = 0; i < n; i++) {
        char code[32];
        snprintf(code, sizeof(code), "manual:T%zu", i);
        struct scan_record r = {.at_ms = at[i],
                                .mode = SCAN_DESK,
                                .target = "",
                                .code = (const uint8_t *)code,
                                .code_len = strlen(code),
                                .decision = DECISION_DENY,
                                .reason = "unknown-attendee",
                                .direction = DIRECTION_IN};
        REQUIRE(journal_append(j, &r, &err) == CK_OK);
    }
}

/* A desk deciding every 30 and 90 s in turn serves a person in 30 s (its
 * back-to-back gaps) and sees 16 people in the last 15 minutes: 64 an
 * hour at 120 an hour, an M/M/1 wait of (64/120) / (120 - 64) h.  A desk
 * idle for the last 20 minutes is not open. */
static void dashboard_estimates_the_wait_from_the_desks_journal(void)
{
    const char *path = tu_path("queue.db");
    unlink(path);
    struct ck_error err = {0};
    store *s = NULL;
    REQUIRE(store_open(path, STORE_CREATE, &s, &err) == CK_OK);
    REQUIRE(event_load(s, demo_ini(), &err) == CK_OK);
    const int64_t end = 1810135860000;
    int64_t at[200];
    size_t n = 0;
    for (int64_t t = end; t > end - 60 * 60 * 1000; n++) {
        at[n] = t;
        t -= n % 2 ? 90000 : 30000;
    }
    for (size_t i = 0; i < n / 2; i++) {
        int64_t x = at[i];
        at[i] = at[n - 1 - i];
        at[n - 1 - i] = x;
    }
    journal *j = NULL;
    REQUIRE(journal_open(s, "desk-1", &j, &err) == CK_OK);
    desk_rows(j, at, n);
    journal_free(j);
    int64_t idle[] = {end - 50 * 60000, end - 40 * 60000, end - 30 * 60000,
                      end - 20 * 60000};
    REQUIRE(journal_open(s, "desk-2", &j, &err) == CK_OK);
    desk_rows(j, idle, 4);
    journal_free(j);

    char *text = NULL;
    REQUIRE(dashboard_snapshot(s, end, &text, &err) == CK_OK);
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    json_t *q = json_object_get(root, "queue");
    REQUIRE(q);
    EXPECT_INT(json_integer_value(json_object_get(q, "open")), 1);
    EXPECT_INT(json_array_size(json_object_get(q, "desks")), 1);
    json_t *d = json_array_get(json_object_get(q, "desks"), 0);
    EXPECT_STR(json_string_value(json_object_get(d, "station")), "desk-1");
    EXPECT_INT(json_integer_value(json_object_get(d, "decisions_15min")), 16);
    EXPECT_NEAR(json_real_value(json_object_get(d, "service_s")), 30);
    EXPECT_NEAR(json_real_value(json_object_get(q, "arrivals_per_hour")), 64);
    EXPECT_NEAR(json_real_value(json_object_get(q, "capacity_per_hour")), 120);
    EXPECT_NEAR(json_real_value(json_object_get(q, "wait_s")),
                64.0 / 120 / (120 - 64) * 3600);
    EXPECT_TRUE(json_is_true(json_object_get(q, "keeping_up")));
    json_decref(root);

    /* A second desk open for the last 15 minutes, with 4 decisions too far
     * apart to read a service time from: taken to be as fast as the other,
     * 80 people an hour at 2 desks of 120. */
    int64_t more[4];
    for (int i = 0; i < 4; i++)
        more[i] = end - 225000 * (3 - i);
    REQUIRE(journal_open(s, "desk-3", &j, &err) == CK_OK);
    desk_rows(j, more, 4);
    journal_free(j);
    REQUIRE(dashboard_snapshot(s, end, &text, &err) == CK_OK);
    root = json_loads(text, 0, NULL);
    free(text);
    q = json_object_get(root, "queue");
    EXPECT_INT(json_integer_value(json_object_get(q, "open")), 2);
    EXPECT_TRUE(json_is_null(json_object_get(
        json_array_get(json_object_get(q, "desks"), 1), "service_s")));
    EXPECT_NEAR(json_real_value(json_object_get(q, "arrivals_per_hour")), 80);
    EXPECT_NEAR(json_real_value(json_object_get(q, "capacity_per_hour")), 240);
    EXPECT_NEAR(json_real_value(json_object_get(q, "wait_s")),
                dashboard_wait_s(80, 120, 2));
    json_decref(root);
    store_close(s);
}

/* ---- the journal's acts (schema 6) ---- */

/* A store with the demo event and two paid registrations, t1 (Ada, in
 * pandas-intro) and t2 (Grace). */
static store *journal_event_db(const char *name)
{
    const char *path = make_event_db(name);
    EXPECT_INT(sql_exec(path,
                        "INSERT INTO attendee (ticket_id, order_code, status,"
                        " badge_name, family_name, ticket_type_id, search_key,"
                        " fingerprint, imported_ms, updated_ms) VALUES ('t1',"
                        " 'ORD1', 'paid', 'Ada', 'Lovelace', 1, 'ada', x'00',"
                        " 0, 0), ('t2', 'ORD2', 'paid', 'Grace', 'Hopper', 1,"
                        " 'grace', x'00', 0, 0);"
                        "INSERT INTO attendee_tutorial SELECT a.id, u.id FROM"
                        " attendee a, tutorial u WHERE a.ticket_id = 't1' AND"
                        " u.slug = 'pandas-intro'"),
               SQLITE_OK);
    struct ck_error err = {0};
    store *s = NULL;
    if (store_open(path, STORE_EXISTING, &s, &err))
        TU_FAIL_AT("store_open: %s", err.msg);
    return s;
}

/* 2027-05-12 09:05 in Los Angeles (16:05 UTC), in ms. */
#define TUTORIAL_DAY_MS 1810137900000

static int64_t admit(journal *j, enum scan_mode mode, const char *target,
                     const char *ticket, enum scan_direction dir, int64_t at)
{
    struct ck_error err = {0};
    char code[64];
    snprintf(code, sizeof(code), "manual:%s", ticket);
    struct scan_record r = {.at_ms = at,
                            .mode = mode,
                            .target = target,
                            .code = (const uint8_t *)code,
                            .code_len = strlen(code),
                            .ticket_id = ticket,
                            .decision = DECISION_ADMIT,
                            .reason =
                                dir == DIRECTION_OUT ? "left" : "checked-in",
                            .direction = dir};
    if (journal_append(j, &r, &err))
        TU_FAIL_AT("journal_append: %s", err.msg);
    return r.seq;
}

/* What every count of the file says of t1: checked in at a desk (by the
 * journal, stats, the export of check-ins and the dashboard), and among
 * the no-shows. */
static void expect_checked_in(store *s, journal *j, long want)
{
    struct ck_error err = {0};
    struct journal_counts c;
    REQUIRE(journal_counts(j, NULL, NULL, &c, &err) == CK_OK);
    EXPECT_INT(c.checked_in, want);
    bool found;
    struct scan_fact f;
    REQUIRE(journal_first_checkin(j, "t1", &found, &f, &err) == CK_OK);
    EXPECT_INT(found, want > 0);
    struct store_stats st;
    REQUIRE(store_stats(s, &st, &err) == CK_OK);
    EXPECT_INT(st.checked_in, want);
    store_stats_free(&st);
    long rows = -1;
    FILE *out = fopen("/dev/null", "w");
    REQUIRE(out);
    REQUIRE(export_checkins(s, out, EXPORT_CSV, &rows, &err) == CK_OK);
    EXPECT_INT(rows, want);
    REQUIRE(export_no_shows(s, out, EXPORT_CSV, &rows, &err) == CK_OK);
    EXPECT_INT(rows, 2 - want);
    fclose(out);
    char *text = NULL;
    REQUIRE(dashboard_snapshot(s, TUTORIAL_DAY_MS + 60000, &text, &err) ==
            CK_OK);
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    REQUIRE(root);
    EXPECT_INT(json_integer_value(json_object_get(root, "checked_in")), want);
    EXPECT_INT(json_array_size(json_object_get(root, "recent")), want);
    json_decref(root);
}

/* People inside room `slug` on the dashboard. */
static long dashboard_inside(store *s, const char *slug)
{
    struct ck_error err = {0};
    char *text = NULL;
    if (dashboard_snapshot(s, TUTORIAL_DAY_MS, &text, &err)) {
        TU_FAIL_AT("dashboard_snapshot: %s", err.msg);
        return -1;
    }
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    long inside = -1;
    size_t i;
    json_t *room;
    json_array_foreach(json_object_get(root, "rooms"), i, room)
    {
        if (!strcmp(json_string_value(json_object_get(room, "slug")), slug))
            inside = (long)json_integer_value(json_object_get(room, "inside"));
    }
    json_decref(root);
    return inside;
}

static void an_undone_checkin_is_gone_from_every_count(void)
{
    store *s = journal_event_db("undo.db");
    struct ck_error err = {0};
    journal *j = NULL, *j2 = NULL;
    REQUIRE(journal_open(s, "desk-1", &j, &err) == CK_OK);
    REQUIRE(journal_open(s, "desk-2", &j2, &err) == CK_OK);
    int64_t seq = admit(j, SCAN_DESK, "", "t1", DIRECTION_IN, TUTORIAL_DAY_MS);
    expect_checked_in(s, j, 1);

    /* Undone at another desk of the file, by a supervisor. */
    struct journal_ref ref = {.seq = seq};
    snprintf(ref.station_id, sizeof(ref.station_id), "%s",
             journal_station_id(j));
    REQUIRE(journal_undo(j2, &ref, TUTORIAL_DAY_MS + 1000, "Maya",
                         "scanned the wrong badge", NULL, &err) == CK_OK);
    expect_checked_in(s, j, 0);
    const char *path = store_path(s);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan WHERE act = 'undo'"
                             " AND supervisor = 'Maya' AND reason = 'undone'"
                             " AND override = 'scanned the wrong badge' AND"
                             " station = 'desk-2' AND ref_seq = 1"),
               1);

    /* Nothing is deleted, and nothing is undone twice. */
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan"), 2);
    EXPECT_INT(journal_undo(j2, &ref, TUTORIAL_DAY_MS + 2000, "Maya", NULL,
                            NULL, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "nothing to undo");
    struct journal_ref none = {.station_id = "nosuchrun", .seq = 1};
    EXPECT_INT(journal_undo(j2, &none, TUTORIAL_DAY_MS, NULL, NULL, NULL, &err),
               CK_ENOTFOUND);
    EXPECT_CONTAINS(err.msg, "no journal row");
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan"), 2);

    /* The person may be checked in again. */
    admit(j, SCAN_DESK, "", "t1", DIRECTION_IN, TUTORIAL_DAY_MS + 5000);
    expect_checked_in(s, j, 1);
    /* export scans keeps every row, the undo with what it names. */
    FILE *out = tmpfile();
    long rows = 0;
    REQUIRE(export_scans(s, out, EXPORT_CSV, &rows, &err) == CK_OK);
    EXPECT_INT(rows, 3);
    rewind(out);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof(buf) - 1, out);
    buf[n] = '\0';
    fclose(out);
    EXPECT_CONTAINS(buf, "act,ref_station_id,ref_seq,day,handed,supervisor");
    EXPECT_CONTAINS(buf, ",undo,");
    EXPECT_CONTAINS(buf, ",2027-05-12,");
    journal_free(j);
    journal_free(j2);
    store_close(s);
}

/* Two doors of one room, their clocks 35 minutes apart: Ada enters at
 * door-1 at 9:05 and leaves by door-2, whose clock says 8:40.  By the
 * clocks her exit came first and she would still count inside; the exit
 * names her entry, so she is out, and her seat is free. */
static void an_exit_frees_the_seat_of_the_entry_it_names(void)
{
    store *s = journal_event_db("exits.db");
    struct ck_error err = {0};
    journal *d1 = NULL, *d2 = NULL;
    REQUIRE(journal_open(s, "door-1", &d1, &err) == CK_OK);
    REQUIRE(journal_open(s, "door-2", &d2, &err) == CK_OK);
    int64_t entry = admit(d1, SCAN_DOOR, "pandas-intro", "t1", DIRECTION_IN,
                          TUTORIAL_DAY_MS);
    long inside = -1;
    REQUIRE(journal_inside_count(d2, "pandas-intro", &inside, &err) == CK_OK);
    EXPECT_INT(inside, 1);
    EXPECT_INT(dashboard_inside(s, "pandas-intro"), 1);
    admit(d2, SCAN_DOOR, "pandas-intro", "t1", DIRECTION_OUT,
          TUTORIAL_DAY_MS - 35 * 60000);
    const char *path = store_path(s);
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM scan WHERE direction = 'out' AND"
             " ref_station_id = '%s' AND ref_seq = %lld",
             journal_station_id(d1), (long long)entry);
    EXPECT_INT(sql_int(path, sql), 1);
    REQUIRE(journal_inside_count(d1, "pandas-intro", &inside, &err) == CK_OK);
    EXPECT_INT(inside, 0);
    bool in = true;
    REQUIRE(journal_is_inside(d1, "pandas-intro", "t1", &in, &err) == CK_OK);
    EXPECT_TRUE(!in);
    EXPECT_INT(dashboard_inside(s, "pandas-intro"), 0);

    /* Back in: one open entry, which the next exit names. */
    int64_t again = admit(d1, SCAN_DOOR, "pandas-intro", "t1", DIRECTION_IN,
                          TUTORIAL_DAY_MS + 60000);
    REQUIRE(journal_inside_count(d1, "pandas-intro", &inside, &err) == CK_OK);
    EXPECT_INT(inside, 1);
    struct journal_ref open;
    bool found = false;
    REQUIRE(journal_open_entry(d2, "pandas-intro", "t1", &found, &open, &err) ==
            CK_OK);
    EXPECT_TRUE(found);
    EXPECT_INT(open.seq, again);

    /* An exit journaled before schema 6 (no ref, no day) still closes
     * the entries before it by the clocks. */
    EXPECT_INT(sql_exec(path, "INSERT INTO scan (station_id, station, seq,"
                              " at_ms, mode, target, code,"
                              " attendee_ticket_id, decision, reason,"
                              " direction) VALUES ('old', 'door-9', 1,"
                              " 1810138100000, 'door', 'pandas-intro',"
                              " 'manual:t1', 't1', 'admit', 'left', 'out')"),
               SQLITE_OK);
    REQUIRE(journal_inside_count(d1, "pandas-intro", &inside, &err) == CK_OK);
    EXPECT_INT(inside, 0);
    journal_free(d1);
    journal_free(d2);
    store_close(s);
}

/* Who is inside, as a door's verdict counts it (room_open, kept by the
 * journal's triggers), against a count made from scratch over the
 * journal, for pandas-intro. */
static void expect_inside(store *s, journal *j, long want)
{
    struct ck_error err = {0};
    long inside = -1;
    if (journal_inside_count(j, "pandas-intro", &inside, &err))
        TU_FAIL_AT("journal_inside_count: %s", err.msg);
    EXPECT_INT(inside, want);
    EXPECT_INT(sql_int(store_path(s),
                       "SELECT count(DISTINCT e.attendee_ticket_id) "
                       "FROM " JOURNAL_OPEN_ENTRIES
                       " AND e.target = 'pandas-intro'"),
               want);
    /* And each person's open entry, as the door's verdict and an exit's
     * ref find it, is the latest one the journal's rule leaves open. */
    const char *who[] = {"t1", "t2", "t3"};
    for (int i = 0; i < 3; i++) {
        bool found = false;
        struct journal_ref e;
        if (journal_open_entry(j, "pandas-intro", who[i], &found, &e, &err))
            TU_FAIL_AT("journal_open_entry: %s", err.msg);
        char got[JOURNAL_NAME_CAP + 40] = "";
        if (found)
            snprintf(got, sizeof(got), "%s/%lld", e.station_id,
                     (long long)e.seq);
        EXPECT_STR(got,
                   tu_sql_text(store_path(s),
                               tu_format("SELECT coalesce((SELECT"
                                         " e.station_id || '/' || e.seq FROM "
                                         "" JOURNAL_OPEN_ENTRIES
                                         " AND e.target = 'pandas-intro' AND"
                                         " e.attendee_ticket_id = '%s' ORDER"
                                         " BY e.at_ms DESC, e.station DESC,"
                                         " e.seq DESC LIMIT 1), '')",
                                         who[i])));
    }
}

/* The inside count is kept as rows are written (schema 14), by whoever
 * writes them: rows another process or a pull adds in any order (an
 * exit before the entry it names, an undo of that exit, a second door's
 * entries, one person entering twice), rows sync's set-aside deletes,
 * and a file of schema 12 with people inside when it is opened. */
static void the_inside_count_follows_every_writer_in_any_order(void)
{
    store *s = journal_event_db("inside.db");
    const char *path = store_path(s);
    struct ck_error err = {0};
    journal *d1 = NULL;
    REQUIRE(journal_open(s, "door-1", &d1, &err) == CK_OK);
    expect_inside(s, d1, 0);
    /* Pulled: door-2's exit of t1 before the entry it names. */
    EXPECT_INT(sql_exec(path,
                        "INSERT INTO scan (station_id, station, seq, at_ms,"
                        " mode, target, code, attendee_ticket_id, decision,"
                        " reason, direction, ref_station_id, ref_seq, day)"
                        " VALUES ('run-2', 'door-2', 2, 1810137960000, 'door',"
                        " 'pandas-intro', 'manual:t1', 't1', 'admit', 'left',"
                        " 'out', 'run-2', 1, '2027-05-12')"),
               SQLITE_OK);
    expect_inside(s, d1, 0);
    EXPECT_INT(sql_exec(path,
                        "INSERT INTO scan (station_id, station, seq, at_ms,"
                        " mode, target, code, attendee_ticket_id, decision,"
                        " reason, direction, day) VALUES ('run-2', 'door-2',"
                        " 1, 1810137900000, 'door', 'pandas-intro',"
                        " 'manual:t1', 't1', 'admit', 'entered', 'in',"
                        " '2027-05-12')"),
               SQLITE_OK);
    expect_inside(s, d1, 0);
    /* The exit undone: t1 is inside again. */
    EXPECT_INT(sql_exec(path, "INSERT INTO scan (station_id, station, seq,"
                              " at_ms, mode, target, code,"
                              " attendee_ticket_id, decision, reason, act,"
                              " ref_station_id, ref_seq) VALUES ('run-2',"
                              " 'door-2', 3, 1810137990000, 'door',"
                              " 'pandas-intro', 'manual:t1', 't1', 'admit',"
                              " 'undone', 'undo', 'run-2', 2)"),
               SQLITE_OK);
    expect_inside(s, d1, 1);
    /* This door lets t2 in twice (two open entries): one person. */
    admit(d1, SCAN_DOOR, "pandas-intro", "t2", DIRECTION_IN, TUTORIAL_DAY_MS);
    admit(d1, SCAN_DOOR, "pandas-intro", "t2", DIRECTION_IN,
          TUTORIAL_DAY_MS + 1000);
    expect_inside(s, d1, 2);
    /* Another room's entry counts there, not here. */
    admit(d1, SCAN_DOOR, "other-room", "t2", DIRECTION_IN, TUTORIAL_DAY_MS);
    expect_inside(s, d1, 2);
    /* Set aside: the undo goes, so the exit stands again; then door-2's
     * rows all go. */
    EXPECT_INT(sql_exec(path, "DROP TRIGGER scan_no_delete;"
                              "DELETE FROM scan WHERE station_id = 'run-2'"
                              " AND seq = 3"),
               SQLITE_OK);
    expect_inside(s, d1, 1);
    EXPECT_INT(sql_exec(path, "DELETE FROM scan WHERE station_id = 'run-2'"
                              " AND seq = 2"),
               SQLITE_OK);
    expect_inside(s, d1, 2);
    EXPECT_INT(sql_exec(path, "DELETE FROM scan WHERE station_id = 'run-2'"),
               SQLITE_OK);
    expect_inside(s, d1, 1);
    journal_free(d1);
    store_close(s);

    /* A file of schema 12 with t1 inside opens with t1 counted. */
    const char *old = tu_path("inside-v12.db");
    unlink(old);
    REQUIRE(store_open_at_version(old, STORE_CREATE, 12, &s, &err) == CK_OK);
    REQUIRE(event_load(s, demo_ini(), &err) == CK_OK);
    store_close(s);
    EXPECT_INT(sql_exec(old, "INSERT INTO scan (station_id, station, seq,"
                             " at_ms, mode, target, code, attendee_ticket_id,"
                             " decision, reason, direction) VALUES ('old',"
                             " 'door-1', 1, 1810137900000, 'door',"
                             " 'pandas-intro', 'manual:t1', 't1', 'admit',"
                             " 'entered', 'in')"),
               SQLITE_OK);
    REQUIRE(store_open(old, STORE_EXISTING, &s, &err) == CK_OK);
    REQUIRE(journal_open(s, "door-1", &d1, &err) == CK_OK);
    expect_inside(s, d1, 1);
    journal_free(d1);
    store_close(s);
}

/* The day of a row is the event's local date: 2027-05-12 at 17:30 in Los
 * Angeles is already 2027-05-13 in UTC. */
static void day_is_the_events_local_date_not_utc(void)
{
    store *s = journal_event_db("day.db");
    struct ck_error err = {0};
    journal *j = NULL;
    REQUIRE(journal_open(s, "desk-1", &j, &err) == CK_OK);
    const int64_t evening = 1810175400000; /* 2027-05-13 00:30 UTC */
    admit(j, SCAN_DESK, "", "t1", DIRECTION_IN, evening);
    admit(j, SCAN_DESK, "", "t2", DIRECTION_IN, evening + 8 * 3600000);
    const char *path = store_path(s);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan WHERE"
                             " attendee_ticket_id = 't1' AND day ="
                             " '2027-05-12'"),
               1);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan WHERE"
                             " attendee_ticket_id = 't2' AND day ="
                             " '2027-05-13'"),
               1);
    journal_free(j);
    store_close(s);
}

/* ---- A counter's stock, kept by the journal's trigger (schema 10) ---- */

/* The T-shirt counter of the fixture: a list with stock S, M and L. */
static void stock_list(const char *path)
{
    EXPECT_INT(sql_exec(path, "INSERT INTO checkin_list (slug, title, once)"
                              " VALUES ('tshirt', 'T-shirt', 'per-person');"
                              "INSERT INTO list_stock SELECT id, v.column1,"
                              " 100 FROM checkin_list, (VALUES ('S'), ('M'),"
                              " ('L')) v WHERE slug = 'tshirt'"),
               SQLITE_OK);
}

/* The oracle: what holds `size` now, counted from scratch over the
 * journal as docs/admission.md says (live redemptions at the list, the
 * newest swap naming each, else what it handed), written here apart from
 * the trigger that keeps the count. */
static long long recount_since(const char *path, const char *size,
                               int64_t since)
{
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM live_scan s WHERE s.mode = 'door' AND"
             " s.target = 'tshirt' AND s.decision = 'admit' AND s.direction"
             " = 'in' AND coalesce((SELECT w.handed FROM scan w WHERE w.act"
             " = 'swap' AND w.ref_station_id = s.station_id AND w.ref_seq ="
             " s.seq ORDER BY w.at_ms DESC, w.station DESC, w.seq DESC"
             " LIMIT 1), s.handed) = '%s' AND s.at_ms >= %lld",
             size, (long long)since);
    return sql_int(path, sql);
}

static long long recount(const char *path, const char *size)
{
    return recount_since(path, size, 0);
}

/* The time the race's counts are read at: 25 s into a minute, so that
 * the rate's 30 minutes begin inside one. */
#define RACE_NOW (TUTORIAL_DAY_MS + 25000)

/* What admission_stock says is handed of `size` at RACE_NOW, through
 * handle `a`; *recent (may be NULL) of them in the last 30 minutes. */
static long stock_handed_recent(admission *a, const char *size, long *recent)
{
    struct ck_error err = {0};
    struct list_info l;
    struct list_stock k;
    if (admission_list(a, "tshirt", &l, &err) ||
        admission_stock(a, &l, size, RACE_NOW, 0, &k, &err)) {
        TU_FAIL_AT("admission_stock: %s", err.msg);
        return -1;
    }
    if (recent)
        *recent = k.recent;
    return k.handed;
}

static long stock_handed(admission *a, const char *size)
{
    return stock_handed_recent(a, size, NULL);
}

#define RACE_ROWS 150

/* One writer of the race: RACE_ROWS redemptions at the counter, each
 * in its own transaction as a station makes them; every fourth swaps one
 * of this writer's redemptions for another size, every fifth undoes a
 * live redemption of the other writer, chosen under the write lock.
 * Starts when `go` can be read.  Exits 0, or 1 saying why. */
static int race_writer(const char *path, const char *name, int go)
{
    static const char *const SIZES[] = {"S", "M", "L"};
    char byte;
    if (read(go, &byte, 1) != 1)
        return 1;
    struct ck_error err = {0};
    store *s = NULL;
    journal *j = NULL;
    if (store_open(path, STORE_EXISTING, &s, &err) ||
        journal_open(s, name, &j, &err)) {
        fprintf(stderr, "%s: %s\n", name, err.msg);
        return 1;
    }
    sqlite3_stmt *other = NULL;
    if (sqlite3_prepare_v2(store_db(s),
                           "SELECT station_id, seq FROM live_scan WHERE"
                           " station != ?1 AND mode = 'door' ORDER BY seq"
                           " DESC LIMIT 1",
                           -1, &other, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", name, sqlite3_errmsg(store_db(s)));
        return 1;
    }
    sqlite3_bind_text(other, 1, name, -1, SQLITE_STATIC);
    int64_t mine[RACE_ROWS];
    int code = CK_OK;
    for (int i = 0; i < RACE_ROWS; i++) {
        do { /* another writer holds the lock: a station waits too */
            code = journal_begin(j, &err);
        } while (code == CK_EBUSY);
        if (code) {
            fprintf(stderr, "%s, row %d: %s\n", name, i, err.msg);
            break;
        }
        char ticket[64], manual[80];
        snprintf(ticket, sizeof(ticket), "%s-%d", name, i);
        snprintf(manual, sizeof(manual), "manual:%s", ticket);
        struct scan_record r = {
            .at_ms = TUTORIAL_DAY_MS - 60000 * (i % 45) + 7000 * (i % 7),
            .mode = SCAN_DOOR,
            .target = "tshirt",
            .code = (const uint8_t *)manual,
            .code_len = strlen(manual),
            .ticket_id = ticket,
            .decision = DECISION_ADMIT,
            .reason = "redeemed",
            .handed = SIZES[i % 3],
        };
        code = journal_append(j, &r, &err);
        mine[i] = r.seq;
        if (!code && i % 4 == 3) {
            struct scan_record w = r;
            w.act = ACT_SWAP;
            w.reason = "swapped";
            w.ref_station_id = journal_station_id(j);
            w.ref_seq = mine[i - 2];
            w.handed = SIZES[(i + 2) % 3];
            code = journal_append(j, &w, &err);
        }
        if (!code && i % 5 == 4 && sqlite3_step(other) == SQLITE_ROW) {
            struct journal_ref ref;
            snprintf(ref.station_id, sizeof(ref.station_id), "%s",
                     (const char *)sqlite3_column_text(other, 0));
            ref.seq = sqlite3_column_int64(other, 1);
            code = journal_undo(j, &ref, TUTORIAL_DAY_MS, NULL, "race", NULL,
                                &err);
        }
        sqlite3_reset(other);
        if (!code)
            code = journal_commit(j, &err);
        if (code) {
            fprintf(stderr, "%s, row %d: %s\n", name, i, err.msg);
            journal_rollback(j);
            break;
        }
    }
    sqlite3_finalize(other);
    journal_free(j);
    store_close(s);
    /* A begin that waited out the lock (CK_EBUSY, retried) leaves its
     * sentence in err: only the last code says whether all went in. */
    return code ? 1 : 0;
}

/* Two processes redeem, swap and undo each other's redemptions on one
 * file at once; afterwards every size's count, read through a handle
 * opened before they started (whose connection wrote nothing) and through
 * a fresh one, equals the count made from scratch over the journal, and
 * so do those of the last 30 minutes (the rate), which begin inside a
 * minute. */
static void a_counters_stock_is_exact_under_two_writing_processes(void)
{
    store *s = journal_event_db("stockrace.db");
    REQUIRE(s);
    const char *path = store_path(s);
    stock_list(path);
    struct ck_error err = {0};
    admission *a = NULL;
    REQUIRE(admission_new(s, &a, &err) == CK_OK);
    EXPECT_INT(stock_handed(a, "M"), 0);
    int go[2];
    REQUIRE(pipe(go) == 0);
    pid_t pid[2];
    for (int k = 0; k < 2; k++) {
        pid[k] = fork();
        REQUIRE(pid[k] >= 0);
        if (pid[k] == 0) {
            close(go[1]);
            _exit(race_writer(path, k ? "tshirt-2" : "tshirt-1", go[0]));
        }
    }
    close(go[0]);
    /* Both start on the same event: the pipe holding their bytes. */
    REQUIRE(write(go[1], "gg", 2) == 2);
    close(go[1]);
    for (int k = 0; k < 2; k++) {
        int status = -1;
        REQUIRE(waitpid(pid[k], &status, 0) == pid[k]);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan WHERE act = 'scan'"),
               2 * RACE_ROWS);
    EXPECT_TRUE(sql_int(path, "SELECT count(*) FROM scan WHERE act ="
                              " 'undo'") > 0);
    admission *fresh = NULL;
    REQUIRE(admission_new(s, &fresh, &err) == CK_OK);
    static const char *const SIZES[] = {"S", "M", "L"};
    long long total = 0;
    for (int i = 0; i < 3; i++) {
        long long want = recount(path, SIZES[i]);
        EXPECT_TRUE(want > 0);
        total += want;
        EXPECT_INT(stock_handed(a, SIZES[i]), want);
        long recent = -1;
        EXPECT_INT(stock_handed_recent(fresh, SIZES[i], &recent), want);
        long long since =
            recount_since(path, SIZES[i], RACE_NOW - ADMISSION_RATE_MS);
        EXPECT_TRUE(since > 0 && since < want);
        EXPECT_INT(recent, since);
    }
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM live_scan WHERE mode ="
                             " 'door'"),
               total);
    admission_free(fresh);
    admission_free(a);
    store_close(s);
}

/* The crash test's child could not write what it should have. */
static void crash_child_fail(const struct ck_error *err)
{
    fprintf(stderr, "the counter before its crash: %s\n", err->msg);
    _exit(1);
}

/* A counter killed with its redemption and a swap written but not
 * committed: the file reopens with neither, and the count is the
 * journal's, as a count from scratch says. */
static void a_crash_mid_redemption_leaves_the_count_as_the_journal(void)
{
    store *s = journal_event_db("stockcrash.db");
    REQUIRE(s);
    char path[4096];
    snprintf(path, sizeof(path), "%s", store_path(s));
    stock_list(path);
    store_close(s);
    int ready[2];
    REQUIRE(pipe(ready) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        struct ck_error err = {0};
        store *cs = NULL;
        journal *j = NULL;
        if (store_open(path, STORE_EXISTING, &cs, &err) ||
            journal_open(cs, "tshirt-1", &j, &err))
            crash_child_fail(&err);
        int64_t first = 0;
        for (int i = 0; i < 4; i++) {
            char ticket[16], manual[32];
            snprintf(ticket, sizeof(ticket), "c%d", i);
            snprintf(manual, sizeof(manual), "manual:%s", ticket);
            struct scan_record r = {
                .at_ms = TUTORIAL_DAY_MS,
                .mode = SCAN_DOOR,
                .target = "tshirt",
                .code = (const uint8_t *)manual,
                .code_len = strlen(manual),
                .ticket_id = ticket,
                .decision = DECISION_ADMIT,
                .reason = "redeemed",
                .handed = "M",
            };
            if (i == 3 && journal_begin(j, &err))
                crash_child_fail(&err);
            if (journal_append(j, &r, &err))
                crash_child_fail(&err);
            first = first ? first : r.seq;
            if (i == 3) { /* and a swap of the first, in the same txn */
                r.act = ACT_SWAP;
                r.reason = "swapped";
                r.ref_station_id = journal_station_id(j);
                r.ref_seq = first;
                r.handed = "L";
                if (journal_append(j, &r, &err))
                    crash_child_fail(&err);
            }
        }
        /* Written, not committed: say so, then wait to be killed. */
        if (write(ready[1], "w", 1) != 1)
            _exit(1);
        pause();
        _exit(1);
    }
    close(ready[1]);
    char byte = 0;
    EXPECT_INT(read(ready[0], &byte, 1), 1);
    close(ready[0]);
    kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    EXPECT_TRUE(WIFSIGNALED(status));

    struct ck_error err = {0};
    REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
    admission *a = NULL;
    REQUIRE(admission_new(s, &a, &err) == CK_OK);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM scan"), 3);
    EXPECT_INT(recount(path, "M"), 3);
    EXPECT_INT(stock_handed(a, "M"), 3);
    EXPECT_INT(stock_handed(a, "L"), 0);
    admission_free(a);
    store_close(s);
}

/* Rows reach a file in any order (a pull, merge): a swap may come before
 * the redemption it names, and a redemption need not have handed
 * anything itself.  Once both are in, the swap's size is held, as a
 * count from scratch says; and a door admit that hands nothing, with no
 * swap naming it, holds nothing (schema 12 no longer runs the trigger's
 * body for it). */
static void a_swap_before_its_redemption_is_counted_whatever_it_handed(void)
{
    store *s = journal_event_db("stockorder.db");
    REQUIRE(s);
    char path[4096];
    snprintf(path, sizeof(path), "%s", store_path(s));
    store_close(s);
    stock_list(path);
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "INSERT INTO scan (station_id, station, seq, at_ms, mode,"
             " target, code, attendee_ticket_id, decision, reason, act,"
             " ref_station_id, ref_seq, handed) VALUES ('run-b', 'tshirt-2',"
             " 1, %lld, 'door', 'tshirt', 'manual:t1', 't1', 'admit',"
             " 'swapped', 'swap', 'run-a', 1, 'L');"
             "INSERT INTO scan (station_id, station, seq, at_ms, mode,"
             " target, code, attendee_ticket_id, decision, reason)"
             " VALUES ('run-a', 'tshirt-1', 1, %lld, 'door', 'tshirt',"
             " 'manual:t1', 't1', 'admit', 'redeemed');"
             "INSERT INTO scan (station_id, station, seq, at_ms, mode,"
             " target, code, attendee_ticket_id, decision, reason)"
             " VALUES ('run-a', 'tshirt-1', 2, %lld, 'door', 'tshirt',"
             " 'manual:t2', 't2', 'admit', 'redeemed')",
             (long long)TUTORIAL_DAY_MS + 1000, (long long)TUTORIAL_DAY_MS,
             (long long)TUTORIAL_DAY_MS + 2000);
    EXPECT_INT(sql_exec(path, sql), SQLITE_OK);
    EXPECT_INT(recount(path, "L"), 1);
    EXPECT_INT(sql_int(path, "SELECT coalesce(sum(handed), 0) FROM"
                             " stock_count WHERE variation = 'L'"),
               1);
    EXPECT_INT(sql_int(path, "SELECT count(*) FROM stock_held"), 1);
}

/* Local schema 28: a print job's failure is kept with what its English
 * was made of (ck_error_keep), and read back to be said in another
 * language; a failed job of a file at 27 keeps its English alone. */
static void a_print_failure_is_kept_to_be_said_again(void)
{
    const char *path = tu_path("kept-v27.db");
    unlink(path);
    struct ck_error err = {0};
    store *s;
    REQUIRE(store_open_at_version(path, STORE_CREATE, 27, &s, &err) == CK_OK);
    REQUIRE(event_load(s, demo_ini(), &err) == CK_OK);
    store_close(s);
    EXPECT_INT(sql_exec(path,
                        "INSERT INTO attendee (id, ticket_id, order_code,"
                        " status, badge_name, ticket_type_id, search_key,"
                        " fingerprint, imported_ms, updated_ms) VALUES"
                        " (1, 't1', 'ORD1', 'paid', 'Ada', 1, 'ada', x'00',"
                        " 0, 0);"
                        "INSERT INTO print_job (id, attendee_id, kind,"
                        " template, printer, state, attempts, error,"
                        " created_ms, updated_ms) VALUES (1, 1, 'badge',"
                        " 'badge', 'file:x', 'failed', 1, 'Out of labels.',"
                        " 0, 0), (2, 1, 'ticket', 'ticket', 'file:x',"
                        " 'queued', 0, NULL, 0, 0)"),
               SQLITE_OK);
    REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
    EXPECT_INT(store_schema_version(s), STORE_SCHEMA_VERSION);
    struct job_list l;
    REQUIRE(jobs_get(s, 1, &l, &err) == CK_OK);
    EXPECT_STR(l.items[0].error, "Out of labels.");
    EXPECT_TRUE(l.items[0].error_kept == NULL);
    job_list_free(&l);
    struct ck_error why = {0};
    ck_fail(&why, CK_EDEVICE, "%s: no labels are loaded. Load %s labels.",
            "ZD420", "62x100 mm");
    REQUIRE(jobs_set_state_why(s, 2, JOB_FAILED, &why, &err) == CK_OK);
    REQUIRE(jobs_get(s, 2, &l, &err) == CK_OK);
    EXPECT_STR(l.items[0].error, why.msg);
    EXPECT_TRUE(l.items[0].error_kept != NULL);
    struct ck_error back;
    ck_error_unkeep(&back, CK_EDEVICE, l.items[0].error, l.items[0].error_kept);
    char out[600];
    EXPECT_INT(ck_error_render(&back, "%2$s; %1$s", out, sizeof(out)), 0);
    EXPECT_STR(out, "62x100 mm; ZD420");
    job_list_free(&l);
    store_close(s);
}

/* A file of each earlier schema, holding rows as that version wrote them,
 * opens at the latest and its station decides from them: a desk admission
 * made at version 5 still counts, and an undo of it works.  From 8 on, a
 * check-in list added to the migrated file decides too: its person is on
 * it, and a per-day redemption is found on its day only.  From 9 on, a
 * lead written at that version takes a booth's tags. */
static void a_file_of_every_schema_version_opens_and_decides(void)
{
    for (int v = 3; v <= STORE_SCHEMA_VERSION; v++) {
        char name[32];
        snprintf(name, sizeof(name), "decides-v%d.db", v);
        const char *path = tu_path(name);
        unlink(path);
        struct ck_error err = {0};
        store *s;
        REQUIRE(store_open_at_version(path, STORE_CREATE, v, &s, &err) ==
                CK_OK);
        REQUIRE(event_load(s, demo_ini(), &err) == CK_OK);
        store_close(s);
        EXPECT_INT(sql_exec(path,
                            "INSERT INTO attendee (ticket_id, order_code,"
                            " status, badge_name, ticket_type_id, search_key,"
                            " fingerprint, imported_ms, updated_ms) VALUES"
                            " ('t1', 'ORD1', 'paid', 'Ada', 1, 'ada', x'00',"
                            " 0, 0);"
                            "INSERT INTO scan (station_id, station, seq,"
                            " at_ms, mode, code, attendee_ticket_id,"
                            " decision, reason) VALUES ('old', 'desk-1', 1,"
                            " 1810137900000, 'desk', 'manual:t1', 't1',"
                            " 'admit', 'checked-in')"),
                   SQLITE_OK);
        REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
        EXPECT_INT(store_schema_version(s), STORE_SCHEMA_VERSION);
        journal *j = NULL;
        REQUIRE(journal_open(s, "desk-1", &j, &err) == CK_OK);
        bool found = false;
        struct scan_fact f;
        REQUIRE(journal_first_checkin(j, "t1", &found, &f, &err) == CK_OK);
        EXPECT_TRUE(found);
        struct journal_ref ref = {.station_id = "old", .seq = 1};
        REQUIRE(journal_undo(j, &ref, 1810137960000, NULL, NULL, NULL, &err) ==
                CK_OK);
        REQUIRE(journal_first_checkin(j, "t1", &found, &f, &err) == CK_OK);
        EXPECT_TRUE(!found);
        journal_free(j);
        store_close(s);
        EXPECT_INT(sql_exec(path,
                            "INSERT INTO checkin_list (slug, title, once)"
                            " VALUES ('lunch', 'Lunch', 'per-day');"
                            "INSERT INTO list_who SELECT id, 'all', '' FROM"
                            " checkin_list WHERE slug = 'lunch';"
                            "INSERT INTO scan (station_id, station, seq,"
                            " at_ms, mode, target, code, attendee_ticket_id,"
                            " decision, reason, day) VALUES ('old', 'lunch-1',"
                            " 2, 1810137900000, 'door', 'lunch', 'manual:t1',"
                            " 't1', 'admit', 'redeemed', '2027-05-12')"),
                   SQLITE_OK);
        REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
        admission *a = NULL;
        REQUIRE(admission_new(s, &a, &err) == CK_OK);
        struct list_info l;
        REQUIRE(admission_list(a, "lunch", &l, &err) == CK_OK);
        EXPECT_INT(l.once, LIST_PER_DAY);
        bool on = false;
        char var[64];
        REQUIRE(admission_on_list(a, &l, 1, &on, var, sizeof(var), &err) ==
                CK_OK);
        EXPECT_TRUE(on);
        struct list_redemption red;
        REQUIRE(admission_redeemed(a, "lunch", "t1", "2027-05-12", &found, &red,
                                   &err) == CK_OK);
        EXPECT_TRUE(found);
        REQUIRE(admission_redeemed(a, "lunch", "t1", "2027-05-13", &found, &red,
                                   &err) == CK_OK);
        EXPECT_TRUE(!found);
        admission_free(a);
        store_close(s);
        /* From 9 on, a lead of that version's rows takes a booth's tags
         * (issue 31), and they read back. */
        EXPECT_INT(sql_exec(path, "INSERT INTO sponsor (slug, name) VALUES"
                                  " ('acme', 'Acme');"
                                  "INSERT INTO lead (station_id, station, seq,"
                                  " sponsor_slug, badge_id, at_ms) VALUES"
                                  " ('old', 'expo-1', 7, 'acme',"
                                  " x'0102030405060708', 1810137900000)"),
                   SQLITE_OK);
        REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
        REQUIRE(journal_open(s, "expo-1", &j, &err) == CK_OK);
        const char *tags[] = {"hiring", "ml"};
        EXPECT_INT(
            journal_booth_lead_edit(j, "acme", 7, "met at v", 5, tags, 2, &err),
            CK_OK);
        journal_free(j);
        store_close(s);
        EXPECT_INT(sql_int(path, "SELECT count(*) FROM lead WHERE tags ="
                                 " 'hiring' || char(10) || 'ml' AND rating ="
                                 " 5 AND version = 1"),
                   1);
    }
}

/* A badge job of `state` for ticket t1 in `s`'s file. */
static void badge_job(store *s, const char *state)
{
    EXPECT_INT(sql_exec(store_path(s),
                        tu_format("INSERT INTO print_job (attendee_id, kind,"
                                  " template, printer, state, created_ms,"
                                  " updated_ms) SELECT id, 'badge',"
                                  " 'badge-62x100', 'file:/dev/null', '%s',"
                                  " 0, 0 FROM attendee WHERE ticket_id ="
                                  " 't1'",
                                  state)),
               SQLITE_OK);
}

/* The dashboard snapshot's anomalies.no_badge: its count, how many people
 * it lists, and its "sent"; the first person into `first` (NULL when
 * none), to be freed with json_decref(*root). */
static void no_badge_of(store *s, long *count, size_t *listed, long *sent,
                        json_t **first, json_t **root)
{
    struct ck_error err = {0};
    char *text = NULL;
    *root = NULL;
    *first = NULL;
    *count = *sent = -1;
    *listed = 0;
    if (dashboard_snapshot(s, TUTORIAL_DAY_MS, &text, &err) != CK_OK) {
        TU_FAIL_AT("dashboard_snapshot: %s", err.msg);
        return;
    }
    *root = json_loads(text, 0, NULL);
    free(text);
    json_t *nb =
        json_object_get(json_object_get(*root, "anomalies"), "no_badge");
    *count = (long)json_integer_value(json_object_get(nb, "count"));
    *sent = (long)json_integer_value(json_object_get(nb, "sent"));
    *listed = json_array_size(json_object_get(nb, "people"));
    *first = json_array_get(json_object_get(nb, "people"), 0);
}

/* The dashboard's anomalies name who was checked in at a desk without a
 * printed badge (jobs_without_printed_badge), at most 20 with the count
 * of all; a badge sent to a printer that cannot confirm is only counted
 * ("sent"), and a printed badge takes the person off. */
static void the_dashboard_lists_checkins_without_a_printed_badge(void)
{
    store *s = journal_event_db("nobadge.db");
    struct ck_error err = {0};
    journal *j = NULL;
    REQUIRE(journal_open(s, "desk-1", &j, &err) == CK_OK);
    admit(j, SCAN_DESK, "", "t1", DIRECTION_IN, TUTORIAL_DAY_MS);
    journal_free(j);
    long count, sent;
    size_t listed;
    json_t *p, *root;
    no_badge_of(s, &count, &listed, &sent, &p, &root);
    EXPECT_INT(count, 1);
    EXPECT_INT(sent, 0);
    EXPECT_STR(json_string_value(json_object_get(p, "ticket_id")), "t1");
    EXPECT_STR(json_string_value(json_object_get(p, "station")), "desk-1");
    EXPECT_TRUE(json_is_null(json_object_get(p, "job")));
    json_decref(root);

    badge_job(s, "sent");
    no_badge_of(s, &count, &listed, &sent, &p, &root);
    EXPECT_INT(count, 0);
    EXPECT_INT(listed, 0);
    EXPECT_INT(sent, 1);
    json_decref(root);

    badge_job(s, "printed");
    no_badge_of(s, &count, &listed, &sent, &p, &root);
    EXPECT_INT(count, 0);
    EXPECT_INT(listed, 0);
    EXPECT_INT(sent, 0);
    json_decref(root);
    store_close(s);
}

TU_MAIN(TU_CASE(new_store_is_wal_full_at_latest_version),
        TU_CASE(the_dashboard_lists_checkins_without_a_printed_badge),
        TU_CASE(an_undone_checkin_is_gone_from_every_count),
        TU_CASE(an_exit_frees_the_seat_of_the_entry_it_names),
        TU_CASE(the_inside_count_follows_every_writer_in_any_order),
        TU_CASE(day_is_the_events_local_date_not_utc),
        TU_CASE(a_file_of_every_schema_version_opens_and_decides),
        TU_CASE(a_print_failure_is_kept_to_be_said_again),
        TU_CASE(a_counters_stock_is_exact_under_two_writing_processes),
        TU_CASE(a_crash_mid_redemption_leaves_the_count_as_the_journal),
        TU_CASE(a_swap_before_its_redemption_is_counted_whatever_it_handed),
        TU_CASE(desk_wait_is_the_mmc_queues_expected_wait),
        TU_CASE(dashboard_estimates_the_wait_from_the_desks_journal),
        TU_CASE(creating_over_an_existing_file_is_refused),
        TU_CASE(opening_a_missing_file_says_how_to_create_it),
        TU_CASE(migrates_from_each_earlier_version),
        TU_CASE(a_newer_schema_is_refused),
        TU_CASE(a_read_only_open_tells_an_older_file_from_a_damaged_version),
        TU_CASE(a_text_file_is_refused_and_untouched),
        TU_CASE(an_empty_file_is_refused),
        TU_CASE(another_programs_sqlite_file_is_refused),
        TU_CASE(a_damaged_database_is_refused_and_untouched),
        TU_CASE(a_truncated_database_is_refused),
        TU_CASE(the_light_check_refuses_damaged_roots_and_a_cut_file),
        TU_CASE(a_page_damaged_while_closed_is_named_before_a_verdict),
        TU_CASE(the_scan_journal_is_append_only),
        TU_CASE(event_description_errors_name_the_line),
        TU_CASE(empty_and_indented_headers_get_one_sentence),
        TU_CASE(tutorial_times_use_the_event_time_zone),
        TU_CASE(event_update_moves_a_tutorial_and_raises_its_seats),
        TU_CASE(event_update_adds_a_tutorial_a_sponsor_and_a_ticket_type),
        TU_CASE(event_update_refuses_a_256th_tutorial_number),
        TU_CASE(init_refuses_a_256th_tutorial),
        TU_CASE(event_update_refuses_removing_a_tutorial_people_bought),
        TU_CASE(event_update_refuses_another_event),
        TU_CASE(event_update_changes_the_zone_only_before_any_scan))
